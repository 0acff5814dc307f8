"""Reading XLSForm sheets into plain rows: case-insensitive names, language columns, cell text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from openpyxl.utils import get_column_letter

from app.forms.model import DEFAULT_LANGUAGE

# Columns whose text is shown to people and so may come once per language.
TRANSLATABLE = frozenset({
    "label", "hint", "constraint_message", "required_message", "guidance_hint",
    "image", "audio", "video", "big-image", "media",
})
# Other spellings of our column keys, after the header is lower-cased with spaces as "_" (as pyxform
# does): pyxform's `survey_header`, `list_header` and `settings_header` aliases (pyxform/aliases.py).
COLUMN_ALIASES = {
    "relevance": "relevant",
    "calculate": "calculation",
    "constraining_message": "constraint_message",
    "requiredmsg": "required_message",
    "count": "repeat_count",
    "jr:count": "repeat_count",
    "readonly": "read_only",
    "caption": "label",
    "set_form_id": "form_id",
    "set_form_title": "form_title",
    "id_string": "form_id",
    "title": "form_title",
    # pyxform 4.5 drops a bare `jr:constraintMsg` / `jr:requiredMsg` column (only `bind::jr:…` reaches
    # the XForm); older forms use them and the author's intent is plain, so the message is kept.
    "jr:constraintmsg": "constraint_message",
    "jr:requiredmsg": "required_message",
}
# Our keys that a form may write with spaces (`list name`, `choice filter`, `default language` …).
SPACED_KEYS = frozenset({
    "list_name", "choice_filter", "constraint_message", "required_message", "repeat_count", "read_only",
    "form_id", "form_title", "default_language", "allow_choice_duplicates", "guidance_hint",
})
# `bind::<attribute>` (or `bind:<attribute>`) columns that are one of our columns; the XForm attribute
# name is case-sensitive, so `bind::RELEVANT` is not `relevant` (pyxform writes it as it stands).
BIND_ATTRIBUTES = {
    "relevant": "relevant", "constraint": "constraint", "required": "required", "calculate": "calculation",
    "readonly": "read_only", "jr:constraintMsg": "constraint_message", "jr:requiredMsg": "required_message",
}


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    key: str
    language: str | None  # set for translatable columns and for `bind::…` (the bind name)

    @property
    def where(self) -> str:
        return f"{get_column_letter(self.index + 1)} 列（{self.header}）"


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]  # untranslated columns by key
    texts: dict[str, dict[str, str]]  # translatable columns: key -> {language: text}
    bind: dict[str, str]


@dataclass
class Sheet:
    title: str
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def column(self, key: str, language: str | None = None) -> Column | None:
        """The column for `key`; with a language, the column of that language."""
        return next((column for column in self.columns if column.key == key and (
            language is None or (column.language or DEFAULT_LANGUAGE) == language)), None)

    def where(self, key: str, language: str | None = None) -> str:
        column = self.column(key, language) or self.column(key)
        return column.where if column else f"{key} 列"


def parse_header(header: str, single_colons: bool = True) -> tuple[str, str | None]:
    """A header as (key, language), the way pyxform splits it: on "::", else on ":" (old forms), with
    `jr:` kept whole. As in pyxform, a sheet with any "::" header splits on "::" only (`single_colons`
    false): there `bind:required` or `label:English` is a column of its own, which no one reads.
    `label::中文 (zh)` -> ("label", "中文 (zh)"); `bind::relevant` -> ("relevant", None);
    `bind::jr:constraintMsg::English (en)` -> ("constraint_message", "English (en)");
    `bind::fangpin:field` -> ("bind", "fangpin:field")."""
    raw = header.strip()
    double = "::" in raw or not single_colons
    tokens = [token.strip() for token in raw.split("::")] if double else _single_colon_tokens(raw)
    first = _snake(tokens[0])
    if first == "bind" and len(tokens) > 1:
        if tokens[1] in BIND_ATTRIBUTES:
            key = BIND_ATTRIBUTES[tokens[1]]
            return key, (tokens[2] or None) if len(tokens) > 2 and key in TRANSLATABLE else None
        # Any other bind attribute is kept by its name (`bind::fangpin:field`).
        return "bind", raw.split("::" if double else ":", 1)[1].strip() or None
    key = COLUMN_ALIASES.get(first, first)
    if key in TRANSLATABLE and len(tokens) > 1:
        return key, tokens[1] or None
    # Any other header is one column, colons and all (`fangpin:note`); spaces become "_" only in
    # the names we know, so a choices column a choice_filter names keeps its spelling.
    whole = _snake(raw)
    return COLUMN_ALIASES.get(whole, whole if whole in SPACED_KEYS else raw.lower()), None


def _single_colon_tokens(raw: str) -> list[str]:
    tokens = [token.strip() for token in raw.split(":")]
    if "jr" in tokens[:-1]:
        at = tokens.index("jr")
        tokens = [*tokens[:at], f"jr:{tokens[at + 1]}", *tokens[at + 2:]]
    return tokens


def _snake(text: str) -> str:
    """pyxform's to_snake_case: `Constraint  Message` -> `constraint_message`."""
    return "_".join(text.split()).lower()


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_sheet(title: str, rows: Iterable[tuple[object, ...]]) -> Sheet:
    """The first non-empty row is the header; blank rows after it are skipped."""
    return read_numbered_sheet(title, enumerate(rows, start=1))


def read_numbered_sheet(title: str, rows: Iterable[tuple[int, tuple[object, ...]]]) -> Sheet:
    """The same, for rows given with their row number (blank rows may be left out)."""
    sheet = Sheet(title)
    header_seen = False
    for number, values in rows:
        texts = [cell_text(value) for value in values]
        if not any(texts):
            continue
        if not header_seen:
            header_seen = True
            single_colons = not any("::" in header for header in texts)
            for index, header in enumerate(texts):
                if header:
                    key, language = parse_header(header, single_colons)
                    sheet.columns.append(Column(index, header, key, language))
            continue
        sheet.rows.append(_row(sheet.columns, number, texts))
    return sheet


def _row(columns: list[Column], number: int, texts: list[str]) -> Row:
    row = Row(number, {}, {}, {})
    for column in columns:
        text = texts[column.index] if column.index < len(texts) else ""
        if not text:
            continue
        # Two spellings of one column (`relevant` and `bind::relevant`): the first filled one counts.
        if column.key == "bind":
            row.bind.setdefault(column.language or "", text)
        elif column.key in TRANSLATABLE:
            row.texts.setdefault(column.key, {}).setdefault(column.language or DEFAULT_LANGUAGE, text)
        else:
            row.cells.setdefault(column.key, text)
    return row
