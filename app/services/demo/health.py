"""Members' health, disability and the labour they are capable of."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from random import Random

from app.domain.categories import NO_LABOUR_SKILLS
from app.services.demo.chance import Weighted
from app.services.demo.families import Draft

_ILLNESS = Weighted([(("长期慢性病",), 62), (("患有大病",), 18), (("残疾",), 15),
                     (("长期慢性病", "残疾"), 5)])
_DISABILITY_KIND = Weighted([(4, 45), (1, 12), (2, 14), (3, 2), (5, 10), (6, 10), (7, 7)])
_DISABILITY_GRADE = Weighted([(1, 10), (2, 25), (3, 35), (4, 30)])


def random_health(rng: Random, age: int, poor: bool) -> list[str]:
    if rng.random() < _illness_chance(age, poor):
        return list(_ILLNESS.pick(rng))
    return ["健康"]


def _illness_chance(age: int, poor: bool) -> float:
    if age < 18:
        chance = 0.01
    elif age < 40:
        chance = 0.03
    elif age < 60:
        chance = 0.10
    elif age < 70:
        chance = 0.24
    else:
        chance = 0.38
    return chance * 1.6 if poor else chance


def _labour(rng: Random, age: int, health: Sequence[str], grade: int | None,
            student: bool) -> str:
    if age < 16 or student:
        return "无劳动力"
    if "患有大病" in health or (grade is not None and grade <= 2):
        return "丧失劳动力" if rng.random() < 0.6 else "弱劳动力或半劳动力"
    if "残疾" in health or "长期慢性病" in health:
        return "弱劳动力或半劳动力" if rng.random() < 0.7 else "普通劳动力"
    if age >= 70:
        return "无劳动力" if rng.random() < 0.6 else "弱劳动力或半劳动力"
    if age >= 60:
        return "弱劳动力或半劳动力" if rng.random() < 0.55 else "普通劳动力"
    r = rng.random()
    return "技能劳动力" if r < 0.18 else ("普通劳动力" if r < 0.98 else "弱劳动力或半劳动力")


def set_health(rng: Random, draft: Draft, health: list[str], today: date,
               changed_on: date | None = None) -> None:
    """Give a member ``health``, with what follows from it: disability details, when it
    changed (``changed_on``, or kept, or some years ago) and their labour."""
    row = draft.row
    row["health"] = list(health)
    if "残疾" in health:
        row["disability_kind"] = row["disability_kind"] or _DISABILITY_KIND.pick(rng)
        row["disability_grade"] = row["disability_grade"] or _DISABILITY_GRADE.pick(rng)
    else:
        row["disability_kind"] = row["disability_grade"] = None
    if health == ["健康"]:
        row["health_changed_on"] = None
    elif changed_on is not None:
        row["health_changed_on"] = changed_on
    elif row["health_changed_on"] is None:
        row["health_changed_on"] = today - timedelta(days=rng.randrange(120, 5000))
    student = bool(row["school_stage"])
    row["labour_skill"] = _labour(rng, draft.age, health, row["disability_grade"], student)
    if row["labour_skill"] in NO_LABOUR_SKILLS or row["labour_skill"] == "弱劳动力或半劳动力":
        # Who cannot do ordinary work is not away working either.
        row["migrant_work_place"] = row["migrant_employer"] = ""
        row["migrant_work_months"] = None

