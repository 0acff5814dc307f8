"""Which households a document names with characters no printing font has (drawn as □), so the
print result can say so instead of leaving the user to find a box where a name should be."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from app.printing.fonts import PLACEHOLDER, missing

T = TypeVar("T")
SHOWN = 10  # households named in the message; the rest are counted


@dataclass(frozen=True)
class Unprintable:
    household: str  # "张😀（户编号 001）", or "" for text that belongs to no household
    chars: str


def find_unprintable(data: object) -> list[Unprintable]:
    """Walk the plain values a document is drawn from: every record with a ``head_name`` (a card,
    a posting case, a ledger row …) is one household, named with its ``household_number`` when it
    has one; text elsewhere (headings, places) counts as the document's own."""
    found: dict[str, str] = {}
    _walk(data, None, found)
    return [Unprintable(household, chars) for household, chars in found.items()]


def _walk(value: object, household: str | None, found: dict[str, str]) -> None:
    if isinstance(value, str):
        chars = missing(value)
        if chars:
            key = household or ""
            found[key] = "".join(dict.fromkeys(found.get(key, "") + chars))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if household is None and hasattr(value, "head_name"):
            number = getattr(value, "household_number", "")
            household = f"{value.head_name}（户编号 {number}）" if number else f"{value.head_name}户"
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), household, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _walk(item, household, found)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, household, found)


def watch(items: Iterable[T], found: list[Unprintable]) -> Iterator[T]:
    """``items`` unchanged, each checked on its way to the printer (a lazy batch of cards)."""
    for item in items:
        found.extend(find_unprintable(item))
        yield item


def warning_lines(found: Iterable[Unprintable]) -> list[str]:
    """What the print result says, in Chinese: which households, which characters."""
    found = list(found)
    households = [u for u in found if u.household]
    lines = [f"{u.household}：“{u.chars}”" for u in households[:SHOWN]]
    if len(households) > SHOWN:
        lines.append(f"另有 {len(households) - SHOWN} 户")
    other = "".join(dict.fromkeys("".join(u.chars for u in found if not u.household)))
    if other:
        lines.append(f"其他文字：“{other}”")
    if not lines:
        return []
    head = (f"注意：{len(households)} 户的信息中有字体无法打印的字符，已印成“{PLACEHOLDER}”，请手工补写："
            if households else f"注意：文档中有字体无法打印的字符，已印成“{PLACEHOLDER}”：")
    return [head, *lines]
