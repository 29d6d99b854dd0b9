"""Procedure rules (PKF1xx): one bad and one good case per rule, asserting code and line:column."""

from tests.helpers import BASE, assert_clean, positions


def test_base_scenario_is_clean() -> None:
    assert_clean(BASE)


def test_pkf101_application_missing() -> None:
    bad = BASE.replace("  - step: application\n    by: KGZ\n    date: 2027-01-01\n", "")
    assert positions(bad, "PKF101") == [(10, 1)]
    assert_clean(BASE, "PKF101")
