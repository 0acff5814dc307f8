"""Filling in a form, without Qt: calculations, what `relevant` hides, required and constraint checks.

Answers are a dict of name -> value; a repeat's name maps to a list of such dicts, one per row.
A question hidden by `relevant` (its own or a group's) is neither checked nor saved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from app.forms.expressions import (
    MAX_TEXT,
    Context,
    EvaluationError,
    ExpressionError,
    answer_text,
    evaluate,
    evaluate_bool,
    to_number,
    to_string,
)
from app.forms.model import GROUP, REPEAT, SELECT_TYPES, Choice, Form, Question, pick_text, walk

Answers = Mapping[str, object]
Path = tuple[str | int, ...]

_INTEGER = re.compile(r"\s*-?\d+\s*")
_DECIMAL = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
_REFERENCE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
NOT_SAVED = frozenset({"note", GROUP})
# A repeat_count formula gone wrong must not make thousands of rows.
MAX_REPEAT_COUNT = 200


@dataclass(frozen=True)
class FieldProblem:
    path: Path  # ("wage",) or ("member", 0, "member_name") for row 1 of a repeat
    message: str


@dataclass(frozen=True)
class Filled:
    values: dict[str, object]  # what may be saved
    problems: list[FieldProblem] = field(default_factory=list)
    # Questions and groups that `relevant` hides (the outermost hidden one of a branch).
    hidden: frozenset[Path] = frozenset()
    # The settled values at each level, calculations included: () for the top of the form,
    # ("member", 0) for the first row of repeat `member`. For labels, choice filters and screens.
    contexts: dict[Path, Context] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def fill_text(text: str, values: Answers) -> str:
    """A label or message with ${name} replaced by the answer, as a form shows it."""
    return _REFERENCE.sub(lambda match: answer_text(values.get(match[1])), text)


def fill(form: Form, answers: Answers, *, language: str | None = None, today: date | None = None) -> Filled:
    """Compute calculations, drop hidden answers and check the rest."""
    filler = _Filler(form, language or form.default_language, today)
    values = filler.level(form.questions, answers, {}, {}, None, ())
    return Filled(values, filler.problems, frozenset(filler.hidden_paths), filler.contexts)


def default_value(question: Question, context: Context | None = None) -> object:
    """What a new form (or a new repeat row) starts with: the `default` column, a formula such as
    `today()` evaluated, plain text taken as it is."""
    text = question.default
    if not text:
        return None
    if "(" in text or "${" in text:
        try:
            return to_string(evaluate(text, context or Context()))
        except ExpressionError:
            return text
        except EvaluationError:
            return None
    return text


def other_name(question: Question) -> str:
    """The answer that holds the text typed for "other" in an `or_other` select (as pyxform names it)."""
    return f"{question.name}_other"


def available_choices(form: Form, question: Question, context: Context) -> tuple[Choice, ...]:
    """The choices a select offers now: its list, narrowed by its choice_filter."""
    listed = form.choices_for(question)
    if not question.choice_filter:
        return listed
    return tuple(choice for choice in listed if evaluate_bool(question.choice_filter, replace(
        context, current=None, columns=choice.columns)))


def repeat_rows(question: Question, rows: object, context: Context) -> list[Mapping[str, object]]:
    """A repeat's rows as given, or exactly `repeat_count` of them when the form fixes the number."""
    given = [row if isinstance(row, Mapping) else {} for row in rows] if isinstance(rows, list | tuple) else []
    if not question.repeat_count:
        return given
    count = to_number(evaluate(question.repeat_count, context)) if not question.repeat_count.isdigit() \
        else float(question.repeat_count)
    wanted = 0 if math.isnan(count) else max(0, min(int(count), MAX_REPEAT_COUNT))
    return (given + [{} for _ in range(wanted - len(given))])[:wanted]


