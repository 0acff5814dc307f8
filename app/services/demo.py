"""Demo data: a whole county of realistic households, for trying the app out and for benchmarks.

Everything comes from one seeded random stream, so the same seed on a fresh database gives the
same data (row ids and clock stamps aside). The stream's seed also takes the number of households
already in the database, and every ID number is checked against the ones already there, so a
second run on the same database adds new people instead of copies of the first run's.

Rows go in through ``bulk_insert`` in batches of households, one transaction per batch: a
cancelled run leaves whole households behind, and the change log still holds one insert per row.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.categories import (
    COMPULSORY_SCHOOL_STAGES,
    HEAD_RELATION,
    NATURAL_DISASTER_KINDS,
    NO_LABOUR_SKILLS,
    SECURITY_CHECKS,
    CategoryFacts,
    CategoryThresholds,
    suggest_category,
)
from app.domain.dates import months_before
from app.domain.divisions import (
    Division,
    DivisionLevel,
    generate_villages,
    is_within,
    level_of,
)
from app.domain.idnumber import make_id_number
from app.domain.income import IncomeComponents, line_in_force, net_income, per_capita_net_income
from app.domain.pinyin import name_initials
from app.domain.procedure import Decision, Procedure, Stage, posting_period
from app.domain.warnings import (
    HouseholdWarningFacts,
    SpendingItem,
    WarningFinding,
    WarningRule,
    WarningThresholds,
    evaluate_warnings,
)
from app.services.context import ServiceContext
from app.services.policy import POSTING_DAYS, WARNING_THRESHOLDS, lines_from, setting_from
from app.services.setup import initialize
from app.store.bulk import bulk_insert
from app.store.ids import new_id
from app.store.models import (
    Assignment,
    AssistancePerson,
    CaseStep,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RigidExpense,
    RiskWarning,
    SyncedModel,
    User,
    Visit,
)
from app.store.models import Division as DivisionRow

T = TypeVar("T")

DEMO_COUNTY = "131122"
DEMO_USER = "演示管理员"
BATCH_HOUSEHOLDS = 2000
HOUSEHOLDS_PER_VILLAGE = 350
HOUSEHOLDS_PER_GRID_WORKER = 100
MAX_VILLAGES_PER_TOWNSHIP = 99
CASE_SHARE = 0.06

UNRESOLVED, RESOLVED = "风险未消除", "风险已消除"
OPEN, HANDLED, DISMISSED, PROPOSED = "待处置", "已处置", "已排除", "已转申报"
HEALTH_CHANGE_WINDOW = timedelta(days=90)
VISIT_FORM = ("visit", "builtin-1")


class _Weighted(Generic[T]):
    """Picks from weighted choices with one random number (``Random.choices`` is slower)."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items, weights = zip(*pairs, strict=True)
        self._items: tuple[T, ...] = items
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    def pick(self, rng: Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self._items[min(index, len(self._items) - 1)]


# --- people: names, ID numbers --------------------------------------------------------------

# Common surnames of the north China plain, weighted roughly by their frequency in Hebei.
_SURNAMES = _Weighted([
    ("王", 7.6), ("李", 7.4), ("张", 7.1), ("刘", 6.0), ("赵", 3.6), ("杨", 3.0), ("孙", 2.6),
    ("高", 2.5), ("马", 2.1), ("郭", 2.0), ("陈", 1.9), ("韩", 1.6), ("董", 1.5), ("周", 1.4),
    ("冯", 1.2), ("田", 1.2), ("宋", 1.2), ("魏", 1.2), ("贾", 1.2), ("崔", 1.2), ("郝", 1.0),
    ("吴", 1.0), ("徐", 1.0), ("朱", 1.0), ("胡", 1.0), ("梁", 0.9), ("何", 0.8), ("齐", 0.8),
    ("范", 0.8), ("吕", 0.8), ("苏", 0.8), ("邢", 0.8), ("许", 0.8), ("曹", 0.8), ("石", 0.8),
    ("姚", 0.7), ("耿", 0.7), ("侯", 0.7), ("史", 0.7), ("谷", 0.6), ("牛", 0.6), ("段", 0.6),
    ("袁", 0.6), ("卢", 0.6), ("秦", 0.6), ("程", 0.6), ("任", 0.6), ("白", 0.6), ("武", 0.6),
    ("尹", 0.6), ("霍", 0.5), ("柴", 0.5), ("庞", 0.5), ("安", 0.5), ("常", 0.5), ("甄", 0.4),
    ("焦", 0.4), ("纪", 0.4), ("路", 0.4), ("邓", 0.4), ("翟", 0.3), ("单", 0.3), ("申", 0.3),
    ("左", 0.3), ("边", 0.3), ("解", 0.2), ("曾", 0.2), ("褚", 0.2), ("葛", 0.3), ("孟", 0.6),
])

# Given names by sex and birth cohort (before 1960, 1960–84, 1985–2004, 2005 on).
_GIVEN_NAMES: dict[tuple[bool, int], tuple[str, ...]] = {
    (True, 0): ("建国", "国庆", "树林", "玉田", "振华", "德胜", "长顺", "金山", "富贵", "双喜",
                "占元", "宝山", "春生", "秋生", "庆祥", "福来", "永利", "文明", "保国", "志刚",
                "汉章", "俊卿", "书林", "凤岐", "金锁", "铁柱", "德福", "守信", "丙辰", "玉亭"),
    (True, 1): ("志强", "建军", "卫东", "红军", "立新", "国栋", "海军", "学军", "春雷", "东升",
                "建华", "永强", "俊峰", "振兴", "立军", "新民", "海涛", "卫国", "胜利", "小兵",
                "长江", "广辉", "明亮", "瑞峰", "占军", "二虎", "建平", "晓东", "宏伟", "立强"),
    (True, 2): ("磊", "伟", "鹏", "浩", "超", "强", "帅", "亮", "晓辉", "文博", "志远", "俊杰",
                "建业", "海洋", "子龙", "天宇", "晨阳", "佳乐", "鑫", "宇航", "少华", "凯",
                "明辉", "永刚", "振宇", "国伟", "雪峰", "家豪"),
    (True, 3): ("浩然", "子轩", "梓豪", "宇轩", "皓轩", "一鸣", "子墨", "俊熙", "沐阳", "奕辰",
                "铭泽", "睿", "泽宇", "博文", "思远", "宇泽", "锦程", "梓睿", "承泽", "浩宇",
                "子豪", "明轩"),
    (False, 0): ("秀英", "桂兰", "淑珍", "玉兰", "凤英", "秀兰", "桂英", "玉珍", "素芬", "淑芬",
                 "桂芝", "秀珍", "凤兰", "玉芬", "翠兰", "金凤", "荣花", "俊英", "书琴", "兰芬",
                 "月娥", "春花", "巧云", "素梅", "瑞芳", "二妮"),
    (False, 1): ("丽", "红", "霞", "燕", "艳红", "海燕", "秀云", "丽娟", "彩霞", "春燕", "红梅",
                 "俊芳", "立红", "晓红", "秀梅", "新华", "翠萍", "美荣", "卫红", "桂香", "凤霞",
                 "丽萍", "会敏", "雪梅", "玉梅", "素娟"),
    (False, 2): ("静", "婷", "娜", "丹", "倩", "莹", "晓静", "亚楠", "佳佳", "雪", "欢", "蕾",
                 "晓雪", "梦瑶", "佳琪", "文静", "思思", "园园", "月", "慧敏", "丽娜", "颖",
                 "丹丹", "晶晶"),
    (False, 3): ("子涵", "欣怡", "梓涵", "诗涵", "雨萱", "可欣", "一诺", "紫萱", "佳怡", "语桐",
                 "梦琪", "雨涵", "思彤", "若汐", "依诺", "芷若", "梓萱", "欣妍", "悦彤", "艺涵",
                 "安琪", "雅琪", "心怡"),
}

# People married in or moved in are often registered in a neighbouring county of Hengshui.
_NEIGHBOUR_REGIONS = ("131102", "131103", "131121", "131123", "131124", "131127", "131128",
                      "131182")
_MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                    "152", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178",
                    "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "193",
                    "195", "198", "199")


def _cohort(birth_year: int) -> int:
    if birth_year < 1960:
        return 0
    if birth_year < 1985:
        return 1
    return 2 if birth_year < 2005 else 3


def _given_name(rng: Random, male: bool, birth_year: int) -> str:
    names = _GIVEN_NAMES[(male, _cohort(birth_year))]
    return names[int(rng.random() * len(names))]


def _mobile(rng: Random) -> str:
    prefix = _MOBILE_PREFIXES[int(rng.random() * len(_MOBILE_PREFIXES))]
    return f"{prefix}{rng.randrange(100_000_000):08d}"


def _person_name(rng: Random, male: bool, birth_year: int) -> str:
    return _SURNAMES.pick(rng) + _given_name(rng, male, birth_year)


class _IdNumbers:
    """Hands out valid ID numbers that nobody in the database holds yet."""

    def __init__(self, used: set[str]) -> None:
        self.used = used

    def make(self, rng: Random, region: str, birth: date, male: bool) -> str:
        while True:
            number = make_id_number(region, birth, rng.randrange(500) * 2 + male)
            if number not in self.used:
                self.used.add(number)
                return number


# --- what a generation run needs to know about the database ---------------------------------


@dataclass
class _Village:
    code: str
    name: str
    township: str
    groups: int
    existing: int
    next_number: int
    house_numbers: dict[int, int] = field(default_factory=dict)
    new: int = 0
    workers: list[str] = field(default_factory=list)
    cadres: list[_Cadre] = field(default_factory=list)


@dataclass
class _Cadre:
    """A township or village cadre helping several households (at most 5 by county rule)."""

    row: dict[str, Any]
    capacity: int
    load: int = 0


@dataclass(frozen=True)
class _Names:
    county: str
    county_name: str
    townships: dict[str, str]
    county_staff: tuple[str, ...]
    township_staff: dict[str, tuple[str, ...]]


@dataclass
class DemoSummary:
    households: int = 0
    members: int = 0
    villages_added: int = 0
    users_added: int = 0
    cases: int = 0
    case_steps: int = 0
    visits: int = 0
    warnings: int = 0
    measures: int = 0
    assistance_persons: int = 0
    rows: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def households_per_second(self) -> float:
        return self.households / self.seconds if self.seconds else 0.0


# --- household composition --------------------------------------------------------------------

# Household sizes of rural Hebei (mean about 2.8 people).
_SIZES = _Weighted([(1, 17), (2, 31), (3, 22), (4, 17), (5, 9), (6, 4)])


@dataclass(slots=True)
class _Draft:
    """A member being generated: the row plus what later steps need to know about them."""

    relation: str
    male: bool
    age: int
    surname: str
    row: dict[str, Any] = field(default_factory=dict)

    @property
    def working_age(self) -> bool:
        return 18 <= self.age < 60


def _tri(rng: Random, low: float, high: float, mode: float) -> int:
    return int(rng.triangular(low, high, mode))


def _composition(rng: Random, size: int) -> list[tuple[str, bool, int]]:
    """(relation, male, age) of each member, the head first."""
    if size == 1:
        return [(HEAD_RELATION, rng.random() < 0.55, _tri(rng, 38, 93, 72))]
    if size == 2:
        return _pair(rng)
    r = rng.random()
    if size == 3:
        if r < 0.55:
            return _couple_with_children(rng, 1)
        if r < 0.70:
            return [*_couple(rng, _tri(rng, 30, 56, 42)), _parent(rng, None)]
        if r < 0.85:
            return _widow_with_son_family(rng, grandchildren=0)
        return _single_parent(rng, 2)
    if size == 4:
        if r < 0.55:
            return _couple_with_children(rng, 2)
        if r < 0.75:
            family = _couple_with_children(rng, 1)
            return [*family, _parent(rng, family[0][2])]
        if r < 0.97:
            return _three_generations(rng, grandchildren=0)
        return _daughter_with_son_in_law(rng)
    if size == 5:
        if r < 0.45:
            return _three_generations(rng, grandchildren=1)
        if r < 0.75:
            family = _couple_with_children(rng, 2)
            return [*family, _parent(rng, family[0][2])]
        if r < 0.90:
            return _couple_with_children(rng, 3)
        return _widow_with_son_family(rng, grandchildren=2)
    if r < 0.55:
        return _three_generations(rng, grandchildren=2)
    if r < 0.85:
        family = _couple_with_children(rng, 2)
        head_age = family[0][2]
        return [*family, ("之父/母", True, head_age + _tri(rng, 23, 34, 27)),
                ("之父/母", False, head_age + _tri(rng, 21, 31, 25))]
    family = _three_generations(rng, grandchildren=1)
    head_age = family[0][2]
    return [*family, (("之子", True) if rng.random() < 0.6 else ("之女", False))
            + (max(head_age - _tri(rng, 24, 36, 30), 16),)]


