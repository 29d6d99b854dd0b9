"""Shared fixtures of the analyst workbench's tests: the base scenario with variants."""

from __future__ import annotations

from pathlib import Path

import pytest

import pkforce
from pkforce.scenario.model import Scenario

HERE = Path(__file__).resolve().parent
VARIANTS = HERE.parent.parent / "scenarios" / "un-operation-variants.yaml"


@pytest.fixture(scope="session")
def base() -> Scenario:
    return pkforce.load(VARIANTS)
