"""年考核 indicators for a scope: what the county is judged on, computed from the report's dated history
and two facts the history does not hold — which households have a labour-able member, and their
development-type (开发式) measures. Each indicator's definition is in definitions.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.domain.categories import LABOUR_SKILLS, NO_LABOUR_SKILLS, is_development_measure
from app.domain.errors import UserFacingError
from app.printing.report_ranking import Indicators
from app.services.context import ServiceContext
from app.services.reports import definitions
from app.services.reports.history import PLANNED_MEASURE, History
from app.services.reports.scope import ReportScope
from app.services.rows import live
from app.store.models import Household, Measure, Member

LABOUR_ABLE = tuple(skill for skill in LABOUR_SKILLS if skill not in NO_LABOUR_SKILLS)


@dataclass
class DevelopmentFacts:
    labour_able: set[str] = field(default_factory=set)  # households with a labour-able member (as they are now)
    measures: dict[str, list[tuple[date, date | None]]] = field(default_factory=dict)  # household → (start, end)


def load_development_facts(ctx: ServiceContext, scope: ReportScope) -> DevelopmentFacts:
    inside = Household.village_code.startswith(scope.prefix)
    facts = DevelopmentFacts()
    with ctx.db.read() as session:
        facts.labour_able = set(session.scalars(
            select(Member.household_id).join(Household, Household.id == Member.household_id)
            .where(inside, live(Household), live(Member), Member.labour_skill.in_(LABOUR_ABLE)).distinct()))
        spans: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        for household_id, kind, item, start, end in session.execute(
                select(Measure.household_id, Measure.kind, Measure.item, Measure.start_date, Measure.end_date)
                .join(Household, Household.id == Measure.household_id)
                .where(inside, live(Household), live(Measure), Measure.status != PLANNED_MEASURE)).all():
            if _development(kind, item):
                spans[household_id].append((start, end))
    facts.measures = dict(spans)
    return facts


def _development(kind: str, item: str) -> bool:
    try:
        return is_development_measure(kind, item or None)
    except UserFacingError:  # a kind the national table does not know: not counted as development
        return False


def indicators(history: History, facts: DevelopmentFacts, start: date, as_of: date) -> Indicators:
    able, covered = definitions.development_coverage(history, as_of, facts.labour_able, facts.measures)
    approval = definitions.identification_days(history, as_of, start)
    eliminated = definitions.eliminated_in_period(history, as_of, start)
    due, on_time = definitions.visits_on_time(history, as_of, start)
    return Indicators(
        able_households=len(able), developed=len(covered), approval_days=tuple(approval),
        approval_mean=sum(approval) / len(approval) if approval else None,
        approval_median=definitions.median(approval),
        eliminated_households=len(eliminated), eliminated_people=definitions.people(history, eliminated),
        visits_due=due, visits_on_time=on_time)
