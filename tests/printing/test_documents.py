"""The one entry point the 打印 page and the command line call: every kind from demo data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.printing.batch import PrintCancelled
from app.services import printouts
from app.services.context import ServiceContext
from app.services.printouts import DocumentKind, PrintRequest, write_card_files, write_document
from app.store.models import Household
from tests.conftest import VILLAGE
from tests.printing.conftest import FULL_ID, font_files, pdf_text


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the output (tmp_path holds the test's database)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def _household_number(ctx: ServiceContext) -> str:
    with ctx.db.read() as session:
        number = session.scalars(select(Household.household_number).where(
            Household.village_code == VILLAGE)).first()
    assert number
    return number


@pytest.mark.parametrize(("kind", "title"), [(k, k.title) for k in DocumentKind])
def test_every_kind_of_document(demo: ServiceContext, folder: Path, kind: DocumentKind,
                                title: str) -> None:
    request = PrintRequest(kind, household=_household_number(demo), area=VILLAGE,
                           month=date(2026, 11, 5))
    out = folder / f"{kind}.pdf"
    seen: list[tuple[int, int | None]] = []
    result = write_document(demo, request, out, progress=lambda d, t: seen.append((d, t)))

    assert result.path == out and out.exists() and str(out) in result.message
    assert seen and seen[-1][0] == seen[-1][1]
    assert title and all(embedded for _, embedded in font_files(out))
    text = "\n".join(pdf_text(out))
    if kind in (DocumentKind.CARD, DocumentKind.CARDS, DocumentKind.POSTING):
        assert not FULL_ID.search(text)
    assert list(folder.iterdir()) == [out]


def test_a_cancelled_card_batch_leaves_nothing(demo: ServiceContext, folder: Path) -> None:
    out = folder / "cards.pdf"
    with pytest.raises(PrintCancelled):
        write_document(demo, PrintRequest(DocumentKind.CARDS, area=VILLAGE[:9]), out,
                       cancelled=lambda: True)
    assert list(folder.iterdir()) == []


def test_cards_of_a_township_one_file_each(demo: ServiceContext, tmp_path: Path) -> None:
    result = write_card_files(demo, VILLAGE[:9], tmp_path / "cards")
    households = len(printouts.household_ids(demo, printouts.village(demo, VILLAGE)))
    assert result.count == households == len(list((tmp_path / "cards").iterdir()))
    assert all(len(PdfReader(p).pages) >= 1 for p in (tmp_path / "cards").iterdir())


@pytest.mark.parametrize("request_", [
    PrintRequest(DocumentKind.CARD),
    PrintRequest(DocumentKind.LEDGER),
    PrintRequest(DocumentKind.POSTING, area=VILLAGE[:9]),
    PrintRequest(DocumentKind.CARDS, area="99"),
])
def test_missing_or_wrong_selection_is_a_chinese_message(demo: ServiceContext, folder: Path,
                                                        request_: PrintRequest) -> None:
    with pytest.raises(UserFacingError) as error:
        write_document(demo, request_, folder / "x.pdf")
    assert any("\u4e00" <= c <= "\u9fff" for c in str(error.value))
    assert list(folder.iterdir()) == []
