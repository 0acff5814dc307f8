"""What a spreadsheet column can be imported as, and the column names villages use for each.

A target's key is ``group.field``: the group says which record the value belongs to (the
household, the member on the row, the household's income for a year, or its assistance person).
``info`` targets are recognised (so they are not reported as unknown) but not stored: 序号, 性别
and 出生日期 are read from the ID number, per-capita income is computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOUSEHOLD, MEMBER, INCOME, HELPER, INFO = "household", "member", "income", "helper", "info"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    kind: str  # how the cell is cleaned: text, name, id, date, amount, whole, raw
    synonyms: tuple[str, ...]

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def field(self) -> str:
        return self.key.split(".", 1)[1]


def _t(key: str, label: str, kind: str, *synonyms: str) -> Target:
    return Target(key, label, kind, (label, *synonyms))


TARGETS: tuple[Target, ...] = (
    _t("household.township", "乡镇", "text", "乡(镇)", "乡镇名称", "所属乡镇", "乡镇(街道)", "乡"),
    _t("household.village", "村", "text", "行政村", "村名", "村名称", "所在村", "村(社区)", "村委会",
       "所属村", "村别", "村庄"),
    _t("household.village_code", "村代码", "text", "区划代码", "行政区划代码", "村级区划代码",
       "村区划代码"),
    _t("household.group_name", "村民小组", "text", "组", "组别", "小组", "自然村(组)", "所在组"),
    # The household's grid within its village (app/services/excel/gridding.py), not a household field.
    _t("household.grid", "网格", "text", "所属网格", "网格名称", "网格号"),
    _t("household.address", "住址", "text", "家庭住址", "详细地址", "现住址", "地址", "家庭地址"),
    _t("household.household_number", "户编号", "text", "户号", "户编码", "家庭编号", "农户编号",
       "户主编号"),
    _t("household.household_type", "户类型", "text", "户属性", "农户类型", "户类别", "农户属性",
       "家庭类型"),
    _t("household.registered_poor", "是否建档立卡", "text", "建档立卡", "是否建档立卡户"),
    _t("household.phone", "联系电话", "text", "电话", "手机号", "手机号码", "联系方式", "户主电话",
       "户主联系电话", "电话号码"),
    _t("household.bank_name", "开户银行", "text", "开户行"),
    _t("household.bank_account", "银行账号", "text", "银行卡号", "账号", "一卡通账号"),
    _t("household.house_safety", "住房安全", "text", "住房情况", "住房安全情况", "住房是否安全"),
    _t("household.note", "备注", "text", "说明"),
    _t("household.head_name", "户主姓名", "name", "户主"),
    _t("household.head_id", "户主身份证号", "id", "户主身份证号码", "户主证件号码", "户主公民身份号码"),
    _t("member.name", "姓名", "name", "成员姓名", "家庭成员姓名", "家庭成员", "人员姓名"),
    _t("member.id_number", "身份证号", "id", "身份证号码", "证件号码", "公民身份号码", "身份证",
       "证件号", "成员身份证号", "身份证件号码"),
    _t("member.relation", "与户主关系", "text", "关系", "与户主的关系", "家庭关系"),
    _t("member.ethnicity", "民族", "text"),
    _t("member.health", "健康状况", "text", "健康情况", "身体状况"),
    _t("member.disability_kind", "残疾类别", "raw", "残疾类型"),
    _t("member.disability_grade", "残疾等级", "raw", "残疾级别"),
    _t("member.labour_skill", "劳动技能", "text", "劳动能力", "劳动力状况", "劳动力"),
    _t("member.education", "文化程度", "text", "学历"),
    _t("member.school_stage", "在校生状况", "text", "在校情况", "在校生情况", "在校状况"),
    _t("member.dropout_reason", "失学辍学原因", "text", "辍学原因"),
    _t("member.migrant_work_place", "务工地点", "text", "务工地址", "外出务工地点", "务工区域"),
    _t("member.migrant_work_months", "务工时间(月)", "whole", "务工时间", "务工月数", "务工时长"),
    _t("member.migrant_employer", "务工单位", "text", "务工企业", "就业单位"),
    _t("member.welfare_post", "公益岗位", "text", "公益性岗位"),
    _t("member.social_assistance", "低保/特困", "text", "低保特困", "享受低保特困", "低保或特困"),
    _t("member.medical_insurance", "医疗保险", "text", "参加医保", "医保", "参加医疗保险"),
    _t("member.pension_insurance", "养老保险", "text", "参加养老保险"),
    _t("income.year", "收入年度", "whole", "年度", "年份", "核算年度"),
    _t("income.wage", "工资性收入", "amount", "工资收入", "务工收入"),
    _t("income.business", "生产经营性收入", "amount", "经营性收入", "生产经营收入"),
    _t("income.property", "财产性收入", "amount", "财产收入"),
    _t("income.transfer", "转移性收入", "amount", "转移收入"),
    # 转移性收入 and, optionally, its parts (DOMAIN.md); parts without a total add up to it.
    _t("income.pension", "养老金", "amount", "其中养老金", "养老金收入", "领取养老金"),
    _t("income.dibao", "低保金", "amount", "其中低保金", "低保金收入", "最低生活保障金", "低保补助金"),
    _t("income.tekun", "特困供养金", "amount", "其中特困供养金", "特困供养金收入", "特困人员供养金", "特困供养"),
    _t("income.eco_compensation", "生态补偿金", "amount", "其中生态补偿金", "生态补偿", "生态补偿收入",
       "生态补偿金收入"),
    _t("income.family_planning", "计划生育金", "amount", "其中计划生育金", "计划生育奖励扶助金", "计生奖扶金",
       "计划生育补助"),
    _t("income.other_transfer", "其他转移性收入", "amount", "其中其他转移性收入", "其他转移收入"),
    _t("income.business_expense", "生产经营性支出", "amount", "经营性支出", "生产经营支出"),
    _t("income.insurance_payout", "理赔收入", "amount"),
    _t("income.eligible_out_of_pocket", "合规自付支出", "amount"),
    _t("helper.name", "帮扶责任人姓名", "name", "帮扶责任人", "帮扶人", "帮扶人姓名", "结对帮扶人"),
    _t("helper.unit", "帮扶责任人单位", "text", "工作单位", "帮扶单位", "帮扶人单位", "单位", "单位名称"),
    _t("helper.unit_relation", "隶属关系", "text", "单位隶属关系"),
    _t("helper.post", "职务", "text", "帮扶责任人职务", "帮扶人职务", "职务职级"),
    _t("helper.phone", "帮扶责任人电话", "text", "帮扶人电话", "帮扶责任人联系电话", "帮扶人联系电话"),
    _t("helper.sex", "帮扶责任人性别", "text", "帮扶人性别"),
    _t("helper.political_status", "政治面貌", "text", "帮扶责任人政治面貌"),
    _t("helper.start_date", "帮扶开始日期", "date", "帮扶开始时间", "开始帮扶时间", "帮扶起始日期",
       "结对时间", "结对帮扶时间", "帮扶时间"),
    _t("helper.end_date", "帮扶结束日期", "date", "帮扶结束时间", "结束帮扶时间", "帮扶终止日期"),
    _t("info.number", "序号", "raw", "编号", "排序"),
    _t("info.sex", "性别", "raw"),
    _t("info.birth", "出生日期", "raw", "出生年月", "出生年月日"),
    _t("info.age", "年龄", "raw"),
    _t("info.size", "家庭人口数", "raw", "家庭人口", "人口数", "户人口数", "家庭人数", "人数"),
    _t("info.net_income", "家庭纯收入", "raw", "家庭年纯收入", "家庭纯收入(元)"),
    _t("info.per_capita", "人均纯收入", "raw", "人均纯收入(元)", "人均收入"),
    _t("info.category", "监测对象类别", "raw", "监测类别", "类别"),
    _t("info.status", "风险状态", "raw", "风险是否消除"),
    # Columns the import report adds, so a corrected report can be imported again.
    _t("info.result", "导入结果", "raw"),
    _t("info.reason", "原因", "raw", "错误原因", "说明(导入)"),
    _t("info.column", "出错列", "raw"),
    _t("info.sheet", "原工作表", "raw"),
    _t("info.row", "原行号", "raw"),
)

BY_KEY: dict[str, Target] = {t.key: t for t in TARGETS}

# Under a parent heading of the assistance person / the head, a plain leaf means theirs.
_HELPER_CONTEXT = ("帮扶责任人", "帮扶人", "帮扶干部", "结对帮扶")
_HEAD_CONTEXT = ("户主",)
_TRANSFER_CONTEXT = ("转移性收入", "转移收入")
_CONTEXT_LEAVES = {
    "helper": {"姓名": "helper.name", "性别": "helper.sex", "联系电话": "helper.phone",
               "电话": "helper.phone", "手机号码": "helper.phone", "单位": "helper.unit",
               "工作单位": "helper.unit", "职务": "helper.post", "政治面貌": "helper.political_status",
               "开始日期": "helper.start_date", "开始时间": "helper.start_date",
               "结束日期": "helper.end_date", "结束时间": "helper.end_date"},
    "head": {"姓名": "household.head_name", "身份证号": "household.head_id",
             "身份证号码": "household.head_id", "证件号码": "household.head_id",
             "联系电话": "household.phone", "电话": "household.phone"},
    "transfer": {"小计": "income.transfer", "合计": "income.transfer", "金额": "income.transfer",
                 "总额": "income.transfer", "其他": "income.other_transfer"},
}

_STRIP = re.compile(r"[\s*＊:：]|[(（]\s*(必填|选填|元|单位：元|单位:元)\s*[)）]")
_PARENS = str.maketrans({"（": "(", "）": ")"})


def normalize_label(label: str) -> str:
    """Compare header texts without spaces, line breaks, required-markers or (元)."""
    return _STRIP.sub("", label.translate(_PARENS)).translate(_PARENS)


_SYNONYMS: dict[str, str] = {}
for _target in TARGETS:
    for _synonym in _target.synonyms:
        _SYNONYMS.setdefault(normalize_label(_synonym), _target.key)


def match_label(path: tuple[str, ...]) -> str | None:
    """The target a column whose header reads ``path`` (top to bottom) most likely is."""
    if not path:
        return None
    leaf = normalize_label(path[-1])
    parents = "".join(path[:-1])
    if any(word in parents for word in _HELPER_CONTEXT):
        hit = _CONTEXT_LEAVES["helper"].get(leaf)
        if hit:
            return hit
    if any(word in parents for word in _HEAD_CONTEXT):
        hit = _CONTEXT_LEAVES["head"].get(leaf)
        if hit:
            return hit
    if any(word in parents for word in _TRANSFER_CONTEXT):
        hit = _CONTEXT_LEAVES["transfer"].get(leaf)
        if hit:
            return hit
    for candidate in (normalize_label("".join(path)), leaf):
        if candidate in _SYNONYMS:
            return _SYNONYMS[candidate]
    return _fuzzy(leaf)


def _fuzzy(leaf: str) -> str | None:
    """Headers seen with extra words: 户主身份证号(18位), 家庭成员身份证号码 …"""
    if "身份证" in leaf or "证件号" in leaf:
        return "household.head_id" if leaf.startswith("户主") else "member.id_number"
    if leaf.endswith("姓名") and "帮扶" in leaf:
        return "helper.name"
    if leaf.endswith("姓名"):
        return "household.head_name" if leaf.startswith("户主") else "member.name"
    for label, key in _SYNONYMS.items():
        if len(label) >= 4 and leaf.startswith(label):
            return key
    return None


# Header texts as written, for a quick first test of whether a data row repeats the header.
RAW_HEADER_WORDS = frozenset(s for t in TARGETS for s in t.synonyms)


def is_header_word(value: str) -> bool:
    return normalize_label(value) in _SYNONYMS
