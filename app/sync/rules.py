"""Rule conflicts: merged data that breaks a rule spanning rows, found after each import.

Each device's own services keep these rules, but two devices can each keep them and still break
them together: two workers each name a new head (户主) of one household, register one person
(ID number) in two households, or assign different primary assistance persons. Per-field merging
cannot see that, so after every import the rows it touched are checked and each broken rule is
kept once (per kind and subject) for a person at the station to resolve, like a field conflict.
A rule that is no longer broken (someone corrected the data) is closed by the next check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.domain.categories import HEAD_RELATION
from app.store.batches import among
from app.store.models import Assignment, AssistancePerson, Household, Member, RuleConflict
from app.store.plain_rows import plain_columns

TWO_HEADS = "two_heads"
ID_IN_TWO_HOUSEHOLDS = "id_in_two_households"
TWO_PRIMARY_PERSONS = "two_primary_persons"
OVER_WORKLOAD = "over_workload"
KIND_TITLES = {TWO_HEADS: "一户两名户主", ID_IN_TWO_HOUSEHOLDS: "同一身份证号在两户",
               TWO_PRIMARY_PERSONS: "一户两名主要帮扶责任人", OVER_WORKLOAD: "帮扶户数超过上限"}
# The policy's workload limit (乡村干部帮扶户数上限) in force, read in the checking transaction:
# handed in by the use case, which knows where policy is kept (app/services/policy.py).
WorkloadLimit = Callable[[Session], int]


class RuleChecker:
    """Checks the rules around the rows an import touched, inside the import's transaction."""

    def __init__(self, session: Session, workload_limit: WorkloadLimit) -> None:
        self.session = session
        self.workload_limit = workload_limit

    def check(self, touched: dict[str, set[str]]) -> int:
        """Record each broken rule around ``touched`` rows; returns how many are newly found."""
        households, id_numbers, shared = self._subjects(touched)
        persons = self._persons(touched)
        found: dict[tuple[str, str], tuple[str, list[dict[str, Any]]]] = {}
        found.update(self._two_heads(households))
        found.update(self._shared_id_numbers(shared))
        found.update(self._two_primary_persons(households))
        found.update(self._over_workload(persons))
        return self._record(found, _Checked(households, id_numbers, persons))

    def _persons(self, touched: dict[str, set[str]]) -> set[str]:
        """Assistance persons whose open assignments an import may have added to."""
        persons = set(touched.get("assistanceperson", ()))
        for listed in among(self.session, Assignment.id, touched.get("assignment", ())):
            persons.update(self.session.scalars(select(Assignment.person_id).where(listed)))
        if "warning_thresholds" in touched.get("policysetting", ()):
            # A new limit from the county: everyone's load is measured against it.
            persons.update(self.session.scalars(select(Assignment.person_id).where(
                Assignment.end_date == None, Assignment.deleted == False).distinct()))  # noqa: E711,E712
        return persons

    def _over_workload(self, persons: set[str]) -> dict[tuple[str, str], tuple[str, list]]:
        """More open households than the policy's workload limit (乡村干部帮扶户数上限): each
        device kept the limit, and the households two devices assigned add up past it."""
        if not persons:
            return {}
        limit = self.workload_limit(self.session)
        found = {}
        for listed in among(self.session, Assignment.person_id, persons):
            over = self.session.execute(
                select(Assignment.person_id, func.count(func.distinct(Assignment.household_id)))
                .where(listed, Assignment.end_date == None,  # noqa: E711
                       Assignment.deleted == False)  # noqa: E712
                .group_by(Assignment.person_id)
                .having(func.count(func.distinct(Assignment.household_id)) > limit)).all()
            for person_id, count in over:
                person = self.session.get(AssistancePerson, person_id)
                rows = self.session.scalars(select(Assignment).where(
                    Assignment.person_id == person_id, Assignment.end_date == None,  # noqa: E711
                    Assignment.deleted == False).order_by(Assignment.start_date, Assignment.id)).all()  # noqa: E712
                name = person.name if person else "未知"
                found[(OVER_WORKLOAD, person_id)] = (
                    f"{name}现在帮扶 {count} 户，超过上限 {limit} 户（两台设备分别分配后合计超出）。"
                    "请选定一户结束其帮扶，再在“帮扶责任人”页为该户另行分配。",
                    [{"table": "assignment", "row_id": a.id,
                      "label": f"{self._household_title(a.household_id)}（{a.start_date} 起）"} for a in rows])
        return found

    def _subjects(self, touched: dict[str, set[str]]) -> tuple[set[str], set[str], set[str]]:
        """The households and ID numbers around the touched rows, and those of the numbers in more
        than one household, counting deleted households too (the few are checked again in
        :meth:`_shared_id_numbers`): asked with the members themselves, so a bundle's hundred
        thousand numbers are not sent back to the database to be looked up again."""
        households = set(touched.get("household", ()))
        id_numbers: set[str] = set()
        shared: set[str] = set()
        other = aliased(Member)
        in_other_household = select(func.count(func.distinct(other.household_id))).where(
            other.id_number == Member.id_number, other.deleted == False).scalar_subquery() > 1  # noqa: E712
        for listed in among(self.session, Member.id, touched.get("member", ())):
            household_ids, numbers, in_two = plain_columns(self.session, select(
                Member.household_id, Member.id_number,
                case((Member.id_number != "", in_other_household), else_=False).label("in_two")).where(listed))
            households.update(household_ids)
            id_numbers.update(filter(None, numbers))
            shared.update(compress(numbers, in_two))
        for listed in among(self.session, Assignment.id, touched.get("assignment", ())):
            households.update(self.session.scalars(select(Assignment.household_id).where(listed)))
        return households, id_numbers, shared

    def _two_heads(self, households: set[str]) -> dict[tuple[str, str], tuple[str, list]]:
        found = {}
        for listed in among(self.session, Member.household_id, households):
            broken = self.session.scalars(
                select(Member.household_id).join(Household, Household.id == Member.household_id)
                .where(listed, Member.relation == HEAD_RELATION,
                       Member.deleted == False, Household.deleted == False)  # noqa: E712
                .group_by(Member.household_id).having(func.count() > 1)).all()
            for household_id in broken:
                heads = self.session.scalars(select(Member).where(
                    Member.household_id == household_id, Member.relation == HEAD_RELATION,
                    Member.deleted == False).order_by(Member.id)).all()  # noqa: E712
                names = "、".join(f"{m.name}（{m.id_number or '无身份证号'}）" for m in heads)
                found[(TWO_HEADS, household_id)] = (
                    f"{self._household_title(household_id)}有 {len(heads)} 名户主：{names}。"
                    "每户只能有一名户主，请选定保留的户主，其余改为其他关系。",
                    [_member_row(m) for m in heads])
        return found

    def _shared_id_numbers(self, candidates: set[str]) -> dict[tuple[str, str], tuple[str, list]]:
        """``candidates``: ID numbers in more than one household whether or not those households
        are deleted (:meth:`_subjects`); here they are counted again among live households only."""
        found = {}
        for listed in among(self.session, Member.id_number, candidates):
            broken = self.session.scalars(
                select(Member.id_number).join(Household, Household.id == Member.household_id)
                .where(listed, Member.deleted == False,  # noqa: E712
                       Household.deleted == False)  # noqa: E712
                .group_by(Member.id_number)
                .having(func.count(func.distinct(Member.household_id)) > 1)).all()
            for id_number in broken:
                members = self.session.scalars(
                    select(Member).join(Household, Household.id == Member.household_id)
                    .where(Member.id_number == id_number, Member.deleted == False,  # noqa: E712
                           Household.deleted == False).order_by(Member.id)).all()  # noqa: E712
                places = "、".join(f"{self._household_title(m.household_id)}的{m.name}"
                                   for m in members)
                found[(ID_IN_TWO_HOUSEHOLDS, id_number)] = (
                    f"身份证号 {id_number} 同时登记在 {len({m.household_id for m in members})} 户："
                    f"{places}。一个人只能在一户，请选定保留的成员记录，其余删除。",
                    [_member_row(m) for m in members])
        return found

    def _two_primary_persons(self, households: set[str]
                             ) -> dict[tuple[str, str], tuple[str, list]]:
        found = {}
        for listed in among(self.session, Assignment.household_id, households):
            broken = self.session.scalars(
                select(Assignment.household_id).where(
                    listed, Assignment.is_primary == True,  # noqa: E712
                    Assignment.end_date == None, Assignment.deleted == False)  # noqa: E711,E712
                .group_by(Assignment.household_id)
                .having(func.count(func.distinct(Assignment.person_id)) > 1)).all()
            for household_id in broken:
                rows = self.session.execute(
                    select(Assignment, AssistancePerson.name)
                    .join(AssistancePerson, AssistancePerson.id == Assignment.person_id,
                          isouter=True)
                    .where(Assignment.household_id == household_id,
                           Assignment.is_primary == True, Assignment.end_date == None,  # noqa: E711,E712
                           Assignment.deleted == False).order_by(Assignment.id)).all()  # noqa: E712
                names = "、".join(f"{name or '未知'}（{a.start_date} 起）" for a, name in rows)
                found[(TWO_PRIMARY_PERSONS, household_id)] = (
                    f"{self._household_title(household_id)}同时有 {len(rows)} 名主要帮扶责任人："
                    f"{names}。请选定保留的一名，其余结束帮扶。",
                    [{"table": "assignment", "row_id": a.id, "label": f"{name or '未知'}"
                      f"（{a.start_date} 起）"} for a, name in rows])
        return found

    def _household_title(self, household_id: str) -> str:
        household = self.session.get(Household, household_id)
        return f"{household.head_name or '（无户主姓名）'}户" if household else "一户"

    def _record(self, found: dict[tuple[str, str], tuple[str, list]], checked: _Checked) -> int:
        open_by_key = {(c.kind, c.subject): c for c in self._open_conflicts(checked)}
        now, added = datetime.now(UTC), 0
        for key, (description, rows) in found.items():
            existing = open_by_key.get(key)
            if existing is not None:
                existing.description, existing.rows = description[:500], rows
                self.session.add(existing)
                continue
            self.session.add(RuleConflict(kind=key[0], subject=key[1],
                                          description=description[:500], rows=rows,
                                          detected_at=now))
            added += 1
        for key, conflict in open_by_key.items():
            if key in checked and key not in found:
                conflict.resolved, conflict.resolution = True, "数据已更正，规则不再违反"
                self.session.add(conflict)
        return added

    def _open_conflicts(self, checked: _Checked) -> list[RuleConflict]:
        """The unresolved conflicts about the subjects checked, oldest first. A bundle checks a
        hundred thousand subjects, more than there are unresolved conflicts (people resolve them):
        then every unresolved one is read and those about other subjects left, rather than the
        subjects sent to the database and looked up one by one."""
        subjects = checked.subjects()
        unresolved = RuleConflict.resolved == False  # noqa: E712
        if self.session.scalar(select(func.count()).where(unresolved)) <= len(subjects):
            return [c for c in self.session.scalars(select(RuleConflict).where(unresolved)
                                                    .order_by(RuleConflict.id)) if c.subject in subjects]
        conflicts = []
        for listed in among(self.session, RuleConflict.subject, subjects):
            conflicts += self.session.scalars(select(RuleConflict).where(listed, unresolved))
        return sorted(conflicts, key=lambda c: c.id)


@dataclass(frozen=True)
class _Checked:
    """What one check looked at: a rule (kind, subject) was checked when its subject is among
    these (a bundle's are a hundred thousand: kept as sets, not as pairs)."""

    households: set[str]
    id_numbers: set[str]
    persons: set[str]

    def __contains__(self, key: tuple[str, str]) -> bool:
        kind, subject = key
        if kind in (TWO_HEADS, TWO_PRIMARY_PERSONS):
            return subject in self.households
        if kind == ID_IN_TWO_HOUSEHOLDS:
            return subject in self.id_numbers
        return kind == OVER_WORKLOAD and subject in self.persons

    def subjects(self) -> set[str]:
        return self.households | self.id_numbers | self.persons


def _member_row(member: Member) -> dict[str, Any]:
    return {"table": "member", "row_id": member.id,
            "label": f"{member.name}（{member.relation}，{member.id_number or '无身份证号'}）"}


def recheck(session: Session, rows: Sequence[dict[str, Any]], workload_limit: WorkloadLimit) -> int:
    """Check the rules again around the rows of a conflict (after a resolution)."""
    touched: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        touched[row["table"]].add(row["row_id"])
    return RuleChecker(session, workload_limit).check(touched)
