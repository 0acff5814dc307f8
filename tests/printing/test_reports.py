"""帮扶责任人台账, 走访计划 and 月度分析 from demo data, and long ones continuing page after page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from app.printing.analysis import write_report
from app.printing.data import Contact, DueRow, LedgerRow, WorkerDue
from app.printing.due import write_due_list
from app.printing.flow import BOTTOM, MARGIN
from app.printing.ledger import write_ledger
from app.services import printouts
from app.services.context import ServiceContext
from app.services.stats import StatsService
from app.services.visits import VisitService
from app.store.models import Assignment, Member, MonitoringCase
from tests.conftest import TODAY, VILLAGE
from tests.printing.conftest import font_files, pdf_text, text_baselines

FOOTER = MARGIN - 6 * 72 / 25.4
MONTH = date(2026, 11, 1)
DUE_MONTH = date(2027, 2, 1)  # far enough ahead that demo households are due


def _inside_margins(path: Path) -> None:
    height = float(PdfReader(path).pages[0].mediabox.height)
    for ys in text_baselines(path):
        # The footer, and the page total drawn once in a form (placed by the footer's matrix,
        # which the text visitor does not apply: it reports the form's own origin).
        body = [y for y in ys if abs(y - FOOTER) > 1 and y != 0]
        assert body and min(body) >= BOTTOM and max(body) <= height - MARGIN


def _page_numbers(pages: list[str]) -> None:
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页" in page and f"共 {total} 页" in page


def test_ledger_of_a_village_from_demo_data(demo: ServiceContext, tmp_path: Path) -> None:
    place = printouts.area(demo, VILLAGE)
    rows = printouts.ledger_rows(demo, place)
    with demo.db.read() as session:
        assignments = session.scalars(select(Assignment).where(Assignment.deleted == False)).all()  # noqa: E712
        heads = {m.household_id: m.id_number for m in session.scalars(
            select(Member).where(Member.relation == "户主"))}
    assert len(rows) == len(assignments) > 0
    out = tmp_path / "ledger.pdf"
    write_ledger(out, place.full_name, rows, TODAY)

    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = "\n".join(pdf_text(out))
    assert "帮扶责任人台账" in text and place.full_name in text and "打印日期：2026-11-23" in text
    for row in rows:
        assert row.person_name in text and row.household_number in text
        assert row.head_id_number in heads.values() and row.head_id_number in text
    assert all(row.county == "武邑县" and row.village for row in rows)
    assert all(embedded for _, embedded in font_files(out))
    _page_numbers(pdf_text(out))


def test_visit_counts_in_the_ledger_fall_inside_each_assignment(demo: ServiceContext) -> None:
    rows = printouts.ledger_rows(demo, printouts.area(demo, "131122"))
    assert any(r.visits for r in rows)
    assert all(r.visits >= 0 for r in rows)
    ended = [r for r in rows if r.end is not None]
    assert all(r.start is not None and r.start <= r.end for r in ended)


def _ledger_row(i: int) -> LedgerRow:
    return LedgerRow(county="武邑县", township="审坡镇", village=f"第{i % 7}村",
                     household_number=f"13112210020100{i:02d}", head_name=f"户主{i:03d}",
                     head_id_number=f"1311221960010{i:04d}1", person_name=f"责{i:03d}",
                     person_sex="男", political_status="中共党员",
                     unit="武邑县乡村振兴局驻村工作队和县直机关工委联合帮扶工作组" if i % 5 == 0
                     else "武邑县财政局", unit_relation="县级", phone="13800000000",
                     start=date(2025, 1, 1), end=None, visits=i % 13)


def test_a_long_ledger_repeats_its_header_and_numbers_every_page(tmp_path: Path) -> None:
    rows = [_ledger_row(i) for i in range(1, 151)]
    out = tmp_path / "ledger.pdf"
    write_ledger(out, "武邑县审坡镇", rows, TODAY)
    pages = pdf_text(out)
    assert len(pages) >= 4
    assert all("户主身份证号" in p and "联系电话" in p for p in pages)
    assert all("帮扶责任人台账（续）" in p for p in pages[1:])
    _page_numbers(pages)
    text = "\n".join(pages)
    for i in range(1, 151):
        assert text.count(f"责{i:03d}") == 1
    assert "填报单位（盖章）" in pages[-1]
    _inside_margins(out)


def test_due_list_from_demo_data_one_worker_per_page(demo: ServiceContext, tmp_path: Path) -> None:
    workers = printouts.due_lists(demo, None, DUE_MONTH)
    due = VisitService(demo).due(until=date(2027, 2, 28), limit=10**6)
    assert sum(len(w.rows) for w in workers) == len(due) > 0
    out = tmp_path / "due.pdf"
    write_due_list(out, "武邑县", DUE_MONTH, workers, TODAY)
    pages = pdf_text(out)
    text = "\n".join(pages)
    assert "入户走访计划" in text and "2027年2月" in text
    for item in due:
        assert item.head_name in text
    for worker in workers:
        name = worker.worker.name if worker.worker else "未设网格员的村"
        assert name in text
    assert len(pages) >= len(workers)
    _page_numbers(pages)
    assert all(embedded for _, embedded in font_files(out))


def test_due_list_of_one_village_only(demo: ServiceContext) -> None:
    place = printouts.area(demo, VILLAGE)
    everywhere = printouts.due_lists(demo, None, DUE_MONTH)
    here = printouts.due_lists(demo, place, DUE_MONTH)
    assert sum(len(w.rows) for w in here) <= sum(len(w.rows) for w in everywhere)
    assert {r.village for w in here for r in w.rows} <= {place.name}


def test_a_long_due_list_continues_with_the_worker_on_each_page(tmp_path: Path) -> None:
    rows = tuple(DueRow(village="姚集村", household_number=f"13112210020100{i:02d}",
                        head_name=f"户主{i:03d}", phone="13800000000", address=f"姚集村{i}号",
                        monitored=i % 3 == 0, last_visit=date(2026, 8, 1), due=date(2026, 9, 1),
                        days_overdue=83) for i in range(60))
    workers = [WorkerDue(Contact("李东升", "18301793193"), rows),
               WorkerDue(None, rows[:3])]
    out = tmp_path / "due.pdf"
    write_due_list(out, "武邑县", MONTH, workers, TODAY)
    pages = pdf_text(out)
    assert len(pages) >= 4
    first_worker = [p for p in pages if "李东升" in p]
    assert len(first_worker) >= 3 and all("户主签字" in p for p in first_worker)
    assert "未设网格员的村" in pages[-1] and "李东升" not in pages[-1]
    _page_numbers(pages)
    _inside_margins(out)


def test_monthly_analysis_from_demo_data(demo: ServiceContext, tmp_path: Path) -> None:
    data = printouts.monthly(demo, MONTH)
    figures = data.figures
    stats = StatsService(demo).overview()
    # The running month is taken as of today: the same state the overview counts.
    assert figures.households == stats.households and figures.members == stats.members
    # Monitored: identified and not yet eliminated, whether or not an elimination is under way.
    with demo.db.read() as session:
        cases = session.scalars(select(MonitoringCase)).all()
    assert figures.monitored == sum(1 for c in cases if c.identified_on and not c.eliminated_on)
    assert figures.monitored >= sum(stats.monitored_by_category.values())
    assert figures.overdue == stats.overdue_visits
    assert sum(p.households for p in figures.places) == stats.households
    assert figures.visits_done >= figures.households_visited > 0
    out = tmp_path / "monthly.pdf"
    write_report(out, data)

    pages = pdf_text(out)
    text = "\n".join(pages)
    assert "防止返贫动态监测和帮扶工作月分析" in text and "统计期间：2026年11月" in text
    for heading in ("一、总体情况", "二、监测对象构成", "三、分乡镇情况", "四、帮扶措施", "五、风险预警"):
        assert heading in text
    for count in figures.monitored_by_category:
        assert count.label in text
    for place in figures.places:
        assert place.name in text
    assert re.search(r"入户走访\s*\d+ 次 / \d+ 户", text)
    assert "在监测户" in text and "本期风险消除" in text  # the chart's legend
    assert all(embedded for _, embedded in font_files(out))
    _page_numbers(pages)
    _inside_margins(out)


def test_a_month_without_anything_still_prints(demo: ServiceContext, tmp_path: Path) -> None:
    data = printouts.monthly(demo, date(2020, 1, 1))
    assert not data.figures.identified_by_category and not data.figures.warnings and data.figures.visits_done == 0
    out = tmp_path / "monthly.pdf"
    write_report(out, data)
    text = "\n".join(pdf_text(out))
    assert "本期没有新识别纳入的监测对象" in text and "本期没有产生新的风险预警" in text
