"""Card batches: chunks concatenated into one PDF, one PDF per household, progress and cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from app.printing.batch import PrintCancelled, write_card_batch, write_card_folder
from app.printing.card import TITLE, write_cards
from app.printing.data import CardData
from app.services import printouts
from app.services.context import ServiceContext
from tests.conftest import TODAY
from tests.printing.conftest import FULL_ID, font_files, pdf_text, render


def _township_cards(ctx: ServiceContext) -> list[CardData]:
    batch = printouts.card_batch(ctx, printouts.area(ctx, "131122100"), TODAY)
    cards = list(batch.cards)
    assert len(cards) == batch.total > 10
    return cards


def _first_pages(pages: list[str]) -> list[str]:
    return [p for p in pages if TITLE in p and "（续）" not in p]


def test_chunks_concatenate_into_one_pdf_with_every_page_in_order(demo: ServiceContext,
                                                                  tmp_path: Path) -> None:
    cards = _township_cards(demo)
    direct, chunked = tmp_path / "direct.pdf", tmp_path / "chunked.pdf"
    write_cards(direct, cards)
    seen: list[tuple[int, int | None]] = []
    count = write_card_batch(chunked, iter(cards), total=len(cards), chunk=3,
                             progress=lambda done, total: seen.append((done, total)))

    assert count == len(cards)
    assert seen == [(i, len(cards)) for i in range(1, len(cards) + 1)]
    # strict: pypdf refuses a broken cross-reference table or object numbering.
    assert len(PdfReader(chunked, strict=True).pages) == len(PdfReader(direct).pages)
    pages = pdf_text(chunked)
    firsts = _first_pages(pages)
    assert len(firsts) == len(cards)
    for page, data in zip(firsts, cards, strict=True):
        assert data.head_name in page and data.household_number in page
    assert not FULL_ID.search("\n".join(pages))
    fonts = font_files(chunked)
    assert fonts and all(embedded for _, embedded in fonts)
    assert PdfReader(chunked).metadata.title == TITLE


def test_a_card_from_a_later_chunk_still_reads_back_its_qr_code(demo: ServiceContext,
                                                                tmp_path: Path) -> None:
    cards = _township_cards(demo)[:7]
    out = tmp_path / "cards.pdf"
    write_card_batch(out, iter(cards), chunk=2)
    last = len(PdfReader(out).pages) - 1
    while "（续）" in pdf_text(out)[last]:
        last -= 1
    codes = zxingcpp.read_barcodes(render(out, last))
    assert [c.text for c in codes] == [f"fangpin:household:{cards[-1].household_id}"]


def test_one_chunk_and_no_cards_are_still_valid_pdfs(demo: ServiceContext, tmp_path: Path) -> None:
    cards = _township_cards(demo)[:2]
    single, empty = tmp_path / "single.pdf", tmp_path / "empty.pdf"
    assert write_card_batch(single, iter(cards), chunk=5) == 2
    assert len(_first_pages(pdf_text(single))) == 2
    assert write_card_batch(empty, iter(())) == 0
    assert len(PdfReader(empty).pages) == 1


def test_cancel_leaves_no_file_and_keeps_an_older_one(demo: ServiceContext, tmp_path: Path) -> None:
    cards = _township_cards(demo)
    target = tmp_path / "out"
    target.mkdir()
    out = target / "cards.pdf"
    done: list[int] = []
    with pytest.raises(PrintCancelled):
        write_card_batch(out, iter(cards), chunk=3, progress=lambda n, _: done.append(n),
                         cancelled=lambda: len(done) >= 7)
    assert done[-1] == 7
    assert list(target.iterdir()) == []

    out.write_bytes(b"older print")
    with pytest.raises(PrintCancelled):
        write_card_batch(out, iter(cards), chunk=3, cancelled=lambda: True)
    assert out.read_bytes() == b"older print"
    assert [p.name for p in target.iterdir()] == ["cards.pdf"]


def test_one_pdf_per_household_into_a_folder(demo: ServiceContext, tmp_path: Path) -> None:
    cards = _township_cards(demo)[:5]
    folder = tmp_path / "明白卡"
    files = write_card_folder(folder, iter(cards), total=5)
    assert sorted(files) == sorted(folder.iterdir())
    assert len(files) == 5
    for path, data in zip(files, cards, strict=True):
        assert data.household_number in path.name and data.head_name in path.name
        assert data.head_name in pdf_text(path)[0]


def test_a_cancelled_folder_batch_leaves_nothing(demo: ServiceContext, tmp_path: Path) -> None:
    cards = _township_cards(demo)[:5]
    folder = tmp_path / "new"
    count = 0

    def tick(done: int, total: int | None) -> None:
        nonlocal count
        count = done

    with pytest.raises(PrintCancelled):
        write_card_folder(folder, iter(cards), progress=tick, cancelled=lambda: count >= 3)
    assert not folder.exists()

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "note.txt").write_text("x")
    with pytest.raises(PrintCancelled):
        write_card_folder(kept, iter(cards), cancelled=lambda: True)
    assert [p.name for p in kept.iterdir()] == ["note.txt"]
