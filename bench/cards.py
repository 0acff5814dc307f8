"""Printing benchmark: 帮扶明白卡 written into one PDF, against a bare reportlab canvas.

    python bench/cards.py [--households N] [--cards N] [--big N] [--seed S]

Prints ``name=value`` lines on stdout (progress goes to stderr):
- ``cards_per_s``: cards per second, reading the data and drawing, ``--cards`` (2,000) cards
  into one PDF through the batch writer the application uses (chunks of cards concatenated as
  they are written), village after village of a demo county;
- ``draw_cards_per_s``: the same cards, already read, drawn onto one canvas and saved;
- ``canvas_pages_per_s``: a bare reportlab canvas writing the same number of text lines of the
  same lengths per page in the same font: the physical limit here;
- ``peak_mb_2000`` and ``peak_mb_10000``: peak RSS (MB) of a fresh child process writing
  ``--cards`` and ``--big`` (10,000) cards through the batch writer, streaming villages in a
  cycle; ``base_mb_*`` is each child's RSS before the first card. Flat memory means the two peaks
  are close. ``batch_rss_mb_*`` is the highest current RSS sampled during the batch itself
  (every 25 cards, Linux /proc) and ``batch_start_rss_mb_*`` the RSS when it began.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app.printing.batch import write_card_batch
from app.printing.card import draw_card
from app.printing.data import CardData
from app.printing.document import new_canvas
from app.printing.flow import Flow
from app.services import printouts
from app.services.context import ServiceContext
from app.services.demo import create_demo_database
from app.services.rows import live
from app.services.setup import open_context
from app.store.models import Household

PASSWORD = "bench-密码"
PRINTED_ON = date(2026, 11, 23)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _figure(name: str, value: float | int) -> None:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def _rss_mb() -> float:
    """Peak resident memory of this process. On Linux, VmHWM of /proc/self/status: ru_maxrss
    also counts the parent's memory at the fork that started this child (Linux keeps it across
    exec), about 330 MB here whatever the child does; earlier figures included it."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    """Resident memory now (not the peak so far): Linux only."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def _villages(ctx: ServiceContext) -> list[str]:
    with ctx.db.read() as session:
        return list(session.scalars(select(Household.village_code).where(live(Household))
                                    .distinct().order_by(Household.village_code)))


def _cards(ctx: ServiceContext, count: int) -> Iterator[CardData]:
    """``count`` cards, village after village, starting over when the county runs out."""
    places = [printouts.village(ctx, code) for code in _villages(ctx)]

    def endless() -> Iterator[CardData]:
        for place in itertools.cycle(places):
            yield from printouts.village_cards(ctx, place, PRINTED_ON)

    for produced, data in enumerate(itertools.islice(endless(), count), start=1):
        if produced % 1000 == 0:
            _log(f"  {produced}/{count} cards")
        yield data


class _Lines:
    """Records the text a card draws (size and string per page) while it is drawn."""

    def __init__(self, canvas: Canvas) -> None:
        self.pages: list[list[tuple[float, str]]] = [[]]
        show = canvas.showPage

        def show_page() -> None:
            self.pages.append([])
            show()

        canvas.showPage = show_page  # type: ignore[method-assign]
        self._text = Flow.text

    def __enter__(self) -> _Lines:
        draw = self._text
        pages = self.pages

        def recorded(flow: Flow, x: float, y: float, value: str, size: float,
                     align: str = "left") -> None:
            pages[-1].append((size, value))
            draw(flow, x, y, value, size, align)

        Flow.text = recorded  # type: ignore[method-assign]
        return self

    def __exit__(self, *_: object) -> None:
        Flow.text = self._text  # type: ignore[method-assign]


def _canvas_pages_per_s(path: Path, pages: list[list[tuple[float, str]]], font: str) -> float:
    """A bare canvas: one drawString per recorded line, down the page, nothing else."""
    started = time.perf_counter()
    canvas = Canvas(str(path), pageCompression=1, invariant=0, initialFontName=font)
    for lines in pages:
        y = 800.0
        for size, text in lines:
            canvas.setFont(font, size)
            canvas.drawString(40, y, text)
            y = y - 12 if y > 60 else 800.0
        canvas.showPage()
    canvas.save()
    return len(pages) / (time.perf_counter() - started)


def _speed(ctx: ServiceContext, work: Path, count: int) -> None:
    _log(f"writing {count} cards (reading and drawing)")
    started = time.perf_counter()
    written = write_card_batch(work / "cards.pdf", _cards(ctx, count), total=count)
    _figure("cards_per_s", written / (time.perf_counter() - started))

    _log("reading the same cards into memory")
    cards = list(_cards(ctx, count))
    _log("drawing them only")
    canvas = new_canvas(work / "draw.pdf", "bench")
    started = time.perf_counter()
    for data in cards:
        draw_card(canvas, data)
    canvas.save()
    elapsed = time.perf_counter() - started
    _figure("draw_cards_per_s", len(cards) / elapsed)
    _log("recording the text the cards draw")
    recorder = new_canvas(work / "record.pdf", "bench")
    lines = _Lines(recorder)
    with lines:
        for data in cards:
            draw_card(recorder, data)
    pages = [p for p in lines.pages if p]
    _figure("pages", len(pages))
    _figure("draw_pages_per_s", len(pages) / elapsed)
    _log("bare canvas, same text")
    _figure("canvas_pages_per_s", _canvas_pages_per_s(work / "bare.pdf", pages, recorder._fontname))


def _memory(database: Path, count: int, out: Path) -> None:
    """Run in a fresh process, so its peak RSS is this run's alone."""
    ctx = open_context(database, PASSWORD)
    try:
        # Warm up the font and the first queries, then take the base.
        write_card_batch(out, _cards(ctx, 1))
        base = _rss_mb()
        start = highest = _current_rss_mb()

        def sample(done: int, _total: int | None) -> None:
            nonlocal highest
            if done % 25 == 0:
                highest = max(highest, _current_rss_mb())

        written = write_card_batch(out, _cards(ctx, count), total=count, progress=sample)
    finally:
        ctx.db.close()
    _figure(f"batch_start_rss_mb_{count}", start)
    _figure(f"batch_rss_mb_{count}", highest)
    _figure(f"base_mb_{count}", base)
    _figure(f"peak_mb_{count}", _rss_mb())
    _figure(f"cards_{count}", written)
    _figure(f"pdf_mb_{count}", out.stat().st_size / 1e6)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--big", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-child", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        _memory(Path(args.memory_child[0]), args.big, Path(args.memory_child[1]))
        return

    with tempfile.TemporaryDirectory(prefix="fangpin-bench-cards-") as tmp:
        work = Path(tmp)
        database = work / "county.db"
        _log(f"demo county of {args.households} households")
        started = time.perf_counter()
        ctx = create_demo_database(database, PASSWORD, args.households, args.seed,
                                   progress=lambda done, total: None)
        _log(f"  {time.perf_counter() - started:.1f} s")
        _figure("households", args.households)
        try:
            _speed(ctx, work, args.cards)
        finally:
            ctx.db.close()
        for count in (args.cards, args.big):
            _log(f"writing {count} cards in a fresh process for memory")
            child = subprocess.run(
                [sys.executable, __file__, "--big", str(count), "--memory-child", str(database),
                 str(work / "big.pdf")], stdout=subprocess.PIPE, text=True, check=True)
            sys.stdout.write(child.stdout)


if __name__ == "__main__":
    main()
