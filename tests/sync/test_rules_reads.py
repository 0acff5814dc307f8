"""The rule checker reads the open conflicts about what it checked in one of two ways (every
unresolved one, kept if its subject was checked; or the subjects looked up): both give the same
conflicts, oldest first."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.store.bulk import bulk_insert
from app.store.ids import new_id
from app.store.models import Household, Member, RuleConflict
from app.sync.rules import (
    ID_IN_TWO_HOUSEHOLDS,
    OVER_WORKLOAD,
    TWO_HEADS,
    TWO_PRIMARY_PERSONS,
    RuleChecker,
    _Checked,
)
from tests.conftest import VILLAGE


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
        few = _Checked(households={"h1", "h2"}, id_numbers={"n1"}, persons=set())
        many = _Checked(households={"h1", "h2", *(f"x{n}" for n in range(10))}, id_numbers={"n1"},
                        persons=set())
        # Three subjects, four unresolved conflicts: the subjects are looked up.
        looked_up = checker._open_conflicts(few)
        # Thirteen subjects: every unresolved conflict is read and those about others left.
        all_read = checker._open_conflicts(many)
        assert [(c.kind, c.subject) for c in looked_up] == [(TWO_HEADS, "h1"), (ID_IN_TWO_HOUSEHOLDS, "n1")]
        assert [c.id for c in all_read] == [c.id for c in looked_up]


def test_a_rule_was_checked_when_its_subject_was() -> None:
    checked = _Checked(households={"h1"}, id_numbers={"n1"}, persons={"p1"})
    assert (TWO_HEADS, "h1") in checked and (TWO_PRIMARY_PERSONS, "h1") in checked
    assert (ID_IN_TWO_HOUSEHOLDS, "n1") in checked and (OVER_WORKLOAD, "p1") in checked
    assert (TWO_HEADS, "n1") not in checked and (ID_IN_TWO_HOUSEHOLDS, "h1") not in checked
    assert ("unknown_kind", "h1") not in checked
    assert checked.subjects() == {"h1", "n1", "p1"}


def test_an_id_number_is_shared_only_between_live_members_of_live_households(ctx) -> None:
    """The first look at the touched members' numbers (with the members themselves) and the second
    (live households only) together find exactly the numbers two live households hold."""
    households = {name: new_id() for name in ("甲", "乙", "丙", "丁")}
    with ctx.db.write(ctx.actor) as session:
        bulk_insert(session, Household, [
            {"id": household_id, "village_code": VILLAGE, "household_type": "一般农户",
             "deleted": name == "丁"} for name, household_id in households.items()])
        rows = [("甲", "110101199001011234", False), ("乙", "110101199001011234", False),  # shared
                ("甲", "", False), ("乙", "", False),  # no number: nothing shared
                ("甲", "110101199001015678", False), ("丁", "110101199001015678", False),  # 丁 deleted
                ("甲", "110101199001019999", False), ("丙", "110101199001019999", True)]  # member deleted
        member_ids = [new_id() for _ in rows]
        bulk_insert(session, Member, [
            {"id": member_id, "household_id": households[name], "name": f"成员{n}", "relation": "之子",
             "id_number": number, "deleted": deleted}
            for n, (member_id, (name, number, deleted)) in enumerate(zip(member_ids, rows, strict=True))])
        assert RuleChecker(session, lambda _session: 5).check({"member": set(member_ids)}) == 1
        (conflict,) = session.scalars(select(RuleConflict).where(RuleConflict.resolved == False))  # noqa: E712
        assert (conflict.kind, conflict.subject) == (ID_IN_TWO_HOUSEHOLDS, "110101199001011234")