class _Filler:
    def __init__(self, form: Form, language: str, today: date | None) -> None:
        self.form = form
        self.language = language
        self.today = today
        self.problems: list[FieldProblem] = []
        self.hidden_paths: set[Path] = set()
        self.contexts: dict[Path, Context] = {}

    def context(self, values: Answers, current: object, position: int | None,
                nodesets: Mapping[str, list[object]]) -> Context:
        return Context(values=values, current=current, position=position, today=self.today, nodesets=nodesets)

    def level(self, questions: tuple[Question, ...], answers: Answers, outer: Answers,
              outer_sets: Mapping[str, list[object]], position: int | None, prefix: Path) -> dict[str, object]:
        """One page of answers: the top of the form, or one row of a repeat."""
        values, sets = self.settle(questions, answers, outer, outer_sets, position)
        self.contexts[prefix] = self.context(values, None, position, sets)
        saved: dict[str, object] = {}
        self.visit(questions, answers, values, sets, position, prefix, saved)
        return saved

    def settle(self, questions: tuple[Question, ...], answers: Answers, outer: Answers,
               outer_sets: Mapping[str, list[object]], position: int | None,
               ) -> tuple[dict[str, object], dict[str, list[object]]]:
        """The values of one level with calculations done and hidden answers blanked, and every
        row's values of the repeats below it (what sum() and count() run over), outer ones included."""
        own = [q for q in _same_level(questions) if q.type != REPEAT]
        repeats = [q for q in _same_level(questions) if q.type == REPEAT]
        calculated = [q for q in own if q.calculation]
        values: dict[str, object] = {**outer, **{q.name: answers.get(q.name) for q in own}}
        sets: dict[str, list[object]] = dict(outer_sets)
        # Relevance and calculations feed each other: a hidden answer counts as blank in every
        # formula. Settle both together; cycles among calculations were refused on loading.
        for _ in range(len(own) + 2):
            hidden = self.hidden(questions, values, position, sets)
            new_sets = dict(outer_sets)
            for repeat in repeats:
                new_sets.update(self.repeat_sets(repeat, answers, values, sets, position, repeat.name in hidden))
            settled = {**outer, **{q.name: None if q.name in hidden else answers.get(q.name) for q in own}}
            settled.update({q.name: values.get(q.name) for q in calculated})
            for question in calculated:
                settled[question.name] = None if question.name in hidden else self.calculate(
                    question, settled, position, new_sets)
            if settled == values and new_sets == sets:
                break
            values, sets = settled, new_sets
        return values, sets

    def repeat_sets(self, repeat: Question, answers: Answers, values: Answers, sets: Mapping[str, list[object]],
                    position: int | None, hidden: bool) -> dict[str, list[object]]:
        """Each name inside a repeat (nested repeats too) with its value in every row, in order."""
        rows = [] if hidden else repeat_rows(repeat, answers.get(repeat.name),
                                             self.context(values, None, position, sets))
        found: dict[str, list[object]] = {repeat.name: [], **{
            q.name: [] for q in walk(repeat.children)}}
        for index, row in enumerate(rows):
            row_values, row_sets = self.settle(repeat.children, row, values, sets, index + 1)
            found[repeat.name].append(row_values)
            for name in _inner_names(repeat):
                found[name].append(row_values.get(name))
            for name, items in row_sets.items():
                if name in found and name not in _inner_names(repeat) and name != repeat.name:
                    found[name].extend(items)
        return found

    def calculate(self, question: Question, values: Answers, position: int | None,
                  sets: Mapping[str, list[object]]) -> str:
        try:
            result = to_string(evaluate(question.calculation, self.context(values, None, position, sets)))
        except EvaluationError:
            # A text grown past the limit: the calculation is blank and the form cannot be saved.
            self.too_long(question)
            return ""
        # A sum over blank answers is NaN in XPath; saving "NaN" would only mislead a ledger.
        return "" if result == "NaN" else result

    def too_long(self, question: Question) -> None:
        problem = FieldProblem((question.name,), f"题目「{question.name}」的公式算出的文字超过 {MAX_TEXT} 个字符"
                               "（每个值的上限），请检查公式是否在反复拼接文字。")
        if problem not in self.problems:
            self.problems.append(problem)

    def holds(self, question: Question, formula: str, context: Context) -> bool:
        """A relevant, required or constraint formula; one that grows a text past the limit is false."""
        try:
            return evaluate_bool(formula, context)
        except EvaluationError:
            self.too_long(question)
            return False

    def hidden(self, questions: tuple[Question, ...], values: Answers, position: int | None,
               sets: Mapping[str, list[object]], parent_hidden: bool = False) -> set[str]:
        found: set[str] = set()
        for question in questions:
            hidden = parent_hidden or (bool(question.relevant) and not self.holds(
                question, question.relevant, self.context(values, values.get(question.name), position, sets)))
            if hidden:
                found.add(question.name)
            if question.type == GROUP:
                found |= self.hidden(question.children, values, position, sets, hidden)
        return found

    def visit(self, questions: tuple[Question, ...], answers: Answers, values: dict[str, object],
              sets: Mapping[str, list[object]], position: int | None, prefix: Path,
              saved: dict[str, object]) -> None:
        for question in questions:
            value = values.get(question.name)
            context = self.context(values, value, position, sets)
            if question.relevant and not self.holds(question, question.relevant, context):
                self.hidden_paths.add((*prefix, question.name))
                continue
            if question.type == GROUP:
                self.visit(question.children, answers, values, sets, position, prefix, saved)
            elif question.type == REPEAT:
                rows = repeat_rows(question, answers.get(question.name), context)
                saved[question.name] = [
                    self.level(question.children, row, values, sets, index + 1, (*prefix, question.name, index))
                    for index, row in enumerate(rows)]
            elif question.type not in NOT_SAVED:
                problem = self.check(question, value, context)
                if problem:
                    self.problems.append(FieldProblem((*prefix, question.name), fill_text(problem, values)))
                if answer_text(value) != "":
                    saved[question.name] = value
                if question.or_other and "other" in answer_text(value).split():
                    self.other(question, answers, prefix, saved)

    def other(self, question: Question, answers: Answers, prefix: Path, saved: dict[str, object]) -> None:
        """`or_other`: picking "other" asks for the words, saved beside the answer as pyxform does."""
        text = answer_text(answers.get(other_name(question))).strip()
        if text:
            saved[other_name(question)] = text
        else:
            self.problems.append(FieldProblem((*prefix, other_name(question)), "选了“其他”，请写明具体内容。"))

    def check(self, question: Question, value: object, context: Context) -> str | None:
        text = answer_text(value).strip()
        required = question.required is True or (
            isinstance(question.required, str) and self.holds(question, question.required, context))
        if text == "":
            if required:
                return pick_text(question.required_messages, self.language) or "此项必须填写。"
            return None
        wrong = self.wrong_type(question, text, context)
        if wrong:
            return wrong
        if question.constraint and not self.holds(question, question.constraint, context):
            return pick_text(question.constraint_messages, self.language) or "填写的内容不符合要求。"
        return None

    def wrong_type(self, question: Question, text: str, context: Context) -> str | None:
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
            names = {choice.name for choice in available_choices(self.form, question, context)}
            picked = text.split() if question.type == "select_multiple" else [text]
            unknown = [item for item in picked if item not in names]
            if unknown:
                return f"选项「{'、'.join(unknown)}」不在列表中。"
        return None


def _inner_names(repeat: Question) -> list[str]:
    """The questions answered once per row of a repeat (not those of repeats nested in it)."""
    return [q.name for q in _same_level(repeat.children) if q.type != REPEAT]


def _same_level(questions: tuple[Question, ...]) -> Iterator[Question]:
    """The questions answered alongside these: into groups, not into repeats (each row is its own)."""
    for question in questions:
        yield question
        if question.type == GROUP:
            yield from _same_level(question.children)
