"""The 年考核's 返贫致贫 check follows the policy's definition (income below the standard AND one of
两不愁三保障/饮水安全 not secured, or income alone if the county says so), and lists 应纳未纳 —
households meeting it outside monitoring — apart from monitored ones."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from app.domain.errors import UserFacingError
from app.domain.income import PovertyDefinition
from app.services.context import ServiceContext
from app.services.policy import PolicyService
from app.services.reports import ReportKind, ReportService
from tests.conftest import TODAY
from tests.reports.conftest import TOWNSHIP, Query, sql_on

CHECKS = ("food_secure", "clothing_secure", "education_secure", "medical_secure", "housing_secure", "water_secure")


def _expected(sql: Query, standard: Decimal, with_security: bool) -> tuple[set[str], set[str]]:
    insecure = " OR ".join(f"h.{c} = false" for c in CHECKS)
    rows = sql(f"SELECT h.household_number, ({insecure}) AS insecure, EXISTS (SELECT 1 FROM monitoringcase c "
               "WHERE c.household_id = h.id AND c.deleted = false AND c.identified_on IS NOT NULL "
               "AND c.identified_on <= :d AND (c.eliminated_on IS NULL OR c.eliminated_on > :d)) AS monitored "
               "FROM incomerecord i JOIN household h ON h.id = i.household_id WHERE i.deleted = false "
               "AND h.deleted = false AND i.year = :y AND i.per_capita_income < :s",
               d=TODAY.isoformat(), y=TODAY.year, s=float(standard))
    meeting = [(number, bool(monitored)) for number, insecure_, monitored in rows if insecure_ or not with_security]
    return {n for n, m in meeting if m}, {n for n, m in meeting if not m}


def test_the_check_follows_the_policy_and_separates_not_taken_in(county_copy: ServiceContext, tmp_path: Path) -> None:
    ctx = county_copy
    # Make the check meaningful: a household below the standard outside monitoring with a check not
    # met, one in monitoring with one, and one below it with everything secured.
    sql = sql_on(ctx)
    low = sql("SELECT h.id, EXISTS (SELECT 1 FROM monitoringcase c WHERE c.household_id = h.id "
              "AND c.deleted = false AND c.identified_on IS NOT NULL AND c.eliminated_on IS NULL) "
              "FROM household h JOIN incomerecord i ON i.household_id = h.id "
              "WHERE i.year = :y AND i.deleted = false AND h.deleted = false ORDER BY h.id", y=TODAY.year)
    outside = [h for h, monitored in low if not monitored][:3]
    inside = [h for h, monitored in low if monitored][:2]
    assert len(outside) == 3 and len(inside) == 2
    with ctx.db.engine.begin() as connection:
        for household_id in (*outside, *inside):
            connection.execute(text("UPDATE incomerecord SET per_capita_income = 3000 WHERE household_id = :h "
                                    "AND year = :y"), {"h": household_id, "y": TODAY.year})
        for household_id in (outside[0], outside[1], inside[0]):
            connection.execute(text("UPDATE household SET water_secure = false WHERE id = :h"), {"h": household_id})
        for household_id in (outside[2], inside[1]):
            connection.execute(text(f"UPDATE household SET {', '.join(f'{c} = true' for c in CHECKS)} "
                                    "WHERE id = :h"), {"h": household_id})
    report = ReportService(ctx).build(ReportKind.YEARLY, str(TODAY.year))
    checks = report.year
    assert checks is not None and checks.definition == PovertyDefinition().describe()
    standard = Decimal(str(checks.poverty_standard))
    assert standard == Decimal("4400.00")  # 6,600 ÷ 1.5
    returned, not_taken_in = _expected(sql, standard, with_security=True)
    assert {p.household_number for p in checks.returned} == returned
    assert {p.household_number for p in checks.not_taken_in} == not_taken_in
    assert len(returned) >= 1 and len(not_taken_in) >= 2
    assert checks.returned_to_poverty == len(returned) + len(not_taken_in) < len(checks.below_standard)
    assert all("饮水安全" in p.unmet or p.unmet for p in (*checks.returned, *checks.not_taken_in))
    out = tmp_path / "年考核.xlsx"
    ReportService(ctx).write(report, out)
    sheet = openpyxl.load_workbook(out)["返贫致贫监测"]
    groups = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] in ("应纳未纳", "已在监测")]
    assert groups.count("应纳未纳") == len(not_taken_in) and groups.count("已在监测") == len(returned)

    # The county may judge by income alone, and set another ratio.
    PolicyService(ctx).set_poverty_definition({"needs_insecurity": False, "line_over_standard": "1.2"})
    checks = ReportService(ctx).build(ReportKind.YEARLY, str(TODAY.year)).year
    assert checks is not None and checks.poverty_standard == pytest.approx(5500.0)
    assert checks.returned_to_poverty == len(checks.below_standard) > 0
    with pytest.raises(UserFacingError, match="1 到 5"):
        PolicyService(ctx).set_poverty_definition({"line_over_standard": "0.5"})


def test_the_township_report_checks_only_its_households(county: ServiceContext) -> None:
    checks = ReportService(county).build(ReportKind.YEARLY, str(TODAY.year), TOWNSHIP).year
    assert checks is not None
    assert {p.household_number for p in (*checks.returned, *checks.not_taken_in)} <= {
        p.household_number for p in checks.below_standard}
