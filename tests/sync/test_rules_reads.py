"""The rule checker reads the open conflicts about what it checked in one of two ways (every
unresolved one, kept if its subject was checked; or the subjects looked up): both give the same
conflicts, oldest first."""

from __future__ import annotations

from datetime import UTC, datetime

from app.store.models import RuleConflict
from app.sync.rules import ID_IN_TWO_HOUSEHOLDS, TWO_HEADS, RuleChecker


def _conflicts(session, items: list[tuple[str, str, bool]]) -> None:
    for kind, subject, resolved in items:
        session.add(RuleConflict(kind=kind, subject=subject, description="测试", rows=[],
                                 detected_at=datetime(2026, 1, 1, tzinfo=UTC), resolved=resolved))
    session.flush()


def test_both_ways_of_reading_open_conflicts_agree(ctx) -> None:
    with ctx.db.write(ctx.actor) as session:
        _conflicts(session, [(TWO_HEADS, "h1", False), (TWO_HEADS, "h2", True),
                             (ID_IN_TWO_HOUSEHOLDS, "n1", False), (TWO_HEADS, "h3", False),
                             (TWO_HEADS, "h4", False)])
        checker = RuleChecker(session, lambda _session: 5)
        few = {(TWO_HEADS, "h1"), (TWO_HEADS, "h2"), (ID_IN_TWO_HOUSEHOLDS, "n1")}
        many = few | {(TWO_HEADS, f"x{n}") for n in range(10)}
        # Three subjects, four unresolved conflicts: the subjects are looked up.
        looked_up = checker._open_conflicts(few)
        # Thirteen subjects: every unresolved conflict is read and those about others left.
        all_read = checker._open_conflicts(many)
        assert [(c.kind, c.subject) for c in looked_up] == [(TWO_HEADS, "h1"), (ID_IN_TWO_HOUSEHOLDS, "n1")]
        assert [c.id for c in all_read] == [c.id for c in looked_up]
