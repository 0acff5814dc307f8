from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import UserFacingError
from app.domain.income import (
    IncomeComponents,
    IncomeLine,
    check_income_lines,
    default_income_lines,
    format_yuan,
    line_in_force,
    net_income,
    per_capita_net_income,
    to_decimal,
    validate_amount,
    validate_income,
)

D = Decimal


def message_of(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(UserFacingError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.message


# --- components and net income ------------------------------------------------------------


def test_net_income_is_four_incomes_minus_business_expense() -> None:
    c = IncomeComponents(wage=D("12000"), business=D("8000"), property=D("500"),
                         transfer=D("3600"), business_expense=D("5000"),
                         insurance_payout=D("9000"), eligible_out_of_pocket=D("20000"))
    assert net_income(c) == D("19100")


def test_net_income_may_be_negative_after_a_business_loss() -> None:
    assert net_income(IncomeComponents(business=D(1000), business_expense=D(4000))) == D(-3000)


def test_components_default_to_zero_and_convert_ints_and_strings() -> None:
    c = IncomeComponents(wage=12000, transfer="3600.50", dibao="1200")  # type: ignore[arg-type]
    assert c.wage == D(12000) and isinstance(c.wage, Decimal)
    assert c.transfer == D("3600.50")
    assert c.dibao == D(1200)
    assert c.pension is None
    assert c.business == D(0)
    assert c.transfer_items() == {"dibao": D(1200)}


def test_per_capita_rounds_half_up_to_cents() -> None:
    assert per_capita_net_income(IncomeComponents(wage=D(10000)), 3) == D("3333.33")
    assert per_capita_net_income(IncomeComponents(wage=D(20000)), 3) == D("6666.67")
    assert per_capita_net_income(IncomeComponents(wage=D("0.01")), 2) == D("0.01")
    assert per_capita_net_income(IncomeComponents(wage=D("15600")), 3) == D("5200.00")


def test_per_capita_household_size_errors() -> None:
    c = IncomeComponents(wage=D(1000))
    assert message_of(per_capita_net_income, c, 0) == (
        "家庭人口数至少为1人，实际为0人，无法计算人均纯收入。"
    )
    assert message_of(per_capita_net_income, c, -2) == (
        "家庭人口数至少为1人，实际为-2人，无法计算人均纯收入。"
    )
    assert message_of(per_capita_net_income, c, 2.5) == "家庭人口数应为整数，实际为“2.5”。"
    assert message_of(per_capita_net_income, c, True) == "家庭人口数应为整数，实际为“True”。"


amounts = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False,
                      allow_infinity=False)


@given(amounts, amounts, amounts, amounts, amounts, st.integers(min_value=1, max_value=30))
def test_per_capita_times_size_is_within_half_a_cent_each(wage: Decimal, business: Decimal,
                                                          prop: Decimal, transfer: Decimal,
                                                          expense: Decimal, size: int) -> None:
    c = IncomeComponents(wage=wage, business=business, property=prop, transfer=transfer,
                         business_expense=expense)
    per_capita = per_capita_net_income(c, size)
    assert per_capita == per_capita.quantize(D("0.01"))
    assert abs(per_capita * size - net_income(c)) <= D("0.005") * size


@given(amounts, st.integers(min_value=1, max_value=30))
def test_per_capita_of_an_exact_multiple_is_exact(amount: Decimal, size: int) -> None:
    assert per_capita_net_income(IncomeComponents(wage=amount * size), size) == amount


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (D("1234.5"), D("1234.50")),
    (1234, D("1234.00")),
    (1234.56, D("1234.56")),
    ("12,345.678", D("12345.68")),
    (" 6 600 元", D("6600.00")),
    ("１２３４．５", D("1234.50")),
    ("3，600", D("3600.00")),
    ("0", D("0.00")),
    (D("10000000"), D("10000000.00")),
])
def test_validate_amount_accepts(raw: object, expected: Decimal) -> None:
    assert validate_amount(raw, "工资性收入") == expected


