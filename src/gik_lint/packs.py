"""Where the rule packs live and how their YAML is loaded.

Rule packs are data: the regimes' section catalogues (``rules/catalog/regimes``) and one YAML
unit per rule (``rules/<group>/<CODE>.yaml``). In an installed wheel they sit inside
the package; in a source checkout, at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


# Limits on every YAML and JSON file gik-lint reads besides reports (rule packs, catalogues,
# configuration, sidecars, baselines): a file over one is refused, never expanded.
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_JSON_BYTES = 32 * 1024 * 1024  # a baseline lists every finding of a whole audit
MAX_NODES = 250_000  # YAML nodes, every alias counted as the nodes it stands for
MAX_ALIASES = 1_000
MAX_DEPTH = 64  # nesting of mappings and sequences (YAML and JSON)

class PackError(Exception):
    """A rule-pack file that cannot be used; names the file, line and key."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, key: str | None = None):
        self.path, self.line, self.key, self.message = str(path), line, key, message
        where = self.path + (f":{line}" if line else "")
        super().__init__(f"{where}: {('「' + key + '」 ') if key else ''}{message}")


class InputLimitError(PackError):
    """A YAML or JSON file over one of the limits above."""


def read_limited(path: Path, limit: int) -> bytes:
    """The regular file's bytes (as the report reader reads them: never a FIFO or a
    device, never more than ``limit``); :class:`InputLimitError` if it is larger,
    :class:`PackError` if it cannot be read."""
    from gik_lint.read import ReadError, TooLarge
    from gik_lint.read import read_limited as read_file

    try:
        return read_file(path, limit)
    except TooLarge as exc:
        raise InputLimitError(path, f"{exc}，已拒绝读取") from None
    except ReadError as exc:
        raise PackError(path, f"无法读取：{exc}") from None


def parse_yaml(data: bytes | str, path: Path | str) -> tuple[Any, Any]:
    """The YAML document's node tree (for the lines of its keys) and its data, within
    the limits; a :class:`PackError` (an :class:`InputLimitError` over a limit) otherwise."""
    import yaml

    from gik_lint.yamlguard import GuardedLoader, OverLimit

    if len(data) > MAX_YAML_BYTES:
        raise InputLimitError(path, f"文件过大（超过 {MAX_YAML_BYTES // (1024 * 1024)} MB 上限），已拒绝读取")
    loader = GuardedLoader(data)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if isinstance(exc, OverLimit):
            raise InputLimitError(path, f"YAML 超出限制：{exc.problem}，已拒绝读取", line=line) from None
        raise PackError(path, f"YAML 语法错误：{exc.problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise PackError(path, f"YAML 错误：{exc}") from None
    except (RecursionError, MemoryError):
        raise InputLimitError(path, "YAML 嵌套过深或过大，已拒绝读取") from None
    finally:
        loader.dispose()
    return node, value


def line_of(path: Path, keys) -> int | None:
    """The line of the value at ``keys`` (mapping keys and sequence indexes) in a YAML
    file, or of the deepest of them found; None if the file cannot say."""
    import yaml

    try:
        node, _ = parse_yaml(read_limited(path, MAX_YAML_BYTES), path)
    except PackError:
        return None
    line = None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if str(k.value) == str(key)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def load_json(path: Path, limit: int = MAX_JSON_BYTES) -> Any:
    """A JSON file within the limits; :class:`ValueError` (with a zh-CN reason) otherwise."""
    import json

    try:
        data = read_limited(path, limit)
    except PackError as exc:
        raise ValueError(str(exc)) from None
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: 不是 UTF-8 编码：{exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}；文件可能被截断或损坏）") from None
    except RecursionError:
        raise ValueError(f"{path}: JSON 嵌套过深，已拒绝读取") from None
    if _depth(value) > MAX_DEPTH:
        raise ValueError(f"{path}: JSON 嵌套超过 {MAX_DEPTH} 层，已拒绝读取")
    return value


def _depth(value, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parents[1] / "rules"


def yaml_files(directory: Path, prefix: str = "", recursive: bool = False) -> list[Path]:
    """The ``{prefix}*.yaml`` files in ``directory`` (and in its subfolders, not through
    links to folders, if ``recursive``), sorted by path: what ``sorted(rglob(...))`` gives,
    listed without pathlib's globbing."""
    import os

    found = []
    for folder, subfolders, names in os.walk(directory):
        found += [os.path.join(folder, n) for n in names if n.startswith(prefix) and n.endswith(".yaml")]
        if not recursive:
            break
    return [Path(p) for p in sorted(found, key=lambda p: p.split(os.sep))]


def load_yaml(path: Path) -> Any:
    """A YAML file's data, within the limits above; a :class:`PackError` otherwise. Taken
    from the compiled cache when a file of the same bytes was parsed before (a fresh copy:
    callers may change what they get)."""
    import marshal

    from gik_lint import packcache

    data = read_limited(path, MAX_YAML_BYTES)
    key = data  # the bytes themselves: no digest to compute, none that could collide
    cached = packcache.get("yaml", key)
    if cached is not None:
        return marshal.loads(cached)
    value = parse_yaml(data, path)[1]
    try:
        packcache.put("yaml", key, marshal.dumps(value))
    except ValueError:  # a value marshal cannot write (a date): parsed each time
        pass
    return value


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
