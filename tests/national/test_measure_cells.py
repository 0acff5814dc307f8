"""A measure's dates and amount in its national field's cell: written and read back, hostile cells refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.excel.cleaning import CellError
from app.national.measure_cells import MeasureCell, measure_text, read_measure


def test_written_and_read_back() -> None:
    text = measure_text("护林员", date(2026, 10, 1), None, Decimal("6000.00"))
    assert text == "护林员（2026-10-01起，6000元）"
    assert read_measure(text) == MeasureCell("护林员", date(2026, 10, 1), None, Decimal(6000))
    ended = measure_text("小额信贷", date(2026, 1, 5), date(2026, 12, 31), Decimal("1234.50"))
    assert ended == "小额信贷（2026-01-05至2026-12-31，1234.50元）"
    assert read_measure(ended) == MeasureCell("小额信贷", date(2026, 1, 5), date(2026, 12, 31), Decimal("1234.5"))
    assert measure_text("家庭医生签约", date(2026, 3, 1), None, Decimal(0)) == "家庭医生签约（2026-03-01起）"


@pytest.mark.parametrize("cell", ["大病保险", "其他（村集体分红）", "产业奖补（2户）"])
def test_plain_names_and_brackets_of_the_name_stay_names(cell: str) -> None:
    assert read_measure(cell) == MeasureCell(cell)


def test_typed_spellings_are_read() -> None:
    assert read_measure(" 护路员(2026年3月1日至2026.12.31, 1.2万元) ") == MeasureCell(
        "护路员", date(2026, 3, 1), date(2026, 12, 31), Decimal(12000))


@pytest.mark.parametrize(("cell", "message"), [
    ("护林员（2026-12-01至2026-01-01，100元）", "早于开始日期"),
    ("护林员（2026-13-45起）", "措施“护林员”：日期“2026-13-45”不存在"),
    ("护林员（2026-10-01起，很多元）", "措施“护林员”：金额不是有效的金额"),
])
def test_hostile_details_are_refused_with_a_reason(cell: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        read_measure(cell)
