from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from random import Random

import pytest

from app.domain.idnumber import is_valid_id_number, make_id_number
from app.excel import cleaning
from app.excel.cleaning import CellError


def test_quick_id_check_agrees_with_the_domain_rules() -> None:
    rng = Random(3)
    samples = [make_id_number(rng.choice(("131122", "110101", "990101", "000000")),
                              date(rng.randrange(1890, 2030), rng.randrange(1, 13), rng.randrange(1, 29)),
                              rng.randrange(0, 1000)) for _ in range(3000)]
    samples += [n[:17] + str((int(n[17]) + 1) % 10) if n[17] != "X" else n[:17] + "0" for n in samples[:500]]
    for number in samples:
        accepted = True
        try:
            cleaning.id_number(number)
        except CellError:
            accepted = False
        assert accepted == is_valid_id_number(number), number


def test_quick_id_check_takes_every_real_birth_date_and_no_impossible_one() -> None:
    from operator import mul

    from app.domain.idnumber import CHECK_CHARS, WEIGHTS

    for year in (1899, 1900, 1999, 2000, 2023, 2024):
        for month in range(1, 13):
            for day in range(27, 33):
                body = f"131122{year:04d}{month:02d}{day:02d}015"
                number = body + CHECK_CHARS[sum(map(mul, map(int, body), WEIGHTS)) % 11]
                try:
                    real = date(year, month, day).year >= 1900
                except ValueError:
                    real = False
                assert cleaning._plainly_valid(number) == real == is_valid_id_number(number), number


@pytest.mark.parametrize("value", [1.30102199001011E+17, 130102199001011234, "1.30102199001011E+17",
                                   "1.30102199001011e17"])
def test_id_numbers_that_lost_digits_are_refused(value) -> None:
    with pytest.raises(CellError, match="后几位已经丢失"):
        cleaning.id_number(value)


def test_fifteen_digit_number_cell_is_exact_and_upgraded() -> None:
    assert cleaning.id_number(130102900101123.0) == "130102199001011237"[:17] + \
        cleaning.id_number("130102900101123")[17]


@pytest.mark.parametrize(("value", "expected"), [
    (44470, date(2021, 10, 1)), (44470.0, date(2021, 10, 1)), ("2021.10.1", date(2021, 10, 1)),
    ("2021年10月1日", date(2021, 10, 1)), ("20211001", date(2021, 10, 1)), (20211001, date(2021, 10, 1)),
    ("2021/10/01", date(2021, 10, 1)), ("2021-10-01 00:00:00", date(2021, 10, 1)),
    ("２０２１．１０．１", date(2021, 10, 1)), (date(2021, 10, 1), date(2021, 10, 1)), ("", None), (None, None)])
def test_dates_in_every_spelling(value, expected) -> None:
    assert cleaning.day(value) == expected


@pytest.mark.parametrize("value", ["2021.13.1", "2021年2月30日", "明年", "20211301"])
def test_impossible_dates_are_refused(value) -> None:
    with pytest.raises(CellError):
        cleaning.day(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("1,200元", Decimal("1200")), ("１２００", Decimal("1200")), ("1.2万元", Decimal("12000")),
    (1200.5, Decimal("1200.50")), ("12，000.50 元", Decimal("12000.50")), (None, None)])
def test_amounts(value, expected) -> None:
    assert cleaning.amount(value) == expected


@pytest.mark.parametrize("value", ["-5", "很多", "12元5角"])
def test_bad_amounts_are_refused(value) -> None:
    with pytest.raises(CellError):
        cleaning.amount(value)


def test_names_lose_every_space_and_text_numbers_lose_their_point() -> None:
    assert cleaning.name(" 张\u3000 三 ") == "张三"
    assert cleaning.text(13800001111.0) == "13800001111"
    assert cleaning.whole("6个月") == 6


@pytest.mark.parametrize("values", [
    {"name": "张三", "id_number": "x", "relation": "户主", "health": "长期慢性病、残疾"},
    {"name": "张三", "id_number": "x", "relation": "儿子"},
    {"name": "", "id_number": "x", "relation": "户主"},
    {"name": "张三", "relation": "户主"},
    {"name": "张三", "id_number": "x", "relation": "户主", "migrant_work_months": "13"},
    {"name": "张三", "id_number": "x", "relation": "户主", "health": ["健康"], "pension_insurance": "是"},
])
def test_the_remembering_field_parser_agrees_with_parse_fields(values) -> None:
    from app.domain.errors import UserFacingError
    from app.services.excel.validation import FieldParser
    from app.services.fields import MEMBER_FIELDS, parse_fields

    def outcome(parse: Callable[[], object]) -> object:
        try:
            return parse()
        except UserFacingError as error:
            return (error.message, error.field)

    parser = FieldParser(MEMBER_FIELDS)
    expected = outcome(lambda: parse_fields(MEMBER_FIELDS, values, creating=True))
    for _ in range(2):  # the second time from what it remembers
        assert outcome(lambda: parser.parse(values, creating=True)) == expected


def test_a_remembered_list_is_a_new_list_for_every_row() -> None:
    from app.services.excel.validation import FieldParser
    from app.services.fields import MEMBER_FIELDS

    parser = FieldParser(MEMBER_FIELDS)
    values = {"name": "张三", "relation": "户主", "health": "长期慢性病、残疾"}
    first = parser.parse(values)
    first["health"].append("changed by the first caller")
    second = parser.parse(values)  # every (field, value) remembered: the one-look-up path
    assert second == {"name": "张三", "relation": "户主", "health": ["长期慢性病", "残疾"]}
    assert type(second["health"]) is list and second["health"] is not first["health"]


def test_a_field_of_many_different_values_is_parsed_afresh_with_the_same_results() -> None:
    from app.domain.errors import UserFacingError
    from app.services.excel import validation
    from app.services.fields import MEMBER_FIELDS, parse_fields

    parser = validation.FieldParser(MEMBER_FIELDS)
    rows = [{"name": f"张{n}", "relation": "户主"} for n in range(validation._FIELD_LIMIT + 10)]
    assert [parser.parse(row) for row in rows] == [parse_fields(MEMBER_FIELDS, row) for row in rows]
    assert parser.memos["name"] is None and parser.memos["relation"] == {"户主": "户主"}
    with pytest.raises(UserFacingError, match="太长"):  # no longer remembered, still checked
        parser.parse({"name": "张" * 41})
