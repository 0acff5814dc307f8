"""Calendar-month arithmetic shared by the rules, and dates as people type them (Qt-free)."""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import date

from app.domain.errors import UserFacingError


def month_index(day: date) -> int:
    """Months since year 0, so that consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def first_of_month_index(index: int) -> date:
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when that month is shorter)."""
    year, month0 = divmod(month_index(day) - months, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


# --- dates as people type them -------------------------------------------------------------------

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
EXAMPLES = "20261205、2026-12-05、2026.12.5、2026/12/5 或 2026年12月5日"
# 20261205: eight digits, no separators.
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# 2026-12-05, 2026-1-7, 2026.12.5, 2026/12/5, 2026 12 5, 2026年12月5日 (号 too), one separator style throughout.
_SEPARATED = re.compile(r"(\d{4})\s*([-./ ])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def parse_typed_date(text: str) -> date | None:
    """A date typed on a keyboard (or by an input method), or None for a blank one.

    Accepts 20261205, 2026-12-05, 2026-1-7, 2026.12.5, 2026/12/5, 2026年12月5日 and their full-width forms;
    raises UserFacingError saying why anything else is not a date (2026-02-30, abc)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    for pattern in (_COMPACT, _SEPARATED, _CHINESE):
        match = pattern.fullmatch(cleaned)
        if match:
            numbers = [group for group in match.groups() if group.isdigit()]
            year, month, day = (int(number) for number in numbers)
            return _calendar_date(cleaned, year, month, day)
    raise UserFacingError(f"“{cleaned}”不是日期，请按 {EXAMPLES} 的样子输入。")


def _calendar_date(text: str, year: int, month: int, day: int) -> date:
    if year < date.min.year:
        raise UserFacingError(f"“{text}”不是日期：年份应为四位数，如 2026。")
    if not 1 <= month <= 12:
        raise UserFacingError(f"“{text}”不是日期：月份应为 1 至 12，不能是 {month}。")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise UserFacingError(f"“{text}”不是日期：{year}年{month}月只有 {last} 天，没有 {day} 日。")
    return date(year, month, day)


def spoken_date(day: date) -> str:
    """How a person reads a date back: 2026年12月5日 星期六."""
    return f"{day.year}年{day.month}月{day.day}日 {WEEKDAYS[day.weekday()]}"


def short_date(day: date) -> str:
    """2026年12月5日, for messages."""
    return f"{day.year}年{day.month}月{day.day}日"


def check_date_range(day: date, minimum: date | None = None, maximum: date | None = None, *,
                     minimum_name: str = "", maximum_name: str = "") -> None:
    """Refuse a date outside [minimum, maximum]; a name says what the bound is (今天, 出生日期)."""
    if maximum is not None and day > maximum:
        bound = f"{maximum_name}（{short_date(maximum)}）" if maximum_name else short_date(maximum)
        raise UserFacingError(f"{short_date(day)}不行：日期不能晚于{bound}。")
    if minimum is not None and day < minimum:
        bound = f"{minimum_name}（{short_date(minimum)}）" if minimum_name else short_date(minimum)
        raise UserFacingError(f"{short_date(day)}不行：日期不能早于{bound}。")
