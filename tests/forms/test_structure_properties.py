"""Properties over random survey layouts: no question is ever silently dropped or reordered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.forms.model import Form
from app.forms.problems import FormError
from app.forms.sheets import read_sheet
from app.forms.xlsform import parse_sheets

HEADER = ("type", "name", "label")
STEPS = st.lists(st.sampled_from(["text", "integer", "begin group", "begin repeat", "end group",
                                  "end repeat", "blank"]), max_size=25)


def _rows(steps: list[str], balanced: bool) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = [HEADER]
    open_kinds: list[str] = []
    for index, step in enumerate(steps):
        if step == "blank":
            rows.append((None, None, None))
        elif step.startswith("end"):
            if balanced:
                if not open_kinds:
                    continue
                step = f"end {open_kinds.pop()}"
            rows.append((step, None, None))
        else:
            if step.startswith("begin"):
                open_kinds.append(step.split()[1])
            rows.append((step, f"q{index}", f"题目 {index}"))
    if balanced:
        rows.extend((f"end {kind}", None, None) for kind in reversed(open_kinds))
    return rows


def _parse(rows: list[tuple[object, ...]]) -> Form:
    return parse_sheets({"survey": read_sheet("survey", rows)}, source="random.xlsx", default_id="random")


@settings(max_examples=150, deadline=None)
@given(STEPS)
def test_balanced_layouts_keep_every_question_in_row_order(steps: list[str]) -> None:
    rows = _rows(steps, balanced=True)
    form = _parse(rows)
    named = [row[1] for row in rows[1:] if row[1]]
    assert [question.name for question in form.walk()] == named


@settings(max_examples=150, deadline=None)
@given(STEPS)
def test_any_layout_parses_whole_or_is_refused_with_rows(steps: list[str]) -> None:
    rows = _rows(steps, balanced=False)
    named = [row[1] for row in rows[1:] if row[1]]
    try:
        form = _parse(rows)
    except FormError as error:
        assert error.problems
        assert all(problem.row and problem.column == "A 列（type）" for problem in error.problems)
        return
    assert [question.name for question in form.walk()] == named
