"""Every shared real-world XLSForm: we read the same questions as pyxform, or refuse it with a clear reason."""

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

SHARED = Path(os.environ.get("FANGPIN_XLSFORMS", Path(__file__).resolve().parents[3] / "shared/external/xlsforms"))
FORMS = sorted(SHARED.glob("*.xlsx"))
# Forms we refuse, and the words the refusal must contain: a type a laptop cannot collect.
REFUSED = {
    "case_insensitivity.xlsx": ["select_one_external", "osm"],
    "flat_xlsform_test.xlsx": ["geopoint", "barcode", "image", "audio", "video"],
    "xlsform_spec_test.xlsx": ["geopoint", "barcode", "image", "audio", "video"],
    "loop.xlsx": ["begin repeat"],
}
PYXFORM_TYPES = {"select one": "select_one", "select all that apply": "select_multiple", "phone number": "text"}
TRUE = {"yes", "true", "true()"}


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
        constraint = bind.get("constraint") or QUESTION_TYPE_DICT.get(child["type"], {}).get(
            "bind", {}).get("constraint", "")
        yield {
            "name": child["name"], "type": kind, "labels": _texts(child.get("label")),
            "relevant": bind.get("relevant", ""), "constraint": constraint,
            "required": _required(bind.get("required")), "calculation": bind.get("calculate", ""),
            "choice_filter": child.get("choice_filter", ""),
            "choices": [(c["name"], _texts(c.get("label")) if c["name"] != "other" else None)
                        for c in child.get("choices", [])],
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
        }


@cache
def _refusal(path: Path) -> FormError:
    try:
        load_form(path)
    except FormError as error:
        return error
    raise AssertionError(f"{path.name} should have been refused")


@pytest.mark.parametrize("path", FORMS, ids=[path.name for path in FORMS])
def test_same_questions_as_pyxform_or_a_clear_refusal(path: Path) -> None:
    if path.name in REFUSED:
        error = _refusal(path)
        for word in REFUSED[path.name]:
            assert word in str(error)
        assert all(problem.row and problem.column for problem in error.problems)
        return
    form = load_form(path)
    theirs = list(_theirs(parse_file_to_json(str(path))["children"]))
    for question in theirs:
        # pyxform appends "other" to the shared list, so every select on that list offers it;
        # we offer it only where the form asked for `or_other`.
        if question["choices"][-1:] == [("other", None)] and not form.question(question["name"]).or_other:
            question["choices"].pop()
    assert list(_ours(form)) == theirs


def test_refused_forms_are_refused_only_for_types_we_do_not_collect() -> None:
    """Apart from their media and GPS rows, pyxform's own spec forms are fully understood."""
    for name in ("xlsform_spec_test.xlsx", "flat_xlsform_test.xlsx"):
        problems = _refusal(SHARED / name).problems
        assert [problem.row for problem in problems] == [34, 35, 36, 37, 38]
        assert all("无法采集" in problem.message for problem in problems)
