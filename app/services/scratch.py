"""One private folder per run of the application, for files that must exist for a moment.

A print preview is a PDF with names on it: it is written into this run's folder (readable by the
user alone), deleted when the preview closes, emptied when the application locks, and removed when
the application ends. A run that crashed cannot clean up after itself, so the next start removes
every run folder no living run holds (each run keeps a lock on a file inside its own folder).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

log = logging.getLogger("fangpin")

RUN_PREFIX = "run-"
_IN_USE = ".in-use"  # locked for as long as the run lives


def _lock(stream: IO[bytes]) -> bool:
    """Take the lock on an open file without waiting; False if another open file holds it."""
    try:
        if sys.platform == "win32":
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _private_folder(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if sys.platform != "win32":
        path.chmod(0o700)  # mkdir's mode is filtered by the umask, and an older folder may be wider


class ScratchFolder:
    """This run's folder under ``root``; made when first needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._run: Path | None = None
        self._in_use: IO[bytes] | None = None

    @property
    def path(self) -> Path:
        if self._run is None or not self._run.is_dir():
            self._close_lock()
            _private_folder(self.root)
            run = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=self.root))  # mode 0700
            self._in_use = open(run / _IN_USE, "wb")  # noqa: SIM115 -- held open until the run ends
            _lock(self._in_use)
            self._run = run
        return self._run

    def new_file(self, name: str) -> Path:
        """A path named ``name`` in a folder of its own, so two previews of one name do not meet."""
        return Path(tempfile.mkdtemp(prefix="doc-", dir=self.path)) / name

    def holds(self, path: Path) -> bool:
        return self._run is not None and path.resolve().is_relative_to(self._run.resolve())

    def discard(self, path: Path) -> None:
        """Delete a file made by ``new_file`` (and its folder)."""
        if self.holds(path) and path.parent != self._run:
            shutil.rmtree(path.parent, ignore_errors=True)

    def clear(self) -> None:
        """Delete everything in the folder; the folder stays for this run."""
        if self._run is None or not self._run.is_dir():
            return
        for entry in self._run.iterdir():
            if entry.name == _IN_USE:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    def remove(self) -> None:
        """Delete the folder and all in it: the run is ending."""
        run, self._run = self._run, None
        self._close_lock()
        if run is not None:
            shutil.rmtree(run, ignore_errors=True)

    def _close_lock(self) -> None:
        if self._in_use is not None:
            self._in_use.close()
            self._in_use = None


def remove_leftovers(root: Path) -> int:
    """Remove the folders of runs that ended without removing their own (a crash, a power cut);
    a run still going keeps its folder. Returns how many were removed."""
    if not root.is_dir():
        return 0
    removed = 0
    for run in root.glob(f"{RUN_PREFIX}*"):
        if not run.is_dir() or run.is_symlink():
            continue
        marker = run / _IN_USE
        try:
            with open(marker, "ab") as stream:
                if not _lock(stream):
                    continue  # another run of the application is using it
        except FileNotFoundError:
            pass  # crashed before it was made
        except OSError:
            continue  # cannot tell, so it is left alone
        shutil.rmtree(run, ignore_errors=True)
        removed += 1
    if removed:
        log.info("已删除上次未正常退出时留下的 %d 个临时文件夹", removed)
    return removed