def _spouse_age(rng: Random, partner_age: int, partner_male: bool) -> int:
    gap = _tri(rng, -2, 7, 2)
    return max(partner_age - gap if partner_male else partner_age + gap, 18)


def _couple(rng: Random, head_age: int) -> list[tuple[str, bool, int]]:
    male = rng.random() < 0.95
    return [(HEAD_RELATION, male, head_age), ("配偶", not male, _spouse_age(rng, head_age, male))]


def _pair(rng: Random) -> list[tuple[str, bool, int]]:
    r = rng.random()
    if r < 0.68:
        return _couple(rng, _tri(rng, 40, 90, 66))
    if r < 0.83:
        head_age = _tri(rng, 55, 90, 72)
        child = ("之子", True) if rng.random() < 0.7 else ("之女", False)
        return [(HEAD_RELATION, rng.random() < 0.45, head_age),
                (*child, max(head_age - _tri(rng, 22, 36, 28), 16))]
    if r < 0.97:
        return _couple(rng, _tri(rng, 22, 38, 28))
    head_age = _tri(rng, 55, 85, 70)
    return [(HEAD_RELATION, True, head_age),
            ("之兄弟姐妹", rng.random() < 0.5, head_age + rng.randint(-8, 8))]


def _child(rng: Random, parent_age: int) -> tuple[str, bool, int]:
    male = rng.random() < 0.52
    age = max(parent_age - _tri(rng, 21, 38, 27), 0)
    return ("之子" if male else "之女", male, age)


def _couple_with_children(rng: Random, children: int) -> list[tuple[str, bool, int]]:
    head_age = _tri(rng, 26, 62, 40)
    members = _couple(rng, head_age)
    mother_age = min(age for _relation, _male, age in members)
    return [*members, *(_child(rng, mother_age) for _ in range(children))]


def _single_parent(rng: Random, children: int) -> list[tuple[str, bool, int]]:
    head_age = _tri(rng, 30, 58, 44)
    return [(HEAD_RELATION, rng.random() < 0.5, head_age),
            *(_child(rng, head_age) for _ in range(children))]


def _parent(rng: Random, head_age: int | None) -> tuple[str, bool, int]:
    base = head_age if head_age is not None else _tri(rng, 30, 56, 42)
    return ("之父/母", rng.random() < 0.4, min(base + _tri(rng, 21, 35, 27), 99))


def _three_generations(rng: Random, grandchildren: int) -> list[tuple[str, bool, int]]:
    son_age = _tri(rng, 23, 46, 31)
    head_age = min(son_age + _tri(rng, 21, 33, 26), 92)
    members = _couple(rng, head_age)
    members.append(("之子", True, son_age))
    members.append(("之儿媳", False, _spouse_age(rng, son_age, True)))
    members.extend(("之孙子/女", rng.random() < 0.52, max(son_age - _tri(rng, 20, 32, 26), 0))
                   for _ in range(grandchildren))
    return members


def _widow_with_son_family(rng: Random, grandchildren: int) -> list[tuple[str, bool, int]]:
    son_age = _tri(rng, 28, 50, 36)
    head_age = min(son_age + _tri(rng, 21, 33, 26), 94)
    members = [(HEAD_RELATION, rng.random() < 0.35, head_age), ("之子", True, son_age),
               ("之儿媳", False, _spouse_age(rng, son_age, True))]
    members.extend(("之孙子/女", rng.random() < 0.52, max(son_age - _tri(rng, 20, 32, 26), 0))
                   for _ in range(grandchildren))
    return members


def _daughter_with_son_in_law(rng: Random) -> list[tuple[str, bool, int]]:
    """上门女婿: a daughter's husband moved into her parents' household."""
    daughter_age = _tri(rng, 23, 42, 30)
    head_age = min(daughter_age + _tri(rng, 21, 33, 26), 90)
    return [*_couple(rng, head_age), ("之女", False, daughter_age),
            ("之女婿", True, _spouse_age(rng, daughter_age, False) + _tri(rng, 0, 6, 2))]


# --- member attributes ---------------------------------------------------------------------

_ILLNESS = _Weighted([(("长期慢性病",), 62), (("患有大病",), 18), (("残疾",), 15),
                      (("长期慢性病", "残疾"), 5)])
_DISABILITY_KIND = _Weighted([(4, 45), (1, 12), (2, 14), (3, 2), (5, 10), (6, 10), (7, 7)])
_DISABILITY_GRADE = _Weighted([(1, 10), (2, 25), (3, 35), (4, 30)])
_EDUCATION_BY_COHORT = {
    1950: _Weighted([("文盲或半文盲", 35), ("小学", 45), ("初中", 17), ("高中", 3)]),
    1965: _Weighted([("文盲或半文盲", 12), ("小学", 40), ("初中", 38), ("高中", 10)]),
    1980: _Weighted([("文盲或半文盲", 3), ("小学", 20), ("初中", 58), ("高中", 15), ("大专", 3),
                     ("本科及以上", 1)]),
    1995: _Weighted([("小学", 6), ("初中", 55), ("高中", 24), ("大专", 10), ("本科及以上", 5)]),
    9999: _Weighted([("初中", 40), ("高中", 25), ("大专", 20), ("本科及以上", 15)]),
}
_WORK_PLACES = _Weighted([
    ("北京市", 25), ("天津市", 15), ("石家庄市", 10), ("衡水市桃城区", 15), ("廊坊市", 5),
    ("保定市", 5), ("沧州市", 4), ("雄安新区", 6), ("山东省德州市", 4), ("江苏省苏州市", 3),
    ("浙江省宁波市", 3), ("广东省深圳市", 3), ("内蒙古自治区鄂尔多斯市", 2),
])
_EMPLOYER_BRANDS = ("鑫源", "华宇", "恒达", "宏远", "瑞丰", "金泰", "永盛", "顺发", "中联",
                    "建兴", "诚信", "天成", "聚鑫", "万通")
_EMPLOYER_KINDS = ("建筑工程有限公司", "物流有限公司", "餐饮管理有限公司", "家政服务有限公司",
                   "汽车配件有限公司", "电子科技有限公司", "食品有限公司", "物业服务有限公司",
                   "机械制造有限公司", "装饰工程有限公司")
_WELFARE_POSTS = ("保洁员", "护路员", "护林员", "水管员", "孝老餐厅服务员")
_SENIOR_STAGES = ("普高一年级", "普高二年级", "普高三年级")
_VOCATIONAL_STAGES = ("中职一年级", "中职二年级", "中职三年级")
_COLLEGE_STAGES = ("高职高专一年级", "高职高专二年级", "高职高专三年级")
_UNIVERSITY_STAGES = ("本科一年级", "本科二年级", "本科三年级", "本科四年级")


def _education(rng: Random, birth_year: int) -> str:
    for until, table in _EDUCATION_BY_COHORT.items():
        if birth_year <= until:
            return table.pick(rng)
    raise AssertionError("the last cohort is open-ended")


def _schooling(rng: Random, age: int, birth_year: int) -> tuple[str, str]:
    """(education, school_stage): a pupil has a stage, everyone else an education level."""
    if age < 3:
        return "", ""
    if age < 6:
        return ("", "学前教育") if rng.random() < 0.85 else ("", "")
    if age < 15:
        return "", COMPULSORY_SCHOOL_STAGES[min(age - 6, 8)]
    if age < 18:
        if rng.random() < 0.78:
            stages = _SENIOR_STAGES if rng.random() < 0.6 else _VOCATIONAL_STAGES
            return "", stages[age - 15]
        return "初中", ""
    if age < 22 and rng.random() < 0.42:
        stages = _COLLEGE_STAGES if rng.random() < 0.55 else _UNIVERSITY_STAGES
        return "", stages[min(age - 18, len(stages) - 1)]
    return _education(rng, birth_year), ""


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


def _set_health(rng: Random, draft: _Draft, health: Sequence[str], today: date,
                changed_on: date | None = None) -> None:
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
        row["migrant_work_place"] = row["migrant_employer"] = ""
        row["migrant_work_months"] = None


# --- monitoring cases -------------------------------------------------------------------------

_CATEGORIES = _Weighted([("脱贫不稳定户", 35), ("边缘易致贫户", 40), ("突发严重困难户", 25)])
IDENTIFICATION, ELIMINATION = Procedure.IDENTIFICATION, Procedure.ELIMINATION
# (procedure, stage the case is at); ELIMINATION/APPROVED is an eliminated, closed case.
_CASE_STATES: tuple[tuple[Procedure, Stage], ...] = (
    *((IDENTIFICATION, stage) for stage in Stage),
    *((ELIMINATION, stage) for stage in Stage if stage not in (Stage.RETURNED, Stage.REJECTED)),
)
_STATE_WEIGHTS = _Weighted([
    ((IDENTIFICATION, Stage.APPROVED), 40), ((ELIMINATION, Stage.APPROVED), 35),
    ((IDENTIFICATION, Stage.RETURNED), 2), ((IDENTIFICATION, Stage.REJECTED), 3),
    *(((IDENTIFICATION, stage), 2) for stage in (Stage.PROPOSED, Stage.VERIFIED,
                                                Stage.VILLAGE_REVIEWED, Stage.POSTED,
                                                Stage.TOWNSHIP_REVIEWED)),
    *(((ELIMINATION, stage), 2) for stage in (Stage.PROPOSED, Stage.VERIFIED,
                                             Stage.VILLAGE_REVIEWED, Stage.POSTED,
                                             Stage.TOWNSHIP_REVIEWED)),
])
_CHANNELS = _Weighted([("基层干部排查", 50), ("农户自主申报", 25), ("部门筛查预警", 25)])
_MAIN_RISKS = {
    "poor": _Weighted([
        ("因病", 38), ("因残", 14), ("缺劳动力", 10), ("因学", 9), ("因务工就业不稳", 8),
        ("因自然灾害", 6), ("因意外事故", 5), ("因产业项目失败", 4),
        ("家庭刚性支出较大或收入大幅缩减", 2), ("住房出现安全问题", 1.5), ("饮水安全问题", 0.5),
        ("其他", 2),
    ]),
    "sudden": _Weighted([
        ("因病", 45), ("因意外事故", 15), ("因自然灾害", 15), ("因学", 10),
        ("家庭刚性支出较大或收入大幅缩减", 8), ("因务工就业不稳", 4), ("因产业项目失败", 3),
    ]),
}
_DISASTER_KINDS = _Weighted([(kind, weight) for kind, weight in zip(
    NATURAL_DISASTER_KINDS, (50, 2, 15, 5, 20, 1, 7), strict=True)])
# Risks that make the household's income fall rather than its spending rise.
_INCOME_RISKS = frozenset({"因务工就业不稳", "因产业项目失败", "缺劳动力"})


@dataclass
class _CasePlan:
    category: str
    procedure: Procedure
    stage: Stage


@dataclass
class _Timeline:
    """Every step of a case with its date; the case row is read off the last one."""

    steps: list[tuple[Procedure, Stage, Decision, date]] = field(default_factory=list)
    posting: tuple[date, date] | None = None
    identified_on: date | None = None
    elimination_start: date | None = None
    eliminated_on: date | None = None

    @property
    def proposed_on(self) -> date:
        return self.steps[0][3]

    @property
    def last(self) -> tuple[Procedure, Stage, Decision, date]:
        return self.steps[-1]


