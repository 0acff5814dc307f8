"""Dates as people type them: every accepted spelling reads back the same day; anything else says why not."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.dates import check_date_range, months_before, parse_typed_date, short_date, spoken_date
from app.domain.errors import UserFacingError

DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))

SPELLINGS = (
    lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}",
    lambda d: d.isoformat(),
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}号",
    lambda d: f" {d.year} {d.month} {d.day} ",
)


@given(DAYS, st.sampled_from(SPELLINGS))
def test_every_spelling_reads_back_the_same_day(day: date, spell) -> None:
    assert parse_typed_date(spell(day)) == day


@given(DAYS)
def test_full_width_digits_from_an_input_method(day: date) -> None:
    full_width = day.isoformat().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"})
    assert parse_typed_date(full_width) == day


@given(st.text(max_size=20))
def test_any_text_is_a_date_blank_or_a_chinese_refusal(text: str) -> None:
    try:
        parsed = parse_typed_date(text)
    except UserFacingError as error:
        assert "不是日期" in error.message
    else:
        assert parsed is None or isinstance(parsed, date)


@pytest.mark.parametrize(("typed", "expected"), [
    ("20261205", date(2026, 12, 5)), ("2026-12-05", date(2026, 12, 5)), ("2026.12.5", date(2026, 12, 5)),
    ("2026/12/5", date(2026, 12, 5)), ("2026年12月5日", date(2026, 12, 5)), ("2026-1-7", date(2026, 1, 7)),
    ("20270107", date(2027, 1, 7)), ("2024-02-29", date(2024, 2, 29)),
])
def test_the_spellings_in_the_issue(typed: str, expected: date) -> None:
    assert parse_typed_date(typed) == expected


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"])
def test_blank_is_no_date(blank: str) -> None:
    assert parse_typed_date(blank) is None


@pytest.mark.parametrize(("typed", "reason"), [
    ("2026-02-30", "2026年2月只有 28 天，没有 30 日"),
    ("2025-02-29", "2025年2月只有 28 天，没有 29 日"),
    ("2026-13-01", "月份应为 1 至 12，不能是 13"),
    ("20260001", "月份应为 1 至 12，不能是 0"),
    ("2026-04-31", "2026年4月只有 30 天，没有 31 日"),
    ("abc", "请按 20261205、2026-12-05"),
    ("2026120", "请按 20261205"),
    ("2026-12/05", "请按 20261205"),
    ("26-12-05", "请按 20261205"),
    ("0000-01-01", "年份应为四位数"),
])
def test_what_is_not_a_date_is_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        parse_typed_date(typed)
    assert f"“{typed}”不是日期" in refused.value.message and reason in refused.value.message


def test_a_date_is_spoken_with_its_weekday() -> None:
    assert spoken_date(date(2026, 12, 5)) == "2026年12月5日 星期六"
    assert spoken_date(date(2026, 11, 23)) == "2026年11月23日 星期一"
    assert short_date(date(2027, 1, 7)) == "2027年1月7日"


def test_range_bounds_are_inclusive_and_named() -> None:
    today = date(2026, 11, 23)
    check_date_range(today, maximum=today, minimum=today)
    with pytest.raises(UserFacingError, match="日期不能晚于今天（2026年11月23日）"):
        check_date_range(date(2026, 11, 24), maximum=today, maximum_name="今天")
    with pytest.raises(UserFacingError, match="日期不能早于2026年1月1日"):
        check_date_range(date(2025, 12, 31), minimum=date(2026, 1, 1))


def test_months_before_keeps_the_day_or_the_month_end() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 2) == date(2025, 11, 15)
