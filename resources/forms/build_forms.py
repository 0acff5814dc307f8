"""Build the three standard XLSForms (visit.xlsx, registration.xlsx, screening.xlsx) from Python data.

The forms are reviewed as code here and the .xlsx files are rebuilt from it:

    .venv/bin/python resources/forms/build_forms.py

Each survey row is a dict with short keys (see SURVEY_COLUMNS); labels, hints and messages are
(中文, English) pairs. `bind::fangpin:field` names the household/member field an answer updates
(documented in docs/forms.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
ZH = "中文 (zh)"
EN = "English (en)"
VERSION = "2026.1"
NAMESPACE = 'fangpin="https://fangpin-field.cn/xforms"'
MAX_AMOUNT = "1000000"

# (key in a row dict, header in the sheet); a pair value (中文, English) fills both language columns.
SURVEY_COLUMNS = [
    ("type", "type"), ("name", "name"), ("label", f"label::{ZH}"), ("label_en", f"label::{EN}"),
    ("hint", f"hint::{ZH}"), ("hint_en", f"hint::{EN}"), ("required", "required"),
    ("required_message", f"required_message::{ZH}"), ("required_message_en", f"required_message::{EN}"),
    ("relevant", "relevant"), ("constraint", "constraint"),
    ("constraint_message", f"constraint_message::{ZH}"), ("constraint_message_en", f"constraint_message::{EN}"),
    ("calculation", "calculation"), ("default", "default"), ("appearance", "appearance"),
    ("field", "bind::fangpin:field"),
]
CHOICE_COLUMNS = [("list_name", "list_name"), ("name", "name"), ("label", f"label::{ZH}"),
                  ("label_en", f"label::{EN}")]
SETTINGS_COLUMNS = ["form_id", "form_title", "version", "default_language", "namespaces"]

Row = dict[str, str]
Pair = tuple[str, str]


def q(type_: str, name: str = "", label: Pair | None = None, **extra: str | Pair) -> Row:
    """One survey row; keyword pairs (中文, English) split into their two language columns."""
    row: Row = {"type": type_, "name": name}
    if label:
        row["label"], row["label_en"] = label
    for key, value in extra.items():
        if isinstance(value, tuple):
            row[key], row[f"{key}_en"] = value
        else:
            row[key] = value
    return row


def end(kind: str) -> Row:
    return {"type": f"end {kind}"}


def choices(list_name: str, items: list[tuple[str, str, str]]) -> list[Row]:
    return [{"list_name": list_name, "name": name, "label": zh, "label_en": en} for name, zh, en in items]


def amount(name: str, label: Pair, field: str, **extra: str | Pair) -> Row:
    """A sum of money in yuan: not negative and not implausibly large."""
    return q("decimal", name, label, constraint=f". >= 0 and . < {MAX_AMOUNT}",
             constraint_message=("金额不能为负数，也不能达到100万元，请核对。",
                                 "The amount cannot be negative or 1,000,000 yuan or more."),
             field=field, **extra)


# ---------------------------------------------------------------- shared choice lists

YES_NO = choices("yes_no", [("yes", "是", "Yes"), ("no", "否", "No")])
MET = choices("met", [("yes", "有保障（达标）", "Met"), ("no", "未保障（不达标）", "Not met")])
RISKS = choices("risk", [
    ("illness", "因病", "Illness"), ("schooling", "因学", "Schooling costs"),
    ("disability", "因残", "Disability"), ("disaster", "因自然灾害", "Natural disaster"),
    ("accident", "因意外事故", "Accident"), ("business_failure", "因产业项目失败", "Failed farm or business project"),
    ("unstable_job", "因务工就业不稳", "Unstable employment"), ("lack_labour", "缺劳动力", "Lack of labour"),
    ("housing", "住房出现安全问题", "Unsafe housing"), ("water", "饮水安全问题", "Unsafe drinking water"),
    ("rigid_spending", "家庭刚性支出较大或收入大幅缩减", "Large rigid spending or sharp income fall"),
    ("other", "其他", "Other"),
])
MEASURES = choices("measure", [
    ("industry", "产业帮扶", "Industry support"), ("employment", "就业帮扶", "Employment support"),
    ("finance", "金融帮扶", "Financial support"), ("health", "健康帮扶", "Health support"),
    ("education", "教育帮扶", "Education support"), ("housing", "住房安全保障", "Housing safety"),
    ("water", "饮水安全保障", "Drinking-water safety"),
    ("project_assets", "扶贫项目资产帮扶", "Poverty-project asset income"),
    ("social_protection", "兜底保障和社会救助", "Social protection and assistance"),
    ("social_help", "社会帮扶", "Social help"), ("aspiration", "扶志扶智", "Aspiration and capability"),
])
DISASTERS = choices("disaster", [
    ("flood", "洪涝", "Flood"), ("geological", "地质", "Geological"), ("drought", "旱灾", "Drought"),
    ("biological", "生物", "Biological"), ("weather", "气象", "Weather"), ("earthquake", "地震", "Earthquake"),
    ("other", "其他", "Other"),
])

HEALTH = choices("health", [
    ("healthy", "健康", "Healthy"), ("chronic", "长期慢性病", "Chronic illness"),
    ("serious", "患有大病", "Serious illness"), ("disabled", "残疾", "Disabled"),
])
HEALTH_CONSTRAINT = "not(selected(., 'healthy') and count-selected(.) > 1)"
HEALTH_MESSAGE = ("选了“健康”就不能再选疾病或残疾。", "“Healthy” cannot be combined with illness or disability.")
ID_MESSAGE = ("身份证号码不正确（位数、出生日期或校验位有误），请核对。",
              "The ID number is wrong (length, birth date or check character); please check it.")

# ---------------------------------------------------------------- 入户走访表

SIX_CHECKS = [
    ("food", "不愁吃", "Enough to eat", "household.food_secure"),
    ("clothing", "不愁穿", "Enough to wear", "household.clothing_secure"),
    ("compulsory_education", "义务教育有保障", "Compulsory education secured", "household.education_secure"),
    ("basic_medical", "基本医疗有保障", "Basic medical care secured", "household.medical_secure"),
    ("housing_safe", "住房安全有保障", "Housing safe", "household.housing_secure"),
    ("water_safe", "饮水安全有保障", "Drinking water safe", "household.water_secure"),
]


def _check_rows() -> list[Row]:
    rows: list[Row] = []
    for name, zh, en, field in SIX_CHECKS:
        rows.append(q("select_one met", name, (zh, en), required="yes", field=field))
        rows.append(q("text", f"{name}_note", (f"{zh}未保障的情况说明", f"Why “{en}” is not met"),
                      relevant=f"${{{name}}} = 'no'", required="yes",
                      required_message=("选择“未保障”时必须写明情况。", "Explain why this is not met."),
                      field=f"{field}_note"))
    return rows


VISIT_SURVEY = [
    q("date", "visit_date", ("走访日期", "Visit date"), required="yes", default="today()",
      constraint=". <= today()",
      constraint_message=("走访日期不能晚于今天。", "The visit date cannot be in the future."), field="visit.date"),
    q("select_multiple present_role", "present", ("在场人员", "Who was present"), required="yes",
      field="visit.present"),
    q("text", "present_other", ("其他在场人员", "Other people present"), relevant="selected(${present}, 'other')",
      required="yes", field="visit.present_other"),
    q("begin group", "family", ("家庭变化", "Changes in the family")),
    q("select_multiple family_change", "family_change", ("上次走访以来的家庭变化", "Changes since the last visit"),
      required="yes", constraint="not(selected(., 'none') and count-selected(.) > 1)",
      constraint_message=("选了“无变化”就不能再选其他变化。", "“No change” cannot be combined with other changes."),
      field="visit.family_change"),
    q("text", "family_change_note", ("变化情况说明", "Describe the changes"),
      relevant="not(selected(${family_change}, 'none'))", required="yes", field="visit.family_change_note"),
    end("group"),
    q("begin repeat", "member", ("家庭成员健康状况", "Health of each member")),
    q("text", "member_name", ("姓名", "Name"), required="yes", field="member.name",
      hint=("每位家庭成员一行；健康状况有变化时改选。", "One row per member; change the health when it changed.")),
    q("text", "member_id", ("身份证号码", "ID number"), required="yes", constraint="check-id(.)",
      constraint_message=ID_MESSAGE, field="member.id_number"),
    q("select_multiple health", "member_health", ("健康状况", "Health"), required="yes",
      constraint=HEALTH_CONSTRAINT, constraint_message=HEALTH_MESSAGE, field="member.health"),
    end("repeat"),
    q("begin group", "income", ("上次走访以来的收入（元）", "Income since the last visit (yuan)")),
    amount("income_wage", ("工资性收入", "Wage income"), "income.wage",
           hint=("含公益岗位工资。", "Includes public-welfare post pay.")),
    amount("income_business", ("生产经营性收入", "Farm and business income"), "income.business"),
    amount("income_property", ("财产性收入", "Property income"), "income.property",
           hint=("含资产收益分红。", "Includes dividends from poverty-project assets.")),
    amount("income_transfer", ("转移性收入", "Transfer income"), "income.transfer",
           hint=("养老金、低保金、特困供养金、生态补偿等。", "Pensions, dibao, extreme-poverty support, "
                 "ecological compensation and the like.")),
    amount("business_expense", ("生产经营性支出", "Farm and business expenses"), "income.business_expense"),
    q("calculate", "total_income", calculation="coalesce(${income_wage}, 0) + coalesce(${income_business}, 0)"
      " + coalesce(${income_property}, 0) + coalesce(${income_transfer}, 0)", field="visit.total_income"),
    q("calculate", "net_income", calculation="${total_income} - coalesce(${business_expense}, 0)",
      field="visit.net_income"),
    q("note", "income_summary", ("收入合计 ${total_income} 元，纯收入 ${net_income} 元。",
                                 "Total income ${total_income} yuan, net ${net_income} yuan.")),
    end("group"),
    q("begin repeat", "expense", ("大额支出", "Large expenses")),
    q("select_one expense_kind", "expense_kind", ("支出类别", "Kind of expense"), required="yes",
      field="expense.kind"),
    amount("expense_amount", ("支出金额（元）", "Amount (yuan)"), "expense.amount", required="yes"),
    q("decimal", "expense_reimbursed", ("已报销或理赔金额（元）", "Reimbursed or paid by insurance (yuan)"),
      constraint=". >= 0 and . <= ${expense_amount}",
      constraint_message=("报销金额不能为负数，也不能超过支出金额。",
                          "The reimbursed amount cannot be negative or exceed the expense."),
      field="expense.reimbursed"),
    end("repeat"),
    q("calculate", "expense_total", calculation="sum(${expense_amount})", field="visit.expense_total"),
    q("note", "expense_summary",
      ("大额支出合计 ${expense_total} 元。", "Large expenses in total: ${expense_total} yuan."),
      relevant="count(${expense}) > 0"),
    q("begin group", "checks", ("两不愁三保障及饮水安全", "Basic needs, the three guarantees and water")),
    *_check_rows(),
    end("group"),
    q("select_multiple risk", "risks", ("发现的风险", "Risks seen"),
      hint=("最多五项，主要风险选在前面。", "At most five, the main risk first."),
      constraint="count-selected(.) <= 5",
      constraint_message=("风险类型最多选五项。", "Choose at most five risk types."), field="household.risks"),
    q("text", "needs", ("家庭诉求", "What the household needs"), appearance="multiline", field="visit.needs"),
    q("select_multiple measure", "measures", ("已享受的帮扶措施", "Measures the household received"),
      field="household.measures"),
    q("date", "next_visit", ("下次走访日期", "Next visit date"), required="yes",
      constraint=". > ${visit_date}",
      constraint_message=("下次走访日期必须晚于本次走访日期。", "The next visit must come after this visit."),
      field="visit.next_date"),
]
VISIT_CHOICES = [
    *choices("present_role", [
        ("head", "户主", "Head of household"), ("spouse", "配偶", "Spouse"),
        ("member", "其他家庭成员", "Another household member"),
        ("assistance_person", "帮扶责任人", "Assistance person"), ("grid_worker", "网格员", "Grid worker"),
        ("village_cadre", "村干部", "Village cadre"), ("other", "其他人员", "Someone else"),
    ]),
    *choices("family_change", [
        ("none", "无变化", "No change"), ("birth", "新生儿", "Birth"), ("death", "成员去世", "Death"),
        ("marriage", "婚嫁迁入迁出", "Marriage"), ("moved", "户籍或常住变化", "Moved in or out"),
        ("illness", "新患大病或慢性病", "New serious or chronic illness"),
        ("disability", "新增残疾", "Newly disabled"), ("job", "务工就业变化", "Change of work"),
        ("schooling", "升学或辍学", "Started or left school"), ("disaster", "遭受灾害或意外", "Disaster or accident"),
        ("other", "其他", "Other"),
    ]),
    *choices("expense_kind", [
        ("medical", "医疗", "Medical"), ("education", "教育", "Education"), ("disaster", "灾害损失", "Disaster loss"),
        ("housing", "建房修房", "Building or repairing the house"), ("funeral", "婚丧", "Wedding or funeral"),
        ("other", "其他", "Other"),
    ]),
    *MET, *RISKS, *MEASURES, *HEALTH,
]

# ---------------------------------------------------------------- 农户信息采集表

REGISTRATION_SURVEY = [
    q("begin group", "household", ("家庭基本信息", "Household")),
    q("text", "village_group", ("村民小组", "Village group"), required="yes", field="household.village_group"),
    q("text", "address", ("家庭住址", "Address"), required="yes", field="household.address"),
    q("select_one household_type", "household_type", ("农户类型", "Household type"), required="yes",
      field="household.type"),
    q("select_one yes_no", "registered_poor", ("是否建档立卡", "Registered as poor (建档立卡)"), required="yes",
      field="household.registered_poor"),
    q("text", "phone", ("联系电话", "Phone"), required="yes",
      constraint="regex(., '^1[3-9][0-9]{9}$')",
      constraint_message=("请填写11位手机号码，以1开头。", "Enter an 11-digit mobile number starting with 1."),
      field="household.phone"),
    end("group"),
    q("note", "head_rule", ("请先登记户主，每户只能有一位户主。",
                            "Register the head of household first; a household has exactly one head.")),
    q("begin repeat", "member", ("家庭成员", "Household members")),
    q("text", "member_name", ("姓名", "Name"), required="yes", field="member.name"),
    q("text", "member_id", ("身份证号码", "ID number"), required="yes", constraint="check-id(.)",
      constraint_message=ID_MESSAGE, field="member.id_number"),
    q("select_one relation", "relation", ("与户主关系", "Relation to the head"), required="yes",
      constraint="(position(..) = 1 and . = 'head') or (position(..) > 1 and . != 'head')",
      constraint_message=("第一位成员必须是户主，其他成员不能再选户主（每户只有一位户主）。",
                          "The first member must be the head, and no other member may be the head."),
      field="member.relation"),
    q("select_multiple health", "health", ("健康状况", "Health"), required="yes",
      constraint=HEALTH_CONSTRAINT, constraint_message=HEALTH_MESSAGE, field="member.health"),
    q("select_one labour", "labour_skill", ("劳动技能", "Labour skill"), required="yes", field="member.labour_skill"),
    q("select_one yes_no", "in_school", ("是否在校生", "Currently a pupil or student"), required="yes",
      field="member.in_school"),
    q("select_one education", "education", ("文化程度", "Education"), relevant="${in_school} = 'no'",
      required="yes", field="member.education"),
    q("select_one school_stage", "school_stage", ("在校生状况", "School stage"), relevant="${in_school} = 'yes'",
      required="yes", field="member.school_stage"),
    end("repeat"),
]
REGISTRATION_CHOICES = [
    *YES_NO,
    *choices("household_type", [
        ("lifted", "脱贫户", "Lifted out of poverty"), ("ordinary", "一般农户", "Ordinary farm household"),
        ("monitored", "监测户", "Monitored household"),
    ]),
    *choices("relation", [
        ("head", "户主", "Head"), ("spouse", "配偶", "Spouse"), ("son", "之子", "Son"),
        ("daughter", "之女", "Daughter"),
        ("daughter_in_law", "之儿媳", "Daughter-in-law"), ("son_in_law", "之女婿", "Son-in-law"),
        ("grandchild", "之孙子/女", "Grandchild (son's side)"),
        ("grandchild_daughter", "之外孙子/女", "Grandchild (daughter's side)"),
        ("parent", "之父/母", "Parent"), ("parent_in_law_wife", "之岳父/母", "Parent-in-law (wife's side)"),
        ("parent_in_law_husband", "之公公/婆婆", "Parent-in-law (husband's side)"),
        ("grandparent", "之(外)祖父/母", "Grandparent"), ("sibling", "之兄弟姐妹", "Sibling"),
        ("great_grandchild", "之曾孙子/女", "Great-grandchild"), ("nephew_niece", "之侄儿/女", "Nephew or niece"),
        ("sibling_in_law", "之兄弟媳妇", "Sister-in-law"), ("uncle", "之叔伯", "Uncle"), ("other", "其他", "Other"),
    ]),
    *HEALTH,
    *choices("labour", [
        ("ordinary", "普通劳动力", "Ordinary labour"), ("skilled", "技能劳动力", "Skilled labour"),
        ("weak", "弱劳动力或半劳动力", "Weak or half labour"), ("lost", "丧失劳动力", "Lost labour capacity"),
        ("none", "无劳动力", "No labour capacity"),
    ]),
    *choices("education", [
        ("illiterate", "文盲或半文盲", "Illiterate or semi-literate"), ("primary", "小学", "Primary school"),
        ("junior", "初中", "Junior secondary"), ("senior", "高中", "Senior secondary"),
        ("college", "大专", "College"), ("bachelor", "本科及以上", "Bachelor or above"),
    ]),
    *choices("school_stage", [
        ("preschool", "学前教育", "Pre-school"), ("primary", "小学", "Primary school"),
        ("junior", "七至九年级", "Grades 7–9"), ("senior_high", "普通高中", "General senior high"),
        ("vocational", "中职", "Secondary vocational"), ("higher_vocational", "高职高专", "Higher vocational"),
        ("bachelor", "本科", "Bachelor"), ("postgraduate", "研究生", "Postgraduate"),
    ]),
]

# ---------------------------------------------------------------- 风险排查表

SCREEN_QUESTIONS = [
    ("income_below_line", "人均纯收入是否低于（或接近）当年监测线？", "Is per-capita income below or near the line?",
     "screening.income_below_line"),
    ("sudden_expense", "是否有突发大额刚性支出（医疗、教育、灾害等）？", "A sudden large rigid expense?",
     "screening.sudden_expense"),
    ("new_illness", "是否有成员新患大病或长期慢性病？", "A member newly seriously or chronically ill?",
     "screening.new_illness"),
    ("new_disability", "是否有成员新增残疾？", "A member newly disabled?", "screening.new_disability"),
    ("disaster", "是否遭受自然灾害或意外事故？", "Hit by a natural disaster or accident?", "screening.disaster"),
    ("dropout", "是否有义务教育阶段适龄儿童少年失学辍学？", "A child of compulsory-school age out of school?",
     "household.dropout"),
    ("unsafe_house", "住房是否出现安全问题？", "Is the house unsafe?", "household.house_unsafe"),
    ("unsafe_water", "饮水是否出现安全问题？", "Is the drinking water unsafe?", "household.water_unsafe"),
    ("no_insurance", "是否有家庭成员未参加基本医保？", "Is a member without basic medical insurance?",
     "household.uninsured_member"),
    ("income_drop", "收入是否大幅缩减（如务工中断、产业失败）？", "Did income fall sharply (lost job, failed project)?",
     "screening.income_drop"),
]


def _screening_rows() -> list[Row]:
    rows: list[Row] = []
    for name, zh, en, field in SCREEN_QUESTIONS:
        rows.append(q("select_one yes_no", name, (zh, en), required="yes", field=field))
        if name == "sudden_expense":
            rows.append(amount("sudden_expense_amount", ("支出金额（元）", "Amount (yuan)"),
                               "screening.sudden_expense_amount", relevant="${sudden_expense} = 'yes'",
                               required="yes"))
        if name == "disaster":
            rows.append(q("select_one disaster", "disaster_kind", ("灾害或事故类别", "Kind of disaster"),
                          relevant="${disaster} = 'yes'", required="yes", field="screening.disaster_kind"))
    return rows


ANY_YES = " or ".join(f"${{{name}}} = 'yes'" for name, *_ in SCREEN_QUESTIONS)
SCREENING_SURVEY = [
    q("date", "screening_date", ("排查日期", "Screening date"), required="yes", default="today()",
      constraint=". <= today()", constraint_message=("排查日期不能晚于今天。", "The date cannot be in the future."),
      field="screening.date"),
    q("select_one channel", "channel", ("发现途径", "How the household came to notice"), required="yes",
      field="screening.channel"),
    q("begin group", "questions", ("排查问题", "Screening questions")),
    *_screening_rows(),
    end("group"),
    q("select_multiple risk", "risks", ("主要风险类型", "Main risk types"), relevant=ANY_YES,
      constraint="count-selected(.) <= 5",
      constraint_message=("风险类型最多选五项。", "Choose at most five risk types."), field="household.risks"),
    q("calculate", "suggest_monitoring", calculation=f"if({ANY_YES}, 'yes', 'no')",
      field="screening.suggest_monitoring"),
    q("note", "suggestion_note", ("系统建议：${suggest_monitoring}（yes 为建议纳入监测，需入户核实）。",
                                  "Suggestion: ${suggest_monitoring} (yes means propose monitoring).")),
    q("select_one yes_no", "propose", ("是否提出纳入监测的建议", "Propose this household for monitoring?"),
      required="yes", field="screening.propose"),
    q("text", "reason", ("情况说明", "Explanation"), appearance="multiline",
      required="${propose} != ${suggest_monitoring}",
      hint=("与系统建议不一致时必须说明理由。", "Required when you differ from the suggestion."),
      field="screening.reason"),
]
SCREENING_CHOICES = [
    *YES_NO,
    *choices("channel", [
        ("self_report", "农户自主申报", "Self-report"), ("hotline", "12317 热线", "12317 hotline"),
        ("cadre_screening", "基层干部排查", "Screening by cadres and grid workers"),
        ("department_warning", "部门筛查预警", "Department data warning"),
    ]),
    *RISKS, *DISASTERS,
]

FORMS = {
    "visit": ("入户走访表", VISIT_SURVEY, VISIT_CHOICES),
    "registration": ("农户信息采集表", REGISTRATION_SURVEY, REGISTRATION_CHOICES),
    "screening": ("风险排查表", SCREENING_SURVEY, SCREENING_CHOICES),
}


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list[str]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value or None for value in row])
    sheet.freeze_panes = "A2"


def build(form_id: str, folder: Path = HERE) -> Path:
    title, survey, choice_rows = FORMS[form_id]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "survey", [header for _, header in SURVEY_COLUMNS],
           [[row.get(key, "") for key, _ in SURVEY_COLUMNS] for row in survey])
    _sheet(workbook, "choices", [header for _, header in CHOICE_COLUMNS],
           [[row.get(key, "") for key, _ in CHOICE_COLUMNS] for row in choice_rows])
    _sheet(workbook, "settings", SETTINGS_COLUMNS, [[form_id, title, VERSION, ZH, NAMESPACE]])
    path = folder / f"{form_id}.xlsx"
    workbook.save(path)
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else HERE
    for form_id in FORMS:
        print(build(form_id, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
