"""One measure in a national measure field's cell, with its dates and amount.

The national 信息采集表 has one cell per measure field (产业帮扶, 公益岗位帮扶 …) and a household
may have several measures under one field, so each is written as ``名称（开始日期起，金额元）`` or
``名称（开始日期至结束日期，金额元）`` and the items joined by the template's separator. Reading
accepts the plain name too (a national export typed by hand has no details): the measure then
starts on the identification date, as before. No database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.excel import cleaning

# A trailing （…） whose first part is a date: the details. A name may hold brackets of its own.
_DETAIL = re.compile(r"^(?P<name>.+?)\s*[（(](?P<inner>[^（）()]*\d[^（）()]*)[）)]\s*$")
_RANGE = re.compile(r"^(?P<start>.+?)(?:起|至(?P<end>.+))$")


@dataclass(frozen=True)
class MeasureCell:
    name: str
    start: date | None = None
    end: date | None = None
    amount: Decimal | None = None


def measure_text(name: str, start: date | None, end: date | None, amount: Decimal | None) -> str:
    """The measure as the export writes it into its national field's cell."""
    if start is None:
        return name
    when = f"{start.isoformat()}至{end.isoformat()}" if end is not None else f"{start.isoformat()}起"
    money = f"，{_yuan(amount)}元" if amount else ""
    return f"{name}（{when}{money}）"


def read_measure(text: str) -> MeasureCell:
    """One item of a measure cell; raises cleaning.CellError naming what is wrong in its details."""
    text = text.strip()
    found = _DETAIL.match(text)
    if found is None:
        return MeasureCell(text)
    parts = re.split(r"[，,；;]\s*", found["inner"].strip())
    span = _RANGE.match(parts[0].strip())
    if span is None:
        # Brackets without a date range are part of the name (“其他（村集体分红）”).
        return MeasureCell(text)
    name = found["name"].strip()
    try:
        start = cleaning.day(span["start"].strip())
        end = cleaning.day(span["end"].strip()) if span["end"] else None
        amount: Decimal | None = None
        for part in parts[1:]:
            if part.strip():
                amount = cleaning.amount(part.strip())
    except cleaning.CellError as error:
        raise cleaning.CellError(f"措施“{name}”：{error.message}") from None
    if start is not None and end is not None and end < start:
        raise cleaning.CellError(f"措施“{name}”的结束日期 {end} 早于开始日期 {start}。")
    return MeasureCell(name, start, end, amount)


def _yuan(amount: Decimal) -> str:
    value = Decimal(amount)
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"
