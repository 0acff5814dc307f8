"""Measuring and wrapping text in the printing fonts (the main one, the rare-character fallbacks,
the placeholder for what none has), fast enough for hundreds of cards a second."""

from __future__ import annotations

from functools import cache, lru_cache

from app.printing.fonts import char_width

# Chinese typesetting (避头尾): these never begin a line; the character before moves down with them.
NO_LINE_START = frozenset("，。、；：？！）》」』】”’%％,.;:?!)]")


@cache
def _unit_width(char: str) -> float:
    return char_width(char)


def text_width(text: str, size: float) -> float:
    return sum(_unit_width(c) for c in text) * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; breaks anywhere (Chinese has no spaces),
    keeps explicit newlines, and always returns at least one line."""
    return list(wrapped(text or "", width, size))


@lru_cache(maxsize=20_000)
def wrapped(text: str, width: float, size: float) -> tuple[str, ...]:
    """``wrap`` remembered: table cells repeat from card to card (labels, units, dates)."""
    lines: list[str] = []
    limit = width / size
    for paragraph in (text or "").split("\n"):
        line, used = "", 0.0
        for char in paragraph:
            w = _unit_width(char)
            if line and used + w > limit:
                carried = ""
                if char in NO_LINE_START and len(line) > 1:
                    line, carried = line[:-1], line[-1]
                lines.append(line)
                line, used = carried, sum(_unit_width(c) for c in carried)
            line += char
            used += w
        lines.append(line)
    return tuple(lines)
