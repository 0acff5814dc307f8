"""check-id(x): our one function beyond XPath, true for a valid GB 11643 ID number or a blank answer."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.idnumber import make_id_number
from app.forms.expressions import Context, ExpressionError, evaluate, parse

TODAY = date(2026, 11, 23)
GOOD = make_id_number("130102", date(1970, 1, 1), 123)
WRONG_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


def check(current: object, source: str = "check-id(.)") -> object:
    return evaluate(source, Context(current=current, today=TODAY))


@pytest.mark.parametrize("value", [GOOD, GOOD.lower(), f" {GOOD} ", "", "   ", None])
def test_valid_or_blank_numbers_pass(value: object) -> None:
    assert check(value) is True


@pytest.mark.parametrize("value", [
    WRONG_CHECK,  # check character
    GOOD[:17],  # too short
    make_id_number("130102", date(2030, 1, 1), 123),  # born after today
    "99" + GOOD[2:],  # no such province
    "abc",
])
def test_wrong_numbers_fail(value: str) -> None:
    assert check(value) is False


def test_check_id_on_a_reference_and_inside_other_functions() -> None:
    context = Context(values={"id": GOOD, "other": WRONG_CHECK}, today=TODAY)
    assert evaluate("check-id(${id}) and not(check-id(${other}))", context) is True
    assert evaluate("if(check-id(${other}), 'ok', 'bad')", context) == "bad"


def test_check_id_takes_exactly_one_argument() -> None:
    with pytest.raises(ExpressionError, match="check-id"):
        parse("check-id()")
    with pytest.raises(ExpressionError, match="check-id"):
        parse("check-id(., .)")
