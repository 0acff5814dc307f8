"""Many ids in one query, a piece at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

# Rows looked up by id at a time: well under SQLite's limit on bound parameters.
IN_CHUNK = 500


def chunks(values: Iterable[str]) -> Iterator[list[str]]:
    """The distinct ``values``, sorted, in pieces small enough for one ``IN (…)`` each."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), IN_CHUNK):
        yield ordered[start:start + IN_CHUNK]
