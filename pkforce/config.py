"""Configuration: which rules run and how severe they are.

Read from ``pkforce.toml`` or the ``[tool.pkforce]`` table of ``pyproject.toml``, in the scenario's
folder or the nearest parent that has one (``pkforce.toml`` wins over ``pyproject.toml`` in the same
folder; ``--config`` overrides the search)::

    [tool.pkforce]
    select = ["PKF"]                 # code prefixes or rule names; default: all
    ignore = ["PKF305"]
    [tool.pkforce.severity]
    approval-missing = "error"       # code or name -> error | warning | info
    [tool.pkforce.limits]
    max-bytes = 67108864
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .codes import FIXED_PREFIX
from .diagnostics import Severity
from .loader import Limits

__all__ = [
    "Config",
    "ConfigError",
    "check_limits",
    "check_selectors",
    "discover",
    "find_config",
    "load_config",
]


class ConfigError(ValueError):
    """A configuration file or option that cannot be used (a usage error, exit code 2)."""

    def __init__(self, message: str, key: str | None = None, problem: str | None = None) -> None:
        super().__init__(message)
        self.key, self.problem = key, problem


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
        return replace(self, select=tuple(select) if select else self.select, ignore=self.ignore + tuple(ignore or ()))


def _matches(selector: str, code: str, name: str) -> bool:
    s = selector.strip()
    return s.upper() == "ALL" or code.startswith(s.upper()) or s == name


def enabled(config: Config, code: str, name: str) -> bool:
    """Is the rule selected and not ignored? A more specific selector wins (as in ruff)."""
    best_sel = max((len(s) for s in config.select if _matches(s, code, name)), default=-1)
    best_ign = max((len(s) for s in config.ignore if _matches(s, code, name)), default=-1)
    return best_sel >= 0 and best_sel > best_ign


def severity_for(config: Config, code: str, name: str, default: Severity) -> Severity:
    if code.startswith(FIXED_PREFIX):
        return default  # file and schema findings: a scenario that cannot be read never passes
    return config.severity.get(code) or config.severity.get(name) or default


"""File and schema findings (PKF0xx): they can be neither ignored nor demoted."""


LIMIT_RANGES: dict[str, tuple[int, int]] = {
    "max_bytes": (1, 1 << 40),
    "max_depth": (1, 500),  # the value builder recurses once per level
    "max_nodes": (1, 10**9),
    "max_digits": (1, 4300),  # Python refuses to convert longer integers (sys.int_info)
}
"""The accepted range of each loader limit, from a file or the command line."""


def check_limits(values: dict[str, Any], where: str = "") -> Limits:
    """Limits from ``{"max_bytes": 1000, ...}``, or :class:`ConfigError` naming the bad one."""
    from dataclasses import fields

    known = {f.name for f in fields(Limits)}
    top = min(LIMIT_RANGES["max_digits"][1], sys.get_int_max_str_digits() or LIMIT_RANGES["max_digits"][1])
    out: dict[str, int] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known:
            names = ", ".join(sorted(k.replace("_", "-") for k in known))
            raise _limit_error(where, key, f"unknown limit (known: {names})")
        low, high = LIMIT_RANGES[name]
        if name == "max_digits":
            high = top
        if not isinstance(value, int) or isinstance(value, bool):
            raise _limit_error(where, key, f"must be a whole number from {low:,} to {high:,}, not {_show(value)}")
        if not low <= value <= high:
            raise _limit_error(where, key, f"{value:,} is out of range: give a number from {low:,} to {high:,}")
        out[name] = value
    return Limits(**out)


def _limit_error(where: str, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}{key}: {problem}", key, problem)


def _rule_code(selector: str) -> str | None:
    """The code of the rule a code or a name designates, else None."""
    from .rules import RULES

    if selector.upper() in RULES:
        return selector.upper()
    return next((r.code for r in RULES.values() if r.name == selector), None)


def check_selectors(values: list[Any], label: str, *, ignoring: bool = False) -> tuple[str, ...]:
    """Rule codes, code prefixes or names (``ALL``), each checked: a typo such as `PKF1O0` (letter O)
    would otherwise select nothing and switch every rule off."""
    from .rules import RULES, did_you_mean

    names = [r.name for r in RULES.values()]
    for sel in values:
        if not isinstance(sel, str):
            raise ConfigError(f"{label}: rule selectors are text (codes, prefixes or names), not {_show(sel)}")
        up = sel.strip().upper()
        if not (up == "ALL" or (up and any(c.startswith(up) for c in RULES)) or sel in names):
            digits = up[:3] + up[3:].replace("O", "0").replace("I", "1").replace("L", "1")  # look-alike letters
            hint = (
                f" (did you mean `{digits}`?)"
                if digits != up and any(c.startswith(digits) for c in RULES)
                else did_you_mean(up, RULES) or did_you_mean(sel, names)
            )
            raise ConfigError(f"{label}: `{_clean(sel)}` matches no rule code or name{hint} (see `pkforce rules`)")
        if ignoring and (
            up.startswith(FIXED_PREFIX)
            or (up and FIXED_PREFIX.startswith(up) and up != "PKF")
            or (sel in names and (_rule_code(sel) or "").startswith(FIXED_PREFIX))
        ):
            raise ConfigError(
                f"{label}: `{_clean(sel)}` names file or schema checks (PKF0xx), which cannot be "
                "ignored: a file that cannot be read as a scenario never passes"
            )
    return tuple(values)


def _show(value: Any) -> str:
    text = repr(value)
    return _clean(text if len(text) <= 40 else text[:37] + "...")


def _clean(text: str) -> str:
    """No control characters from a configuration file reach the terminal."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", lambda m: f"\\x{ord(m.group()):02x}", text)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest pkforce.toml, or pyproject.toml with a [tool.pkforce] table, from `start` (a
    folder, or a file whose folder is meant; default: the working directory) upward."""
    here = (start or Path.cwd()).resolve()
    if not here.is_dir():
        here = here.parent
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
            except (ValueError, OSError, UnicodeDecodeError, RecursionError):  # TOMLDecodeError is a ValueError
                continue
    return None


def discover(near: Path | None = None) -> Path | None:
    """The configuration for a scenario at `near`: the nearest one above the scenario's folder, else
    the nearest one above the working directory."""
    return (find_config(near) if near is not None else None) or find_config()


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


_MAX_CONFIG_BYTES = 1 << 20


def load_config(path: Path | None = None, *, near: Path | None = None) -> Config:
    """Read a configuration file (found with :func:`find_config` from `near`, or the working
    directory, when `path` is None). Every setting is checked: a wrong type, an unknown key or rule,
    a value out of range is a :class:`ConfigError` with the file, the line when it can be found and
    the key."""
    path = path or discover(near)
    if path is None:
        return Config()
    import tomllib

    try:
        from ._io import read_bounded

        raw_bytes = read_bounded(path, _MAX_CONFIG_BYTES)
        if len(raw_bytes) > _MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: the configuration is over {_MAX_CONFIG_BYTES:,} bytes; is this the right file?")
        text = raw_bytes.decode("utf-8")
        raw = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: the configuration is nested too deeply to be a pkforce configuration") from None
    if path.name == "pyproject.toml":
        tool = raw.get("tool", {})
        table = tool.get("pkforce", {}) if isinstance(tool, dict) else {}
        prefix = "tool.pkforce."
    else:
        table, prefix = raw, ""
    return _parse(table, _Where(path, text, prefix))


class _Where:
    """Builds located messages: ``file:line: key.path: problem``."""

    def __init__(self, path: Path, text: str, prefix: str) -> None:
        self.path, self.text, self.prefix = path, text, prefix

    def line(self, keys: tuple[str, ...]) -> int | None:
        """The line of the key `keys[-1]` (after its table's header, when it has one)."""
        lines = self.text.splitlines()
        full = (self.prefix.rstrip(".").split(".") if self.prefix else []) + list(keys)
        start = 0
        for n in range(len(full) - 1, 0, -1):
            header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(k) for k in full[:n]) + r"\s*\]")
            hit = next((i for i, ln in enumerate(lines) if header.match(ln)), None)
            if hit is not None:
                start = hit
                break
        key = re.compile(r"^\s*(?:[\w.-]+\s*\.\s*)*[\"']?" + re.escape(full[-1]) + r"[\"']?\s*[=.]")
        header = re.compile(r"^\s*\[+[^\]]*\b" + re.escape(full[-1]) + r"[\"']?\s*\]")
        for i in range(start, len(lines)):
            if key.match(lines[i]) or header.match(lines[i]):
                return i + 1
        return None

    def error(self, keys: tuple[str, ...], problem: str) -> ConfigError:
        line = self.line(keys) if keys else None
        where = f"{self.path}:{line}" if line else str(self.path)
        dotted = self.prefix + ".".join(_clean(k) for k in keys)
        return ConfigError(f"{where}: {dotted}: {problem}" if keys else f"{where}: {problem}")


