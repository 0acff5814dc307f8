"""A period's figures for one scope, worked out from the dated history (see history.py)."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from app.domain import policy_lists
from app.printing.analysis_data import Figures, MeasureLine, MonthLine, PlaceLine, WarningLine
from app.printing.data import Count
from app.services.reports import definitions
from app.services.reports.definitions import (
    eliminated_households,
    identification_days,
    identified_households,
    in_procedure,
    monitored_cases,
    open_warnings,
    overdue_on,
    people,
)
from app.services.reports.history import CaseRow, History
from app.services.reports.period import Period
from app.services.reports.scope import ReportScope


@dataclass
class VisitDue:
    """Which households were due a visit in a month and which of them were visited."""

    due: set[str] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)


def due_in_month(history: History, month: Period, today: date) -> VisitDue:
    """A household is due in a month when the next-visit date set by its last visit before the
    month falls within it (or earlier: still owed); it is done when visited in the month. For
    the running month both end today."""
    cut = month.as_of(today)
    result = VisitDue()
    for household_id, visits in history.visits.items():
        dates = [v.visit_date for v in visits]
        before = bisect.bisect_left(dates, month.start)
        if before == 0:
            continue  # no visit before the month: no schedule yet
        due = visits[before - 1].next_due
        if due is None or due > cut:
            continue
        result.due.add(household_id)
        if before < len(dates) and dates[before] <= cut:
            result.visited.add(household_id)
    return result


@dataclass(frozen=True)
class KindPolicy:
    """The measure kinds as the county's policy has them on the report's day, and its renames."""

    measure_items: Mapping[str, list[str]] = field(default_factory=policy_lists.default_measure_items)
    origins: Mapping[str, str] = field(default_factory=dict)


def figures(history: History, scope: ReportScope, period: Period, today: date,
            kinds: KindPolicy | None = None) -> Figures:
    start, as_of = period.start, period.as_of(today)
    households = history.households
    in_period = lambda day: day is not None and start <= day <= as_of  # noqa: E731
    monitored = monitored_cases(history, as_of)
    identified = [c for c in history.cases if in_period(c.identified_on)]
    eliminated = [c for c in history.cases if in_period(c.eliminated_on)]
    ever = identified_households(history, as_of)
    done = eliminated_households(history, as_of)
    stages = in_procedure(history, as_of)
    visits = [(h, v.visit_date) for h, rows in history.visits.items() for v in rows if in_period(v.visit_date)]
    dues = [due_in_month(history, month, today) for month in period.months() if month.start <= today]
    overdue = overdue_on(history, as_of)
    raised = [w for w in history.warnings if in_period(w.raised_on)]
    helpers = [a for a in history.assignments if a.household_id in monitored and a.in_force(as_of)]
    covered = {a.household_id for a in helpers}
    return Figures(
        households=len(households), members=people(history, households),
        monitored_by_category=_counts(c.category for c in monitored.values()),
        monitored_people_by_category=_counts(c.category for c in monitored.values()
                                             for _ in range(households[c.household_id].members)),
        in_procedure_by_stage=_counts(stages.elements()),
        identified_by_category=_counts(c.category for c in identified),
        eliminated_by_method=_counts(c.elimination_method for c in eliminated),
        identified_total=len(ever), eliminated_total=len(done),
        identified_people_total=people(history, ever), eliminated_people_total=people(history, done),
        identification_days=tuple(identification_days(history, as_of, start)),
        risk_types=_counts(risk for c in monitored.values() for risk in c.risk_types),
        main_risks=_counts(c.risk_types[0] for c in monitored.values() if c.risk_types),
        measures=_measures(history, start, as_of, kinds or KindPolicy()),
        visits_done=len(visits), households_visited=len({h for h, _ in visits}),
        visits_due=sum(len(d.due) for d in dues), due_visited=sum(len(d.visited) for d in dues),
        overdue=len(overdue), overdue_monitored=len(overdue & set(monitored)),
        warnings=_warning_lines(raised, as_of),
        warnings_handled=sum(1 for w in history.warnings if w.handled_by(as_of) and in_period(w.handled_on)),
        warnings_open=open_warnings(history, as_of),
        with_helper=len(covered), helper_persons=len({a.person_id for a in helpers}),
        places=_places(history, scope, monitored, identified, eliminated, dues, overdue, raised, covered),
        place_kind=scope.line_kind)


def months(history: History, period: Period, today: date) -> tuple[MonthLine, ...]:
    """The period's months that have begun, one line each."""
    lines = []
    for month in period.months():
        if month.start > today:
            break
        cut = month.as_of(today)
        within = lambda day, first=month.start, last=cut: day is not None and first <= day <= last  # noqa: E731
        due = due_in_month(history, month, today)
        lines.append(MonthLine(
            label=f"{month.start.month}月",
            identified=sum(1 for c in history.cases if within(c.identified_on)),
            eliminated=sum(1 for c in history.cases if within(c.eliminated_on)),
            visits_done=sum(1 for rows in history.visits.values() for v in rows if within(v.visit_date)),
            visits_due=len(due.due), due_visited=len(due.visited),
            warnings_raised=sum(1 for w in history.warnings if within(w.raised_on))))
    return tuple(lines)


