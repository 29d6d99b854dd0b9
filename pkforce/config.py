"""Configuration: which rules run and how severe they are.

Read from ``pkforce.toml`` or the ``[tool.pkforce]`` table of ``pyproject.toml``, in the current
folder or the nearest parent that has one::

    [tool.pkforce]
    select = ["PKF"]                 # code prefixes or rule names; default: all
    ignore = ["PKF305"]
    [tool.pkforce.severity]
    approval-missing = "error"       # code or name -> error | warning | info
    [tool.pkforce.limits]
    max-bytes = 67108864
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .diagnostics import Severity
from .loader import Limits

__all__ = ["Config", "ConfigError", "find_config", "load_config"]


class ConfigError(ValueError):
    """A configuration file or option that cannot be used (a usage error, exit code 2)."""


@dataclass(frozen=True)
class Config:
    """Rule selection, severities, per-rule options and loader limits."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, object]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    source: str | None = None

    def with_cli(self, select: list[str] | None = None, ignore: list[str] | None = None) -> Config:
        """Command-line --select replaces the file's selection; --ignore adds to it."""
        return replace(self, select=tuple(select) if select else self.select,
                       ignore=self.ignore + tuple(ignore or ()))


def _matches(selector: str, code: str, name: str) -> bool:
    s = selector.strip()
    return s.upper() == "ALL" or code.startswith(s.upper()) or s == name


def enabled(config: Config, code: str, name: str) -> bool:
    """Is the rule selected and not ignored? A more specific selector wins (as in ruff)."""
    best_sel = max((len(s) for s in config.select if _matches(s, code, name)), default=-1)
    best_ign = max((len(s) for s in config.ignore if _matches(s, code, name)), default=-1)
    return best_sel >= 0 and best_sel > best_ign


def severity_for(config: Config, code: str, name: str, default: Severity) -> Severity:
    return config.severity.get(code) or config.severity.get(name) or default


def find_config(start: Path | None = None) -> Path | None:
    """The nearest pkforce.toml, or pyproject.toml with a [tool.pkforce] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "pkforce.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                text = py.read_text(encoding="utf-8")
                # most pyproject files have no pkforce table: do not parse them (or import tomllib)
                if "pkforce" in text and "pkforce" in _toml(text).get("tool", {}):
                    return py
            except (ValueError, OSError, UnicodeDecodeError):  # TOMLDecodeError is a ValueError
                continue
    return None


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


def load_config(path: Path | None = None) -> Config:
    """Read a configuration file (found with :func:`find_config` when `path` is None)."""
    from .rules import RULES

    path = path or find_config()
    if path is None:
        return Config()
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table: dict[str, Any] = raw.get("tool", {}).get("pkforce", {}) if path.name == "pyproject.toml" else raw
    known = {"select", "ignore", "severity", "options", "limits"}
    for key in table:
        if key not in known:
            raise ConfigError(f"{path}: unknown setting `{key}` (known: {', '.join(sorted(known))})")
    names = {r.name: r.code for r in RULES.values()}
    sev: dict[str, Severity] = {}
    for key, value in (table.get("severity") or {}).items():
        if key not in RULES and key not in names:
            raise ConfigError(f"{path}: [severity] names no rule: `{key}` (see `pkforce rules`)")
        try:
            sev[names.get(key, key)] = Severity(str(value))
        except ValueError:
            raise ConfigError(f"{path}: severity of `{key}` must be error, warning or info, not {value!r}") from None
    limits_raw = table.get("limits") or {}
    try:
        limits = Limits(**{k.replace("-", "_"): int(v) for k, v in limits_raw.items()})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: [limits]: {exc}") from None

    def codes(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            return default
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: `{key}` must be a list of rule codes or names")
        return tuple(value)

    return Config(select=codes("select", ("ALL",)), ignore=codes("ignore", ()), severity=sev,
                  options=dict(table.get("options") or {}), limits=limits, source=str(path))
