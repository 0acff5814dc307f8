"""sum() and count() over a repeat's rows, repeat_count, or_other and choice filters when filling."""

from __future__ import annotations

from datetime import date

from app.forms.expressions import Context, evaluate
from app.forms.filling import FieldProblem, available_choices, fill
from app.forms.xlsform import load_form
from tests.forms.conftest import WriteForm

TODAY = date(2026, 11, 23)


def test_sum_and_count_run_over_every_row_of_a_repeat(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[
        ["type", "name", "label", "calculation", "constraint"],
        ["begin repeat", "member", "成员"],
        ["text", "member_name", "姓名"],
        ["decimal", "member_income", "收入"],
        ["calculate", "is_head", "", "if(${member_name} = '张三', 1, 0)"],
        ["calculate", "row_sum", "", "sum(${member_income})"],
        ["end repeat"],
        ["calculate", "total", "", "sum(${member_income})"],
        ["calculate", "rows", "", "count(${member})"],
        ["calculate", "heads", "", "sum(${is_head})"],
        ["calculate", "first", "", "${member_name}"],
        ["calculate", "top", "", "max(${member_income})"],
    ]))
    filled = fill(form, {"member": [{"member_name": "张三", "member_income": "1200.5"},
                                    {"member_name": "李四", "member_income": "300"}]}, today=TODAY)
    assert (filled.values["total"], filled.values["rows"], filled.values["heads"]) == ("1500.5", "2", "1")
    assert (filled.values["first"], filled.values["top"]) == ("张三", "1200.5")
    # Inside its own row a reference means that row (pyxform makes it relative).
    assert [row["row_sum"] for row in filled.values["member"]] == ["1200.5", "300"]
    empty = fill(form, {}, today=TODAY)
    assert (empty.values["total"], empty.values["rows"], empty.values["heads"]) == ("0", "0", "0")


def test_aggregates_of_plain_values() -> None:
    assert evaluate("sum(${x})", Context(values={"x": "4"})) == 4.0
    assert evaluate("count(${x})", Context(nodesets={"x": ["a", "", "c"]})) == 3.0
    assert evaluate("min(${x})", Context(nodesets={"x": ["5", "2"]})) == 2.0


def test_a_sum_with_a_blank_row_is_blank_not_nan(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[
        ["type", "name", "label", "calculation"], ["begin repeat", "r", "R"], ["decimal", "x", "X"],
        ["end repeat"], ["calculate", "total", "", "sum(${x})"]]))
    assert "total" not in fill(form, {"r": [{"x": "1"}, {}]}).values


def test_repeat_count_fixes_the_number_of_rows(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[
        ["type", "name", "label", "required", "repeat_count"],
        ["integer", "n", "人数"],
        ["begin repeat", "person", "人", "", "${n}"], ["text", "who", "姓名", "yes"], ["end repeat"]]))
    filled = fill(form, {"n": "2", "person": [{"who": "甲"}]})
    assert filled.problems == [FieldProblem(("person", 1, "who"), "此项必须填写。")]
    assert fill(form, {"n": "1", "person": [{"who": "甲"}, {"who": "乙"}]}).values["person"] == [{"who": "甲"}]


def test_or_other_asks_for_the_words(write_form: WriteForm) -> None:
    form = load_form(write_form(
        survey=[["type", "name", "label"], ["select_one kind or_other", "kind", "类别"]],
        choices=[["list_name", "name", "label"], ["kind", "a", "甲"]]))
    assert fill(form, {"kind": "other"}).problems == [FieldProblem(("kind_other",), "选了“其他”，请写明具体内容。")]
    assert fill(form, {"kind": "other", "kind_other": "捐赠"}).values == {"kind": "other", "kind_other": "捐赠"}
    assert fill(form, {"kind": "a", "kind_other": "x"}).values == {"kind": "a"}


def test_choice_filter_narrows_the_choices_and_the_check(write_form: WriteForm) -> None:
    form = load_form(write_form(
        survey=[["type", "name", "label", "choice_filter"], ["select_one town", "town", "乡镇"],
                ["select_one village", "village", "村", "town = ${town}"]],
        choices=[["list_name", "name", "label", "town"], ["town", "t1", "一乡"], ["town", "t2", "二乡"],
                 ["village", "v1", "一村", "t1"], ["village", "v2", "二村", "t2"]]))
    filled = fill(form, {"town": "t1", "village": "v2"})
    assert [c.name for c in available_choices(form, form.question("village"), filled.contexts[()])] == ["v1"]
    assert filled.problems == [FieldProblem(("village",), "选项「v2」不在列表中。")]
    assert fill(form, {"town": "t2", "village": "v2"}).ok


def test_hidden_paths_and_contexts_for_a_screen(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[
        ["type", "name", "label", "relevant", "calculation"],
        ["select_one yn", "ill", "患病"], ["begin repeat", "r", "R"],
        ["text", "why", "原因", "${ill} = 'y'"], ["calculate", "n", "", "", "position(..)"], ["end repeat"]],
        choices=[["list_name", "name", "label"], ["yn", "y", "是"], ["yn", "n", "否"]]))
    filled = fill(form, {"ill": "n", "r": [{}, {}]})
    assert filled.hidden == {("r", 0, "why"), ("r", 1, "why")}
    assert filled.contexts[("r", 1)].values["n"] == "2"


def test_a_language_is_found_by_its_code() -> None:
    from app.resources import resource_path

    form = load_form(resource_path("forms", "visit.xlsx"))
    assert form.resolve_language("zh") == "中文 (zh)"
    assert form.resolve_language("EN") == "English (en)"
    assert form.resolve_language("English (en)") == "English (en)"
    assert form.resolve_language("fr") == form.resolve_language(None) == "中文 (zh)"
