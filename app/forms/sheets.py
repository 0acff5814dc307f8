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
COLUMN_ALIASES = {
    "list name": "list_name",
    "constraint message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "required message": "required_message",
    "jr:requiredmsg": "required_message",
    "requiredmsg": "required_message",
    "jr:count": "repeat_count",
    "repeat count": "repeat_count",
    "readonly": "read_only",
    "choice filter": "choice_filter",
    "id_string": "form_id",
    "title": "form_title",
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


def parse_header(header: str) -> tuple[str, str | None]:
    """`label::中文 (zh)` -> ("label", "中文 (zh)"); old forms use a single colon."""
    raw = header.strip()
    if raw.lower().startswith("bind::"):
        return "bind", raw[len("bind::"):].strip()
    if "::" in raw:
        base, language = raw.split("::", 1)
    elif ":" in raw and raw.split(":", 1)[0].strip().lower() in TRANSLATABLE:
        base, language = raw.split(":", 1)
    else:
        base, language = raw, None
    key = base.strip().lower()
    key = COLUMN_ALIASES.get(key, key)
    if language is not None:
        language = language.strip()
    return key, (language or None) if key in TRANSLATABLE or key == "bind" else None


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
    sheet = Sheet(title)
    header_seen = False
    for number, values in enumerate(rows, start=1):
        texts = [cell_text(value) for value in values]
        if not any(texts):
            continue
        if not header_seen:
            header_seen = True
            for index, header in enumerate(texts):
                if header:
                    key, language = parse_header(header)
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
        if column.key == "bind":
            row.bind[column.language or ""] = text
        elif column.key in TRANSLATABLE:
            row.texts.setdefault(column.key, {})[column.language or DEFAULT_LANGUAGE] = text
        else:
            row.cells[column.key] = text
    return row
