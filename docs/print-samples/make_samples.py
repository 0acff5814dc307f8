"""Regenerate the sample PDFs and PNGs in this folder from demo data.

Run from the repository root: .venv/bin/python docs/print-samples/make_samples.py
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium

from app.printing.card import write_card, write_cards
from app.printing.data import MeasureLine, MemberLine
from app.printing.posting import posting_data, write_posting
from app.services import printouts
from app.services.demo import DemoService
from app.services.households import HouseholdService
from app.services.setup import initialize

HERE = Path(__file__).resolve().parent
PRINTED_ON = date(2026, 11, 23)
VILLAGE = "131122100201"


def to_png(pdf: Path, dpi: int = 110, pages: int = 3) -> None:
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(min(len(document), pages)):
            image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
            image.save(pdf.with_name(f"{pdf.stem}-p{index + 1}.png"), optimize=True)
    finally:
        document.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ctx = initialize(Path(folder) / "samples.db", "样例密码-123", role="county",
                         division="131122", user_name="样例")
        ctx.today = lambda: PRINTED_ON
        DemoService(ctx).generate(households=60, seed=3)
        place = printouts.village(ctx, VILLAGE)
        service = HouseholdService(ctx)
        details = [service.get(i) for i in printouts.household_ids(ctx, place)]
        richest = max(details, key=lambda d: (bool(d.cases), len(d.measures), len(d.members)))
        card = printouts.card(ctx, richest.household.id, PRINTED_ON)
        write_card(HERE / "card.pdf", card)

        long_card = dataclasses.replace(
            card,
            members=[*card.members, *(MemberLine(f"样例成员{i:02d}", "之孙子/女", "女",
                                                 f"131122********{i:04d}", "健康", "无劳动力")
                                      for i in range(len(card.members), 15))],
            measures=[MeasureLine("就业帮扶", f"技能培训第{i:02d}期", "2025-03-01",
                                  Decimal(500 + 10 * i), "已完成", "武邑县人力资源和社会保障局")
                      for i in range(40)])
        write_card(HERE / "card-long.pdf", long_card)

        first = [d.household.id for d in details[:3]]
        write_cards(HERE / "cards-village.pdf",
                    (printouts.card(ctx, i, PRINTED_ON) for i in first))

        posting_village = max((printouts.village(ctx, d.household.village_code) for d in details),
                              key=lambda p: len(printouts.posting_cases(ctx, p)))
        write_posting(HERE / "posting.pdf", posting_data(
            posting_village, printouts.posting_cases(ctx, posting_village),
            printouts.contacts(ctx, posting_village), start=PRINTED_ON, days=5,
            printed_on=PRINTED_ON))
        ctx.db.close()
    for pdf in sorted(HERE.glob("*.pdf")):
        to_png(pdf)


if __name__ == "__main__":
    main()
