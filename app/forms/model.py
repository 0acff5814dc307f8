"""A parsed form as plain frozen data: what the renderer, the evaluator and the CLI share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

# Label dictionaries use this key for a plain `label` column without a language, as pyxform does.
DEFAULT_LANGUAGE = "default"

GROUP = "group"
REPEAT = "repeat"
CONTAINER_TYPES = frozenset({GROUP, REPEAT})
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
# Filled in by the device, never shown as a field.
META_TYPES = frozenset({
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
    "email", "uri:deviceid", "uri:subscriberid", "uri:simserial", "uri:phonenumber",
    "uri:username", "uri:email", "audit", "hidden",
})
INPUT_TYPES = frozenset({"text", "integer", "decimal", "date", "time", "datetime", "acknowledge"})


@dataclass(frozen=True)
class Choice:
    name: str
    labels: Mapping[str, str]
    # Extra columns (e.g. the one a choice_filter compares against), keyed by column name.
    columns: Mapping[str, str] = field(default_factory=dict)
    row: int = 0


# The choice `or_other` adds; its name "other" is what pyxform and ODK use.
OTHER_CHOICE = Choice("other", {DEFAULT_LANGUAGE: "其他"})


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    labels: Mapping[str, str] = field(default_factory=dict)
    hints: Mapping[str, str] = field(default_factory=dict)
    required: bool | str = False
    required_messages: Mapping[str, str] = field(default_factory=dict)
    relevant: str = ""
    constraint: str = ""
    constraint_messages: Mapping[str, str] = field(default_factory=dict)
    calculation: str = ""
    default: str = ""
    read_only: bool = False
    choice_filter: str = ""
    appearance: str = ""
    list_name: str = ""
    or_other: bool = False
    repeat_count: str = ""
    row: int = 0
    children: tuple[Question, ...] = ()
    # `bind::fangpin:field` and friends: how an answer maps onto household fields.
    bind: Mapping[str, str] = field(default_factory=dict)
    # Columns the engine does not use (media, parameters …), kept so nothing is lost.
    extras: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def is_meta(self) -> bool:
        return self.type in META_TYPES

    def label(self, language: str | None = None) -> str:
        return pick_text(self.labels, language)


@dataclass(frozen=True)
class Form:
    form_id: str
    title: str
    version: str
    default_language: str
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    choices: Mapping[str, tuple[Choice, ...]]
    source: str = ""
    # The settings sheet's `style` (pyxform writes it as the body's class; Enketo's "pages" shows one
    # group per page). Words separated by spaces, e.g. "pages theme-grid".
    style: str = ""

    @property
    def paged(self) -> bool:
        """The form asks to be shown one group per page (settings `style` holds "pages")."""
        return "pages" in self.style.lower().split()

    def walk(self) -> Iterator[Question]:
        """Every question in form order, those inside groups and repeats included."""
        yield from walk(self.questions)

    def question(self, name: str) -> Question:
        for question in self.walk():
            if question.name == name:
                return question
        raise KeyError(name)

    def resolve_language(self, wanted: str | None) -> str:
        """The form's language column for "zh", "en", "中文 (zh)" …; the default language otherwise."""
        if wanted:
            code = wanted.strip().lower()
            for language in self.languages:
                lower = language.lower()
                if code in (lower, lower.rsplit("(", 1)[-1].rstrip(")").strip(), lower.split(" ", 1)[0]):
                    return language
        return self.default_language

    def choices_for(self, question: Question) -> tuple[Choice, ...]:
        """The choices a select offers, with the extra "other" one `or_other` asks for."""
        listed = self.choices.get(question.list_name, ())
        return (*listed, OTHER_CHOICE) if question.or_other else listed


def walk(questions: tuple[Question, ...]) -> Iterator[Question]:
    for question in questions:
        yield question
        yield from walk(question.children)


def pick_text(texts: Mapping[str, str], language: str | None = None) -> str:
    """The text in the wanted language, else the plain column, else any language at all."""
    if language and texts.get(language):
        return texts[language]
    if texts.get(DEFAULT_LANGUAGE):
        return texts[DEFAULT_LANGUAGE]
    return next((text for text in texts.values() if text), "")
