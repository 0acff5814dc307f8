"""Calendar-month arithmetic shared by the rules."""

from __future__ import annotations

from calendar import monthrange
from datetime import date


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
