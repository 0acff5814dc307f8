"""PdfConcatenator: pages of reportlab documents copied into one file by renumbered bytes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.printing.data import LedgerRow
from app.printing.ledger import write_ledger
from app.printing.merge import PdfConcatenator
from tests.printing.conftest import font_files, pdf_text, render

TODAY = date(2026, 11, 23)


def _ledger(path: Path, rows: int, place: str) -> None:
    write_ledger(path, place, [LedgerRow(
        county="武邑县", township="审坡镇", village="姚集村", household_number=f"131122100201{i:04d}",
        head_name=f"王{i:03d}", head_id_number="131122196001010012", person_name="李秀英",
        person_sex="女", political_status="群众", unit="武邑县财政局", unit_relation="县级",
        phone="13800000000", start=TODAY, end=None, visits=i) for i in range(rows)], TODAY)


def test_documents_with_forms_and_fonts_concatenate(tmp_path: Path) -> None:
    # The ledger's "共 N 页" is a form XObject every page refers to: it must come along.
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    _ledger(first, 40, "第一份")
    _ledger(second, 3, "第二份")
    out = tmp_path / "out.pdf"
    with open(out, "wb") as stream:
        merger = PdfConcatenator(stream, "合并", "防贫网格通")
        assert merger.append(first) == len(PdfReader(first).pages) > 1
        assert merger.append(second) == 1
        merger.close()

    reader = PdfReader(out, strict=True)
    assert len(reader.pages) == merger.page_count == len(PdfReader(first).pages) + 1
    assert reader.metadata.title == "合并"
    pages = pdf_text(out)
    assert "第一份" in pages[0] and "第二份" in pages[-1]
    assert f"共 {len(pages) - 1} 页" in pages[0] and "共 1 页" in pages[-1]
    assert all(embedded for _, embedded in font_files(out))
    assert render(out, len(pages) - 1, dpi=50).size[0] > 0


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4\nnot really\n", b"%PDF-1.4\n" + b"x" * 200])
def test_what_it_cannot_copy_is_refused(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "bad.pdf"
    source.write_bytes(content)
    merger = PdfConcatenator(io.BytesIO(), "t", "c")
    with pytest.raises(ValueError, match="not a PDF this writer can copy"):
        merger.append(source)
