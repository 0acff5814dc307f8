"""People's names, phone numbers and ID numbers, as they are in Wuyi county, Hebei."""

from __future__ import annotations

from datetime import date
from random import Random

from app.domain.idnumber import make_id_number
from app.services.demo.chance import Weighted, pick

# The county the demo database is for, and where most of its people are registered.
DEMO_COUNTY = "131122"

# Common surnames of the north China plain, weighted roughly by their frequency in Hebei.
SURNAMES = Weighted([
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


def given_name(rng: Random, male: bool, birth_year: int) -> str:
    return pick(rng, _GIVEN_NAMES[(male, _cohort(birth_year))])


def person_name(rng: Random, male: bool, birth_year: int) -> str:
    return SURNAMES.pick(rng) + given_name(rng, male, birth_year)


def mobile(rng: Random) -> str:
    return f"{pick(rng, _MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"


def home_region(rng: Random, married_in: bool) -> str:
    """Where a member's ID number was issued."""
    if rng.random() < (0.3 if married_in else 0.05):
        return pick(rng, _NEIGHBOUR_REGIONS)
    return DEMO_COUNTY


def staff_names(key: str, count: int) -> tuple[str, ...]:
    """Names of the people working at a place; the same key always gives the same names, so a
    second run finds the users it made the first time."""
    rng = Random(f"fangpin-demo-staff/{key}")
    return tuple(person_name(rng, rng.random() < 0.6, 1970 + int(rng.random() * 25))
                 for _ in range(count))


class IdNumbers:
    """Hands out valid ID numbers that nobody in the database holds yet."""

    def __init__(self, used: set[str]) -> None:
        self.used = used

    def make(self, rng: Random, region: str, birth: date, male: bool) -> str:
        while True:
            number = make_id_number(region, birth, rng.randrange(500) * 2 + male)
            if number not in self.used:
                self.used.add(number)
                return number
