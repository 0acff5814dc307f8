"""Filling in a form, without Qt: calculations, what `relevant` hides, required and constraint checks.

Answers are a dict of name -> value; a repeat's name maps to a list of such dicts, one per row.
A question hidden by `relevant` (its own or a group's) is neither checked nor saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from app.forms.expressions import Context, answer_text, evaluate, evaluate_bool, to_string
from app.forms.model import GROUP, REPEAT, SELECT_TYPES, Form, Question, pick_text

Answers = Mapping[str, object]
Path = tuple[str | int, ...]

_INTEGER = re.compile(r"\s*-?\d+\s*")
_DECIMAL = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
_REFERENCE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
NOT_SAVED = frozenset({"note", GROUP})


@dataclass(frozen=True)
class FieldProblem:
    path: Path  # ("wage",) or ("member", 0, "member_name") for row 1 of a repeat
    message: str


@dataclass(frozen=True)
class Filled:
    values: dict[str, object]  # what may be saved
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def fill_text(text: str, values: Answers) -> str:
    """A label or message with ${name} replaced by the answer, as a form shows it."""
    return _REFERENCE.sub(lambda match: answer_text(values.get(match[1])), text)


def fill(form: Form, answers: Answers, *, language: str | None = None, today: date | None = None) -> Filled:
    """Compute calculations, drop hidden answers and check the rest."""
    filler = _Filler(form, language or form.default_language, today)
    values = filler.level(form.questions, answers, {}, None, ())
    return Filled(values, filler.problems)


class _Filler:
    def __init__(self, form: Form, language: str, today: date | None) -> None:
        self.form = form
        self.language = language
        self.today = today
        self.problems: list[FieldProblem] = []

    def context(self, values: Answers, current: object, position: int | None) -> Context:
        return Context(values=values, current=current, position=position, today=self.today)

    def level(self, questions: tuple[Question, ...], answers: Answers, outer: Answers,
              position: int | None, prefix: Path) -> dict[str, object]:
        """One page of answers: the top of the form, or one row of a repeat."""
        own = [q for q in _same_level(questions) if q.type != REPEAT]
        calculated = [q for q in own if q.calculation]
        values: dict[str, object] = {**outer, **{q.name: answers.get(q.name) for q in own}}
        # Relevance and calculations feed each other: a hidden answer counts as blank in every
        # formula. Settle both together; cycles among calculations were refused on loading.
        for _ in range(len(own) + 2):
            hidden = self.hidden(questions, values, position)
            settled = {**outer, **{q.name: None if q.name in hidden else answers.get(q.name) for q in own}}
            settled.update({q.name: values.get(q.name) for q in calculated})
            for question in calculated:
                settled[question.name] = None if question.name in hidden else self.calculate(
                    question, settled, position)
            if settled == values:
                break
            values = settled
        saved: dict[str, object] = {}
        self.visit(questions, answers, values, position, prefix, saved)
        return saved

    def calculate(self, question: Question, values: Answers, position: int | None) -> str:
        result = to_string(evaluate(question.calculation, self.context(values, None, position)))
        # A sum over blank answers is NaN in XPath; saving "NaN" would only mislead a ledger.
        return "" if result == "NaN" else result

    def hidden(self, questions: tuple[Question, ...], values: Answers, position: int | None,
               parent_hidden: bool = False) -> set[str]:
        found: set[str] = set()
        for question in questions:
            hidden = parent_hidden or (bool(question.relevant) and not evaluate_bool(
                question.relevant, self.context(values, values.get(question.name), position)))
            if hidden:
                found.add(question.name)
            if question.type == GROUP:
                found |= self.hidden(question.children, values, position, hidden)
        return found

    def visit(self, questions: tuple[Question, ...], answers: Answers, values: dict[str, object],
              position: int | None, prefix: Path, saved: dict[str, object]) -> None:
        for question in questions:
            value = values.get(question.name)
            context = self.context(values, value, position)
            if question.relevant and not evaluate_bool(question.relevant, context):
                continue
            if question.type == GROUP:
                self.visit(question.children, answers, values, position, prefix, saved)
            elif question.type == REPEAT:
                rows = answers.get(question.name) or []
                saved[question.name] = [
                    self.level(question.children, row if isinstance(row, Mapping) else {}, values,
                               index + 1, (*prefix, question.name, index))
                    for index, row in enumerate(rows if isinstance(rows, list | tuple) else [])]
            elif question.type not in NOT_SAVED:
                problem = self.check(question, value, context)
                if problem:
                    self.problems.append(FieldProblem((*prefix, question.name), fill_text(problem, values)))
                if answer_text(value) != "":
                    saved[question.name] = value

    def check(self, question: Question, value: object, context: Context) -> str | None:
        text = answer_text(value).strip()
        required = question.required is True or (
            isinstance(question.required, str) and evaluate_bool(question.required, context))
        if text == "":
            if required:
                return pick_text(question.required_messages, self.language) or "此项必须填写。"
            return None
        wrong = self.wrong_type(question, text)
        if wrong:
            return wrong
        if question.constraint and not evaluate_bool(question.constraint, context):
            return pick_text(question.constraint_messages, self.language) or "填写的内容不符合要求。"
        return None

    def wrong_type(self, question: Question, text: str) -> str | None:
        if question.type == "integer" and not _INTEGER.fullmatch(text):
            return "请填写整数。"
        if question.type == "decimal" and not _DECIMAL.fullmatch(text):
            return "请填写数字。"
        if question.type == "date":
            try:
                date.fromisoformat(text)
            except ValueError:
                return "请填写正确的日期，例如 2026-11-23。"
        if question.type in SELECT_TYPES:
            names = {choice.name for choice in self.form.choices_for(question)}
            picked = text.split() if question.type == "select_multiple" else [text]
            unknown = [item for item in picked if item not in names]
            if unknown:
                return f"选项「{'、'.join(unknown)}」不在列表中。"
        return None


def _same_level(questions: tuple[Question, ...]) -> Iterator[Question]:
    """The questions answered alongside these: into groups, not into repeats (each row is its own)."""
    for question in questions:
        yield question
        if question.type == GROUP:
            yield from _same_level(question.children)
