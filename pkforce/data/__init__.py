"""Built-in data: organisation profiles, the unit catalogue and the ISO 3166-1 code list.

The figures live in YAML files beside this module, each with its source. They are read once,
lazily, and cached. Scenarios override them (`unit_types:`, an inline `organization:`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..scenario.model import Organization, Scenario, UnitType

__all__ = [
    "Catalogue",
    "catalogue",
    "iso_codes",
    "organization_of",
    "organization_profile",
    "profile_data",
    "profile_names",
]


def _read(name: str) -> Any:
    # Our own loader: safe, YAML 1.2, and several times faster than PyYAML's Python constructor
    # (the ISO list is read on every `pkforce validate`).
    from ..loader import load_text

    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    loaded = load_text(text, f"pkforce/data/{name}")
    if not loaded.ok:
        raise RuntimeError(f"pkforce's packaged data file {name} is damaged: {loaded.diagnostics[0].message}")
    return loaded.data


def profile_names() -> list[str]:
    """Names of the built-in organisation profiles (``csto``, ...)."""
    folder = resources.files(__package__).joinpath("organizations")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def _profile_raw(key: str) -> Any:
    return _read(f"organizations/{key}.yaml")


def profile_data(name: str) -> dict[str, Any] | None:
    """The raw mapping of the built-in profile `name` (a copy), for an organisation that `extends` it."""
    key = name.lower()
    if key not in profile_names():
        return None
    return dict(_profile_raw(key))


@cache
def organization_profile(name: str) -> Organization | None:
    """The built-in organisation profile `name` (case-insensitive), or None if there is none."""
    from ..scenario.model import Organization

    data = profile_data(name)
    return None if data is None else Organization.model_validate(data)


def organization_of(scenario: Scenario) -> Organization | None:
    """The scenario's organisation: its inline mapping, or the built-in profile it names (None when
    there is no such profile; PKF1xx reports it). The one place that answers this question."""
    org = scenario.organization
    if isinstance(org, str):
        return organization_profile(org)
    if org.extends is not None and org.extends.lower() not in profile_names():
        return None  # extends an unknown profile: PKF100 says so, and nothing else is guessed
    return org


@dataclass(frozen=True)
class Catalogue:
    """The unit catalogue: unit types and the capabilities they may declare."""

    types: dict[str, UnitType]
    capabilities: dict[str, str]
    """capability name -> description"""


@cache
def catalogue() -> Catalogue:
    """The built-in unit catalogue (``data/catalogue.yaml``)."""
    from ..scenario.model import UnitType

    raw = _read("catalogue.yaml")
    types = {name: UnitType.model_validate(entry) for name, entry in raw["types"].items()}
    caps = {name: (entry or {}).get("description", "") for name, entry in raw["capabilities"].items()}
    return Catalogue(types=types, capabilities=caps)


@cache
def iso_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code -> English short name."""
    return {str(k): str(v) for k, v in _read("iso3166.yaml").items()}


def is_user_assigned(code: str) -> bool:
    """True for codes ISO 3166-1 leaves to users (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ)."""
    if len(code) != 3 or not code.isascii() or not code.isupper():
        return False
    return code[:2] == "AA" or ("QM" <= code[:2] <= "QZ") or code[0] == "X" or code[:2] == "ZZ"
