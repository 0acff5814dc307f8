"""Education levels and school stages by age and birth cohort."""

from __future__ import annotations

from random import Random

from app.domain.categories import COMPULSORY_SCHOOL_STAGES
from app.services.demo.chance import Weighted

_EDUCATION_BY_COHORT = {
    1950: Weighted([("文盲或半文盲", 35), ("小学", 45), ("初中", 17), ("高中", 3)]),
    1965: Weighted([("文盲或半文盲", 12), ("小学", 40), ("初中", 38), ("高中", 10)]),
    1980: Weighted([("文盲或半文盲", 3), ("小学", 20), ("初中", 58), ("高中", 15), ("大专", 3),
                    ("本科及以上", 1)]),
    1995: Weighted([("小学", 6), ("初中", 55), ("高中", 24), ("大专", 10), ("本科及以上", 5)]),
    9999: Weighted([("初中", 40), ("高中", 25), ("大专", 20), ("本科及以上", 15)]),
}
_SENIOR_STAGES = ("普高一年级", "普高二年级", "普高三年级")
_VOCATIONAL_STAGES = ("中职一年级", "中职二年级", "中职三年级")
_COLLEGE_STAGES = ("高职高专一年级", "高职高专二年级", "高职高专三年级")
_UNIVERSITY_STAGES = ("本科一年级", "本科二年级", "本科三年级", "本科四年级")


def _education(rng: Random, birth_year: int) -> str:
    for until, table in _EDUCATION_BY_COHORT.items():
        if birth_year <= until:
            return table.pick(rng)
    raise AssertionError("the last cohort is open-ended")


def schooling(rng: Random, age: int, birth_year: int) -> tuple[str, str]:
    """(education, school_stage): a pupil has a stage, everyone else an education level."""
    if age < 3:
        return "", ""
    if age < 6:
        return ("", "学前教育") if rng.random() < 0.85 else ("", "")
    if age < 15:
        return "", COMPULSORY_SCHOOL_STAGES[min(age - 6, 8)]
    if age < 18:
        if rng.random() < 0.78:
            return "", further_stage(rng, age, college_share=0.55)
        return "初中", ""
    if age < 22 and rng.random() < 0.42:
        return "", further_stage(rng, age, college_share=0.55)
    return _education(rng, birth_year), ""


def further_stage(rng: Random, age: int, college_share: float) -> str:
    """A year of senior school (ages 15–17) or of college or university (18 on)."""
    if age < 18:
        stages = _SENIOR_STAGES if rng.random() < 0.6 else _VOCATIONAL_STAGES
        return stages[min(age - 15, len(stages) - 1)]
    stages = _COLLEGE_STAGES if rng.random() < college_share else _UNIVERSITY_STAGES
    return stages[min(age - 18, len(stages) - 1)]
