"""A form's sections: its top-level groups and repeats, and the runs of loose questions between them.

The section list (like ODK Collect's hierarchy view) and the one-group-per-page mode both work on
these. No Qt here: what is missing in a section is worked out from the engine's problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.forms.filling import FieldProblem, Filled, other_name
from app.forms.model import REPEAT, Question

# Loose questions that only show or work out something (no answer typed) belong with the section
# before them: "大额支出合计 … 元" is part of the 大额支出 section, not a page of its own.
SHOWN_ONLY = frozenset({"note", "calculate"})
# A run of loose questions is titled by its first labels: "走访日期、在场人员".
TITLE_LABELS = 2


@dataclass
class Section:
    """Top-level questions shown together; `names` are the answer names inside it (the first element of
    a problem's path), `top` the names of its top-level questions (their widgets are the section's)."""

    title: str
    top: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    container: bool = False

    def owns(self, path: tuple[str | int, ...]) -> bool:
        return bool(path) and path[0] in self.names

    def problems(self, filled: Filled) -> list[FieldProblem]:
        return [problem for problem in filled.problems if self.owns(problem.path)]

    def hidden(self, filled: Filled) -> bool:
        """Every top-level question of the section is hidden by `relevant` (so is the page)."""
        return all((name,) in filled.hidden for name in self.top)


def sections(questions: Iterable[Question], language: str, more: str = "{titles}等") -> list[Section]:
    """The sections of a form in order. `more` words a run of loose questions with more labels than
    its title shows ("{titles}" is replaced by the first labels)."""
    found: list[Section] = []
    loose_labels: list[str] = []
    for question in questions:
        current = found[-1] if found else None
        if question.is_container:
            found.append(Section(question.label(language) or question.name, container=True))
        elif current is None or (current.container and question.type not in SHOWN_ONLY and not question.is_meta):
            found.append(Section(""))
            loose_labels = []
        section = found[-1]
        section.top.append(question.name)
        section.names.update(_answer_names(question))
        if not section.container:
            if question.type not in SHOWN_ONLY and not question.is_meta and question.label(language):
                loose_labels.append(question.label(language))
            titles = "、".join(loose_labels[:TITLE_LABELS]) or question.name
            section.title = more.replace("{titles}", titles) if len(loose_labels) > TITLE_LABELS else titles
    return found


def _answer_names(question: Question) -> set[str]:
    """The names a problem of this question (or of anything inside it) starts its path with."""
    names = {question.name}
    if question.or_other:
        names.add(other_name(question))
    if question.type != REPEAT:  # a repeat row's problems start with the repeat's name
        for child in question.children:
            names |= _answer_names(child)
    return names
