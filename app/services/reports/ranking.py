"""考核排名: the places a report lists (townships of a county, villages of a township) ranked on the
年考核 indicators, each over its own households with the same definitions as the totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from app.printing.report_ranking import Indicators, RankLine
from app.services.reports.history import History
from app.services.reports.indicators import DevelopmentFacts, indicators
from app.services.reports.scope import ReportScope

# Per RANKED indicator: its value, and whether more is better.
RANKED_BY: tuple[tuple[Callable[[Indicators], float | None], bool], ...] = (
    (lambda i: i.coverage, True),
    (lambda i: i.approval_mean, False),
    (lambda i: i.eliminated_people, True),
    (lambda i: i.on_time_rate, True),
)


def ranking(history: History, facts: DevelopmentFacts, scope: ReportScope, start: date,
            as_of: date) -> tuple[RankLine, ...]:
    """One line per listed place that has households, ranked; () when there is one place only."""
    by_place: dict[str, set[str]] = {}
    for household in history.households.values():
        by_place.setdefault(scope.line_of(household.village_code), set()).add(household.id)
    places = [code for code in scope.lines if code in by_place]
    if len(places) < 2:
        return ()
    values = [indicators(part_of(history, by_place[code]), facts, start, as_of) for code in places]
    ranks = [competition_ranks([value(i) for i in values], better_high) for value, better_high in RANKED_BY]
    per_place = [tuple(column[n] for column in ranks) for n in range(len(places))]
    overall = competition_ranks([sum(r) for r in per_place], higher_is_better=False)
    return tuple(RankLine(code, scope.lines[code], values[n], per_place[n], overall[n])
                 for n, code in enumerate(places))


def competition_ranks(values: Sequence[float | None], higher_is_better: bool) -> list[int]:
    """1224 ranking: equal values share a rank; a place without a value ranks after every other."""
    def key(value: float | None) -> tuple[int, float]:
        if value is None:
            return (1, 0.0)
        return (0, -value if higher_is_better else value)
    keys = [key(v) for v in values]
    return [1 + sum(1 for other in keys if other < mine) for mine in keys]


def part_of(history: History, household_ids: set[str]) -> History:
    """The history of some of its households (the measures, warnings and assignments the
    indicators do not use are left out)."""
    return History(households={h: row for h, row in history.households.items() if h in household_ids},
                   cases=[c for c in history.cases if c.household_id in household_ids],
                   visits={h: v for h, v in history.visits.items() if h in household_ids},
                   warnings=[], assignments=[], measures=[])
