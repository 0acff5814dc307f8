"""Member rows: identity, schooling, health, work away from home and social assistance."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.categories import COMPULSORY_SCHOOL_STAGES, HEAD_RELATION, NO_LABOUR_SKILLS
from app.domain.pinyin import name_initials
from app.services.demo.chance import Weighted, pick, tri
from app.services.demo.families import Draft, family
from app.services.demo.health import random_health, set_health
from app.services.demo.names import SURNAMES, given_name, home_region, mobile
from app.services.demo.run import Run
from app.services.demo.schooling import schooling
from app.store.ids import new_id

WORK_PLACES = Weighted([
    ("北京市", 25), ("天津市", 15), ("石家庄市", 10), ("衡水市桃城区", 15), ("廊坊市", 5),
    ("保定市", 5), ("沧州市", 4), ("雄安新区", 6), ("山东省德州市", 4), ("江苏省苏州市", 3),
    ("浙江省宁波市", 3), ("广东省深圳市", 3), ("内蒙古自治区鄂尔多斯市", 2),
])
_PROVINCES = ("山东省", "江苏省", "浙江省", "广东省", "内蒙古自治区")
_EMPLOYER_BRANDS = ("鑫源", "华宇", "恒达", "宏远", "瑞丰", "金泰", "永盛", "顺发", "中联",
                    "建兴", "诚信", "天成", "聚鑫", "万通")
_EMPLOYER_KINDS = ("建筑工程有限公司", "物流有限公司", "餐饮管理有限公司", "家政服务有限公司",
                   "汽车配件有限公司", "电子科技有限公司", "食品有限公司", "物业服务有限公司",
                   "机械制造有限公司", "装饰工程有限公司")
_WELFARE_POSTS = ("保洁员", "护路员", "护林员", "水管员", "孝老餐厅服务员")
_MARRIED_IN = ("配偶", "之儿媳", "之女婿")
_CHILDREN = ("之子", "之女", "之孙子/女")


def make_members(run: Run, household_id: str, household_type: str) -> list[Draft]:
    rng = run.rng
    poor = household_type == "脱贫户"
    layout = family(rng)
    head_male = layout[0][1]
    family_surname = SURNAMES.pick(rng)
    # A widowed head's children carry the late husband's surname.
    children_surname = family_surname if head_male else SURNAMES.pick(rng)
    drafts = []
    for relation, male, age in layout:
        if relation in _MARRIED_IN or (relation == "之父/母" and not male):
            surname = SURNAMES.pick(rng)
        elif relation in _CHILDREN:
            surname = children_surname
        else:
            surname = family_surname
        draft = Draft(relation, male, age, surname)
        _fill_row(run, draft, household_id, poor)
        drafts.append(draft)
    return drafts


def _fill_row(run: Run, draft: Draft, household_id: str, poor: bool) -> None:
    rng, today = run.rng, run.today
    birth = date.fromordinal(today.toordinal() - int(draft.age * 365.2425)
                             - int(rng.random() * 365) - 1)
    region = home_region(rng, married_in=draft.relation in _MARRIED_IN)
    number = run.ids.make(rng, region, birth, draft.male)
    name = draft.surname + given_name(rng, draft.male, birth.year)
    education, stage = schooling(rng, draft.age, birth.year)
    row: dict[str, Any] = {
        "id": new_id(), "household_id": household_id, "name": name,
        "name_initials": name_initials(name),
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
    set_health(rng, draft, random_health(rng, draft.age, poor), today)
    if draft.can_work:
        _migrant_work(run, draft)
    if draft.relation == HEAD_RELATION or (18 <= draft.age < 66 and rng.random() < 0.6):
        row["phone"] = mobile(rng)
    if rng.random() < 0.04:
        row["medical_insurance"] = [*row["medical_insurance"], "商业补充"]


def _migrant_work(run: Run, draft: Draft) -> None:
    rng = run.rng
    if rng.random() >= (0.42 if draft.male else 0.22) or draft.age > 55:
        return
    row = draft.row
    place = WORK_PLACES.pick(rng)
    row["migrant_work_place"] = place
    row["migrant_work_months"] = min(tri(rng, 4, 13, 10), 12)
    city = place
    for province in _PROVINCES:
        city = city.removeprefix(province)
    row["migrant_employer"] = f"{city[:2]}{pick(rng, _EMPLOYER_BRANDS)}{pick(rng, _EMPLOYER_KINDS)}"
    if rng.random() < 0.3:
        row["medical_insurance"] = ["职工医保"]


def assign_social_assistance(run: Run, members: list[Draft], poor: bool, in_case: bool,
                             leaving_monitoring: bool) -> None:
    """低保 or 特困 for households that qualify, and a public-welfare post for some poor ones."""
    rng = run.rng
    frail = [d for d in members if not d.healthy or d.row["labour_skill"] in NO_LABOUR_SKILLS]
    if len(members) == 1 and members[0].age >= 60 and frail and rng.random() < 0.2:
        kind = "特困"
    elif frail and rng.random() < (0.35 if poor or in_case else 0.05):
        kind = "低保"
    else:
        kind = ""
    if (kind and leaving_monitoring
            and all(d.row["labour_skill"] in NO_LABOUR_SKILLS for d in members)):
        # A household living on social protection with no labour stays monitored.
        kind = ""
    if not kind:
        return
    covered = members if kind == "特困" or rng.random() < 0.7 else frail[:1]
    for draft in covered:
        draft.row["social_assistance"] = kind
        if not draft.healthy:
            draft.row["medical_aid"] = True
    if poor and rng.random() < 0.3:
        for draft in members:
            if 40 <= draft.age < 68 and not draft.row["migrant_work_place"] \
                    and draft.row["labour_skill"] != "丧失劳动力":
                draft.row["welfare_post"] = pick(rng, _WELFARE_POSTS)
                draft.row["welfare_post_months"] = 12 if rng.random() < 0.7 else 6
                break
