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

from app.printing.analysis import write_report
from app.printing.batch import write_card_batch
from app.printing.card import write_card
from app.printing.data import LedgerRow, MeasureLine, MemberLine
from app.printing.due import write_due_list
from app.printing.ledger import write_ledger
from app.printing.posting import posting_data, write_posting
from app.services import printouts
from app.services.context import ServiceContext
from app.services.demo import DemoService, create_demo_database
from app.services.households import HouseholdService
from app.services.setup import initialize

HERE = Path(__file__).resolve().parent
PRINTED_ON = date(2026, 11, 23)
MONTH = date(2026, 11, 1)
VILLAGE = "131122100201"
PASSWORD = "样例密码-123"


def to_png(pdf: Path, dpi: int = 110, pages: int = 3) -> None:
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(min(len(document), pages)):
            image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
            image.save(pdf.with_name(f"{pdf.stem}-p{index + 1}.png"), optimize=True)
    finally:
        document.close()


def village_documents(ctx: ServiceContext) -> None:
    """The card, a long card, a few cards as a chunked batch, the posting list, the ledger."""
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

    # Three cards in chunks of two: the second one comes through the concatenation.
    first = [d.household.id for d in details[:3]]
    write_card_batch(HERE / "cards-village.pdf",
                     (printouts.card(ctx, i, PRINTED_ON) for i in first), chunk=2)

    posting_village = max((printouts.village(ctx, d.household.village_code) for d in details),
                          key=lambda p: len(printouts.posting_cases(ctx, p)))
    write_posting(HERE / "posting.pdf", posting_data(
        posting_village, printouts.posting_cases(ctx, posting_village),
        printouts.contacts(ctx, posting_village), start=PRINTED_ON, days=5,
        printed_on=PRINTED_ON))

    area = printouts.area(ctx, VILLAGE)
    write_ledger(HERE / "ledger.pdf", area.full_name, printouts.ledger_rows(ctx, area), PRINTED_ON)


def county_documents(ctx: ServiceContext) -> None:
    """A county of several villages for the township ledger, the due list and the monthly."""
    township = printouts.area(ctx, VILLAGE[:9])
    rows = printouts.ledger_rows(ctx, township)
    write_ledger(HERE / "ledger-township.pdf", township.full_name, rows, PRINTED_ON)
    workers = printouts.due_lists(ctx, township, MONTH)
    write_due_list(HERE / "due.pdf", township.full_name, MONTH, workers, PRINTED_ON)
    write_report(HERE / "monthly.pdf", printouts.monthly(ctx, MONTH))


NAMES = ("王建国", "李秀英", "张桂兰", "刘志强", "陈玉梅", "欧阳振华", "赵海燕", "孙立新", "周凤霞",
         "吴永胜", "司马春梅")


def long_ledger() -> None:
    """A ledger of 60 relations with long unit names: the header repeats on every page."""
    rows = [LedgerRow(county="武邑县", township="审坡镇", village=f"{'东西南北'[i % 4]}王庄村",
                      household_number=f"1311221042010{i:03d}", head_name=NAMES[i % len(NAMES)],
                      head_id_number=f"13112219600101{i:03d}0", person_name=NAMES[(i * 7 + 3) % len(NAMES)],
                      person_sex="女" if i % 3 else "男", political_status="中共党员",
                      unit="武邑县乡村振兴局驻村工作队与县直机关工委联合帮扶组" if i % 6 == 0
                      else "武邑县财政局", unit_relation="县级", phone="13800000000",
                      start=date(2024, 3, 1), end=date(2026, 3, 1) if i % 11 == 0 else None,
                      visits=i % 14) for i in range(60)]
    write_ledger(HERE / "ledger-long.pdf", "武邑县审坡镇（样例数据）", rows, PRINTED_ON)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ctx = initialize(Path(folder) / "samples.db", PASSWORD, role="county",
                         division="131122", user_name="样例")
        ctx.today = lambda: PRINTED_ON
        DemoService(ctx).generate(households=60, seed=3)
        village_documents(ctx)
        ctx.db.close()

        county = create_demo_database(Path(folder) / "county.db", PASSWORD, 1500, seed=3,
                                      today=lambda: PRINTED_ON)
        county_documents(county)
        county.db.close()
    long_ledger()
    for png in HERE.glob("*.png"):
        png.unlink()
    for pdf in sorted(HERE.glob("*.pdf")):
        to_png(pdf)


if __name__ == "__main__":
    main()
