"""Forms as people really write them: every column spelling pyxform takes, old type names, unnamed notes."""

from __future__ import annotations

import pytest
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from app.forms.problems import FormError
from app.forms.types import read_type
from app.forms.xlsform import load_form
from tests.forms.conftest import WriteForm

# Each spelling of a column, the Question field it fills and the value written under it.
SPELLINGS = [
    ("relevant", "relevant", "${a} > 1"), ("relevance", "relevant", "${a} > 1"),
    ("bind:relevant", "relevant", "${a} > 1"), ("bind::relevant", "relevant", "${a} > 1"),
    ("Relevant", "relevant", "${a} > 1"), ("constraint", "constraint", ". > 1"),
    ("bind:constraint", "constraint", ". > 1"), ("bind::constraint", "constraint", ". > 1"),
    ("required", "required", "${a} > 1"), ("bind:required", "required", "${a} > 1"),
    ("bind::required", "required", "${a} > 1"), ("calculation", "calculation", "${a} + 1"),
    ("calculate", "calculation", "${a} + 1"), ("bind:calculate", "calculation", "${a} + 1"),
    ("bind::calculate", "calculation", "${a} + 1"),
    ("constraint_message", "constraint_messages", "太小"), ("constraint message", "constraint_messages", "太小"),
    ("Constraint Message", "constraint_messages", "太小"), ("constraining_message", "constraint_messages", "太小"),
    ("bind:jr:constraintMsg", "constraint_messages", "太小"), ("bind::jr:constraintMsg", "constraint_messages", "太小"),
    ("required_message", "required_messages", "必填"), ("required message", "required_messages", "必填"),
    ("requiredMsg", "required_messages", "必填"), ("bind:jr:requiredMsg", "required_messages", "必填"),
    ("bind::jr:requiredMsg", "required_messages", "必填"),
]


@pytest.mark.parametrize(("header", "field", "text"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_every_spelling_of_a_column_is_read(write_form: WriteForm, header: str, field: str, text: str) -> None:
    kind = "calculate" if field == "calculation" else "integer"
    form = load_form(write_form(survey=[["type", "name", "label", header], ["integer", "a", "A"],
                                        [kind, "b", "B", text]]))
    value = getattr(form.question("b"), field)
    assert value == ({"default": text} if field.endswith("messages") else text)


def test_a_translated_message_under_bind(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[
        ["type", "name", "label", "constraint", "bind::jr:constraintMsg::English (en)", "bind::jr:requiredMsg::中文"],
        ["integer", "a", "A", ". > 1", "Too small", "必填"]]))
    assert form.question("a").constraint_messages == {"English (en)": "Too small"}
    assert form.question("a").required_messages == {"中文": "必填"}
    old = load_form(write_form(survey=[["type", "name", "label:中文", "bind:jr:requiredMsg:中文"],
                                       ["integer", "a", "甲", "必填"]], name="old.xlsx"))
    assert old.question("a").required_messages == {"中文": "必填"}


def test_bind_attribute_names_are_case_sensitive_as_in_xforms(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[["type", "name", "label", "bind::RELEVANT", "bind::fangpin:field"],
                                        ["integer", "a", "A", "1 = 2", "household.size"]]))
    assert form.question("a").relevant == ""
    assert form.question("a").bind == {"RELEVANT": "1 = 2", "fangpin:field": "household.size"}


def test_a_calculate_row_with_bind_calculate_is_not_refused(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[["type", "name", "bind:calculate"], ["calculate", "c", "1 + 1"]]))
    assert form.question("c").calculation == "1 + 1"


def test_a_note_without_a_name_is_named_after_its_row_as_pyxform_does(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[["type", "name", "label"], ["note", "", "请如实填写"], [],
                                        ["note", None, "谢谢"], ["text", "a", "A"]]))
    assert [q.name for q in form.walk()] == ["generated_note_name_2", "generated_note_name_4", "a"]


def test_an_unnamed_question_other_than_a_note_is_still_refused(write_form: WriteForm) -> None:
    with pytest.raises(FormError) as caught:
        load_form(write_form(survey=[["type", "name", "label"], ["text", "", "A"]]))
    assert str(caught.value.problems[0]) == "survey 表 第 2 行 B 列（name）：缺少题目名称（name）。"


@pytest.mark.parametrize("spelled", ["gps", "location", "add location prompt", "q picture", "add photo prompt",
                                     "select one external yn", "select one from file villages.csv"])
def test_other_names_of_types_we_cannot_collect_are_refused_as_such(write_form: WriteForm, spelled: str) -> None:
    with pytest.raises(FormError) as caught:
        load_form(write_form(survey=[["type", "name", "label"], ["text", "a", "A"], [spelled, "g", "G"]]))
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "A 列（type）")
    assert f"题型「{spelled}」（" in problem.message and "无法采集" in problem.message


def test_old_integer_types_bring_their_constraint(write_form: WriteForm) -> None:
    form = load_form(write_form(survey=[["type", "name", "label"], ["percentage", "p", "P"],
                                        ["number of days in last month", "d", "D"]]))
    assert (form.question("p").type, form.question("p").constraint) == ("integer", "0 <= . and . <= 100")
    assert form.question("d").constraint == "0 <= . and . <= 31"


# pyxform's bind type of a question type -> the types we read it as (None: refused, we cannot collect it).
BIND_TYPES: dict[str, set[str] | None] = {
    "int": {"integer"}, "decimal": {"decimal"}, "date": {"date", "today"}, "time": {"time"},
    "dateTime": {"datetime", "start", "end"}, "geopoint": None, "geotrace": None, "geoshape": None,
    "binary": None, "barcode": None, "odk:rank": None,
}


# pyxform lists these but refuses them with a list name ("Unknown question type 'q select1 yn'").
UNUSABLE = frozenset({"q select", "q select1", "select one using", "select multiple using"})


@pytest.mark.parametrize("spelled", sorted(set(QUESTION_TYPE_DICT) - UNUSABLE))
def test_every_type_name_pyxform_knows_is_read_or_refused_never_unknown(spelled: str) -> None:
    cell = read_type(spelled)
    if spelled == "audit":  # a log the device keeps, like the other metadata: nothing to ask
        assert (cell.kind, cell.type) == ("question", "audit")
        return
    definition = QUESTION_TYPE_DICT[spelled]
    bind_type = definition.get("bind", {}).get("type", "")
    if spelled in ("select one external", "csv-external", "xml-external") or definition.get(
            "control", {}).get("tag") in ("upload", "range") or BIND_TYPES.get(bind_type, "") is None:
        assert cell.kind == "refused", spelled
        return
    assert cell.kind == "question", spelled
    if bind_type in BIND_TYPES:
        assert cell.type in BIND_TYPES[bind_type], spelled