def _table(value: Any, where: _Where, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        header = (where.prefix + ".".join(keys)).rstrip(".")
        what = f"[{header}] must be a table" if not keys else "must be a table"
        raise where.error(
            keys,
            f"{what} ([{header}] with `key = value` lines), not {_show(value)}"
            if keys
            else f"{what} of `key = value` settings, not {_show(value)}",
        )
    return value


def _parse(table: Any, where: _Where) -> Config:
    from .rules import RULES

    table = _table(table, where, ())
    known = ("select", "ignore", "severity", "options", "limits")
    for key in table:
        if key not in known:
            from .rules import did_you_mean

            raise where.error((key,), f"unknown setting{did_you_mean(key, known)} (known: {', '.join(known)})")

    def selectors(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            return default
        if not isinstance(value, list):
            raise where.error(
                (key,), f'must be a list of rule codes or names, e.g. {key} = ["PKF305"], not {_show(value)}'
            )
        try:
            return check_selectors(value, "", ignoring=key == "ignore")
        except ConfigError as exc:
            raise where.error((key,), str(exc).removeprefix(": ")) from None

    sev: dict[str, Severity] = {}
    for key, value in _table(table.get("severity", {}), where, ("severity",)).items():
        code = _rule_code(key)
        if code is None:
            from .rules import did_you_mean

            hint = did_you_mean(key.upper(), RULES) or did_you_mean(key, [r.name for r in RULES.values()])
            raise where.error(("severity", key), f"names no rule{hint} (see `pkforce rules`)")
        if not isinstance(value, str) or value not in {s.value for s in Severity}:
            raise where.error(("severity", key), f'must be "error", "warning" or "info", not {_show(value)}')
        if code.startswith(FIXED_PREFIX) and value != Severity.ERROR.value:
            raise where.error(
                ("severity", key),
                "file and schema findings (PKF0xx) are always errors and cannot "
                "be demoted: a file that cannot be read as a scenario never passes",
            )
        sev[code] = Severity(value)

    options: dict[str, dict[str, object]] = {}
    for key, value in _table(table.get("options", {}), where, ("options",)).items():
        code = _rule_code(key)
        if code is None:
            raise where.error(("options", key), "names no rule (see `pkforce rules`)")
        allowed = {o.name: o for o in RULES[code].options}  # each rule declares its own
        if not allowed:
            raise where.error(("options", key), f"{code} {RULES[code].name} has no options")
        opts: dict[str, object] = {}
        for name, v in _table(value, where, ("options", key)).items():
            norm = name.replace("-", "_")
            if norm not in allowed:
                raise where.error(("options", key, name), f"unknown option of {code} (known: {', '.join(allowed)})")
            kind, low, high = allowed[norm].kind, allowed[norm].low, allowed[norm].high
            if kind is bool:
                if not isinstance(v, bool):
                    raise where.error(("options", key, name), f"must be true or false, not {_show(v)}")
            elif not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
                raise where.error(
                    ("options", key, name), f"must be a whole number from {low:,} to {high:,}, not {_show(v)}"
                )
            opts[norm] = v
        options[code] = opts

    limits_raw = _table(table.get("limits", {}), where, ("limits",))
    try:
        limits = check_limits(limits_raw)
    except ConfigError as exc:
        raise where.error(("limits", exc.key or ""), exc.problem or str(exc)) from None
    return Config(
        select=selectors("select", ("ALL",)),
        ignore=selectors("ignore", ()),
        severity=sev,
        options=options,
        limits=limits,
        source=str(where.path),
    )
