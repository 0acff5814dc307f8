"""Print previews go to one private folder per run: mode 0700, emptied and removed by the run, and removed at the
next start when the run crashed — but never while another run is still using it."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from app.services.scratch import ScratchFolder, remove_leftovers


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps a profile folder private by its owner's rights")
def test_the_run_folder_is_readable_by_the_user_alone(tmp_path: Path) -> None:
    scratch = ScratchFolder(tmp_path / "private")
    pdf = scratch.new_file("帮扶明白卡.pdf")
    for folder in (scratch.root, scratch.path, pdf.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert pdf.parent.parent == scratch.path and pdf.name == "帮扶明白卡.pdf"


def test_a_preview_file_is_discarded_with_its_folder_and_the_run_removes_the_rest(tmp_path: Path) -> None:
    scratch = ScratchFolder(tmp_path / "private")
    first, second = scratch.new_file("卡.pdf"), scratch.new_file("卡.pdf")
    assert first != second
    first.write_bytes(b"%PDF")
    second.write_bytes(b"%PDF")
    scratch.discard(first)
    assert not first.parent.exists() and second.exists()
    outside = tmp_path / "mine.pdf"
    outside.write_bytes(b"%PDF")
    scratch.discard(outside)  # not the folder's: left alone
    assert outside.exists()
    scratch.clear()
    assert not second.exists() and scratch.path.is_dir()
    scratch.new_file("卡.pdf").write_bytes(b"%PDF")
    scratch.remove()
    assert list(scratch.root.iterdir()) == []


def test_the_next_start_removes_a_crashed_runs_folder_but_not_a_living_one(tmp_path: Path) -> None:
    root = tmp_path / "private"
    living = ScratchFolder(root)
    living.new_file("卡.pdf").write_bytes(b"%PDF")
    crashed = ScratchFolder(root)
    crashed_file = crashed.new_file("卡.pdf")
    crashed_file.write_bytes(b"%PDF")
    crashed._close_lock()  # what the end of its process does to its lock, without removing anything
    never_locked = root / "run-abc"
    never_locked.mkdir()
    assert remove_leftovers(root) == 2
    assert not crashed_file.exists() and not never_locked.exists()
    assert living.path.is_dir() and any(living.path.rglob("*.pdf"))
    living.remove()
