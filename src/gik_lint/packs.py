"""Where the rule packs live and how their YAML is loaded.

Rule packs are data: the regimes' section catalogues (``rules/catalog/regimes``) and one YAML
unit per rule (``rules/<group>/<CODE>.yaml``). In an installed wheel they sit inside
the package; in a source checkout, at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PackError(Exception):
    """A rule-pack file that cannot be used; names the file, line and key."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, key: str | None = None):
        self.path, self.line, self.key = str(path), line, key
        where = self.path + (f":{line}" if line else "")
        super().__init__(f"{where}: {('「' + key + '」 ') if key else ''}{message}")


def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parents[1] / "rules"


def load_yaml(path: Path) -> Any:
    try:
        with open(path, "rb") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(path, f"YAML 语法错误：{exc.problem}", line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise PackError(path, f"YAML 错误：{exc}") from None
    except OSError as exc:
        raise PackError(path, f"无法读取：{exc.strerror or exc}") from None


def require(data: Any, key: str, kind: type | tuple[type, ...], path: Path, default: Any = ...) -> Any:
    """``data[key]`` checked to be of ``kind``; a clear :class:`PackError` otherwise."""
    if not isinstance(data, dict):
        raise PackError(path, "应为键值映射（mapping）")
    if key not in data or data[key] is None:
        if default is not ...:
            return default
        raise PackError(path, "缺少必填项", key=key)
    value = data[key]
    if not isinstance(value, kind):
        names = "/".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise PackError(path, f"类型应为 {names}，实际为 {type(value).__name__}", key=key)
    return value
