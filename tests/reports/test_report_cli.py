"""`fangpin report monthly|quarterly|yearly`: terminal, JSON, PDF and Excel read back, and refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.reports import ReportKind, ReportService
from tests.conftest import PASSWORD, TODAY
from tests.printing.conftest import font_files
from tests.reports.conftest import TOWNSHIP, VILLAGE, Query
from tests.reports.expected import expected_figures


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_carries_every_figure(county_db: str, sql: Query, capsys) -> None:
    code, out, _ = _run(capsys, "monthly", "--db", str(county_db), "--period", "2026-10", "--scope", TOWNSHIP,
                        "--json")
    assert code == 0
    data = json.loads(out)
    figures = data["figures"]
    expected = expected_figures(sql, TOWNSHIP, date(2026, 10, 1), date(2026, 10, 31),
                                [(date(2026, 10, 1), date(2026, 10, 31))])
    assert figures["households"] == expected["households"] and figures["visits_due"] == expected["visits_due"]
    assert figures["monitored"] == sum(expected["monitored_by_category"].values())
    assert figures["elimination_rate"] == pytest.approx(expected["eliminated_total"] / expected["identified_total"])
    assert data["as_of"] == "2026-10-31" and data["scope_code"] == TOWNSHIP and data["title"] == "月分析"


def test_terminal_table(county_db: str, capsys) -> None:
    code, out, _ = _run(capsys, "quarterly", "--db", str(county_db), "--period", "2026-Q3")
    assert code == 0
    assert "2026年第3季度季调度" in out and "消除风险率" in out and "需关注农户共" in out
    assert "武邑镇" in out and "清凉店镇" in out  # the county lists its townships


def test_pdf_reads_back_with_charts_and_embedded_font(county_db: str, county: ServiceContext, tmp_path: Path,
                                                      capsys) -> None:
    out = tmp_path / "年考核.pdf"
    code, printed, _ = _run(capsys, "yearly", "--db", str(county_db), "--period", "2026", "--scope", VILLAGE,
                            "--out", str(out))
    assert code == 0 and str(out) in printed
    text = "\n".join(page.extract_text() or "" for page in PdfReader(out).pages)
    report = ReportService(county).build(ReportKind.YEARLY, "2026", VILLAGE)
    assert "防止返贫动态监测和帮扶工作年考核" in text and "统计期间：2026年" in text
    for heading in ("总体情况", "监测对象构成", "分村情况", "帮扶措施", "风险预警", "分月情况", "返贫致贫监测"):
        assert heading in text
    assert f"{report.figures.visits_done:,} 次 / {report.figures.households_visited:,} 户" in text
    assert "扶志扶智" in text and "11月" in text  # the measures table and the months
    assert all(embedded for _, embedded in font_files(out))
    pages = PdfReader(out).pages
    assert float(pages[0].mediabox.width) == pytest.approx(595.28, abs=0.5)  # A4


def test_excel_reads_back(county_db: str, county: ServiceContext, tmp_path: Path, capsys) -> None:
    out = tmp_path / "季调度.xlsx"
    code, _, _ = _run(capsys, "quarterly", "--db", str(county_db), "--period", "2026-Q3", "--scope", TOWNSHIP,
                      "--out", str(out))
    assert code == 0
    report = ReportService(county).build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["总体情况", "分村情况", "监测对象构成", "帮扶措施", "风险预警", "分月情况", "需关注农户"]
    summary = book["总体情况"]
    assert summary["A1"].value == "武邑县武邑镇2026年第3季度季调度"
    assert "A1:B1" in {str(r) for r in summary.merged_cells.ranges} and summary.freeze_panes == "A4"
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=4, values_only=True)}
    assert values["需关注农户"] == f"{report.attention_households:,} 户"
    measures = book["帮扶措施"]
    assert measures["B3"].value == "期末" and measures.freeze_panes == "A5"  # merged two-row header
    rows = list(measures.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == [m.kind for m in report.figures.measures]
    assert [r[1] for r in rows] == [m.in_force for m in report.figures.measures]
    attention = list(book["需关注农户"].iter_rows(min_row=4, values_only=True))
    listed = [r for r in attention if isinstance(r[0], int)]
    assert len(listed) == report.attention_households
    assert {r[3] for r in listed} == {i.head_name for v in report.attention for i in v.items}
    assert book["需关注农户"].page_setup.orientation == "landscape"
    villages = list(book["分村情况"].iter_rows(min_row=5, values_only=True))
    assert villages[-1][0] == "合计" and villages[-1][1] == report.figures.households


@pytest.mark.parametrize(("args", "message"), [
    (("monthly", "--period", "2026年10月"), "格式不对"),
    (("monthly", "--period", "2026-13"), "月份 13 不对"),
    (("quarterly", "--period", "2026-Q5"), "YYYY-Qn"),
    (("quarterly", "--period", "2026-10"), "YYYY-Qn"),
    (("yearly", "--period", "1999"), "不在"),
    (("monthly", "--period", "2026-12"), "还没有开始"),
    (("monthly", "--period", "2026-10", "--scope", "13112210x"), "范围代码"),
    (("monthly", "--period", "2026-10", "--scope", "131100"), "只能是村、乡镇或县"),
    (("monthly", "--period", "2026-10", "--scope", "130102"), "不在本数据库的工作范围"),
    (("monthly", "--period", "2026-10", "--scope", "131122100299"), "不是本数据库区划表中的"),
    (("monthly", "--period", "2026-10", "--out", "report.docx"), ".pdf 或 .xlsx"),
])
def test_bad_inputs_are_refused_in_chinese(county_db: str, tmp_path: Path, capsys, args: tuple[str, ...],
                                           message: str) -> None:
    kind, *rest = args
    rest = [str(tmp_path / a) if a.endswith(".docx") else a for a in rest]
    code, out, err = _run(capsys, kind, "--db", str(county_db), *rest)
    assert code == 2 and message in err and not out
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_a_worker_database_cannot_report_on_its_township(open_copy) -> None:
    worker = open_copy("worker")
    with pytest.raises(UserFacingError, match="不在本数据库的工作范围"):
        ReportService(worker).build(ReportKind.MONTHLY, "2026-10", "131122100")
    report = ReportService(worker).build(ReportKind.MONTHLY, "2026-10")
    assert report.scope_code == "131122100201" and report.figures.households == 0


def test_the_monthly_excel_ledger_is_this_months_report(county_db: str, county: ServiceContext, tmp_path: Path,
                                                        capsys) -> None:
    """`excel export --ledger 月分析` and the 打印 page's Excel give the same sheets and figures as the report."""
    from app.printing.analysis_data import key_figures

    out = tmp_path / "月分析.xlsx"
    assert main(["excel", "export", "--db", str(county_db), "--ledger", "月分析", "--village", VILLAGE,
                 "--out", str(out)]) == 0
    report = ReportService(county).build(ReportKind.MONTHLY, f"{TODAY:%Y-%m}", VILLAGE)  # the pinned day
    summary = openpyxl.load_workbook(out)["总体情况"]
    shown = [tuple(row) for row in summary.iter_rows(min_row=4, max_col=2, values_only=True) if row[0]]
    assert shown == [*(("注意", w) for w in report.warnings), *(tuple(pair) for pair in key_figures(report))]
