"""A year of visits by the household's grid worker, and its last and next visit dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.domain.categories import SECURITY_CHECKS
from app.services.demo.case_view import CaseView
from app.services.demo.chance import pick
from app.services.demo.families import Draft
from app.services.demo.run import Run

_VISIT_FORM = ("visit", "builtin-1")
# The six checks a visit records, as household fields.
_CHECKS = tuple(zip(SECURITY_CHECKS, ("food_secure", "clothing_secure", "education_secure",
                                      "medical_secure", "housing_secure", "water_secure"),
                    strict=True))
_ORDINARY_SUMMARIES = (
    "入户走访，了解家庭收入和两不愁三保障情况，未发现返贫致贫风险。",
    "入户走访，家庭成员身体状况良好，收入稳定，两不愁三保障和饮水安全均有保障。",
    "走访核实家庭人口和务工情况，宣传防返贫监测政策和12317热线。",
    "入户排查，户主在家，家庭生产生活正常。",
)
_MONITORED_SUMMARIES = (
    "监测户月度走访：{risk}风险仍在，{measure}等帮扶措施落实到位，家庭基本生活有保障。",
    "月度走访：了解{risk}情况及帮扶措施落实效果，户主表示满意。",
    "走访核实收入变化，{measure}已落实，继续跟踪监测。",
)


def visit_interval(run: Run, monitored: bool) -> int:
    """Days between visits the county asks for."""
    thresholds = run.thresholds
    return (thresholds.visit_interval_monitored_days if monitored
            else thresholds.visit_interval_other_days)


class VisitMaker:
    """A year of visits by the household's grid worker: monthly while monitored, once or twice
    otherwise; the household's last and next visit dates follow from them."""

    def __init__(self, run: Run, household: dict[str, Any], members: list[Draft],
                 case: CaseView | None, worker: str) -> None:
        self.run = run
        self.rng = run.rng
        self.household = household
        self.members = members
        self.case = case
        self.worker = worker

    def visits(self) -> list[dict[str, Any]]:
        rng, today = self.rng, self.run.today
        year_ago = today - timedelta(days=365)
        case = self.case
        dates: list[tuple[date, bool]] = []
        monitored_from = monitored_until = None
        if case is not None and case.timeline.identified_on is not None:
            monitored_from = max(case.timeline.identified_on, year_ago)
            monitored_until = case.timeline.eliminated_on or today
        if monitored_from is not None and monitored_until is not None \
                and monitored_until > monitored_from:
            late = rng.random() < 0.05 and case is not None and case.monitored
            day = monitored_until - timedelta(days=rng.randrange(32, 60) if late
                                              else rng.randrange(1, 28))
            while day >= monitored_from:
                dates.append((day, True))
                day -= timedelta(days=rng.randrange(24, 36))
        if case is None or not case.monitored:
            dates.extend(self._ordinary_dates(monitored_until))
        if case is not None:
            verified = case.timeline.verified_on
            if verified is not None and verified >= year_ago:
                dates.append((verified, False))
        by_day: dict[date, bool] = {}
        for day, monitored in dates:
            by_day[day] = by_day.get(day, False) or monitored
        rows = [self._visit(day, by_day[day]) for day in sorted(by_day) if day <= today]
        household = self.household
        if rows:
            last = rows[-1]
            household["last_visit_date"] = last["visit_date"]
            household["next_visit_due"] = last["next_visit_date"]
        else:
            household["last_visit_date"] = None
            household["next_visit_due"] = today + timedelta(days=rng.randrange(1, 30))
        self.run.summary.visits += len(rows)
        return rows

    def _ordinary_dates(self, after: date | None) -> list[tuple[date, bool]]:
        rng, today = self.rng, self.run.today
        overdue = rng.random() < 0.08
        last = today - timedelta(days=rng.randrange(91, 250) if overdue
                                 else rng.randrange(1, 85))
        if after is not None and last < after:
            last = after + timedelta(days=rng.randrange(1, 30))
        dates = [(min(last, today), False)]
        if rng.random() < 0.45:
            earlier = last - timedelta(days=rng.randrange(90, 200))
            if earlier >= today - timedelta(days=365):
                dates.append((earlier, False))
        return dates

    def _visit(self, day: date, monitored: bool) -> dict[str, Any]:
        rng = self.rng
        household = self.household
        checks = {label: household[name] for label, name in _CHECKS}
        case = self.case
        risky = case is not None and not case.closed
        answers: dict[str, Any] = {"家庭人口": len(self.members), **checks,
                                   "收入变化": "下降" if risky and rng.random() < 0.4 else "稳定",
                                   "存在返贫致贫风险": risky}
        if monitored and case is not None:
            measure = case.measures[0]["item"] if case.measures else "帮扶"
            answers["帮扶措施落实"] = "已落实"
            template = pick(rng, _MONITORED_SUMMARIES)
            summary = template.format(risk=case.risks[0], measure=measure)
        elif case is not None and day == case.timeline.verified_on:
            summary = "入户核实：了解家庭收入、资产和风险情况，户主签署承诺授权书。"
        else:
            summary = pick(rng, _ORDINARY_SUMMARIES)
        return {"household_id": household["id"], "visit_date": day, "visitor": self.worker,
                "form_id": _VISIT_FORM[0], "form_version": _VISIT_FORM[1], "answers": answers,
                "summary": summary, "status": "已完成",
                "next_visit_date": day + timedelta(days=visit_interval(self.run, monitored))}
