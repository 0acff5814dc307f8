"""ODK's math functions, and the limits that keep a form from hanging or exhausting the machine."""

from __future__ import annotations

import math
import time

import pytest

from app.forms.expressions import (
    MAX_DEPTH,
    MAX_NESTING,
    MAX_TEXT,
    Context,
    EvaluationError,
    ExpressionError,
    evaluate,
    parse,
)
from app.forms.filling import fill
from app.forms.problems import FormError
from app.forms.xlsform import load_form
from tests.forms.conftest import WriteForm


@pytest.mark.parametrize(("source", "expected"), [
    ("pow(2, 10)", 1024.0), ("pow(9, 0.5)", 3.0), ("sqrt(16)", 4.0), ("exp(0)", 1.0), ("exp10(2)", 100.0),
    ("log(1)", 0.0), ("log10(1000)", 3.0), ("sin(0)", 0.0), ("cos(0)", 1.0), ("tan(0)", 0.0),
    ("asin(1) * 2", math.pi), ("acos(1)", 0.0), ("atan(1) * 4", math.pi), ("atan2(1, 1) * 4", math.pi),
    ("pi()", math.pi), ("round(sin(pi() div 2), 2)", 1.0), ("pow('2', '3')", 8.0),
    # Java's Math, as ODK Collect computes them.
    ("log(0)", -math.inf), ("pow(0, -1)", math.inf), ("exp(1000)", math.inf), ("pow(-10, 401)", -math.inf),
    ("pow(${blank}, 0)", 1.0),
])
def test_math_functions(source: str, expected: float) -> None:
    assert evaluate(source) == pytest.approx(expected)


@pytest.mark.parametrize("source", ["sqrt(-1)", "log(-1)", "asin(2)", "acos(-2)", "pow(-8, 1 div 3)",
                                    "sqrt('abc')", "sin(${blank})", "exp10(${blank})", "atan2(1, 'x')"])
def test_math_outside_its_domain_is_nan(source: str) -> None:
    assert math.isnan(evaluate(source))  # type: ignore[arg-type]


def test_a_calculation_that_is_nan_is_saved_blank(write_form: WriteForm) -> None:
    form = load_form(write_form([["type", "name", "label", "calculation"], ["decimal", "area", "面积"],
                                 ["calculate", "side", "", "sqrt(${area})"]]))
    assert fill(form, {"area": "-4"}).values.get("side") is None
    assert fill(form, {"area": "6.25"}).values["side"] == "2.5"


@pytest.mark.parametrize("name", ["pow", "sqrt", "exp", "exp10", "log", "log10", "sin", "cos", "tan", "asin",
                                  "acos", "atan", "atan2", "pi"])
def test_math_functions_check_their_number_of_arguments(name: str) -> None:
    with pytest.raises(ExpressionError, match=f"函数 {name}\\(\\) 需要"):
        parse(f"{name}(1, 2, 3)")


# ------------------------------------------------------------------ limits


def test_forty_calculations_doubling_a_text_stop_at_the_limit_naming_the_question(write_form: WriteForm) -> None:
    survey = [["type", "name", "label", "calculation"], ["text", "t0", "起点"]]
    survey += [["calculate", f"t{i}", "", f"concat(${{t{i - 1}}}, ${{t{i - 1}}})"] for i in range(1, 41)]
    form = load_form(write_form(survey))
    filled = fill(form, {"t0": "x" * 1000})
    # 1000 · 2^6 = 64,000 fits; t7 would be 128,000 characters.
    assert len(filled.values["t6"]) == 64_000  # type: ignore[arg-type]
    assert "t7" not in filled.values and "t40" not in filled.values
    [problem] = filled.problems
    assert problem.path == ("t7",)
    assert problem.message == (f"题目「t7」的公式算出的文字超过 {MAX_TEXT} 个字符（每个值的上限），"
                               "请检查公式是否在反复拼接文字。")


def test_concat_past_the_limit_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError):
        evaluate("concat(${a}, ${a})", _context(a="y" * (MAX_TEXT // 2 + 1)))
    assert len(evaluate("concat(${a}, ${a})", _context(a="y" * (MAX_TEXT // 2)))) == MAX_TEXT  # type: ignore[arg-type]


def _context(**values: object) -> Context:
    return Context(values=values)


def test_a_catastrophic_regex_runs_in_linear_time() -> None:
    started = time.process_time()
    assert evaluate("regex(${a}, '^(a|aa)+$')", _context(a="a" * 37 + "b")) is False
    assert evaluate("regex(${a}, '^(a|aa)+$')", _context(a="a" * 5000)) is True
    assert time.process_time() - started < 5  # 13.7 s for 37 characters with a backtracking engine


@pytest.mark.parametrize("pattern", [r"(a)\1", "(?=a)", "(?<=a)b", "(?!a)"])
def test_regexes_a_linear_engine_cannot_run_are_refused_when_the_form_is_read(pattern: str) -> None:
    with pytest.raises(ExpressionError, match="反向引用"):
        parse(f"regex(., '{pattern}')")


def test_the_phone_and_id_regexes_of_our_forms_still_work() -> None:
    assert evaluate("regex(${p}, '^1[3-9][0-9]{9}$')", _context(p="13912345678")) is True
    assert evaluate(r"regex(${p}, '^\\d*$')", _context(p="12a")) is False


def test_nesting_and_depth_are_bounded() -> None:
    assert parse("(" * MAX_NESTING + "1" + ")" * MAX_NESTING)
    with pytest.raises(ExpressionError, match=f"嵌套超过 {MAX_NESTING} 层"):
        parse("abs(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1))
    with pytest.raises(ExpressionError, match="嵌套超过"):
        parse("-" * 5000 + "1")
    assert parse(" or ".join(["1 = 1"] * (MAX_DEPTH - 2)))
    with pytest.raises(ExpressionError, match=f"连续的运算超过 {MAX_DEPTH} 层"):
        parse(" + ".join(["1"] * 5000))


def test_a_form_with_a_formula_too_deep_is_refused_naming_sheet_row_and_column(write_form: WriteForm) -> None:
    with pytest.raises(FormError) as caught:
        load_form(write_form([["type", "name", "label", "relevant"], ["integer", "a", "A"],
                              ["text", "b", "B", " or ".join(["${a} = 1"] * 300)]]))
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "D 列（relevant）")
