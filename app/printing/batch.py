"""Cards in batch: a village or a whole township into one PDF, or one PDF per household into a
folder, with progress and cancel for a worker thread, in memory that does not grow with the count.

Both write beside the target and move into place only when complete: a cancelled or failed batch
leaves no partial file behind (and an older file of the same name untouched).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from app.domain.errors import UserFacingError
from app.printing.card import TITLE, draw_card
from app.printing.data import CardData
from app.printing.document import CREATOR, new_canvas
from app.printing.merge import PdfConcatenator

# Cards per reportlab document before it is saved and appended to the output: reportlab holds a
# document's pages until save, about 45 kB per card, so a chunk costs some 10 MB at most.
CHUNK_CARDS = 250

Progress = Callable[[int, int | None], None]
"""Called after each card with (cards done, total or None); from the thread doing the work."""
Cancelled = Callable[[], bool]
"""Polled before each card; True stops the batch."""


class PrintCancelled(Exception):
    """The batch was cancelled; nothing was written."""


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A path beside ``out`` to write; moved onto ``out`` only if the block completes."""
    partial = out.with_name(out.name + ".part")
    try:
        yield partial
        os.replace(partial, out)
    except OSError as error:
        raise UserFacingError(f"无法写入“{out}”：{error.strerror or error}。") from None
    finally:
        partial.unlink(missing_ok=True)


def write_card_batch(out: Path, cards: Iterable[CardData], *, total: int | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     chunk: int = CHUNK_CARDS) -> int:
    """All ``cards`` into one PDF at ``out``, one card after another; returns how many.
    Raises PrintCancelled (leaving no file) when ``cancelled`` returns True."""
    counter = _Counter(total, progress, cancelled)
    source = iter(cards)
    with atomic_output(out) as partial, tempfile.TemporaryDirectory(prefix=".打印中-", dir=out.parent) as work:
        first = Path(work) / "chunk-0.pdf"
        if not _draw_chunk(first, islice(source, chunk), counter):
            _empty_document(partial)
            return 0
        following = Path(work) / "chunk.pdf"
        if not _draw_chunk(following, islice(source, chunk), counter):
            # A single chunk: reportlab's file is the output (moved, or copied to another drive).
            shutil.move(first, partial)
            return counter.done
        with open(partial, "wb") as stream:
            merger = PdfConcatenator(stream, TITLE, CREATOR)
            merger.append(first)
            first.unlink()
            merger.append(following)
            while _draw_chunk(following, islice(source, chunk), counter):
                merger.append(following)
            merger.close()
    return counter.done


def write_card_folder(folder: Path, cards: Iterable[CardData], *, total: int | None = None,
                      progress: Progress | None = None, cancelled: Cancelled | None = None
                      ) -> list[Path]:
    """One PDF per household in ``folder`` (made if missing), named by household number and
    head; a reprint replaces the older file of the same name. Returns the files written."""
    counter = _Counter(total, progress, cancelled)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".打印中-", dir=folder))
    except OSError as error:
        raise UserFacingError(f"无法创建文件夹“{folder}”：{error.strerror or error}。") from None
    try:
        names: list[str] = []
        used: set[str] = set()
        for data in cards:
            name = _file_name(data, used)
            if not _draw_chunk(staging / name, iter((data,)), counter):
                break
            names.append(name)
        for name in names:
            os.replace(staging / name, folder / name)
        return [folder / name for name in names]
    except OSError as error:
        raise UserFacingError(f"无法写入文件夹“{folder}”：{error.strerror or error}。") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()


class _Counter:
    def __init__(self, total: int | None, progress: Progress | None,
                 cancelled: Cancelled | None) -> None:
        self.done, self.total = 0, total
        self.progress, self.cancelled = progress, cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise PrintCancelled

    def advance(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _draw_chunk(path: Path, cards: Iterator[CardData], counter: _Counter) -> bool:
    """Draw the cards into a new document at ``path``; False, writing nothing, if there were
    none."""
    canvas = None
    for data in cards:
        counter.check()
        if canvas is None:
            canvas = new_canvas(path, TITLE)
        draw_card(canvas, data)
        counter.advance()
    if canvas is None:
        return False
    canvas.save()
    return True


def _empty_document(path: Path) -> None:
    """A batch with no households is still a valid PDF: one blank page."""
    canvas = new_canvas(path, TITLE)
    canvas.showPage()
    canvas.save()


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _file_name(data: CardData, used: set[str]) -> str:
    stem = _UNSAFE.sub("_", f"{data.household_number or data.household_id}-{data.head_name}")
    name = f"明白卡-{stem}.pdf"
    if name in used:
        name = f"明白卡-{stem}-{data.household_id[:8]}.pdf"
    used.add(name)
    return name
