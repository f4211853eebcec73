import sys

from gik_lint.cli import main

sys.exit(main())
