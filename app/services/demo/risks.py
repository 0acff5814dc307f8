"""The risks a monitoring case is about, and the marks they leave on the household: an
illness and its bills, a disability, a pupil's fees, a lost job, a damaged house."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.categories import COMPULSORY_SCHOOL_STAGES, NATURAL_DISASTER_KINDS
from app.services.demo.chance import Weighted, pick
from app.services.demo.expenses import expense_items
from app.services.demo.families import Draft
from app.services.demo.health import set_health
from app.services.demo.members import WORK_PLACES
from app.services.demo.run import Run
from app.services.demo.schooling import further_stage

_MAIN_RISKS = {
    "poor": Weighted([
        ("因病", 38), ("因残", 14), ("缺劳动力", 10), ("因学", 9), ("因务工就业不稳", 8),
        ("因自然灾害", 6), ("因意外事故", 5), ("因产业项目失败", 4),
        ("家庭刚性支出较大或收入大幅缩减", 2), ("住房出现安全问题", 1.5), ("饮水安全问题", 0.5),
        ("其他", 2),
    ]),
    "sudden": Weighted([
        ("因病", 45), ("因意外事故", 15), ("因自然灾害", 15), ("因学", 10),
        ("家庭刚性支出较大或收入大幅缩减", 8), ("因务工就业不稳", 4), ("因产业项目失败", 3),
    ]),
}
_DISASTER_KINDS = Weighted([(kind, weight) for kind, weight in zip(
    NATURAL_DISASTER_KINDS, (50, 2, 15, 5, 20, 1, 7), strict=True)])
# Risks that make the household's income fall rather than its spending rise.
_INCOME_RISKS = frozenset({"因务工就业不稳", "因产业项目失败", "缺劳动力"})


@dataclass
class HouseFacts:
    """What the risks may change about the house before its fields are written."""

    dangerous: bool
    water_ok: bool


class Risks:
    """Chooses a case's risks and makes the household show them.

    ``low_income``: the case is about low income rather than a sudden hardship;
    ``monitored``: it is being monitored now; ``in_elimination``: it is going (or went) through
    the elimination procedure, so what the risks caused has been dealt with.
    """

    def __init__(self, run: Run, members: list[Draft], proposed_on: date, low_income: bool,
                 monitored: bool, in_elimination: bool, house: HouseFacts) -> None:
        self.run = run
        self.members = members
        self.proposed_on = proposed_on
        self.low_income = low_income
        self.monitored = monitored
        self.in_elimination = in_elimination
        self.expenses: list[dict[str, Any]] = []
        self.disaster_kind = ""
        self.income_drop = False
        self.names = self._choose()
        for risk in self.names:
            self._apply(risk, house)

    def _choose(self) -> list[str]:
        rng = self.run.rng
        table = _MAIN_RISKS["poor" if self.low_income else "sudden"]
        main = table.pick(rng)
        for _ in range(10):
            if self._feasible(main):
                break
            main = table.pick(rng)
        else:
            main = "因病"
        risks = [main]
        wanted = 1 + (rng.random() < 0.5) + (rng.random() < 0.3)
        for risk in self._implied():
            if len(risks) < wanted and risk not in risks:
                risks.append(risk)
        while len(risks) < wanted:
            extra = _MAIN_RISKS["poor"].pick(rng)
            if extra not in risks and self._feasible(extra):
                risks.append(extra)
            elif rng.random() < 0.3:
                break
        return risks

    def _feasible(self, risk: str) -> bool:
        members = self.members
        if risk == "因学":
            return any(15 <= d.age <= 22 for d in members)
        if risk == "缺劳动力":
            return not any(d.can_work and not d.row["school_stage"] for d in members)
        if risk == "因务工就业不稳":
            return any(18 <= d.age <= 55 and not d.row["school_stage"] for d in members)
        return True

    def _implied(self) -> list[str]:
        """Risks the members' health and labour already show."""
        found = []
        for d in self.members:
            health = d.row["health"]
            if "患有大病" in health or "长期慢性病" in health:
                found.append("因病")
            if "残疾" in health:
                found.append("因残")
        if self._feasible("缺劳动力"):
            found.append("缺劳动力")
        return list(dict.fromkeys(found))

    def _apply(self, risk: str, house: HouseFacts) -> None:
        rng, today = self.run.rng, self.run.today
        onset = self.proposed_on - timedelta(days=rng.randrange(10, 240))
        if risk == "因病":
            target = self._pick_member(lambda d: not d.healthy and "残疾" not in d.row["health"],
                                       adult=True)
            if target.healthy or "残疾" in target.row["health"]:
                serious = rng.random() < 0.55
                set_health(rng, target, ["患有大病" if serious else "长期慢性病"], today,
                           changed_on=onset)
            self._spend("医疗住院" if "患有大病" in target.row["health"] else "门诊慢特病",
                        target, onset)
            if "长期慢性病" in target.row["health"] and self.monitored and rng.random() < 0.5:
                self._spend("门诊慢特病", target, today - timedelta(days=rng.randrange(3, 60)),
                            large=False)
        elif risk == "因残":
            target = self._pick_member(lambda d: "残疾" in d.row["health"], adult=False)
            if "残疾" not in target.row["health"]:
                self._disable(target, rng.choice((1, 2, 2, 3)), onset)
        elif risk == "因学":
            self._student(onset)
        elif risk == "因务工就业不稳":
            target = self._pick_member(lambda d: bool(d.row["migrant_work_place"]), adult=True,
                                       working=True)
            target.row["migrant_work_months"] = rng.randint(2, 5)
            if not target.row["migrant_work_place"]:
                target.row["migrant_work_place"] = WORK_PLACES.pick(rng)
            self.income_drop = True
        elif risk == "因自然灾害":
            self.disaster_kind = _DISASTER_KINDS.pick(rng)
            self._spend("灾害", self.members[0], onset)
            if self.disaster_kind in ("洪涝", "地震") and rng.random() < 0.3:
                house.dangerous = True
        elif risk == "因意外事故":
            target = self._pick_member(lambda d: d.working_age, adult=True)
            self._spend("意外", target, onset)
            if rng.random() < 0.3 and "残疾" not in target.row["health"]:
                self._disable(target, rng.choice((2, 3, 4)), onset)
        elif risk == "因产业项目失败":
            self.income_drop = True
        elif risk == "住房出现安全问题":
            house.dangerous = True
        elif risk == "饮水安全问题":
            house.water_ok = False
        elif risk == "家庭刚性支出较大或收入大幅缩减":
            self._spend("医疗住院", self._pick_member(lambda d: d.age >= 40, adult=True), onset)
        if risk in _INCOME_RISKS and not self.low_income:
            self.income_drop = True
        if self.in_elimination:
            # Elimination needs housing and water secured.
            house.dangerous = False
            house.water_ok = True

    def _disable(self, target: Draft, grade: int, onset: date) -> None:
        health = [h for h in target.row["health"] if h != "健康"] + ["残疾"]
        target.row["disability_grade"] = grade
        set_health(self.run.rng, target, health, self.run.today, changed_on=onset)

    def _pick_member(self, prefer: Callable[[Draft], bool], adult: bool,
                     working: bool = False) -> Draft:
        pool = [d for d in self.members if prefer(d)]
        if not pool:
            pool = [d for d in self.members
                    if (not adult or d.age >= 18)
                    and (not working or (18 <= d.age <= 55 and not d.row["school_stage"]))]
        return pick(self.run.rng, pool or self.members)

    def _student(self, onset: date) -> None:
        rng = self.run.rng
        young = [d for d in self.members if 15 <= d.age <= 22]
        children = [d for d in young if d.relation in ("之子", "之女", "之孙子/女")]
        target = pick(rng, children or young)
        row = target.row
        if not row["school_stage"] or row["school_stage"] in COMPULSORY_SCHOOL_STAGES:
            row["school_stage"] = further_stage(rng, target.age, college_share=0.5)
            row["education"] = ""
            row["labour_skill"] = "无劳动力"
            row["migrant_work_place"] = row["migrant_employer"] = ""
            row["migrant_work_months"] = None
            row["pension_insurance"] = False
        self._spend("教育", target, onset)

    def _spend(self, kind: str, member: Draft, on: date, large: bool = True) -> None:
        for item in expense_items(self.run.rng, kind, on, member, large=large):
            item["resolved"] = self.in_elimination
            self.expenses.append(item)
