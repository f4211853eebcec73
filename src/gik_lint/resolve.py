"""One configuration per report, the same for ``check``, ``audit`` and ``inspect``: the
file given with ``--config``, or the nearest ``.gik-lint.yaml`` / ``[tool.gik-lint]``
above the report's own folder, with the command line's options over it; checked against
the rules (a rule it names that does not exist is an error, never a silent no-op); and
the linter for it (its regime, deadlines and rule packs)."""

from __future__ import annotations

import os
from pathlib import Path

from gik_lint import config as configuration
from gik_lint import gate
from gik_lint.config import Config, UsageError
from gik_lint.ignore import GitIgnores
from gik_lint.packs import PackError
from gik_lint.pipeline import FileResult, Linter
from gik_lint.read import Limits
from gik_lint.records import record, replace

# never collected from a folder: other tools' folders; an audit's own output folder is found by its summary.json
SKIPPED_FOLDERS = {"node_modules", ".git", ".hg", ".svn"}


@record(frozen=True)
class Flags:
    """What the command line says over any configuration file."""

    config: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    deadlines: tuple[tuple[str, str], ...] = ()
    regime: str | None = None
    respect_gitignore: bool = True


class Resolver:
    def __init__(self, flags: Flags = Flags(), published: dict[str, str] | None = None, limits: Limits | None = None):
        self.flags, self.published, self.limits = flags, published or {}, limits
        if flags.config and not Path(flags.config).is_file():
            raise PackError(flags.config, "配置文件不存在")
        self._explicit = Path(flags.config) if flags.config else None
        self._by_folder: dict[Path, Config] = {}
        self._by_file: dict[Path | None, Config] = {}
        self._linters: dict[tuple, Linter] = {}
        self._gitignores: dict[Path, GitIgnores] = {}
        self._hashes: dict[int, str] = {}

    # configuration -------------------------------------------------------------------
    def config_for(self, path: str | Path) -> Config:
        """The configuration for the report at ``path``."""
        return self.config_in(Path(os.path.abspath(path)).parent)

    def config_in(self, folder: Path) -> Config:
        """The configuration for the reports in ``folder`` (found once per folder and per file)."""
        if folder not in self._by_folder:
            source = self._explicit or configuration.find(folder)
            if source not in self._by_file:
                self._by_file[source] = self._effective(configuration.load(source))
            self._by_folder[folder] = self._by_file[source]
        return self._by_folder[folder]

    def forget_configs(self) -> None:
        """Read configuration files afresh from now on (a long-running process whose files
        changed: the language server); the linters made so far are kept."""
        self._by_folder.clear()
        self._by_file.clear()

    def _effective(self, found: Config) -> Config:
        """``found`` with the command line's options over it, the rules it names checked."""
        f = self.flags
        select = list(f.select) if f.select is not None else found.select
        if select is not None and f.extend_select:
            select = select + list(f.extend_select)
        effective = replace(found, select=select, ignore=found.ignore + list(f.ignore),
                            deadlines={**found.deadlines, **dict(f.deadlines)}, regime=f.regime or found.regime)
        linter = self.linter(effective)
        configuration.check_rules(found, linter.rules, linter.retired)
        for flag, selectors in (("--select", f.select or ()), ("--ignore", f.ignore), ("--extend-select", f.extend_select)):
            for s in configuration.unknown_selectors(selectors, linter.rules, linter.retired):
                raise UsageError(f"{flag}：未知的规则「{s}」（不是规则代码、名称或前缀；用 gik-lint rules 查看全部规则）")
        return effective

    # linters -------------------------------------------------------------------------
    def linter(self, config: Config) -> Linter:
        """The linter for ``config``: one per regime, deadlines and rule packs."""
        return self._linter_for(config.regime, config.deadlines, tuple(config.extends))

    def _linter_for(self, regime, deadlines: dict, extends: tuple) -> Linter:
        key = (regime, tuple(sorted(deadlines.items())), extends)
        if key not in self._linters:
            self._linters[key] = Linter(regime=regime, limits=self.limits, published=self.published,
                                        deadlines=deadlines, extra_packs=list(extends))
        return self._linters[key]

    @property
    def rules(self) -> dict:
        """Every rule of every linter made so far (for the outputs' rule lists)."""
        merged = {}
        for linter in self._linters.values():
            merged.update(linter.rules)
        return dict(sorted(merged.items()))

    # linting -------------------------------------------------------------------------
    def lint_path(self, path: Path, display: str, config: Config | None = None, warn_unused: bool = False) -> FileResult:
        config = config or self.config_for(path)
        linter = self.linter(config)
        return self._gated(linter.lint_path(path, display, config.rules_for(linter.rules, str(path))), linter, config, warn_unused)

    def lint_bytes(self, data: bytes, name: str, config: Config | None = None, warn_unused: bool = False) -> FileResult:
        config = config or self.config_for(name)
        linter = self.linter(config)
        return self._gated(linter.lint_bytes(data, name, config.rules_for(linter.rules, name)), linter, config, warn_unused)

    @staticmethod
    def _gated(result: FileResult, linter: Linter, config: Config, warn_unused: bool) -> FileResult:
        from gik_lint.packs import InputLimitError

        try:
            gate.apply(result, linter.rules, config, warn_unused)
        except InputLimitError as exc:  # the report's sidecar file is over a limit: an error of that report
            return FileResult(result.path, error=f"抑制文件无法使用：{exc}")
        return result

    def settings_key(self, path: str, config: Config | None = None) -> str:
        """A digest of everything besides the file that changes its result: the rules and
        catalogues (and the tool's version), the rules that run on it and their severities,
        the regime, the deadlines, the publication date the run is told, the read limits."""
        import hashlib
        import json

        from gik_lint.audit.run import rules_hash

        config = config or self.config_for(path)
        linter = self.linter(config)
        if id(linter) not in self._hashes:
            self._hashes[id(linter)] = rules_hash(linter)
        rules = config.rules_for(linter.rules, path)
        settings = {
            "rules": self._hashes[id(linter)],
            "run": [r.code for r in rules],
            "severity": {code: level for code, level in ((r.code, config.severity_for(r, path)) for r in rules) if level},
            "regime": linter.regime,
            "deadlines": linter.deadlines,
            "published": linter.published_for(path),
            "limits": repr(linter.limits),
            "suffix": Path(path).suffix.lower(),
        }
        return hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]

    # collecting ----------------------------------------------------------------------
    def skips(self, path: Path, is_folder: bool, start: Path) -> bool:
        """Whether a file or folder met while collecting the folder ``start`` is left out:
        other tools' folders, an audit's output folder, the configuration's ``exclude``,
        what ``.gitignore`` files ignore (unless ``--no-respect-gitignore``)."""
        from gik_lint.audit.staging import is_audit_output

        if is_folder and (path.name in SKIPPED_FOLDERS or is_audit_output(path)):
            return True
        if self.config_in(Path(os.path.abspath(path if is_folder else path.parent))).excludes(path, is_folder):
            return True
        if not self.flags.respect_gitignore:
            return False
        if start not in self._gitignores:
            self._gitignores[start] = GitIgnores(start)
        return self._gitignores[start].ignores(path, is_folder)
