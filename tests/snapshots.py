"""The one snapshot mechanism of the test suite: golden files for command output and snapshots of
computed structures (charts) alike.

A test renders what it checks to text and calls :func:`assert_snapshot`. A missing snapshot fails
the test; it is never written silently. After an intended change, write the new snapshots and
review the diff before committing them::

    PKFORCE_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/...
    git diff tests/
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["UPDATE", "assert_snapshot", "snapshot_json"]

UPDATE = os.environ.get("PKFORCE_UPDATE_SNAPSHOTS") == "1"
"""write snapshots instead of comparing (never the default)"""


def assert_snapshot(path: Path, text: str) -> None:
    """`text` must equal the snapshot at `path` (written instead when PKFORCE_UPDATE_SNAPSHOTS=1)."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), (
        f"missing snapshot {path}: run the test with PKFORCE_UPDATE_SNAPSHOTS=1, review the new file and commit it"
    )
    stored = path.read_text(encoding="utf-8")
    if text != stored:
        diff = "".join(
            difflib.unified_diff(
                stored.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{path.name} (stored)",
                f"{path.name} (now)",
            )
        )
        raise AssertionError(
            f"{path} differs; if the change is intended, run with "
            f"PKFORCE_UPDATE_SNAPSHOTS=1 and review the diff:\n{diff}"
        )


def snapshot_json(value: Any) -> str:
    """The text a structured snapshot is stored as: sorted keys, one space of indent."""
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
