"""The generated docs match the code, and the README's commands are the documented ones."""

from __future__ import annotations

from pkforce import _docgen
from tests.helpers import ROOT


def test_generated_docs_are_up_to_date() -> None:
    for name, make in _docgen.FILES.items():
        path = _docgen.DOCS / name
        assert path.exists() and path.read_text(encoding="utf-8") == make(), (
            f"docs/{name} is out of date: run `python -m pkforce._docgen`"
        )


def test_readme_opens_with_the_two_setup_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "```sh"
    assert lines[1].startswith("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/pkforce ")
    assert lines[2] == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    assert lines[3] == "```"
    target = lines[1].rsplit(" ", 1)[-1]
    assert (ROOT / target).is_file()


def test_every_rule_has_the_documented_headings() -> None:
    from pkforce.rules import RULES

    for rule in RULES.values():
        for heading in ("## What it checks", "## Why", "## Example", "## Fix"):
            assert heading in rule.doc, (rule.code, heading)
        assert rule.summary and rule.name == rule.name.lower() and " " not in rule.name


def test_readme_and_quickstart_show_the_real_output() -> None:
    golden = (ROOT / "tests" / "golden" / "validate" / "consensus-not-reached.txt").read_text(encoding="utf-8")
    for doc in ("README.md", "docs/quickstart.md"):
        assert golden.rstrip("\n") in (ROOT / doc).read_text(encoding="utf-8"), doc
