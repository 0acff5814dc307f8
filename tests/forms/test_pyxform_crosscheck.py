"""Held to pyxform: every shared real-world XLSForm, and forms written here in every column spelling and
sheet shape, give the same questions (relevant, constraint, required, calculation, messages) as pyxform
reads, or are refused, with sheet and row, for a type a laptop cannot collect."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.xls2json import parse_file_to_json

from app.forms.model import DEFAULT_LANGUAGE, Form
from app.forms.problems import FormError
from app.forms.xlsform import load_form
from tests.forms.conftest import WriteForm, build_xls, declare_full_grid
from tests.forms.test_real_world import SPELLINGS

SHARED = Path(os.environ.get("FANGPIN_XLSFORMS", Path(__file__).resolve().parents[3] / "shared/external/xlsforms"))
FORMS = sorted(SHARED.glob("*.xlsx"))
# Forms we refuse, and the words the refusal must contain: a type a laptop cannot collect.
REFUSED = {
    "case_insensitivity.xlsx": ["select_one_external", "osm"],
    "flat_xlsform_test.xlsx": ["geopoint", "barcode", "image", "audio", "video"],
    "xlsform_spec_test.xlsx": ["geopoint", "barcode", "image", "audio", "video"],
    "loop.xlsx": ["begin repeat"],
}
PYXFORM_TYPES = {"select one": "select_one", "select all that apply": "select_multiple", "phone number": "text",
                 "percentage": "integer", "number of days in last month": "integer", "int": "integer",
                 "string": "text", "trigger": "acknowledge"}
TRUE = {"yes", "true", "true()"}


SHARED_ABSENT = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared XLSForms are not in {SHARED}")


@SHARED_ABSENT
def test_the_shared_forms_are_there() -> None:
    assert len(FORMS) >= 9, f"expected the shared XLSForms in {SHARED}"


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {language: str(text) for language, text in value.items()}
    return {DEFAULT_LANGUAGE: str(value)}


def _required(value: Any) -> bool | str:
    if value is None or str(value).lower() in ("no", "false", "false()", ""):
        return False
    return True if str(value).lower() in TRUE else str(value)


def _theirs(children: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    previous: dict[str, Any] | None = None
    for child in children:
        if child.get("name") == "meta" and child.get("control", {}).get("bodyless"):
            continue  # pyxform adds its own instanceID block; it is not a question of the form
        # `or_other` makes pyxform add a text question "<name>_other"; we keep it as a flag instead.
        if previous is not None and child.get("name") == f"{previous.get('name')}_other":
            continue
        kind = PYXFORM_TYPES.get(child["type"], child["type"])
        bind = child.get("bind", {})
        messages = {"constraint_messages": _texts(bind.get("jr:constraintMsg")),
                    "required_messages": _texts(bind.get("jr:requiredMsg"))}
        constraint = bind.get("constraint") or QUESTION_TYPE_DICT.get(child["type"], {}).get(
            "bind", {}).get("constraint", "")
        yield {
            "name": child["name"], "type": kind, "labels": _texts(child.get("label")),
            "relevant": bind.get("relevant", ""), "constraint": constraint,
            "required": _required(bind.get("required")), "calculation": bind.get("calculate", ""),
            "choice_filter": child.get("choice_filter", ""),
            "choices": [(c["name"], _texts(c.get("label")) if c["name"] != "other" else None)
                        for c in child.get("choices", [])],
            **messages,
        }
        previous = child
        yield from _theirs(child.get("children", []))


def _ours(form: Form) -> Iterator[dict[str, Any]]:
    for question in form.walk():
        yield {
            "name": question.name, "type": question.type, "labels": dict(question.labels),
            "relevant": question.relevant, "constraint": question.constraint,
            "required": question.required, "calculation": question.calculation,
            "choice_filter": question.choice_filter,
            "choices": [(c.name, dict(c.labels) if not (question.or_other and c.name == "other") else None)
                        for c in form.choices_for(question)],
            "constraint_messages": dict(question.constraint_messages),
            "required_messages": dict(question.required_messages),
        }


@cache
def _refusal(path: Path) -> FormError:
    try:
        load_form(path)
    except FormError as error:
        return error
    raise AssertionError(f"{path.name} should have been refused")


@SHARED_ABSENT
@pytest.mark.parametrize("path", FORMS, ids=[path.name for path in FORMS])
def test_same_questions_as_pyxform_or_a_clear_refusal(path: Path) -> None:
    if path.name in REFUSED:
        error = _refusal(path)
        for word in REFUSED[path.name]:
            assert word in str(error)
        assert all(problem.row and problem.column for problem in error.problems)
        return
    assert_same_as_pyxform(path)


def assert_same_as_pyxform(path: Path) -> None:
    form = load_form(path)
    theirs = list(_theirs(parse_file_to_json(str(path))["children"]))
    for question in theirs:
        # pyxform appends "other" to the shared list, so every select on that list offers it;
        # we offer it only where the form asked for `or_other`.
        if question["choices"][-1:] == [("other", None)] and not form.question(question["name"]).or_other:
            question["choices"].pop()
    assert list(_ours(form)) == theirs


@SHARED_ABSENT
def test_refused_forms_are_refused_only_for_types_we_do_not_collect() -> None:
    """Apart from their media and GPS rows, pyxform's own spec forms are fully understood."""
    for name in ("xlsform_spec_test.xlsx", "flat_xlsform_test.xlsx"):
        problems = _refusal(SHARED / name).problems
        assert [problem.row for problem in problems] == [34, 35, 36, 37, 38]
        assert all("无法采集" in problem.message for problem in problems)