def _counts(labels: Iterable[str]) -> tuple[Count, ...]:
    return tuple(Count(label, value) for label, value in definitions.counts(labels).items())


def _measures(history: History, start: date, as_of: date, kinds: KindPolicy) -> tuple[MeasureLine, ...]:
    """A line per kind in the policy's order: a renamed kind in its place counting the records made
    under its earlier names, retired kinds that still have records after them (policy_lists.table_order)."""
    lines = []
    for kind, names in policy_lists.table_order(kinds.measure_items, kinds.origins,
                                                (m.kind for m in history.measures)):
        rows = [m for m in history.measures if m.kind in names]
        in_force = [m for m in rows if m.in_force(as_of)]
        started = [m for m in rows if m.status != "计划" and start <= m.start <= as_of]
        lines.append(MeasureLine(kind, len(in_force), len({m.household_id for m in in_force}), len(started),
                                 float(sum(m.amount for m in started))))
    return tuple(lines)


def _warning_lines(raised: list, as_of: date) -> tuple[WarningLine, ...]:
    titles: dict[str, list[int]] = {}
    for warning in raised:
        line = titles.setdefault(warning.title, [0, 0])
        line[0] += 1
        line[1] += warning.handled_by(as_of)
    return tuple(WarningLine(title, total, handled, total - handled)
                 for title, (total, handled) in sorted(titles.items(), key=lambda kv: (-kv[1][0], kv[0])))


def _places(history: History, scope: ReportScope, monitored: dict[str, CaseRow], identified: list[CaseRow],
            eliminated: list[CaseRow], dues: list, overdue: set[str], raised: list,
            covered: set[str]) -> tuple[PlaceLine, ...]:
    line_of = {h.id: scope.line_of(h.village_code) for h in history.households.values()}

    def by_line(household_ids: Iterable[str]) -> Counter[str]:
        return Counter(line_of[h] for h in household_ids if h in line_of)

    counts = {
        "households": by_line(line_of), "monitored": by_line(monitored),
        "identified": by_line(c.household_id for c in identified),
        "eliminated": by_line(c.household_id for c in eliminated),
        "visits_due": by_line(h for d in dues for h in d.due),
        "due_visited": by_line(h for d in dues for h in d.visited),
        "overdue": by_line(overdue), "warnings_raised": by_line(w.household_id for w in raised),
        "with_helper": by_line(covered),
    }
    # Places without a household in the database (villages not yet taken on) are left out.
    return tuple(PlaceLine(code, name, **{key: counter.get(code, 0) for key, counter in counts.items()})
                 for code, name in scope.lines.items() if counts["households"].get(code))