# --- measures, persons, visits, warnings: texts -----------------------------------------------

# (kind, item, lowest amount, highest amount, provider unit, one-off payment)
_Measure = tuple[str, str, int, int, str, bool]
_MEASURES: dict[str, tuple[_Measure, ...]] = {
    "因病": (
        ("健康帮扶", "大病保险", 3000, 30000, "{county}医疗保障局", True),
        ("健康帮扶", "医疗救助", 2000, 15000, "{county}医疗保障局", True),
        ("健康帮扶", "家庭医生签约", 0, 0, "{township}卫生院", False),
        ("健康帮扶", "慢病签约服务", 0, 600, "{township}卫生院", False),
        ("健康帮扶", "先诊疗后付费", 0, 0, "{county}人民医院", False),
        ("兜底保障和社会救助", "临时救助", 1000, 5000, "{county}民政局", True),
        ("兜底保障和社会救助", "防贫保险", 2000, 15000, "中国人民财产保险股份有限公司{county}支公司",
         True),
    ),
    "因学": (
        ("教育帮扶", "雨露计划", 3000, 3000, "{county}乡村振兴局", True),
        ("教育帮扶", "国家助学金", 2000, 3300, "{county}教育局", True),
        ("教育帮扶", "生源地助学贷款", 8000, 12000, "{county}学生资助管理中心", True),
        ("教育帮扶", "三免一助", 2000, 4000, "{county}教育局", False),
    ),
    "因残": (
        ("兜底保障和社会救助", "低保", 4200, 9600, "{county}民政局", False),
        ("兜底保障和社会救助", "残疾人两项补贴", 1200, 2400, "{county}残疾人联合会", False),
        ("健康帮扶", "家庭医生签约", 0, 0, "{township}卫生院", False),
    ),
    "缺劳动力": (
        ("兜底保障和社会救助", "低保", 4200, 9600, "{county}民政局", False),
        ("扶贫项目资产帮扶", "资产收益分红", 300, 1500, "{township}人民政府", True),
        ("就业帮扶", "保洁员", 4800, 7200, "{township}人民政府", False),
    ),
    "因务工就业不稳": (
        ("就业帮扶", "技能培训", 0, 0, "{county}人力资源和社会保障局", True),
        ("就业帮扶", "有组织劳务输出", 0, 0, "{county}人力资源和社会保障局", False),
        ("就业帮扶", "一次性求职补贴", 500, 1000, "{county}人力资源和社会保障局", True),
        ("就业帮扶", "护路员", 4800, 7200, "{township}人民政府", False),
    ),
    "因产业项目失败": (
        ("产业帮扶", "生产奖补", 1000, 5000, "{county}农业农村局", True),
        ("产业帮扶", "技术指导", 0, 0, "{county}农业农村局", False),
        ("金融帮扶", "扶贫小额贷款", 20000, 50000, "{county}农村信用联社", False),
        ("金融帮扶", "农业保险", 1000, 8000, "中国人民财产保险股份有限公司{county}支公司", True),
    ),
    "因自然灾害": (
        ("住房安全保障", "危房改造", 15000, 35000, "{county}住房和城乡建设局", True),
        ("兜底保障和社会救助", "临时救助", 1000, 5000, "{county}民政局", True),
        ("金融帮扶", "农业保险", 1000, 8000, "中国人民财产保险股份有限公司{county}支公司", True),
        ("产业帮扶", "生产奖补", 1000, 5000, "{county}农业农村局", True),
    ),
    "因意外事故": (
        ("兜底保障和社会救助", "临时救助", 1000, 5000, "{county}民政局", True),
        ("兜底保障和社会救助", "防贫保险", 2000, 15000, "中国人民财产保险股份有限公司{county}支公司",
         True),
        ("健康帮扶", "医疗救助", 2000, 15000, "{county}医疗保障局", True),
    ),
    "住房出现安全问题": (
        ("住房安全保障", "危房改造", 15000, 35000, "{county}住房和城乡建设局", True),
    ),
    "饮水安全问题": (
        ("饮水安全保障", "饮水工程", 0, 3000, "{county}水务局", True),
    ),
    "家庭刚性支出较大或收入大幅缩减": (
        ("兜底保障和社会救助", "防贫保险", 2000, 15000, "中国人民财产保险股份有限公司{county}支公司",
         True),
        ("兜底保障和社会救助", "临时救助", 1000, 5000, "{county}民政局", True),
    ),
    "其他": (
        ("社会帮扶", "结对帮扶", 0, 2000, "{county}工商业联合会", False),
        ("扶志扶智", "宣传教育", 0, 0, "{township}人民政府", False),
    ),
}
_DEVELOPMENT_MEASURES: tuple[_Measure, ...] = (
    ("就业帮扶", "技能培训", 0, 0, "{county}人力资源和社会保障局", True),
    ("产业帮扶", "种养殖扶持", 1000, 5000, "{county}农业农村局", True),
    ("金融帮扶", "扶贫小额贷款", 20000, 50000, "{county}农村信用联社", False),
)
_COUNTY_UNITS = _Weighted([
    (("{county}委办公室", "县级"), 3), (("{county}人民政府办公室", "县级"), 3),
    (("{county}委组织部", "县级"), 2), (("{county}发展和改革局", "县级"), 3),
    (("{county}财政局", "县级"), 3), (("{county}教育局", "县级"), 5),
    (("{county}卫生健康局", "县级"), 4), (("{county}民政局", "县级"), 3),
    (("{county}人力资源和社会保障局", "县级"), 3), (("{county}农业农村局", "县级"), 5),
    (("{county}住房和城乡建设局", "县级"), 3), (("{county}水务局", "县级"), 2),
    (("{county}医疗保障局", "县级"), 2), (("{county}乡村振兴局", "县级"), 3),
    (("{county}自然资源和规划局", "县级"), 2), (("{county}交通运输局", "县级"), 2),
    (("{county}市场监督管理局", "县级"), 2), (("{county}公安局", "县级"), 3),
    (("{county}人民法院", "县级"), 2), (("国网{county}供电公司", "中央"), 2),
    (("中国农业银行{county}支行", "中央"), 2), (("中国邮政储蓄银行{county}支行", "中央"), 1),
    (("国家税务总局{county}税务局", "中央"), 2), (("{county}农村信用联社", "省级"), 2),
    (("衡水市生态环境局{county}分局", "市级"), 1),
])
_OFFICIAL_POSTS = _Weighted([("一级科员", 25), ("四级主任科员", 15), ("副科长", 15),
                             ("科长", 12), ("股长", 10), ("副局长", 6), ("办公室主任", 7),
                             ("职员", 10)])
_TOWNSHIP_POSTS = _Weighted([("包村干部", 45), ("副镇长", 8), ("党委委员", 7),
                             ("驻村工作队员", 25), ("乡镇干部", 15)])
_VILLAGE_POSTS = _Weighted([("村党支部书记", 25), ("村委会主任", 20), ("村委会委员", 25),
                            ("村会计", 10), ("村妇联主席", 10), ("村监委会主任", 10)])
_POLITICS = {
    "official": _Weighted([("中共党员", 74), ("群众", 14), ("中共预备党员", 3),
                           ("共青团员", 5), ("民主党派", 4)]),
    "cadre": _Weighted([("中共党员", 82), ("群众", 12), ("中共预备党员", 6)]),
}
_END_REASONS = _Weighted([("工作调动", 50), ("岗位调整", 25), ("退休", 15), ("因病不能履职", 10)])
_EXPENSE_KINDS = _Weighted([("医疗住院", 50), ("门诊慢特病", 25), ("教育", 12), ("灾害", 8),
                            ("意外", 5)])
# The six checks a visit records, as household fields.
_CHECKS = tuple(zip(SECURITY_CHECKS, ("food_secure", "clothing_secure", "education_secure",
                                      "medical_secure", "housing_secure", "water_secure"),
                    strict=True))
_HANDLED_NOTES = {
    "income": ("入户核实，家庭收入已回升，暂无返贫致贫风险，持续关注。",
               "已核实收入情况，子女务工收入补录后高于监测线。"),
    "spending": ("已落实医疗救助和大病保险报销，家庭基本生活有保障。",
                 "已协调临时救助，自付费用压力缓解。"),
    "other": ("已入户核实并落实相应帮扶措施。", "已入户核实，情况属实，持续跟踪。"),
}
_DISMISS_NOTES = ("经核实为数据比对误差，已更正。", "经入户核实，家庭有稳定收入来源，不存在返贫风险。",
                  "该户成员已在城镇落户并稳定就业，排除预警。")
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


# --- the service ------------------------------------------------------------------------------


class DemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def generate(self, households: int, seed: int = 1,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> DemoSummary:
        """Add ``households`` demo households within this database's scope."""
        if households < 0:
            raise ValueError(f"households must not be negative, got {households}")
        started = time.perf_counter()
        generator = _Generator(self.ctx, households, seed)
        summary = generator.run(progress, cancelled)
        summary.seconds = time.perf_counter() - started
        self.ctx.db.audit(self.ctx.actor, "demo_generate", households=summary.households,
                          seed=seed, cancelled=summary.cancelled)
        return summary


def create_demo_database(location: str | Path, password: str, households: int, seed: int = 1,
                         *, progress: Callable[[int, int], None] | None = None,
                         today: Callable[[], date] | None = None) -> ServiceContext:
    """A new county database for 武邑县 filled with ``households`` demo households."""
    ctx = initialize(location, password, role="county", division=DEMO_COUNTY,
                     user_name=DEMO_USER)
    if today is not None:
        ctx.today = today
    try:
        DemoService(ctx).generate(households, seed, progress=progress)
    except BaseException:
        ctx.db.close()
        raise
    return ctx


class _Batch:
    """Rows of one transaction, by model, written parents first."""

    ORDER: tuple[type[SyncedModel], ...] = (
        DivisionRow, User, AssistancePerson, Household, Member, IncomeRecord, RigidExpense,
        MonitoringCase, CaseStep, Assignment, Measure, Visit, RiskWarning,
    )

    def __init__(self) -> None:
        self.rows: dict[type[SyncedModel], list[dict[str, Any]]] = {m: [] for m in self.ORDER}
        self.households = 0

    def add(self, model: type[SyncedModel], row: dict[str, Any]) -> dict[str, Any]:
        self.rows[model].append(row)
        return row

    def write(self, session: Session, summary: DemoSummary) -> None:
        for model in self.ORDER:
            rows = self.rows[model]
            if rows:
                summary.rows += bulk_insert(session, model, rows)
                summary.counts[model.__tablename__] = (
                    summary.counts.get(model.__tablename__, 0) + len(rows))


class _Generator:
    """One generation run: reads what the database holds, then writes batch by batch."""

    def __init__(self, ctx: ServiceContext, households: int, seed: int) -> None:
        self.ctx = ctx
        self.today = ctx.today()
        self.total = households
        self.summary = DemoSummary()
        with ctx.db.read() as session:
            existing_all = session.scalar(select(func.count()).select_from(Household)) or 0
            self.rng = Random(f"fangpin-demo/{seed}/{existing_all}")
            self.ids = _IdNumbers(set(session.scalars(select(Member.id_number))))
            self.thresholds = WarningThresholds.from_dict(
                setting_from(session, WARNING_THRESHOLDS))
            self.posting_days = int(setting_from(session, POSTING_DAYS))
            self.lines = lines_from(session)
            self._load_scope(session)
        self.line = line_in_force(self.lines, self.today).amount
        self.line_int = int(self.line)
        self._staffed: set[str] = set()
        self._county_staffed = False

    # --- scope and villages -----------------------------------------------------------------

    def _load_scope(self, session: Session) -> None:
        scope = self.ctx.scope_code
        rows = session.scalars(select(DivisionRow).where(
            DivisionRow.deleted == False)).all()  # noqa: E712
        in_scope = [r for r in rows if is_within(r.id, scope)]
        by_code = {r.id: r for r in rows}
        county = scope[:6] + "000000"
        townships = {r.id: r.name for r in in_scope if r.level == DivisionLevel.TOWNSHIP}
        for r in in_scope:
            if r.level == DivisionLevel.VILLAGE and r.parent_code:
                townships.setdefault(r.parent_code, by_code[r.parent_code].name
                                     if r.parent_code in by_code else r.parent_code)
        county_name = by_code[county].name if county in by_code else "本县"
        self.names = _Names(
            county=county, county_name=county_name, townships=townships,
            county_staff=_staff_names(county, 3),
            township_staff={code: _staff_names(code, 3) for code in townships})
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for code, group, count in session.execute(
                select(Household.village_code, Household.group_name, func.count())
                .group_by(Household.village_code, Household.group_name)):
            counts[(code, group)] = count
        self.villages = [self._village(r, counts) for r in in_scope
                         if r.level == DivisionLevel.VILLAGE]
        self.villages.sort(key=lambda v: v.code)
        self.village_names = {v.code: v.name for v in self.villages}
        self.users: set[tuple[str, str, str]] = {
            (u.name, u.role, u.division_code) for u in session.scalars(select(User))}
        self.workers_known: dict[str, int] = defaultdict(int)
        for _name, role, code in self.users:
            if role == "worker":
                self.workers_known[code] += 1
        self.scope_level = _level_of_row(by_code.get(scope), scope)

    def _village(self, row: DivisionRow, counts: dict[tuple[str, str], int]) -> _Village:
        house_numbers: dict[int, int] = {}
        existing = 0
        for (code, group), count in counts.items():
            if code == row.id:
                existing += count
                number = _group_number(group)
                if number:
                    house_numbers[number] = house_numbers.get(number, 0) + count
        return _Village(code=row.id, name=row.name, township=row.parent_code or "",
                        groups=4 + int(row.id[-3:]) % 5, existing=existing,
                        next_number=existing + 1, house_numbers=house_numbers)

    def _plan_villages(self) -> list[dict[str, Any]]:
        """Choose the villages that get households, adding villages when the scope allows it."""
        existing = sum(v.existing for v in self.villages)
        wanted = max(1, math.ceil((existing + self.total) / HOUSEHOLDS_PER_VILLAGE))
        used = [v for v in self.villages if v.existing]
        unused = _interleave([v for v in self.villages if not v.existing])
        chosen = used + unused[:max(wanted - len(used), 0)]
        added: list[dict[str, Any]] = []
        if len(chosen) < wanted and self.scope_level in (DivisionLevel.COUNTY,
                                                          DivisionLevel.TOWNSHIP):
            for village in self._new_villages(wanted - len(chosen)):
                chosen.append(village)
                added.append({"id": village.code, "name": village.name, "level": "village",
                              "parent_code": village.township})
        if not chosen:
            raise ValueError("这个数据库的工作范围内没有村，无法生成演示数据。")
        self._allocate(chosen, existing)
        self.chosen = sorted(chosen, key=lambda v: v.code)
        return added

    def _new_villages(self, count: int) -> list[_Village]:
        by_township: dict[str, list[_Village]] = defaultdict(list)
        for village in self.villages:
            by_township[village.township].append(village)
        townships = sorted(self.names.townships)
        extra: dict[str, int] = defaultdict(int)
        room = {t: MAX_VILLAGES_PER_TOWNSHIP - len(by_township[t]) for t in townships}
        while count > 0 and any(room.values()):
            for township in townships:
                if count and room[township] > 0:
                    extra[township] += 1
                    room[township] -= 1
                    count -= 1
        new: list[_Village] = []
        for township in townships:
            if not extra[township]:
                continue
            known = by_township[township]
            start = max([int(v.code[-3:]) for v in known] + [212]) + 1
            division = Division(township, self.names.townships[township],
                                DivisionLevel.TOWNSHIP, self.names.county)
            for made in generate_villages(division, extra[township], start=start,
                                          existing_names=[v.name for v in known]):
                village = _Village(made.code, made.name, township, 4 + int(made.code[-3:]) % 5,
                                   existing=0, next_number=1)
                new.append(village)
                self.village_names[village.code] = village.name
        self.summary.villages_added = len(new)
        return new

    def _allocate(self, chosen: list[_Village], existing: int) -> None:
        """Spread the new households so every village ends up near its own (varied) size."""
        weights = [self.rng.uniform(0.7, 1.3) for _ in chosen]
        total = existing + self.total
        deficits = [max(total * w / sum(weights) - v.existing, 0.0)
                    for w, v in zip(weights, chosen, strict=True)]
        if sum(deficits) <= 0:
            deficits = weights
        scale = self.total / sum(deficits)
        shares = [d * scale for d in deficits]
        for village, share in zip(chosen, shares, strict=True):
            village.new = int(share)
        left = self.total - sum(v.new for v in chosen)
        order = sorted(range(len(chosen)), key=lambda i: (int(shares[i]) - shares[i], i))
        for i in order[:left]:
            chosen[i].new += 1

    # --- the run ----------------------------------------------------------------------------

    def run(self, progress: Callable[[int, int], None] | None,
            cancelled: Callable[[], bool] | None) -> DemoSummary:
        batch = _Batch()
        for row in self._plan_villages():
            batch.add(DivisionRow, row)
        self._plan_cases()
        index = 0
        for village in self.chosen:
            self._prepare_village(village, batch)
            for _ in range(village.new):
                self._household(village, index, batch)
                index += 1
                if batch.households >= BATCH_HOUSEHOLDS:
                    self._flush(batch)
                    batch = _Batch()
                    if progress:
                        progress(index, self.total)
                    if cancelled and cancelled():
                        self.summary.cancelled = True
                        return self.summary
        self._flush(batch)
        if progress:
            progress(index, self.total)
        return self.summary

    def _flush(self, batch: _Batch) -> None:
        if not any(batch.rows.values()):
            return
        with self.ctx.db.write(self.ctx.actor) as session:
            batch.write(session, self.summary)
        self.summary.households += batch.households

    def _plan_cases(self) -> None:
        """Which households get a case, and at what stage: every stage and category at least
        once, so even a small demo shows the whole procedure."""
        count = min(self.total, max(round(self.total * CASE_SHARE), len(_CASE_STATES)))
        chosen = self.rng.sample(range(self.total), count) if count else []
        self.case_plans: dict[int, _CasePlan] = {}
        categories = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
        for position, index in enumerate(chosen):
            if position < len(_CASE_STATES):
                procedure, stage = _CASE_STATES[position]
                category = categories[position % 3]
            else:
                procedure, stage = _STATE_WEIGHTS.pick(self.rng)
                category = _CATEGORIES.pick(self.rng)
            self.case_plans[index] = _CasePlan(category, procedure, stage)

    def _prepare_village(self, village: _Village, batch: _Batch) -> None:
        needed = max(2, math.ceil((village.existing + village.new) / HOUSEHOLDS_PER_GRID_WORKER))
        village.workers = [_staff_names(f"grid:{village.code}", needed)[k] for k in range(needed)]
        for k in range(self.workers_known[village.code], needed):
            self._add_user(batch, village.workers[k], "worker", village.code)
        self.workers_known[village.code] = max(self.workers_known[village.code], needed)
        township = village.township
        if township and township not in self._staffed \
                and is_within(township, self.ctx.scope_code):
            self._staffed.add(township)
            for name in self.names.township_staff.get(township, ()):
                self._add_user(batch, name, "township", township)
            if is_within(self.names.county, self.ctx.scope_code) and not self._county_staffed:
                self._county_staffed = True
                for name in self.names.county_staff:
                    self._add_user(batch, name, "county", self.names.county)

    def _add_user(self, batch: _Batch, name: str, role: str, division: str) -> None:
        if (name, role, division) in self.users:
            return
        self.users.add((name, role, division))
        batch.add(User, {"name": name, "role": role, "division_code": division, "device_id": "",
                         "phone": _mobile(self.rng)})
        self.summary.users_added += 1

    # --- one household ----------------------------------------------------------------------

    def _household(self, village: _Village, index: int, batch: _Batch) -> None:
        rng = self.rng
        plan = self.case_plans.get(index)
        household_type = self._household_type(plan)
        poor = household_type == "脱贫户"
        household_id = new_id()
        group = 1 + int(rng.random() * village.groups)
        members = self._members(household_id, household_type, rng)
        house = _HouseFacts(dangerous=rng.random() < 0.004, water_ok=rng.random() > 0.003)
        expenses: list[dict[str, Any]] = []
        case = None
        if plan is not None:
            case = _CaseMaker(self, plan, household_type, members, house, expenses)
            household_type = case.household_type
        else:
            self._ordinary_expenses(members, expenses, household_id)
        self._social_assistance(members, poor, case)
        farmland = 0.0 if rng.random() < 0.05 else sum(rng.uniform(1.2, 2.4) for _ in members)
        incomes = _IncomeMaker(self, household_id, household_type, members, case,
                               farmland).records()
        for expense in expenses:
            expense["household_id"] = household_id
        head = members[0].row
        household = {
            "id": household_id, "village_code": village.code, "group_name": f"{group}组",
            "address": f"{village.name}{group}组{self._house_number(village, group)}号",
            "household_number": f"{village.code}{village.next_number:04d}",
            "household_type": household_type, "registered_poor": household_type == "脱贫户",
            "phone": head["phone"], "head_name": head["name"],
            "head_initials": head["name_initials"], "member_count": len(members),
            **self._house(rng, members, house, poor, case),
            "farmland_mu": Decimal(int(farmland * 10)) / 10,
        }
        village.next_number += 1
        worker = village.workers[(group - 1) * len(village.workers) // village.groups]
        batch.add(Household, household)
        for draft in members:
            batch.add(Member, draft.row)
        for record in incomes:
            batch.add(IncomeRecord, record)
        for expense in expenses:
            batch.add(RigidExpense, expense)
        if case is not None:
            case.write(batch, household, worker, village)
        visits = _VisitMaker(self, household, members, case, worker).visits()
        for visit in visits:
            batch.add(Visit, visit)
        _WarningMaker(self, household, members, incomes, expenses, case, worker).write(batch)
        batch.households += 1
        self.summary.members += len(members)

    def _household_type(self, plan: _CasePlan | None) -> str:
        r = self.rng.random()
        if plan is None:
            return "脱贫户" if r < 0.1005 else ("其他" if r < 0.1035 else "一般农户")
        if plan.category == "脱贫不稳定户":
            return "脱贫户"
        if plan.category == "突发严重困难户" and r < 0.3:
            return "脱贫户"
        return "一般农户"

    def _house_number(self, village: _Village, group: int) -> int:
        number = village.house_numbers.get(group, 0) + 1
        village.house_numbers[group] = number
        return number

    def _members(self, household_id: str, household_type: str, rng: Random) -> list[_Draft]:
        poor = household_type == "脱贫户"
        layout = _composition(rng, _SIZES.pick(rng))
        head_male = layout[0][1]
        family_surname = _SURNAMES.pick(rng)
        # A widowed head's children carry the late husband's surname.
        children_surname = family_surname if head_male else _SURNAMES.pick(rng)
        drafts = []
        for relation, male, age in layout:
            if relation in ("配偶", "之儿媳", "之女婿") or (relation == "之父/母" and not male):
                surname = _SURNAMES.pick(rng)
            elif relation in ("之子", "之女", "之孙子/女"):
                surname = children_surname
            else:
                surname = family_surname
            draft = _Draft(relation, male, age, surname)
            draft.row = self._member_row(rng, draft, household_id, poor)
            drafts.append(draft)
        return drafts

    def _member_row(self, rng: Random, draft: _Draft, household_id: str,
                    poor: bool) -> dict[str, Any]:
        today = self.today
        birth = date.fromordinal(today.toordinal() - int(draft.age * 365.2425)
                                 - int(rng.random() * 365) - 1)
        married_in = draft.relation in ("配偶", "之儿媳", "之女婿")
        region = DEMO_COUNTY
        if rng.random() < (0.3 if married_in else 0.05):
            region = _NEIGHBOUR_REGIONS[int(rng.random() * len(_NEIGHBOUR_REGIONS))]
        number = self.ids.make(rng, region, birth, draft.male)
        name = draft.surname + _given_name(rng, draft.male, birth.year)
        education, stage = _schooling(rng, draft.age, birth.year)
        row: dict[str, Any] = {
            "id": new_id(), "household_id": household_id, "name": name, "name_initials": name_initials(name),
            "id_number": number, "id_number_reversed": number[::-1],
            "relation": draft.relation, "sex": "男" if draft.male else "女", "birth_date": birth,
            "ethnicity": "汉族" if rng.random() < 0.993 else ("回族" if rng.random() < 0.7
                                                              else "满族"),
            "health": ["健康"], "disability_kind": None, "disability_grade": None,
            "health_changed_on": None, "labour_skill": "", "education": education,
            "school_stage": stage, "dropout_reason": "", "migrant_work_place": "",
            "migrant_work_months": None, "migrant_employer": "", "welfare_post": "",
            "welfare_post_months": None, "medical_insurance": ["城乡居民医保", "大病保险"],
            "pension_insurance": draft.age >= 16 and not stage and rng.random() < 0.9,
            "social_assistance": "", "medical_aid": False, "lives_in_household": True,
            "phone": "",
        }
        draft.row = row
        if stage in COMPULSORY_SCHOOL_STAGES and rng.random() < 0.001:
            # 控辍保学 still finds the odd pupil out of school.
            row["school_stage"], row["education"] = "", "小学" if draft.age >= 12 else ""
            row["dropout_reason"] = "厌学辍学" if rng.random() < 0.6 else "因病休学"
        health: Sequence[str] = ("健康",)
        if rng.random() < _illness_chance(draft.age, poor):
            health = _ILLNESS.pick(rng)
        _set_health(rng, draft, list(health), today)
        if draft.working_age and row["labour_skill"] in ("普通劳动力", "技能劳动力"):
            self._migrant_work(rng, draft)
        if draft.relation == HEAD_RELATION or (18 <= draft.age < 66 and rng.random() < 0.6):
            row["phone"] = _mobile(rng)
        if rng.random() < 0.04:
            row["medical_insurance"] = [*row["medical_insurance"], "商业补充"]
        return row

    def _migrant_work(self, rng: Random, draft: _Draft) -> None:
        if rng.random() >= (0.42 if draft.male else 0.22) or draft.age > 55:
            return
        row = draft.row
        place = _WORK_PLACES.pick(rng)
        row["migrant_work_place"] = place
        row["migrant_work_months"] = min(_tri(rng, 4, 13, 10), 12)
        city = place.removeprefix("山东省").removeprefix("江苏省").removeprefix("浙江省")
        city = city.removeprefix("广东省").removeprefix("内蒙古自治区")[:2]
        brand = _EMPLOYER_BRANDS[int(rng.random() * len(_EMPLOYER_BRANDS))]
        kind = _EMPLOYER_KINDS[int(rng.random() * len(_EMPLOYER_KINDS))]
        row["migrant_employer"] = f"{city}{brand}{kind}"
        if rng.random() < 0.3:
            row["medical_insurance"] = ["职工医保"]

    def _social_assistance(self, members: list[_Draft], poor: bool,
                           case: _CaseMaker | None) -> None:
        rng = self.rng
        frail = [d for d in members if d.row["health"] != ["健康"]
                 or d.row["labour_skill"] in NO_LABOUR_SKILLS]
        if len(members) == 1 and members[0].age >= 60 and frail and rng.random() < 0.2:
            kind = "特困"
        elif frail and rng.random() < (0.35 if poor or case is not None else 0.05):
            kind = "低保"
        else:
            kind = ""
        if (kind and case is not None and case.must_leave_monitoring
                and all(d.row["labour_skill"] in NO_LABOUR_SKILLS for d in members)):
            # A household living on social protection with no labour stays monitored.
            kind = ""
        if not kind:
            return
        covered = members if kind == "特困" or rng.random() < 0.7 else frail[:1]
        for draft in covered:
            draft.row["social_assistance"] = kind
            if draft.row["health"] != ["健康"]:
                draft.row["medical_aid"] = True
        if poor and rng.random() < 0.3:
            for draft in members:
                if 40 <= draft.age < 68 and not draft.row["migrant_work_place"] \
                        and draft.row["labour_skill"] != "丧失劳动力":
                    draft.row["welfare_post"] = _WELFARE_POSTS[int(rng.random() * 5)]
                    draft.row["welfare_post_months"] = 12 if rng.random() < 0.7 else 6
                    break

    def _house(self, rng: Random, members: list[_Draft], house: _HouseFacts, poor: bool,
               case: _CaseMaker | None) -> dict[str, Any]:
        insured = all(d.row["medical_insurance"] for d in members)
        schooled = not any(d.row["dropout_reason"] for d in members)
        bank = rng.random() < (1.0 if poor or case is not None else 0.7)
        return {
            "bank_name": _bank(rng) if bank else "",
            "bank_account": f"6217{rng.randrange(10**15):015d}" if bank else "",
            "house_safety": "危房" if house.dangerous else "安全",
            "house_area_m2": Decimal(_tri(rng, 45, 240, 110)),
            "sanitary_toilet": rng.random() < 0.92, "electricity": rng.random() < 0.999,
            "road_access": rng.random() < 0.98,
            "forest_mu": Decimal(int(rng.uniform(3, 30))) / 10 if rng.random() < 0.08 else None,
            "cooperative_member": rng.random() < 0.12,
            "food_secure": True, "clothing_secure": True, "education_secure": schooled,
            "medical_secure": insured, "housing_secure": not house.dangerous,
            "water_secure": house.water_ok,
        }

    def _ordinary_expenses(self, members: list[_Draft], expenses: list[dict[str, Any]],
                           household_id: str) -> None:
        rng = self.rng
        if rng.random() >= 0.045:
            return
        kind = _EXPENSE_KINDS.pick(rng)
        adults = [d for d in members if d.age >= 18] or members
        member = adults[int(rng.random() * len(adults))]
        if kind == "教育":
            students = [d for d in members if d.row["school_stage"] and d.age >= 15]
            if not students:
                return
            member = students[0]
        on = self.today - timedelta(days=rng.randrange(5, 540))
        for item in _expense_items(rng, kind, on, member, large=rng.random() < 0.3):
            expenses.append(item)
        if kind in ("医疗住院", "门诊慢特病") and member.row["health"] == ["健康"]:
            _set_health(rng, member, ["长期慢性病"] if kind == "门诊慢特病" else ["患有大病"],
                        self.today, changed_on=on - timedelta(days=rng.randrange(0, 200)))


@dataclass
class _HouseFacts:
    dangerous: bool
    water_ok: bool


def _bank(rng: Random) -> str:
    r = rng.random()
    if r < 0.45:
        return "河北省农村信用社"
    if r < 0.75:
        return "中国邮政储蓄银行"
    return "中国农业银行" if r < 0.92 else "中国建设银行"


def _expense_items(rng: Random, kind: str, on: date, member: _Draft,
                   large: bool) -> list[dict[str, Any]]:
    """One rigid spending event (several monthly records for outpatient special diseases)."""
    if kind == "门诊慢特病":
        months = rng.randint(2, 5)
        items = []
        for k in range(months):
            total = rng.randrange(400, 2600 if large else 1400, 10)
            paid = int(total * rng.uniform(0.5, 0.7))
            items.append(_expense(kind, on - timedelta(days=30 * k), total, paid, member,
                                  "门诊慢特病用药"))
        return items
    if kind == "医疗住院":
        total = int(rng.triangular(6000, 200000 if large else 60000, 18000 if large else 9000))
        paid = int(total * rng.uniform(0.5, 0.78))
        return [_expense(kind, on, total, paid, member, "住院治疗，已经三重保障报销")]
    if kind == "教育":
        total = rng.randrange(8000 if large else 5000, 26000 if large else 14000, 100)
        paid = rng.randrange(0, 3100, 100)
        return [_expense(kind, on, total, paid, member, "学费、住宿费和生活费")]
    total = rng.randrange(4000 if large else 2000, 60000 if large else 12000, 100)
    paid = int(total * rng.uniform(0.0, 0.3))
    note = "房屋和农作物受灾损失" if kind == "灾害" else "意外受伤治疗费用"
    return [_expense(kind, on, total, paid, member, note)]


def _expense(kind: str, on: date, total: int, reimbursed: int, member: _Draft,
             note: str) -> dict[str, Any]:
    return {"member_id": None, "kind": kind, "occurred_on": on, "total_amount": Decimal(total),
            "reimbursed": Decimal(reimbursed), "out_of_pocket": Decimal(total - reimbursed),
            "resolved": False, "note": note, "_member": member}


# --- a monitoring case and everything that hangs on it ---------------------------------------


class _CaseMaker:
    """A case's risks, dates, steps, assistance persons and measures, consistent with the
    household it is about."""

    def __init__(self, gen: _Generator, plan: _CasePlan, household_type: str,
                 members: list[_Draft], house: _HouseFacts,
                 expenses: list[dict[str, Any]]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.plan = plan
        self.members = members
        self.expenses = expenses
        self.id = new_id()
        self.category = plan.category
        self.household_type = household_type
        self.timeline = self._timeline()
        self.closed = self.eliminated or (plan.stage is Stage.REJECTED
                                          and plan.procedure is IDENTIFICATION)
        self.monitored = self.timeline.identified_on is not None and not self.closed
        self.must_leave_monitoring = plan.procedure is ELIMINATION
        self.disaster_kind = ""
        self.income_drop = False
        self.channel = _CHANNELS.pick(self.rng)
        self.risks = self._risks(house)
        if (self.timeline.identified_on is not None and household_type == "一般农户"
                and self.rng.random() < 0.3):
            self.household_type = "监测户"
        self.measures: list[dict[str, Any]] = []

    @property
    def eliminated(self) -> bool:
        return self.plan.procedure is ELIMINATION and self.plan.stage is Stage.APPROVED

    @property
    def low_income(self) -> bool:
        return self.category != "突发严重困难户"

    # --- dates ------------------------------------------------------------------------------

    def _timeline(self) -> _Timeline:
        rng, today = self.rng, self.gen.today
        plan = self.plan
        timeline = _Timeline()
        if plan.procedure is IDENTIFICATION:
            if plan.stage is Stage.APPROVED:
                end = today - timedelta(days=rng.randrange(20, 1000))
            elif plan.stage is Stage.REJECTED:
                end = today - timedelta(days=rng.randrange(3, 300))
            elif plan.stage is Stage.RETURNED:
                end = today - timedelta(days=rng.randrange(1, 25))
            else:
                end = today - timedelta(days=rng.randrange(0, 5))
            self._procedure(timeline, IDENTIFICATION, plan.stage, end)
            return timeline
        if plan.stage is Stage.APPROVED:
            identified = today - timedelta(days=rng.randrange(260, 1300))
            end = min(identified + timedelta(days=rng.randrange(215, 720)),
                      today - timedelta(days=rng.randrange(3, 40)))
        else:
            identified = today - timedelta(days=rng.randrange(230, 1000))
            end = today - timedelta(days=rng.randrange(0, 5))
        self._procedure(timeline, IDENTIFICATION, Stage.APPROVED, identified)
        self._procedure(timeline, ELIMINATION, plan.stage, end)
        return timeline

    def _procedure(self, timeline: _Timeline, procedure: Procedure, stage: Stage,
                   end: date) -> None:
        """Steps of one procedure up to ``stage``, the last one dated ``end``."""
        rng = self.rng
        final = stage
        ending = Decision.PASS
        if stage in (Stage.RETURNED, Stage.REJECTED):
            final = Stage.TOWNSHIP_REVIEWED if rng.random() < 0.6 else Stage.APPROVED
            ending = Decision.RETURN if stage is Stage.RETURNED else Decision.REJECT
        order = [Stage.PROPOSED, Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED,
                 Stage.TOWNSHIP_REVIEWED, Stage.APPROVED]
        wanted = order[:order.index(final) + 1]
        # A few approved cases were sent back once and went through again.
        redo = (procedure is IDENTIFICATION and final is Stage.APPROVED
                and ending is Decision.PASS and rng.random() < 0.05)
        offsets: list[tuple[Stage, Decision, int]] = []
        day = 0
        posting: tuple[int, int] | None = None
        for step in wanted:
            day += _step_gap(rng, step, posting)
            decision = ending if step is final else Decision.PASS
            if redo and step is Stage.TOWNSHIP_REVIEWED:
                offsets.append((step, Decision.RETURN, day))
                for again in (Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED):
                    day += _step_gap(rng, again, posting)
                    if again is Stage.POSTED:
                        posting = (day, day + self.gen.posting_days - 1)
                    offsets.append((again, Decision.PASS, day))
                day += _step_gap(rng, step, posting)
            if step is Stage.POSTED:
                posting = (day, day + self.gen.posting_days - 1)
            offsets.append((step, decision, day))
        start = end - timedelta(days=day)
        for step, decision, offset in offsets:
            timeline.steps.append((procedure, step, decision, start + timedelta(days=offset)))
        if posting is not None:
            timeline.posting = posting_period(start + timedelta(days=posting[0]),
                                              self.gen.posting_days)
        if final is Stage.APPROVED and ending is Decision.PASS:
            if procedure is IDENTIFICATION:
                timeline.identified_on = end
            else:
                timeline.eliminated_on = end
        if procedure is ELIMINATION:
            timeline.elimination_start = start

    # --- risks ------------------------------------------------------------------------------

    def _risks(self, house: _HouseFacts) -> list[str]:
        rng = self.rng
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
        for risk in self._implied_risks():
            if len(risks) < wanted and risk not in risks:
                risks.append(risk)
        while len(risks) < wanted:
            extra = _MAIN_RISKS["poor"].pick(rng)
            if extra not in risks and self._feasible(extra):
                risks.append(extra)
            elif rng.random() < 0.3:
                break
        for risk in risks:
            self._apply(risk, house)
        return risks

    def _feasible(self, risk: str) -> bool:
        members = self.members
        if risk == "因学":
            return any(15 <= d.age <= 22 for d in members)
        if risk == "缺劳动力":
            return not any(d.working_age and d.row["labour_skill"] in ("普通劳动力", "技能劳动力")
                           and not d.row["school_stage"] for d in members)
        if risk == "因务工就业不稳":
            return any(18 <= d.age <= 55 and not d.row["school_stage"] for d in members)
        return True

    def _implied_risks(self) -> list[str]:
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

    def _apply(self, risk: str, house: _HouseFacts) -> None:
        rng, today = self.rng, self.gen.today
        onset = self.timeline.proposed_on - timedelta(days=rng.randrange(10, 240))
        if risk == "因病":
            target = self._pick_member(lambda d: d.row["health"] != ["健康"]
                                       and "残疾" not in d.row["health"], adult=True)
            if target.row["health"] == ["健康"] or "残疾" in target.row["health"]:
                serious = rng.random() < 0.55
                _set_health(rng, target, ["患有大病" if serious else "长期慢性病"], today,
                            changed_on=onset)
            self._spend("医疗住院" if "患有大病" in target.row["health"] else "门诊慢特病",
                        target, onset)
            if "长期慢性病" in target.row["health"] and self.monitored and rng.random() < 0.5:
                self._spend("门诊慢特病", target, today - timedelta(days=rng.randrange(3, 60)),
                            large=False)
        elif risk == "因残":
            target = self._pick_member(lambda d: "残疾" in d.row["health"], adult=False)
            if "残疾" not in target.row["health"]:
                health = [h for h in target.row["health"] if h != "健康"] + ["残疾"]
                target.row["disability_grade"] = rng.choice((1, 2, 2, 3))
                _set_health(rng, target, health, today, changed_on=onset)
        elif risk == "因学":
            self._student(onset)
        elif risk == "因务工就业不稳":
            target = self._pick_member(lambda d: bool(d.row["migrant_work_place"]), adult=True,
                                       working=True)
            target.row["migrant_work_months"] = rng.randint(2, 5)
            if not target.row["migrant_work_place"]:
                target.row["migrant_work_place"] = _WORK_PLACES.pick(rng)
            self.income_drop = True
        elif risk == "因自然灾害":
            self.disaster_kind = _DISASTER_KINDS.pick(rng)
            self._spend("灾害", self.members[0], onset)
            if self.disaster_kind in ("洪涝", "地震") and rng.random() < 0.3:
                house.dangerous = True
        elif risk == "因意外事故":
            target = self._pick_member(lambda d: d.working_age, adult=True)
            self._spend("意外", target, onset)
            if rng.random() < 0.3:
                target.row["disability_grade"] = rng.choice((2, 3, 4))
                _set_health(rng, target, ["残疾"], today, changed_on=onset)
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
        if self.must_leave_monitoring or self.eliminated:
            # Elimination needs housing and water secured.
            house.dangerous = False
            house.water_ok = True

    def _pick_member(self, prefer: Callable[[_Draft], bool], adult: bool,
                     working: bool = False) -> _Draft:
        pool = [d for d in self.members if prefer(d)]
        if not pool:
            pool = [d for d in self.members
                    if (not adult or d.age >= 18) and (not working or 18 <= d.age <= 55)]
        pool = pool or self.members
        return pool[int(self.rng.random() * len(pool))]

    def _student(self, onset: date) -> None:
        rng = self.rng
        young = [d for d in self.members if 15 <= d.age <= 22]
        target = young[int(rng.random() * len(young))]
        row = target.row
        if not row["school_stage"] or row["school_stage"] in COMPULSORY_SCHOOL_STAGES:
            if target.age < 18:
                stages = _SENIOR_STAGES if rng.random() < 0.6 else _VOCATIONAL_STAGES
                row["school_stage"] = stages[min(target.age - 15, 2)]
            else:
                stages = _COLLEGE_STAGES if rng.random() < 0.5 else _UNIVERSITY_STAGES
                row["school_stage"] = stages[min(target.age - 18, len(stages) - 1)]
            row["education"] = ""
            row["labour_skill"] = "无劳动力"
            row["migrant_work_place"] = row["migrant_employer"] = ""
            row["migrant_work_months"] = None
            row["pension_insurance"] = False
        self._spend("教育", target, onset)

    def _spend(self, kind: str, member: _Draft, on: date, large: bool = True) -> None:
        items = _expense_items(self.rng, kind, on, member, large=large)
        resolved = self.eliminated or self.must_leave_monitoring
        for item in items:
            item["resolved"] = resolved
            self.expenses.append(item)

    # --- rows -------------------------------------------------------------------------------

    def write(self, batch: _Batch, household: dict[str, Any], worker: str,
              village: _Village) -> None:
        self.worker = worker
        self.village = village
        if self.channel == "部门筛查预警" and not self.proposal_findings(household):
            self.channel = "基层干部排查"
        batch.add(MonitoringCase, self._case_row(household))
        for row in self._step_rows(village):
            batch.add(CaseStep, row)
        if self.timeline.identified_on is not None:
            self._assistance(batch, household, village)
            self.measures = self._measure_rows(household, village)
            for row in self.measures:
                batch.add(Measure, row)
        self.gen.summary.cases += 1

    def proposal_findings(self, household: dict[str, Any]) -> list[WarningFinding]:
        """What the warning rules said on the day before the proposal (a department's data)."""
        cached = getattr(self, "_proposal_findings", None)
        if cached is not None:
            return cached
        on = self.timeline.proposed_on - timedelta(days=1)
        records = sorted((r for r in self.incomes if r["assessed_on"] <= on),
                         key=lambda r: r["assessed_on"], reverse=True)
        if not records:
            records = sorted(self.incomes, key=lambda r: r["assessed_on"])
        facts = HouseholdWarningFacts(
            household_type=household["household_type"], monitored=False,
            per_capita_income=records[0]["per_capita_income"],
            previous_per_capita_income=(records[1]["per_capita_income"]
                                        if len(records) > 1 else None),
            income_line=line_in_force(self.gen.lines, on).amount, today=on,
            spending=_spending(e for e in self.expenses if e["occurred_on"] <= on),
            members_newly_disabled_or_ill=_newly_ill(self.members, on),
            house_dangerous=household["house_safety"] == "危房", last_visit_date=on)
        findings = [f for f in evaluate_warnings(facts, self.gen.thresholds)
                    if f.rule is not WarningRule.VISIT_OVERDUE]
        self._proposal_findings = findings
        return findings

    def _case_row(self, household: dict[str, Any]) -> dict[str, Any]:
        timeline = self.timeline
        procedure, stage, decision, last_on = timeline.last
        if decision is Decision.RETURN:
            stage = Stage.RETURNED
        elif decision is Decision.REJECT:
            stage = Stage.REJECTED
        eliminated = timeline.eliminated_on is not None
        no_labour = (not self.must_leave_monitoring and all(
            d.row["labour_skill"] in NO_LABOUR_SKILLS for d in self.members)
            and any(d.row["social_assistance"] for d in self.members))
        return {
            "id": self.id, "household_id": household["id"], "category": self.category,
            "category_reason": self._reason(household), "risk_types": self.risks,
            "disaster_kind": self.disaster_kind, "discovery_channel": self.channel,
            "procedure": procedure.value, "stage": stage.value,
            "status": RESOLVED if eliminated else UNRESOLVED,
            "proposed_on": timeline.proposed_on, "stage_since": last_on,
            "identified_on": timeline.identified_on,
            "posting_start": timeline.posting[0] if timeline.posting else None,
            "posting_end": timeline.posting[1] if timeline.posting else None,
            "elimination_method": self._method() if procedure is ELIMINATION else "",
            "eliminated_on": timeline.eliminated_on,
            "no_labour_social_protection": no_labour, "closed": self.closed,
        }

    def _method(self) -> str:
        if not hasattr(self, "_elimination_method"):
            self._elimination_method = "帮扶消除" if self.rng.random() < 0.85 else "自然消除"
        return self._elimination_method

    def _reason(self, household: dict[str, Any]) -> str:
        """The category suggestion's reason, on the income the household had when proposed."""
        on = self.timeline.proposed_on
        records = sorted((r for r in self.incomes if r["assessed_on"] <= on),
                         key=lambda r: r["assessed_on"], reverse=True) or \
            sorted(self.incomes, key=lambda r: r["assessed_on"])
        latest = records[0]
        previous = records[1]["per_capita_income"] if len(records) > 1 else None
        spending = sum((e["out_of_pocket"] for e in self.expenses
                        if on - timedelta(days=365) < e["occurred_on"] <= on), Decimal(0))
        facts = CategoryFacts(
            household_type=household["household_type"] if household["household_type"] != "监测户"
            else "一般农户", per_capita_income=latest["per_capita_income"],
            net_income=latest["net_income"], household_size=latest["household_size"],
            out_of_pocket_spending=spending, previous_per_capita_income=previous,
            risk_types=tuple(self.risks))
        line = line_in_force(self.gen.lines, on).amount
        suggestion = suggest_category(facts, line, CategoryThresholds())
        if suggestion.category is not None and suggestion.category == self.category:
            return suggestion.reason
        return f"{'、'.join(self.risks)}导致家庭生活困难，经入户核实认定为{self.category}。"

    def _step_rows(self, village: _Village) -> list[dict[str, Any]]:
        names = self.gen.names
        township_staff = names.township_staff.get(village.township) or names.county_staff
        rows = []
        for procedure, step, decision, on in self.timeline.steps:
            if step is Stage.TOWNSHIP_REVIEWED:
                actor, role = township_staff[int(self.rng.random() * len(township_staff))], "township"
            elif step is Stage.APPROVED:
                actor, role = names.county_staff[int(self.rng.random() * 3)], "county"
            elif (step is Stage.PROPOSED and procedure is IDENTIFICATION
                  and self.channel == "部门筛查预警"):
                actor, role = township_staff[0], "township"
            else:
                actor, role = self.worker, "worker"
            rows.append({"case_id": self.id, "procedure": procedure.value, "step": step.value,
                         "decision": decision.value, "acted_on": on, "actor_name": actor,
                         "actor_role": role,
                         "note": self._step_note(procedure, step, decision, on)})
        self.gen.summary.case_steps += len(rows)
        return rows

    def _step_note(self, procedure: Procedure, step: Stage, decision: Decision,
                   on: date) -> str:
        rng = self.rng
        eliminating = procedure is ELIMINATION
        if decision is Decision.RETURN:
            return "收入核算依据不足，退回重新入户核实。"
        if decision is Decision.REJECT:
            return "经审核，家庭人均纯收入高于监测线且无明显返贫致贫风险，不予纳入。"
        if step is Stage.PROPOSED:
            if eliminating:
                return f"经评估四项条件均已达到，申请{self._method()}。"
            return {"农户自主申报": "农户本人到村委会提出申请。" if rng.random() < 0.7
                    else "农户通过12317热线申报。",
                    "基层干部排查": "网格员入户排查发现。",
                    "部门筛查预警": "部门推送预警信息，经比对转为申报。"}[self.channel]
        if step is Stage.VERIFIED:
            if eliminating:
                return "入户填写风险消除评估表，核实收入稳定、风险已消除。"
            return "入户核实家庭收入、资产和风险情况，户主签署承诺授权书。"
        if step is Stage.VILLAGE_REVIEWED:
            present = rng.randint(15, 32)
            return f"村民代表会议民主评议，实到{present}人，同意{present}人。"
        if step is Stage.POSTED:
            start, end = posting_period(on, self.gen.posting_days)
            return f"在村务公开栏公示{self.gen.posting_days}天（{start.isoformat()}至" \
                   f"{end.isoformat()}），公示期间无异议。"
        if step is Stage.TOWNSHIP_REVIEWED:
            return "乡镇审核通过，同意上报。"
        return "县级审定，同意风险消除。" if eliminating else "县级审定，同意纳入监测。"

    def _assistance(self, batch: _Batch, household: dict[str, Any], village: _Village) -> None:
        rng = self.rng
        start = self.timeline.identified_on
        assert start is not None
        end = self.timeline.eliminated_on
        person = self._person(batch, village)
        if rng.random() < 0.12 and (self.gen.today - start).days > 120:
            earlier = self._official(batch, village)
            switch = start + timedelta(days=rng.randrange(60, (self.gen.today - start).days))
            if end is not None:
                switch = min(switch, end - timedelta(days=1))
            reason = _END_REASONS.pick(rng)
            if reason in ("工作调动", "退休"):
                earlier["active"] = False
            batch.add(Assignment, _assignment(household["id"], earlier["id"], start, switch,
                                              "县级审定纳入监测，落实帮扶责任人", reason))
            batch.add(Assignment, _assignment(household["id"], person["id"], switch, end,
                                              f"原帮扶责任人{reason}，更换帮扶责任人",
                                              "风险已消除" if end else ""))
        else:
            batch.add(Assignment, _assignment(household["id"], person["id"], start, end,
                                              "县级审定纳入监测，落实帮扶责任人",
                                              "风险已消除" if end else ""))
        self.helper = person

    def _person(self, batch: _Batch, village: _Village) -> dict[str, Any]:
        if self.rng.random() < 0.65:
            return self._official(batch, village)
        cadres = [c for c in village.cadres if c.load < c.capacity]
        if not cadres:
            capacity = self.rng.randint(3, 5) if self.rng.random() > 0.04 else 7
            cadre = _Cadre(self._cadre_row(batch, village), capacity)
            village.cadres.append(cadre)
            cadres = [cadre]
        cadre = cadres[0]
        cadre.load += 1
        return cadre.row

    def _official(self, batch: _Batch, village: _Village) -> dict[str, Any]:
        rng = self.rng
        unit, relation = _COUNTY_UNITS.pick(rng)
        male = rng.random() < 0.62
        birth_year = self.gen.today.year - rng.randint(26, 58)
        row = {"id": new_id(), "name": _person_name(rng, male, birth_year),
               "sex": "男" if male else "女", "phone": _mobile(rng),
               "unit": unit.format(county=self.gen.names.county_name),
               "unit_relation": relation, "post": _OFFICIAL_POSTS.pick(rng),
               "political_status": _POLITICS["official"].pick(rng),
               "division_code": village.township or village.code, "active": True}
        self.gen.summary.assistance_persons += 1
        return batch.add(AssistancePerson, row)

    def _cadre_row(self, batch: _Batch, village: _Village) -> dict[str, Any]:
        rng = self.rng
        township_name = self.gen.names.townships.get(village.township, "")
        at_township = rng.random() < 0.4
        male = rng.random() < 0.7
        birth_year = self.gen.today.year - rng.randint(28, 60)
        row = {"id": new_id(), "name": _person_name(rng, male, birth_year),
               "sex": "男" if male else "女", "phone": _mobile(rng),
               "unit": f"{township_name}人民政府" if at_township
               else f"{village.name}村民委员会".replace("村村", "村"),
               "unit_relation": "乡镇" if at_township else "村级",
               "post": (_TOWNSHIP_POSTS if at_township else _VILLAGE_POSTS).pick(rng),
               "political_status": _POLITICS["cadre"].pick(rng),
               "division_code": village.township or village.code, "active": True}
        self.gen.summary.assistance_persons += 1
        return batch.add(AssistancePerson, row)

    def _measure_rows(self, household: dict[str, Any], village: _Village) -> list[dict[str, Any]]:
        rng, today = self.rng, self.gen.today
        start = self.timeline.identified_on
        assert start is not None
        settled = self.timeline.eliminated_on is not None or self.must_leave_monitoring
        wanted = max(len(self.risks) if settled else 1, rng.randint(1, 4))
        chosen: list[tuple[str, _Measure]] = []
        for risk in self.risks:
            options = _MEASURES[risk]
            chosen.append((risk, options[int(rng.random() * len(options))]))
        has_labour = any(d.working_age and d.row["labour_skill"] in ("普通劳动力", "技能劳动力")
                         for d in self.members)
        if has_labour and len(chosen) < wanted:
            chosen.append((self.risks[0], _DEVELOPMENT_MEASURES[int(rng.random() * 3)]))
        while len(chosen) < wanted:
            risk = self.risks[int(rng.random() * len(self.risks))]
            options = _MEASURES[risk]
            option = options[int(rng.random() * len(options))]
            if any(option[1] == other[1] for _r, other in chosen):
                break
            chosen.append((risk, option))
        township = self.gen.names.townships.get(village.township, "")
        rows = []
        for risk, (kind, item, low, high, provider, one_off) in chosen:
            begin = start + timedelta(days=rng.randrange(0, 30))
            amount = low + int(rng.random() * ((high - low) // 100 + 1)) * 100
            status, end = "实施中", None
            if one_off:
                status, end = "已完成", begin
            elif self.timeline.eliminated_on is not None and item not in ("低保",
                                                                         "残疾人两项补贴"):
                status = "已完成"
                end = max(begin, self.timeline.eliminated_on - timedelta(days=rng.randrange(60)))
            if begin > today:
                status, end = "计划", None
            rows.append({"household_id": household["id"], "case_id": self.id, "kind": kind,
                         "item": item, "risk_type": risk, "start_date": begin, "end_date": end,
                         "amount": Decimal(amount), "status": status,
                         "provider_unit": provider.format(county=self.gen.names.county_name,
                                                          township=township),
                         "note": ""})
        self.gen.summary.measures += len(rows)
        return rows

    incomes: list[dict[str, Any]]
    helper: dict[str, Any]
    worker: str
    village: _Village


def _assignment(household_id: str, person_id: str, start: date, end: date | None,
                start_reason: str, end_reason: str) -> dict[str, Any]:
    return {"household_id": household_id, "person_id": person_id, "is_primary": True,
            "start_date": start, "end_date": end, "start_reason": start_reason,
            "end_reason": end_reason if end else ""}


def _step_gap(rng: Random, step: Stage, posting: tuple[int, int] | None) -> int:
    """Days from the previous step; the whole identification takes about 15–20 working days."""
    if step is Stage.PROPOSED:
        return 0
    if step is Stage.VERIFIED:
        return rng.randint(1, 4)
    if step is Stage.VILLAGE_REVIEWED:
        return rng.randint(2, 5)
    if step is Stage.POSTED:
        return rng.randint(0, 2)
    if step is Stage.TOWNSHIP_REVIEWED:
        assert posting is not None
        return posting[1] - posting[0] + rng.randint(1, 3)
    return rng.randint(1, 5)


# --- income -----------------------------------------------------------------------------------


class _IncomeMaker:
    """Income records for the last two full years and the current year, consistent with the
    household's members and with what its case says about its income over time."""

    def __init__(self, gen: _Generator, household_id: str, household_type: str,
                 members: list[_Draft], case: _CaseMaker | None, farmland: float) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.household_id = household_id
        self.members = members
        self.case = case
        self.poor = household_type == "脱贫户"
        self.size = len(members)
        median = 10500 if self.poor else 15500
        self.base = median * math.exp(self.rng.gauss(0, 0.5))
        self.farmland = farmland
        # Wheat and maize twice a year: gross yuan per mu, and the share that goes on inputs.
        self.yield_per_mu = self.rng.uniform(1500, 2300)
        self.cost_share = self.rng.uniform(0.45, 0.6)
        self.leased = self.rng.random() < 0.2
        self.side_business = self.rng.random() < 0.1
        self.only_child = self.rng.random() < 0.1
        self.earners = sum(1 for d in members
                           if 16 <= d.age < 65 and d.row["labour_skill"] not in NO_LABOUR_SKILLS
                           and not d.row["school_stage"])

    def records(self) -> list[dict[str, Any]]:
        today = self.gen.today
        rows = []
        for year in (today.year - 2, today.year - 1, today.year):
            if year < today.year:
                assessed = date(year, 12, 31)
            else:
                assessed = max(date(year, 1, 1), today - timedelta(days=self.rng.randrange(1, 20)))
            target = self._target(year, assessed)
            rows.append(self._record(year, assessed, target))
        if self.case is not None:
            self.case.incomes = rows
        return rows

    def _target(self, year: int, assessed: date) -> float:
        """Per-capita net income the household should have had in the year to ``assessed``."""
        growth = 1.06 ** (year - self.gen.today.year)
        ordinary = self.base * growth * self.rng.uniform(0.92, 1.08)
        case = self.case
        if case is None:
            return ordinary
        line = self.gen.line_int
        timeline = case.timeline
        low_from = timeline.proposed_on - timedelta(days=365)
        recovered_from = timeline.elimination_start
        rng = self.rng
        if case.plan.stage is Stage.REJECTED and case.plan.procedure is IDENTIFICATION:
            return line * rng.uniform(1.05, 1.5)
        if recovered_from is not None and assessed >= months_before(recovered_from, 6):
            return line * rng.uniform(1.12, 1.7)
        if assessed < low_from:
            return line * rng.uniform(1.5, 2.6) if case.income_drop else \
                line * rng.uniform(0.95, 1.35)
        if case.low_income:
            if year == self.gen.today.year and case.monitored and rng.random() < 0.15:
                return line * rng.uniform(1.0, 1.15)
            return line * rng.uniform(0.55, 0.97)
        return line * rng.uniform(1.08, 1.7)

    def _record(self, year: int, assessed: date, target: float) -> dict[str, Any]:
        rng = self.rng
        size = self.size
        members = self.members
        years_back = self.gen.today.year - year
        elders = sum(1 for d in members if d.age - years_back >= 60)
        pension = sum(rng.randrange(1700, 3200, 10) for _ in range(elders))
        dibao = sum(rng.randrange(4200, 5800, 10) for d in members
                    if d.row["social_assistance"] == "低保")
        tekun = sum(rng.randrange(8000, 10000, 10) for d in members
                    if d.row["social_assistance"] == "特困")
        # 耕地地力保护补贴 goes to the contract holder even when the land is leased out.
        land_subsidy = int(self.farmland * rng.uniform(90, 130))
        family_planning = 960 * elders if self.only_child else 0
        eco = rng.randrange(100, 600, 10) if rng.random() < 0.05 else 0
        dividends = rng.randrange(300, 1200, 10) if self.poor and rng.random() < 0.6 else 0
        rent = int(self.farmland * rng.uniform(600, 1000)) if self.leased else 0
        gross = 0 if self.leased else int(self.farmland * self.yield_per_mu * rng.uniform(0.9, 1.1))
        if self.side_business:
            gross += rng.randrange(5000, 40000, 100)
        expense = int(gross * self.cost_share)
        loss = (self.case is not None and self.case.income_drop
                and target < self.gen.line_int and gross > 0)
        if loss:
            # The failed project or the lost season: spending ran above what came in.
            expense = int(gross * rng.uniform(1.02, 1.4))
        welfare = sum(600 * (d.row["welfare_post_months"] or 0) for d in members
                      if d.row["welfare_post"])
        transfers = pension + dibao + tekun + land_subsidy + family_planning + eco
        remaining = int(target * size) - (transfers + dividends + rent + gross - expense + welfare)
        wage = support = 0
        if remaining > 0:
            if self.earners:
                wage = remaining
            else:
                # Elderly households live on pensions and what their children send (赡养费).
                support = min(remaining, 6000 * size)
        elif remaining < 0 and not loss:
            cut = min(-remaining, max(gross - expense, 0))
            gross -= int(cut / (1 - self.cost_share))
            gross = max(gross, 0)
            expense = int(gross * self.cost_share)
        components = IncomeComponents(
            wage=Decimal(wage + welfare), business=Decimal(gross),
            property=Decimal(dividends + rent), transfer=Decimal(transfers + support),
            business_expense=Decimal(expense))
        out_of_pocket, payout = self._spending(assessed)
        return {
            "household_id": self.household_id, "year": year, "assessed_on": assessed,
            "household_size": size, "wage": components.wage, "business": components.business,
            "property": components.property, "transfer": components.transfer,
            "pension": Decimal(pension), "dibao": Decimal(dibao), "tekun": Decimal(tekun),
            "eco_compensation": Decimal(eco), "family_planning": Decimal(family_planning),
            "other_transfer": Decimal(land_subsidy + support),
            "business_expense": components.business_expense, "insurance_payout": payout,
            "eligible_out_of_pocket": out_of_pocket, "net_income": net_income(components),
            "per_capita_income": per_capita_net_income(components, size),
        }

    def _spending(self, assessed: date) -> tuple[Decimal, Decimal]:
        """合规自付支出 in the 12 months to ``assessed``, and the 防贫保险 payout on it."""
        if self.case is None:
            return Decimal(0), Decimal(0)
        window = assessed - timedelta(days=365)
        out_of_pocket = sum((e["out_of_pocket"] for e in self.case.expenses
                             if window < e["occurred_on"] <= assessed), Decimal(0))
        payout = Decimal(0)
        if out_of_pocket > 10000 and self.rng.random() < 0.5:
            payout = Decimal(int(out_of_pocket * Decimal("0.4")))
        return out_of_pocket, payout


# --- visits -----------------------------------------------------------------------------------


class _VisitMaker:
    """A year of visits by the household's grid worker: monthly while monitored, once or twice
    otherwise; the household's last and next visit dates follow from them."""

    def __init__(self, gen: _Generator, household: dict[str, Any], members: list[_Draft],
                 case: _CaseMaker | None, worker: str) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.household = household
        self.members = members
        self.case = case
        self.worker = worker

    def visits(self) -> list[dict[str, Any]]:
        rng, today = self.rng, self.gen.today
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
            verified = next((on for procedure, step, _d, on in case.timeline.steps
                             if step is Stage.VERIFIED and procedure is IDENTIFICATION), None)
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
        self.gen.summary.visits += len(rows)
        return rows

    def _ordinary_dates(self, after: date | None) -> list[tuple[date, bool]]:
        rng, today = self.rng, self.gen.today
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
        interval = (self.gen.thresholds.visit_interval_monitored_days if monitored
                    else self.gen.thresholds.visit_interval_other_days)
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
            template = _MONITORED_SUMMARIES[int(rng.random() * len(_MONITORED_SUMMARIES))]
            summary = template.format(risk=case.risks[0], measure=measure)
        elif case is not None and day == next((on for p, s, _d, on in case.timeline.steps
                                               if s is Stage.VERIFIED), None):
            summary = "入户核实：了解家庭收入、资产和风险情况，户主签署承诺授权书。"
        else:
            summary = _ORDINARY_SUMMARIES[int(rng.random() * len(_ORDINARY_SUMMARIES))]
        return {"household_id": household["id"], "visit_date": day, "visitor": self.worker,
                "form_id": VISIT_FORM[0], "form_version": VISIT_FORM[1], "answers": answers,
                "summary": summary, "status": "已完成",
                "next_visit_date": day + timedelta(days=interval)}


# --- warnings ---------------------------------------------------------------------------------


def _spending(expenses: Iterable[dict[str, Any]]) -> list[SpendingItem]:
    return [SpendingItem(e["kind"], e["occurred_on"], e["out_of_pocket"], e["_member"].row["name"])
            for e in expenses]


def _newly_ill(members: Sequence[_Draft], on: date) -> list[str]:
    return [d.row["name"] for d in members
            if d.row["health_changed_on"] is not None
            and timedelta(0) <= on - d.row["health_changed_on"] <= HEALTH_CHANGE_WINDOW
            and {"残疾", "患有大病"} & set(d.row["health"])]


class _WarningMaker:
    """The county's warning rules run on the household as generated; older warnings have been
    followed up, and the one that started a department-found case was turned into it."""

    def __init__(self, gen: _Generator, household: dict[str, Any], members: list[_Draft],
                 incomes: list[dict[str, Any]], expenses: list[dict[str, Any]],
                 case: _CaseMaker | None, worker: str) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.household = household
        self.members = members
        self.incomes = incomes
        self.expenses = expenses
        self.case = case
        self.worker = worker
        self.proposal_reasons: set[tuple[str, str]] = set()

    def write(self, batch: _Batch) -> None:
        for expense in self.expenses:
            member = expense.pop("_member")
            expense["member_id"] = member.row.get("id")
            expense["_name"] = member.row["name"]
        rows = self._proposal_rows() + self._current_rows()
        for row in rows:
            batch.add(RiskWarning, row)
        for expense in self.expenses:
            del expense["_name"]
        self.gen.summary.warnings += len(rows)

    def _facts(self) -> HouseholdWarningFacts:
        current, previous = self.incomes[-1], self.incomes[-2]
        case = self.case
        return HouseholdWarningFacts(
            household_type=self.household["household_type"],
            monitored=case is not None and case.monitored,
            per_capita_income=current["per_capita_income"],
            previous_per_capita_income=previous["per_capita_income"],
            income_line=self.gen.line, today=self.gen.today,
            spending=[SpendingItem(e["kind"], e["occurred_on"], e["out_of_pocket"], e["_name"])
                      for e in self.expenses],
            members_newly_disabled_or_ill=_newly_ill(self.members, self.gen.today),
            house_dangerous=(self.household["house_safety"] == "危房"
                             or self.household["housing_secure"] is False),
            last_visit_date=self.household["last_visit_date"])

    def _proposal_rows(self) -> list[dict[str, Any]]:
        case = self.case
        if case is None or case.channel != "部门筛查预警":
            return []
        proposed = case.timeline.proposed_on
        staff = self.gen.names.township_staff.get(case.village.township) or ("",)
        rows = []
        for finding in case.proposal_findings(self.household):
            self.proposal_reasons.add((str(finding.rule), finding.reason))
            raised = proposed - timedelta(days=self.rng.randint(1, 5))
            rows.append(self._row(finding, raised, PROPOSED, staff[0], proposed,
                                  "已转为监测对象申报。", case.id))
        return rows

    def _current_rows(self) -> list[dict[str, Any]]:
        rows = []
        for finding in evaluate_warnings(self._facts(), self.gen.thresholds):
            if (str(finding.rule), finding.reason) in self.proposal_reasons:
                continue
            raised = self._raised_on(finding)
            status, by, on, note = self._follow_up(finding, raised)
            rows.append(self._row(finding, raised, status, by, on, note, None))
        return rows

    def _row(self, finding: WarningFinding, raised: date, status: str, by: str,
             on: date | None, note: str, case_id: str | None) -> dict[str, Any]:
        return {"household_id": self.household["id"], "rule": str(finding.rule),
                "title": finding.title, "reason": finding.reason,
                "value": "" if finding.value is None else str(finding.value),
                "threshold": "" if finding.threshold is None else str(finding.threshold),
                "raised_on": raised, "status": status, "handled_by": by, "handled_on": on,
                "handling_note": note, "case_id": case_id}

    def _raised_on(self, finding: WarningFinding) -> date:
        rng, today = self.rng, self.gen.today
        rule = finding.rule
        if rule in (WarningRule.INCOME_BELOW_LINE, WarningRule.INCOME_NEAR_LINE,
                    WarningRule.INCOME_DROP):
            base = self.incomes[-1]["assessed_on"]
        elif rule is WarningRule.VISIT_OVERDUE:
            last = self.household["last_visit_date"]
            interval = (self.gen.thresholds.visit_interval_monitored_days
                        if self.case is not None and self.case.monitored
                        else self.gen.thresholds.visit_interval_other_days)
            base = last + timedelta(days=interval + 1) if last else today
        elif rule is WarningRule.MEMBER_HEALTH:
            changed = [d.row["health_changed_on"] for d in self.members
                       if d.row["health_changed_on"] is not None]
            base = max(changed) if changed else today
        elif rule is WarningRule.HOUSE_UNSAFE:
            base = today - timedelta(days=rng.randrange(0, 200))
        else:
            base = max((e["occurred_on"] for e in self.expenses), default=today)
        return min(base + timedelta(days=rng.randrange(0, 4)), today)

    def _follow_up(self, finding: WarningFinding, raised: date
                   ) -> tuple[str, str, date | None, str]:
        """(status, handled_by, handled_on, note) of a warning raised on ``raised``."""
        rng, today = self.rng, self.gen.today
        age = (today - raised).days
        if finding.rule is WarningRule.VISIT_OVERDUE or age < 20 or rng.random() < 0.25:
            return OPEN, "", None, ""
        handled_on = min(raised + timedelta(days=rng.randrange(2, 20)), today)
        if self.case is not None and not self.case.closed:
            note = ("该户已纳入监测，帮扶措施正在落实。" if self.case.monitored
                    else "该户已申报监测对象，正在履行识别程序。")
            return HANDLED, self.worker, handled_on, note
        if rng.random() < 0.25:
            return DISMISSED, self.worker, handled_on, \
                _DISMISS_NOTES[int(rng.random() * len(_DISMISS_NOTES))]
        group = "income" if finding.rule in (WarningRule.INCOME_BELOW_LINE,
                                             WarningRule.INCOME_NEAR_LINE,
                                             WarningRule.INCOME_DROP) else \
            "spending" if finding.value is not None and finding.rule not in (
                WarningRule.MEMBER_HEALTH,) else "other"
        notes = _HANDLED_NOTES[group]
        return HANDLED, self.worker, handled_on, notes[int(rng.random() * len(notes))]


# --- small helpers ------------------------------------------------------------------------------


def _staff_names(key: str, count: int) -> tuple[str, ...]:
    """Names of the people working at a place; the same key always gives the same names, so a
    second run finds the users it made the first time."""
    rng = Random(f"fangpin-demo-staff/{key}")
    return tuple(_person_name(rng, rng.random() < 0.6, 1970 + int(rng.random() * 25))
                 for _ in range(count))


def _group_number(group_name: str) -> int:
    digits = group_name.removesuffix("组")
    return int(digits) if digits.isdigit() else 0


def _interleave(villages: list[_Village]) -> list[_Village]:
    """Villages taken township by township in turn, so a small demo spans the whole county."""
    by_township: dict[str, list[_Village]] = defaultdict(list)
    for village in sorted(villages, key=lambda v: v.code):
        by_township[village.township].append(village)
    ordered: list[_Village] = []
    queues = [by_township[t] for t in sorted(by_township)]
    depth = max((len(q) for q in queues), default=0)
    for k in range(depth):
        ordered.extend(q[k] for q in queues if k < len(q))
    return ordered


def _level_of_row(row: DivisionRow | None, code: str) -> DivisionLevel:
    return DivisionLevel(row.level) if row is not None else level_of(code)
