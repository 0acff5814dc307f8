"""Every report starts with the stale-line warning (terminal, JSON, PDF, Excel) while the line in
force is older than the county's review period, and drops it once this year's line is set."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.income import stale_line_warning
from app.services.context import ServiceContext
from app.services.policy import PolicyService
from app.services.reports import ReportKind, ReportService
from tests.conftest import PASSWORD
from tests.reports.conftest import VILLAGE


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)


def test_every_report_output_starts_with_the_warning(county_copy: ServiceContext, tmp_path: Path, capsys) -> None:
    location = str(county_copy.db.location)
    report = ReportService(county_copy).build(ReportKind.MONTHLY, "2026-11", VILLAGE)
    warning = PolicyService(county_copy).line_warning()
    assert warning and report.warnings == (warning,)
    assert main(["report", "monthly", "--db", location, "--period", "2026-11", "--scope", VILLAGE]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"注意：{warning}"
    assert main(["report", "yearly", "--db", location, "--period", "2026", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == [warning]
    pdf, xlsx = tmp_path / "月分析.pdf", tmp_path / "季调度.xlsx"
    assert main(["report", "monthly", "--db", location, "--period", "2026-11", "--scope", VILLAGE,
                 "--out", str(pdf)]) == 0
    first_page = "".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    assert "注意：监测线已过期" in first_page
    assert first_page.index("注意：监测线已过期") < first_page.index("一、总体情况")
    assert main(["report", "quarterly", "--db", location, "--period", "2026-Q4", "--out", str(xlsx)]) == 0
    summary = openpyxl.load_workbook(xlsx)["总体情况"]
    first_row = next(row for row in summary.iter_rows(min_row=4, max_col=2, values_only=True) if row[0])
    assert first_row == ("注意", warning)


def test_a_past_report_judges_the_line_of_its_own_date(county_copy: ServiceContext) -> None:
    PolicyService(county_copy).add_income_line(date(2026, 1, 1), "7200", "2026年监测线")
    assert ReportService(county_copy).build(ReportKind.MONTHLY, "2026-11").warnings == ()
    lines = PolicyService(county_copy).income_lines()
    assert ReportService(county_copy).build(ReportKind.YEARLY, "2025").warnings == (
        stale_line_warning(lines, date(2025, 12, 31)),)
