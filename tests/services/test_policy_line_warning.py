"""The stale monitoring line: one decision (app.domain.income.stale_line_warning), shown by the
policy service, `fangpin stats` and the 统计 overview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.cli import main
from app.domain.errors import UserFacingError
from app.domain.income import IncomeLine, default_income_lines, stale_line_warning
from app.services.policy import PolicyService
from app.services.stats import StatsService
from tests.conftest import PASSWORD, TODAY

HEBEI = default_income_lines()


def test_the_2021_line_is_stale_in_2026() -> None:
    warning = stale_line_warning(HEBEI, date(2026, 11, 23))
    assert warning is not None
    assert "2026年尚未设置收入监测线" in warning and "2021-10-01" in warning and "6600 元" in warning


def test_a_line_of_the_current_year_is_current() -> None:
    lines = (*HEBEI, IncomeLine(date(2026, 1, 1), Decimal(7200)))
    assert stale_line_warning(lines, date(2026, 11, 23)) is None
    # On 2026-12-31 a line set for 2027 is not yet in force: the 2026 line still counts.
    assert stale_line_warning((*lines, IncomeLine(date(2027, 1, 1), Decimal(7500))), date(2026, 12, 31)) is None
    # In 2027 before that line takes effect… it does on 1 January, so the year is covered.
    assert stale_line_warning((*lines, IncomeLine(date(2027, 1, 1), Decimal(7500))), date(2027, 1, 1)) is None


def test_the_review_period_is_the_countys() -> None:
    lines = (*HEBEI, IncomeLine(date(2025, 3, 1), Decimal(7000)))
    assert stale_line_warning(lines, date(2026, 5, 1), review_years=1) is not None
    assert stale_line_warning(lines, date(2026, 5, 1), review_years=2) is None
    warning = stale_line_warning(lines, date(2027, 5, 1), review_years=2)
    assert warning is not None and "2026—2027年" in warning and "每 2 年" in warning


def test_no_line_at_all_or_none_in_force_is_a_warning() -> None:
    assert "尚未设置收入监测线" in (stale_line_warning((), date(2026, 1, 1)) or "")
    assert "没有生效的收入监测线" in (stale_line_warning(HEBEI, date(2019, 6, 1)) or "")


def test_policy_and_stats_warn_until_the_county_sets_this_years_line(ctx) -> None:
    policy = PolicyService(ctx)
    assert ctx.today() == TODAY
    assert policy.line_warning() == stale_line_warning(HEBEI, TODAY)
    assert StatsService(ctx).overview().line_warning == policy.line_warning()
    policy.set_line_review_years(5)  # 2022–2026: the 2021 line is still too old
    assert "每 5 年" in (policy.line_warning() or "") and policy.line_review_years() == 5
    policy.set_line_review_years(1)
    policy.add_income_line(date(2026, 1, 1), "7200", "2026年监测线")
    assert policy.line_warning() is None and StatsService(ctx).overview().line_warning is None
    with pytest.raises(UserFacingError, match="1 到 5 年"):
        policy.set_line_review_years(0)


def test_fangpin_stats_prints_the_warning_first(ctx, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    location = ctx.db.location
    ctx.db.close()
    assert main(["stats", "--db", str(location)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("注意：监测线已过期：") and "2021-10-01" in first
