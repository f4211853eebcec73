from gik_lint.cli import run

run()