@pytest.mark.parametrize(("raw", "message"), [
    (D("-1"), "“工资性收入”不能为负数（填写的是 -1 元）。"),
    ("-12,345.5", "“工资性收入”不能为负数（填写的是 -12,345.50 元）。"),
    (D("10000000.01"), "“工资性收入” 10,000,000.01 元超过 10,000,000 元，请核对是否多填了位数。"),
    ("abc", "“工资性收入”不是有效的金额：abc。"),
    ("NaN", "“工资性收入”不是有效的金额：NaN。"),
    (float("inf"), "“工资性收入”不是有效的金额：inf。"),
    ("", "“工资性收入”应填写金额。"),
    ("元", "“工资性收入”应填写金额。"),
    (None, "“工资性收入”应填写金额。"),
    (True, "“工资性收入”应填写金额。"),
    ([1], "“工资性收入”不是有效的金额：[1]。"),
])
def test_validate_amount_refuses(raw: object, message: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        validate_amount(raw, "工资性收入")
    assert caught.value.message == message
    assert caught.value.field == "工资性收入"


def test_validate_amount_with_another_maximum() -> None:
    assert message_of(validate_amount, 600, "门诊自付", maximum=D(500)) == (
        "“门诊自付” 600 元超过 500 元，请核对是否多填了位数。"
    )


def test_validate_income_names_the_bad_component() -> None:
    validate_income(IncomeComponents(wage=D(100), transfer=D(300), dibao=D(200), pension=D(100)))
    assert message_of(validate_income, IncomeComponents(business_expense=D(-5))) == (
        "“生产经营性支出”不能为负数（填写的是 -5 元）。"
    )
    assert message_of(validate_income, IncomeComponents(transfer=D(500), dibao=D(400),
                                                        pension=D(200))) == (
        "养老金、低保金合计 600 元，超过转移性收入 500 元。"
    )


def test_to_decimal() -> None:
    assert to_decimal(0.1) == D("0.1")
    assert to_decimal("5") == D(5)
    with pytest.raises(TypeError):
        to_decimal(True)


@pytest.mark.parametrize(("value", "cents", "text"), [
    (D(6600), None, "6600"),
    (D("5200"), True, "5200.00"),
    (D("23400"), None, "23,400"),
    (D("9999.5"), None, "9999.50"),
    (D("12345.678"), None, "12,345.68"),
    (D("6600.5"), False, "6601"),
    (-D("12345"), None, "-12,345"),
    (0, None, "0"),
])
def test_format_yuan(value: Decimal, cents: bool | None, text: str) -> None:
    assert format_yuan(value, cents=cents) == text


# --- monitoring lines ---------------------------------------------------------------------


def test_default_lines_are_the_hebei_seed() -> None:
    assert default_income_lines() == (
        IncomeLine(date(2020, 1, 1), D(6000), "1.5倍2020年扶贫标准"),
        IncomeLine(date(2021, 10, 1), D(6600), "河北省上调10%"),
    )


@pytest.mark.parametrize(("on", "amount"), [
    (date(2020, 1, 1), D(6000)),
    (date(2021, 9, 30), D(6000)),
    (date(2021, 10, 1), D(6600)),
    (date(2026, 11, 23), D(6600)),
])
def test_line_in_force(on: date, amount: Decimal) -> None:
    assert line_in_force(default_income_lines(), on).amount == amount
    assert line_in_force(list(reversed(default_income_lines())), on).amount == amount


def test_line_in_force_errors() -> None:
    assert message_of(line_in_force, default_income_lines(), date(2019, 12, 31)) == (
        "2019-12-31 没有生效的收入监测线（最早的监测线自 2020-01-01 起执行）。"
    )
    assert message_of(line_in_force, [], date(2026, 1, 1)) == (
        "尚未设置收入监测线，请县防贫中心先设置。"
    )


def test_line_in_force_with_two_lines_on_one_day_takes_the_one_listed_last() -> None:
    lines = [IncomeLine(date(2024, 1, 1), D(7000)), IncomeLine(date(2024, 1, 1), D(7100))]
    assert line_in_force(lines, date(2024, 6, 1)).amount == D(7100)


def test_check_income_lines() -> None:
    check_income_lines(default_income_lines())
    assert message_of(check_income_lines, [IncomeLine(date(2024, 1, 1), D(0))]) == (
        "自 2024-01-01 起的收入监测线应大于0元，实际为 0 元。"
    )
    assert message_of(check_income_lines, [IncomeLine(date(2024, 1, 1), D(7000)),
                                           IncomeLine(date(2024, 1, 1), D(7100))]) == (
        "有两条收入监测线都自 2024-01-01 起执行。"
    )


lines_strategy = st.lists(
    st.builds(IncomeLine, st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 1, 1)),
              st.decimals(min_value=1000, max_value=20000, places=0)),
    min_size=1, max_size=6,
)


@given(lines_strategy, st.dates(min_value=date(2015, 1, 1), max_value=date(2036, 1, 1)),
       st.dates(min_value=date(2015, 1, 1), max_value=date(2036, 1, 1)))
def test_line_in_force_is_monotonic_and_latest(lines: list[IncomeLine], first: date,
                                               second: date) -> None:
    earlier, later = sorted((first, second))
    if earlier < min(line.effective_from for line in lines):
        with pytest.raises(UserFacingError):
            line_in_force(lines, earlier)
        return
    a = line_in_force(lines, earlier)
    b = line_in_force(lines, later)
    assert a.effective_from <= earlier and b.effective_from <= later
    assert a.effective_from <= b.effective_from
    assert not any(a.effective_from < line.effective_from <= earlier for line in lines)
