"""Who lives in a household: relations, sexes and ages that make a plausible rural family."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from typing import Any

from app.domain.categories import HEAD_RELATION
from app.services.demo.chance import Weighted, tri

# (relation to the head, male, age); the head comes first.
Person = tuple[str, bool, int]
_ABLE_TO_WORK = ("普通劳动力", "技能劳动力")


@dataclass(slots=True)
class Draft:
    """A member being generated: the row plus what later steps need to know about them."""

    relation: str
    male: bool
    age: int
    surname: str
    row: dict[str, Any] = field(default_factory=dict)

    @property
    def working_age(self) -> bool:
        return 18 <= self.age < 60

    @property
    def can_work(self) -> bool:
        """Of working age and fit for ordinary or skilled work."""
        return self.working_age and self.row["labour_skill"] in _ABLE_TO_WORK

    @property
    def healthy(self) -> bool:
        return self.row["health"] == ["健康"]

# Household sizes of rural Hebei (mean about 2.8 people).
_SIZES = Weighted([(1, 17), (2, 31), (3, 22), (4, 17), (5, 9), (6, 4)])


def family(rng: Random) -> list[Person]:
    """A household's members, the head first."""
    size = _SIZES.pick(rng)
    if size == 1:
        return [(HEAD_RELATION, rng.random() < 0.55, tri(rng, 38, 93, 72))]
    if size == 2:
        return _pair(rng)
    r = rng.random()
    if size == 3:
        if r < 0.55:
            return _couple_with_children(rng, 1)
        if r < 0.70:
            couple = _couple(rng, tri(rng, 30, 56, 42))
            return [*couple, _parent(rng, couple[0][2])]
        if r < 0.85:
            return _widow_with_son_family(rng, grandchildren=0)
        return _single_parent(rng, 2)
    if size == 4:
        if r < 0.55:
            return _couple_with_children(rng, 2)
        if r < 0.75:
            return _couple_with_children_and_parent(rng, 1)
        if r < 0.97:
            return _three_generations(rng, grandchildren=0)
        return _daughter_with_son_in_law(rng)
    if size == 5:
        if r < 0.45:
            return _three_generations(rng, grandchildren=1)
        if r < 0.75:
            return _couple_with_children_and_parent(rng, 2)
        if r < 0.90:
            return _couple_with_children(rng, 3)
        return _widow_with_son_family(rng, grandchildren=2)
    if r < 0.55:
        return _three_generations(rng, grandchildren=2)
    if r < 0.85:
        members = _couple_with_children(rng, 2)
        head_age = members[0][2]
        return [*members, ("之父/母", True, head_age + tri(rng, 23, 34, 27)),
                ("之父/母", False, head_age + tri(rng, 21, 31, 25))]
    members = _three_generations(rng, grandchildren=1)
    head_age = members[0][2]
    return [*members, (("之子", True) if rng.random() < 0.6 else ("之女", False))
            + (max(head_age - tri(rng, 24, 36, 30), 16),)]


def _spouse_age(rng: Random, partner_age: int, partner_male: bool) -> int:
    gap = tri(rng, -2, 7, 2)
    return max(partner_age - gap if partner_male else partner_age + gap, 18)


def _couple(rng: Random, head_age: int) -> list[Person]:
    male = rng.random() < 0.95
    return [(HEAD_RELATION, male, head_age), ("配偶", not male, _spouse_age(rng, head_age, male))]


def _pair(rng: Random) -> list[Person]:
    r = rng.random()
    if r < 0.68:
        return _couple(rng, tri(rng, 40, 90, 66))
    if r < 0.83:
        head_age = tri(rng, 55, 90, 72)
        child = ("之子", True) if rng.random() < 0.7 else ("之女", False)
        return [(HEAD_RELATION, rng.random() < 0.45, head_age),
                (*child, max(head_age - tri(rng, 22, 36, 28), 16))]
    if r < 0.97:
        return _couple(rng, tri(rng, 22, 38, 28))
    head_age = tri(rng, 55, 85, 70)
    return [(HEAD_RELATION, True, head_age),
            ("之兄弟姐妹", rng.random() < 0.5, head_age + rng.randint(-8, 8))]


def _child(rng: Random, parent_age: int) -> Person:
    male = rng.random() < 0.52
    age = max(parent_age - tri(rng, 21, 38, 27), 0)
    return ("之子" if male else "之女", male, age)


def _couple_with_children(rng: Random, children: int) -> list[Person]:
    head_age = tri(rng, 26, 62, 40)
    members = _couple(rng, head_age)
    mother_age = min(age for _relation, _male, age in members)
    return [*members, *(_child(rng, mother_age) for _ in range(children))]


def _couple_with_children_and_parent(rng: Random, children: int) -> list[Person]:
    members = _couple_with_children(rng, children)
    return [*members, _parent(rng, members[0][2])]


def _single_parent(rng: Random, children: int) -> list[Person]:
    head_age = tri(rng, 30, 58, 44)
    return [(HEAD_RELATION, rng.random() < 0.5, head_age),
            *(_child(rng, head_age) for _ in range(children))]


def _parent(rng: Random, head_age: int) -> Person:
    return ("之父/母", rng.random() < 0.4, min(head_age + tri(rng, 21, 35, 27), 99))


def _grandchildren(rng: Random, son_age: int, count: int) -> list[Person]:
    return [("之孙子/女", rng.random() < 0.52, max(son_age - tri(rng, 20, 32, 26), 0))
            for _ in range(count)]


def _three_generations(rng: Random, grandchildren: int) -> list[Person]:
    son_age = tri(rng, 23, 46, 31)
    head_age = min(son_age + tri(rng, 21, 33, 26), 92)
    return [*_couple(rng, head_age), ("之子", True, son_age),
            ("之儿媳", False, _spouse_age(rng, son_age, True)),
            *_grandchildren(rng, son_age, grandchildren)]


def _widow_with_son_family(rng: Random, grandchildren: int) -> list[Person]:
    son_age = tri(rng, 28, 50, 36)
    head_age = min(son_age + tri(rng, 21, 33, 26), 94)
    return [(HEAD_RELATION, rng.random() < 0.35, head_age), ("之子", True, son_age),
            ("之儿媳", False, _spouse_age(rng, son_age, True)),
            *_grandchildren(rng, son_age, grandchildren)]


def _daughter_with_son_in_law(rng: Random) -> list[Person]:
    """上门女婿: a daughter's husband moved into her parents' household."""
    daughter_age = tri(rng, 23, 42, 30)
    head_age = min(daughter_age + tri(rng, 21, 33, 26), 90)
    return [*_couple(rng, head_age), ("之女", False, daughter_age),
            ("之女婿", True, _spouse_age(rng, daughter_age, False) + tri(rng, 0, 6, 2))]
