"""Assistance measures for a monitored household, chosen by the risks its case is about."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from app.services.demo.case_view import CaseView
from app.services.demo.chance import pick
from app.services.demo.run import Run

# (kind, item, lowest amount, highest amount, provider unit, one-off payment)
_Measure = tuple[str, str, int, int, str, bool]

# Measures that answer several risks.
_PICC = "中国人民财产保险股份有限公司{county}支公司"
_TEMPORARY_AID: _Measure = ("兜底保障和社会救助", "临时救助", 1000, 5000, "{county}民政局", True)
_POVERTY_INSURANCE: _Measure = ("兜底保障和社会救助", "防贫保险", 2000, 15000, _PICC, True)
_DIBAO: _Measure = ("兜底保障和社会救助", "低保", 4200, 9600, "{county}民政局", False)
_MEDICAL_AID: _Measure = ("健康帮扶", "医疗救助", 2000, 15000, "{county}医疗保障局", True)
_FAMILY_DOCTOR: _Measure = ("健康帮扶", "家庭医生签约", 0, 0, "{township}卫生院", False)
_SKILLS_TRAINING: _Measure = ("就业帮扶", "技能培训", 0, 0, "{county}人力资源和社会保障局", True)
_PRODUCTION_AWARD: _Measure = ("产业帮扶", "生产奖补", 1000, 5000, "{county}农业农村局", True)
_MICRO_LOAN: _Measure = ("金融帮扶", "扶贫小额贷款", 20000, 50000, "{county}农村信用联社", False)
_CROP_INSURANCE: _Measure = ("金融帮扶", "农业保险", 1000, 8000, _PICC, True)
_HOUSE_RENOVATION: _Measure = ("住房安全保障", "危房改造", 15000, 35000, "{county}住房和城乡建设局",
                               True)

_MEASURES: dict[str, tuple[_Measure, ...]] = {
    "因病": (
        ("健康帮扶", "大病保险", 3000, 30000, "{county}医疗保障局", True),
        _MEDICAL_AID,
        _FAMILY_DOCTOR,
        ("健康帮扶", "慢病签约服务", 0, 600, "{township}卫生院", False),
        ("健康帮扶", "先诊疗后付费", 0, 0, "{county}人民医院", False),
        _TEMPORARY_AID,
        _POVERTY_INSURANCE,
    ),
    "因学": (
        ("教育帮扶", "雨露计划", 3000, 3000, "{county}乡村振兴局", True),
        ("教育帮扶", "国家助学金", 2000, 3300, "{county}教育局", True),
        ("教育帮扶", "生源地助学贷款", 8000, 12000, "{county}学生资助管理中心", True),
        ("教育帮扶", "三免一助", 2000, 4000, "{county}教育局", False),
    ),
    "因残": (
        _DIBAO,
        ("兜底保障和社会救助", "残疾人两项补贴", 1200, 2400, "{county}残疾人联合会", False),
        _FAMILY_DOCTOR,
    ),
    "缺劳动力": (
        _DIBAO,
        ("扶贫项目资产帮扶", "资产收益分红", 300, 1500, "{township}人民政府", True),
        ("就业帮扶", "保洁员", 4800, 7200, "{township}人民政府", False),
    ),
    "因务工就业不稳": (
        _SKILLS_TRAINING,
        ("就业帮扶", "有组织劳务输出", 0, 0, "{county}人力资源和社会保障局", False),
        ("就业帮扶", "一次性求职补贴", 500, 1000, "{county}人力资源和社会保障局", True),
        ("就业帮扶", "护路员", 4800, 7200, "{township}人民政府", False),
    ),
    "因产业项目失败": (
        _PRODUCTION_AWARD,
        ("产业帮扶", "技术指导", 0, 0, "{county}农业农村局", False),
        _MICRO_LOAN,
        _CROP_INSURANCE,
    ),
    "因自然灾害": (_HOUSE_RENOVATION, _TEMPORARY_AID, _CROP_INSURANCE, _PRODUCTION_AWARD),
    "因意外事故": (_TEMPORARY_AID, _POVERTY_INSURANCE, _MEDICAL_AID),
    "住房出现安全问题": (_HOUSE_RENOVATION,),
    "饮水安全问题": (("饮水安全保障", "饮水工程", 0, 3000, "{county}水务局", True),),
    "家庭刚性支出较大或收入大幅缩减": (_POVERTY_INSURANCE, _TEMPORARY_AID),
    "其他": (
        ("社会帮扶", "结对帮扶", 0, 2000, "{county}工商业联合会", False),
        ("扶志扶智", "宣传教育", 0, 0, "{township}人民政府", False),
    ),
}
# For households that can work: help to earn more, whatever the risk.
_DEVELOPMENT_MEASURES: tuple[_Measure, ...] = (
    _SKILLS_TRAINING,
    ("产业帮扶", "种养殖扶持", 1000, 5000, "{county}农业农村局", True),
    _MICRO_LOAN,
)
# Paid for as long as the need lasts, so they run on after the risk is eliminated.
_ONGOING_ITEMS = ("低保", "残疾人两项补贴")


def measure_rows(run: Run, case: CaseView, household_id: str,
                 township_name: str) -> list[dict[str, Any]]:
    """One measure per risk at least (every risk has one once the case is being settled), plus
    a development measure for a household that can work."""
    rng, today = run.rng, run.today
    timeline = case.timeline
    start = timeline.identified_on
    assert start is not None
    wanted = max(len(case.risks) if case.in_elimination else 1, rng.randint(1, 4))
    chosen: list[tuple[str, _Measure]] = [(risk, pick(rng, _MEASURES[risk])) for risk in case.risks]
    if any(d.can_work for d in case.members) and len(chosen) < wanted:
        chosen.append((case.risks[0], pick(rng, _DEVELOPMENT_MEASURES)))
    while len(chosen) < wanted:
        risk = pick(rng, case.risks)
        option = pick(rng, _MEASURES[risk])
        if any(option[1] == other[1] for _risk, other in chosen):
            break
        chosen.append((risk, option))
    rows = []
    for risk, (kind, item, low, high, provider, one_off) in chosen:
        begin = start + timedelta(days=rng.randrange(0, 30))
        amount = low + int(rng.random() * ((high - low) // 100 + 1)) * 100
        status, end = "实施中", None
        if one_off:
            status, end = "已完成", begin
        elif timeline.eliminated_on is not None and item not in _ONGOING_ITEMS:
            status = "已完成"
            end = max(begin, timeline.eliminated_on - timedelta(days=rng.randrange(60)))
        if begin > today:
            status, end = "计划", None
        rows.append({"household_id": household_id, "case_id": case.id, "kind": kind,
                     "item": item, "risk_type": risk, "start_date": begin, "end_date": end,
                     "amount": Decimal(amount), "status": status,
                     "provider_unit": provider.format(county=run.scope.county_name,
                                                      township=township_name),
                     "note": ""})
    run.summary.measures += len(rows)
    return rows
