"""Spellings villages use for the standard choices (儿子 for 之子, 妻 for 配偶 …)."""

from __future__ import annotations

from typing import Any

from app.domain.categories import DISABILITY_GRADES, DISABILITY_KINDS

RELATIONS = {
    "本人": "户主", "户主本人": "户主", "妻": "配偶", "夫": "配偶", "妻子": "配偶", "丈夫": "配偶",
    "子": "之子", "儿子": "之子", "长子": "之子", "次子": "之子", "三子": "之子", "养子": "之子",
    "继子": "之子", "女": "之女", "女儿": "之女", "长女": "之女", "次女": "之女", "三女": "之女",
    "养女": "之女", "继女": "之女", "儿媳": "之儿媳", "儿媳妇": "之儿媳", "媳妇": "之儿媳",
    "女婿": "之女婿", "孙子": "之孙子/女", "孙女": "之孙子/女", "之孙子": "之孙子/女",
    "之孙女": "之孙子/女", "外孙子": "之外孙子/女", "外孙女": "之外孙子/女", "之外孙子": "之外孙子/女",
    "之外孙女": "之外孙子/女", "父亲": "之父/母", "母亲": "之父/母", "父": "之父/母", "母": "之父/母",
    "之父": "之父/母", "之母": "之父/母", "岳父": "之岳父/母", "岳母": "之岳父/母",
    "公公": "之公公/婆婆", "婆婆": "之公公/婆婆", "祖父": "之(外)祖父/母", "祖母": "之(外)祖父/母",
    "外祖父": "之(外)祖父/母", "外祖母": "之(外)祖父/母", "兄弟姐妹": "之兄弟姐妹",
    "哥哥": "之兄弟姐妹", "弟弟": "之兄弟姐妹", "姐姐": "之兄弟姐妹", "妹妹": "之兄弟姐妹",
    "兄": "之兄弟姐妹", "弟": "之兄弟姐妹", "姐": "之兄弟姐妹", "妹": "之兄弟姐妹",
    "侄子": "之侄儿/女", "侄女": "之侄儿/女", "曾孙子": "之曾孙子/女", "曾孙女": "之曾孙子/女",
}
HOUSEHOLD_TYPES = {"一般户": "一般农户", "普通农户": "一般农户", "农户": "一般农户",
                   "已脱贫户": "脱贫户", "脱贫享受政策户": "脱贫户", "监测对象": "监测户"}
HEALTH = {"慢性病": "长期慢性病", "大病": "患有大病", "重病": "患有大病"}
LABOUR = {"弱劳动力": "弱劳动力或半劳动力", "半劳动力": "弱劳动力或半劳动力",
          "普通劳动": "普通劳动力", "技能劳动": "技能劳动力"}
EDUCATION = {"文盲": "文盲或半文盲", "半文盲": "文盲或半文盲", "本科": "本科及以上",
             "大学本科": "本科及以上", "研究生": "本科及以上", "中专": "高中", "职高": "高中",
             "大学专科": "大专", "专科": "大专"}
HOUSE_SAFETY = {"是": "安全", "否": "危房", "安全住房": "安全", "不安全": "危房"}

_FIELDS = {
    "relation": RELATIONS, "household_type": HOUSEHOLD_TYPES, "labour_skill": LABOUR,
    "education": EDUCATION, "house_safety": HOUSE_SAFETY,
}
_KIND_NUMBERS = {name: number for number, name in DISABILITY_KINDS.items()}
_GRADE_NUMBERS = {name: number for number, name in DISABILITY_GRADES.items()}


def standard(field: str, value: Any) -> Any:
    """The standard spelling of a choice written the village's way; other values pass through."""
    if not isinstance(value, str):
        return value
    if field == "health":
        return "、".join(HEALTH.get(part.strip(), part.strip())
                        for part in value.replace(",", "、").replace("，", "、").split("、"))
    if field == "disability_kind":
        return _KIND_NUMBERS.get(value, _KIND_NUMBERS.get(value + "残疾", _number(value)))
    if field == "disability_grade":
        return _GRADE_NUMBERS.get(value, _number(value.removesuffix("级")))
    table = _FIELDS.get(field)
    return table.get(value, value) if table else value


def _number(value: str) -> Any:
    try:
        return int(float(value))
    except ValueError:
        return value
