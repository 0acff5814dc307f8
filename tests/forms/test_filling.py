"""Filling a form without Qt: calculations, hidden answers not saved, required and constraint messages."""

from __future__ import annotations

from datetime import date

import pytest

from app.forms.filling import FieldProblem, fill, fill_text
from app.forms.model import Form
from app.forms.xlsform import load_form
from tests.forms.conftest import WriteForm

ZH = "中文 (zh)"
TODAY = date(2026, 11, 23)


@pytest.fixture
def form(write_form: WriteForm) -> Form:
    return load_form(write_form(
        survey=[["type", "name", f"label::{ZH}", "required", f"required_message::{ZH}", "relevant",
                 "constraint", f"constraint_message::{ZH}", "calculation"],
                ["select_one yn", "present", "户主在家吗", "yes", "请选择户主是否在家"],
                ["date", "visit_date", "走访日期", "yes", "", "", ". <= today()", "不能晚于今天"],
                ["begin group", "income", "收入", "", "", "${present} = 'y'"],
                ["decimal", "wage", "工资性收入", "", "", "", ". >= 0", "${wage} 元不能是负数"],
                ["decimal", "farm", "生产经营收入"],
                ["end group"],
                ["calculate", "total", "", "", "", "", "", "", "${half} * 2"],
                ["calculate", "half", "", "", "", "", "", "", "(coalesce(${wage}, 0) + coalesce(${farm}, 0)) div 2"],
                ["integer", "members", "家庭人口", "${present} = 'y'"],
                ["begin repeat", "member", "成员"],
                ["calculate", "no", "", "", "", "", "", "", "position(..)"],
                ["text", "member_name", "姓名", "yes"],
                ["select_multiple yn", "ill", "是否患病", "", "", "${members} > 1"],
                ["end repeat"],
                ["note", "summary", "合计 ${total} 元"]],
        choices=[["list_name", "name", f"label::{ZH}"], ["yn", "y", "是"], ["yn", "n", "否"]],
        settings=[["default_language"], [ZH]]))


def test_a_complete_visit_is_saved_with_calculations(form: Form) -> None:
    filled = fill(form, {"present": "y", "visit_date": "2026-11-20", "wage": "1200", "farm": 300,
                         "members": "2", "member": [{"member_name": "张三", "ill": "y"}, {"member_name": "李四"}],
                         "summary": "ignored"}, today=TODAY)
    assert filled.ok, filled.problems
    assert filled.values == {
        "present": "y", "visit_date": "2026-11-20", "wage": "1200", "farm": 300, "total": "1500",
        "half": "750", "members": "2",
        "member": [{"no": "1", "member_name": "张三", "ill": "y"}, {"no": "2", "member_name": "李四"}]}


def test_answers_hidden_by_relevant_are_not_saved(form: Form) -> None:
    filled = fill(form, {"present": "n", "visit_date": "2026-11-01", "wage": "-5", "members": "3"}, today=TODAY)
    assert filled.ok  # the negative wage is hidden, so neither checked nor kept
    assert "wage" not in filled.values and "farm" not in filled.values
    assert filled.values["total"] == "0"  # a hidden answer counts as blank in calculations too
    assert filled.values["members"] == "3"  # required only when present, but kept when given


def test_required_and_constraint_messages_in_the_chosen_language(form: Form) -> None:
    filled = fill(form, {"present": "y", "visit_date": "2027-01-01", "wage": "-5", "members": "1"}, today=TODAY)
    assert filled.problems == [
        FieldProblem(("visit_date",), "不能晚于今天"),
        FieldProblem(("wage",), "-5 元不能是负数"),
    ]
    assert fill(form, {}, today=TODAY).problems[:2] == [
        FieldProblem(("present",), "请选择户主是否在家"), FieldProblem(("visit_date",), "此项必须填写。")]
    # `required` may itself be a formula: the number of members only when the head is present.
    assert FieldProblem(("members",), "此项必须填写。") in fill(form, {"present": "y"}, today=TODAY).problems
    assert FieldProblem(("members",), "此项必须填写。") not in fill(form, {"present": "n"}, today=TODAY).problems


def test_problems_inside_a_repeat_name_the_row(form: Form) -> None:
    filled = fill(form, {"present": "y", "visit_date": "2026-11-01", "members": "2",
                         "member": [{"member_name": "张三"}, {"member_name": "", "ill": "x"}]}, today=TODAY)
    assert filled.problems == [
        FieldProblem(("member", 1, "member_name"), "此项必须填写。"),
        FieldProblem(("member", 1, "ill"), "选项「x」不在列表中。"),
    ]


@pytest.mark.parametrize(("answers", "message"), [
    ({"members": "2.5"}, "请填写整数。"),
    ({"wage": "一千"}, "请填写数字。"),
    ({"visit_date": "2026-13-01"}, "请填写正确的日期，例如 2026-11-23。"),
    ({"present": "maybe"}, "选项「maybe」不在列表中。"),
])
def test_answers_of_the_wrong_kind(form: Form, answers: dict[str, str], message: str) -> None:
    base = {"present": "y", "visit_date": "2026-11-01", "members": "1"}
    problems = fill(form, base | answers, today=TODAY).problems
    assert [problem.message for problem in problems] == [message]


def test_fill_text_shows_answers_in_labels() -> None:
    assert fill_text("合计 ${total} 元，${missing}", {"total": 1500}) == "合计 1500 元，"
