"""The formula language: every operator and function, XPath's conversions, and readable errors."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.forms.expressions import (
    Context,
    ExpressionError,
    bare_names,
    evaluate,
    evaluate_bool,
    parse,
    references,
)

TODAY = date(2026, 11, 23)


def ev(source: str, current: object = None, position: int | None = None,
       columns: dict[str, str] | None = None, **values: object) -> object:
    return evaluate(source, Context(values=values, current=current, position=position, today=TODAY,
                                    columns=columns or {}))


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9.0), ("10 - 4 - 3", 3.0), ("10 div 4", 2.5),
    ("7 mod 3", 1.0), ("-7 mod 3", -1.0), ("-(2 + 3)", -5.0), ("2 * -3", -6.0), ("1.5 + .5", 2.0),
    ("8 div 2 div 2", 2.0),
])
def test_arithmetic(source: str, expected: float) -> None:
    assert ev(source) == expected


def test_division_by_zero_is_infinity_or_nan_as_in_xpath() -> None:
    assert ev("1 div 0") == math.inf
    assert ev("-1 div 0") == -math.inf
    assert math.isnan(ev("0 div 0"))  # type: ignore[arg-type]
    assert math.isnan(ev("5 mod 0"))  # type: ignore[arg-type]


@pytest.mark.parametrize(("source", "expected"), [
    ("1 = 1", True), ("1 != 1", False), ("1 < 2", True), ("2 <= 2", True), ("3 > 2", True),
    ("2 >= 3", False), ("'a' = 'a'", True), ("'a' != 'b'", True),
    ("1 < 2 and 2 < 3", True), ("1 > 2 or 2 < 3", True), ("not(1 = 1)", False),
    ("true() and not(false())", True), ("1 = 1 or 1 div 0", True),
])
def test_comparisons_and_logic(source: str, expected: bool) -> None:
    assert ev(source) is expected


def test_answers_are_strings_compared_as_numbers_only_against_numbers() -> None:
    assert ev("${age} = 5", age="5") is True
    assert ev("${age} = 5", age="5.0") is True
    assert ev("${age} = '5'", age="5.0") is False  # string against string, as XPath does
    assert ev("${a} = ${b}", a=5, b="5") is True
    assert ev("${age} > 17", age=18) is True
    assert ev("${age} + 1", age="") != ev("${age} + 1", age="")  # NaN, never equal


def test_missing_answer_is_empty_string() -> None:
    assert ev("${nothing}") == ""
    assert ev("${nothing} = ''") is True
    assert ev("string-length(${nothing})") == 0.0
    assert ev("${x} > 3", x=None) is False


def test_word_operators_are_names_where_a_value_is_expected() -> None:
    # `div` after an operand is division; `and` here is a column name in a choice filter.
    assert ev("and = 'x'", columns={"and": "x"}) is True
    assert ev("${a} div ${b}", a=9, b=3) == 3.0


def test_hyphenated_names_and_references_in_subtraction() -> None:
    assert ev("${a}-${b}", a=5, b=2) == 3.0
    assert ev("count-selected(${x})", x="a b c") == 3.0


def test_current_value_dot() -> None:
    assert ev(". >= 0 and . <= 200000", current="1500") is True
    assert ev(". >= 0", current="-3") is False
    assert ev("string-length(.) = 18", current="11010519491231002X") is True


@pytest.mark.parametrize(("source", "value", "expected"), [
    ("selected(${x}, 'a')", "a b", True), ("selected(${x}, 'c')", "a b", False),
    ("selected(${x}, 'a')", "", False), ("selected(${x}, 'a')", ["b", "a"], True),
    ("selected(${x}, 'ab')", "a b", False),
])
def test_selected(source: str, value: object, expected: bool) -> None:
    assert ev(source, x=value) is expected


def test_count_selected_and_selected_at() -> None:
    assert ev("count-selected(${x})", x="") == 0.0
    assert ev("count-selected(${x})", x=["a", "b"]) == 2.0
    assert ev("selected-at(${x}, 1)", x="a b") == "b"
    assert ev("selected-at(${x}, 5)", x="a b") == ""


def test_string_functions() -> None:
    assert ev("string-length('防贫')") == 2.0
    assert ev("concat('第', 3, '组')") == "第3组"
    assert ev("concat(${a}, '-', ${b})", a="x") == "x-"
    assert ev("contains('abc', 'b')") is True
    assert ev("starts-with('abc', 'ab')") is True
    assert ev("ends-with('abc', 'bc')") is True
    assert ev("substr('abcdef', 1, 3)") == "bc"
    assert ev("substr('abcdef', 2)") == "cdef"
    assert ev("string(12)") == "12"
    assert ev("string(1.5)") == "1.5"


def test_if_evaluates_only_the_branch_taken() -> None:
    assert ev("if(${a} > 1, 'big', 'small')", a=5) == "big"
    assert ev("if(${a} > 1, 'big', 'small')", a=0) == "small"
    assert ev("if(true(), 1, regex('x', ${p}))", p="(") == 1.0


def test_coalesce() -> None:
    assert ev("coalesce(${a}, ${b})", a="", b="y") == "y"
    assert ev("coalesce(${a}, ${b})", a="x", b="y") == "x"
    assert ev("coalesce(${a}, 0) + 1", a="") == 1.0


def test_today_and_dates_compare_as_days() -> None:
    assert ev("today()") == "2026-11-23"
    assert ev(". <= today()", current=date(2026, 1, 1)) is True
    assert ev(". <= today()", current="2027-01-01") is False
    assert ev("today() - ${d}", d="2026-11-20") == 3.0


@pytest.mark.parametrize(("source", "expected"), [
    ("int(3.9)", 3.0), ("int(-3.9)", -3.0), ("int('12')", 12.0),
    ("number('2.5')", 2.5), ("number(true())", 1.0),
    ("round(2.5)", 3.0), ("round(2.4)", 2.0), ("round(-2.5)", -3.0), ("round(1.005, 2)", 1.01),
    ("round(1234.5678, 2)", 1234.57), ("floor(2.7)", 2.0), ("ceiling(2.1)", 3.0), ("abs(-4)", 4.0),
])
def test_number_functions(source: str, expected: float) -> None:
    assert ev(source) == expected


def test_number_of_text_is_nan_and_nan_is_safe() -> None:
    assert math.isnan(ev("number('abc')"))  # type: ignore[arg-type]
    assert math.isnan(ev("int('')"))  # type: ignore[arg-type]
    assert math.isnan(ev("round('x')"))  # type: ignore[arg-type]
    assert ev("number('abc') > 0") is False
    assert ev("string(number('abc'))") == "NaN"
    assert evaluate_bool("number('x')") is False


def test_regex() -> None:
    assert ev(r"regex(., '^1[3-9]\d{9}$')", current="13912345678") is True
    assert ev(r"regex(., '^1[3-9]\d{9}$')", current="1391234") is False
    assert ev("regex(${p}, ${pattern})", p="abc", pattern="(") is False  # broken pattern in data


def test_position_inside_repeats() -> None:
    assert ev("position(..)", position=3) == 3.0
    assert ev("concat('成员', position(..))", position=1) == "成员1"
    assert math.isnan(ev("position(..)"))  # type: ignore[arg-type]


def test_choice_filter_reads_choice_columns() -> None:
    assert ev("${county} = cf", columns={"cf": "king"}, county="king") is True
    assert ev("${county} = cf", columns={"cf": "pierce"}, county="king") is False


def test_references_in_order_once() -> None:
    assert references(parse("${b} + ${a} * if(${b} > 0, ${c}, 1)")) == ["b", "a", "c"]
    assert references(parse("1 + 2")) == []
    assert references(parse("-${x}")) == ["x"]


def test_parse_is_cached() -> None:
    assert parse("${a} + 1") is parse("${a} + 1")


@pytest.mark.parametrize(("source", "position", "words"), [
    ("", 1, "公式是空的"),
    ("1 +", 4, "缺少一个值"),
    ("(1 + 2", 7, "右括号"),
    ("1 2", 3, "多出了「2」"),
    ("'abc", 1, "未闭合的引号"),
    ("1 # 2", 3, "不认识的符号「#」"),
    ("foo(1)", 1, "函数「foo()」不受支持"),
    ("if(1, 2)", 1, "if() 需要 3 个参数，实际给了 2 个"),
    ("concat()", 1, "至少 1 个参数"),
    ("round(1, 2, 3)", 1, "1 到 2 个参数"),
    ("${1x} = 2", 1, "不是有效的题目名"),
    ("regex(., '(')", 1, "正则表达式写错了"),
    ("selected(${x} 'a')", 15, "右括号「)」或逗号"),
    ("1 = = 2", 5, "不应出现「=」"),
])
def test_parse_errors_name_the_position(source: str, position: int, words: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert caught.value.position == position
    assert words in caught.value.message
    assert f"第 {position} 个字符" in caught.value.message
    assert f"公式「{source}」" in caught.value.message


small = st.integers(min_value=-10**6, max_value=10**6)


@given(small, small, small)
def test_arithmetic_agrees_with_python(a: int, b: int, c: int) -> None:
    assert ev("${a} + ${b} * ${c}", a=a, b=b, c=c) == a + b * c
    assert ev("(${a} - ${b}) * ${c}", a=a, b=b, c=c) == (a - b) * c
    assert ev("${a} < ${b}", a=a, b=b) is (a < b)
    assert ev("${a} = ${b} or ${a} != ${b}", a=a, b=b) is True


@given(small, small.filter(lambda n: n != 0))
def test_div_and_mod_agree_with_python_truncation(a: int, b: int) -> None:
    assert ev("${a} div ${b}", a=a, b=b) == a / b
    assert ev("${a} mod ${b}", a=a, b=b) == math.fmod(a, b)
    assert ev("int(${a} div ${b}) * ${b} + ${a} mod ${b}", a=a, b=b) == a


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True), st.sampled_from(["a", "b", "c", "d"]))
def test_selected_matches_membership(chosen: list[str], option: str) -> None:
    assert ev(f"selected(${{x}}, '{option}')", x=chosen) is (option in chosen)
    assert ev("count-selected(${x})", x=chosen) == len(chosen)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_text_parses_or_fails_with_expression_error(source: str) -> None:
    try:
        parse(source)
    except ExpressionError as error:
        assert 1 <= error.position <= len(source) + 1


def test_absurd_nesting_is_a_clear_error_not_a_crash() -> None:
    with pytest.raises(ExpressionError, match="嵌套超过 32 层"):
        parse("(" * 5000 + "1" + ")" * 5000)


def test_bare_names_are_found_for_the_parser_to_judge() -> None:
    assert bare_names(parse("${a} = yes or cf = ${b}")) == ["yes", "cf"]
    assert bare_names(parse("selected(${a}, 'yes')")) == []