# ------------------------------------------------------------------ forms written here

YN = [["list_name", "name", "label"], ["yn", "y", "是"], ["yn", "n", "否"]]


@pytest.mark.parametrize(("header", "field", "text"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_every_column_spelling_as_pyxform(write_form: WriteForm, header: str, field: str, text: str) -> None:
    kind = "calculate" if field == "calculation" else "integer"
    assert_same_as_pyxform(write_form([["type", "name", "label", header], ["integer", "a", "A"],
                                       [kind, "b", "B" if kind != "calculate" else None, text]]))


def test_all_spellings_in_one_form_with_languages_as_pyxform(write_form: WriteForm) -> None:
    assert_same_as_pyxform(write_form(
        [["type", "name", "label::English (en)", "label::中文 (zh)", "relevance", "bind::constraint",
          "bind::jr:constraintMsg::English (en)", "constraint message::中文 (zh)", "bind::required",
          "bind::jr:requiredMsg::中文 (zh)", "bind::calculate"],
         ["select_one yn", "q", "Q", "问", "", "", "", "", "yes"],
         ["integer", "n", "N", "数", "${q} = 'y'", ". >= 0", "Negative", "不能为负", "${q} = 'y'", "必填"],
         ["calculate", "twice", "", "", "", "", "", "", "", "", "${n} * 2"]], choices=[
            ["list_name", "name", "label::English (en)", "label::中文 (zh)"], ["yn", "y", "Yes", "是"],
            ["yn", "n", "No", "否"]]))


def test_single_colons_in_a_sheet_that_uses_double_colons_are_columns_of_their_own(write_form: WriteForm) -> None:
    """pyxform splits on ":" only when no header of the sheet has "::"; so do we."""
    path = write_form([["type", "name", "label::English (en)", "bind:required", "bind:relevant"],
                       ["integer", "a", "A", "yes", "1 = 2"]])
    assert_same_as_pyxform(path)
    question = load_form(path).question("a")
    assert (question.required, question.relevant) == (False, "")
    assert question.extras == {"bind:required": "yes", "bind:relevant": "1 = 2"}


SHAPES = {
    "single sheet": {"sheet_names": ("Sheet1", "choices", "settings")},
    "upper-case sheets": {"choices": YN, "sheet_names": ("SURVEY", "CHOICES", "SETTINGS")},
    "full grid": {"choices": YN, "full_grid": True},
    "xlsm": {"choices": YN, "name": "form.xlsm"},
}


@pytest.mark.parametrize("shape", SHAPES)
def test_sheet_shapes_as_pyxform(write_form: WriteForm, shape: str) -> None:
    options = dict(SHAPES[shape])
    full_grid = options.pop("full_grid", False)
    survey = [["type", "name", "label", "bind::relevant", "calculate"], ["integer", "age", "年龄"],
              ["note", None, "请核实", "${age} > 80"], ["calculate", "decades", None, "", "int(${age} div 10)"]]
    if "choices" in options:
        survey.append(["select_one yn", "alone", "独居吗", "${age} > 60"])
    path = write_form(survey, **options)
    assert_same_as_pyxform(declare_full_grid(path) if full_grid else path)


def test_features_as_pyxform(write_form: WriteForm) -> None:
    """Unnamed notes, old type names with their constraints, ODK's math, repeats."""
    assert_same_as_pyxform(write_form([
        ["type", "name", "label", "calculation", "relevant"],
        ["note", "", "开始"], ["percentage", "share", "比例"], ["number of days in last month", "days", "天数"],
        ["int", "side", "边长"], ["calculate", "area", "", "pow(${side}, 2) + sqrt(${side}) * pi()"],
        ["begin repeat", "member", "成员"], ["string", "member_name", "姓名"], ["note", "", "${member_name}"],
        ["end repeat"], ["trigger", "ok", "确认", "", "log10(${area}) > 1"]]))


def test_an_xls_form_as_pyxform(tmp_path: Path) -> None:
    writer = pytest.importorskip("tests.excel.data.make_legacy_xls", reason="the .xls writer of tests/excel is absent")
    path = tmp_path / "legacy.xls"
    path.write_bytes(build_xls(writer, [
        ("survey", [["type", "name", "label", "bind:relevant", "constraint message"],
                    ["integer", "age", "年龄"], ["text", "why", "原因", "${age} > 60", "请说明"],
                    ["select_one yn", "ok", "好吗"]]),
        ("choices", YN)]))
    assert_same_as_pyxform(path)


@pytest.mark.parametrize("spelled", ["gps", "location", "geopoint", "add photo prompt", "q audio", "barcode",
                                     "range", "file"])
def test_types_we_cannot_collect_are_refused_with_sheet_and_row(write_form: WriteForm, spelled: str) -> None:
    path = write_form([["type", "name", "label"], ["text", "a", "A"], [spelled, "where", "在哪"]])
    assert [child["name"] for child in _theirs(parse_file_to_json(str(path))["children"])] == ["a", "where"]
    with pytest.raises(FormError) as caught:
        load_form(path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "A 列（type）")
    assert "无法采集" in problem.message
