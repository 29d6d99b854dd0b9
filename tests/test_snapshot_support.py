"""The snapshot helper itself: a missing snapshot fails, a changed one fails with a diff, and only
PKFORCE_UPDATE_SNAPSHOTS=1 writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import snapshots


def test_missing_snapshot_fails_and_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "UPDATE", False)
    path = tmp_path / "out.txt"
    with pytest.raises(AssertionError, match="missing snapshot"):
        snapshots.assert_snapshot(path, "new\n")
    assert not path.exists()


def test_changed_snapshot_fails_with_a_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "UPDATE", False)
    path = tmp_path / "out.txt"
    path.write_text("same\nold\n", encoding="utf-8")
    snapshots.assert_snapshot(path.with_name("out.txt"), "same\nold\n")
    with pytest.raises(AssertionError, match=r"(?s)-old.*\+new"):
        snapshots.assert_snapshot(path, "same\nnew\n")


def test_update_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "UPDATE", True)
    path = tmp_path / "deeper" / "out.txt"
    snapshots.assert_snapshot(path, "written\n")
    assert path.read_text(encoding="utf-8") == "written\n"
