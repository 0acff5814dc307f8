"""One definition of every figure the app shows.

The 统计 page, `fangpin stats`, the three station reports (月分析, 季调度, 年考核) and the ledgers'
totals all count through the functions here, over the same dated rows (``history.History``) as of
one day. ``DEFINITIONS`` holds each figure's name and its definition in Chinese as docs/reports.md
prints it (a test checks the two agree), so a figure cannot mean one thing on one screen and
another elsewhere:

- 在监测户 counts a household from its county approval until its risk is eliminated, so a
  household in the elimination procedure is still monitored (stats used to leave it out);
- 风险未消除 is 在监测户: an applicant rejected or still in the identification procedure is not
  a monitored household (stats used to count every case row still marked 风险未消除);
- rates are given by household and by person (the person counts are the households' current
  members, the only member list the database keeps).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.procedure import Procedure
from app.services.reports.history import CaseRow, History

UNFILLED = "未填"


@dataclass(frozen=True)
class Definition:
    key: str
    name: str  # as every screen, command and report labels it
    text: str  # the definition, as docs/reports.md gives it


DEFINITIONS: tuple[Definition, ...] = (
    Definition("households", "农户总数", "范围内未作废的农户（当前状态）"),
    Definition("members", "人口", "这些农户未作废的家庭成员（当前状态）"),
    Definition("monitored", "在监测户", "时点日已县级审定纳入监测（识别日期 ≤ 时点日）且风险尚未消除"
               "（无消除日期或消除日期在时点日之后）的户；正在办理风险消除的户仍算在监测；"
               "未通过或仍在识别程序中的申请户不算。“风险未消除”就是在监测户"),
    Definition("monitored_people", "在监测人口", "在监测户的家庭成员数"),
    Definition("in_procedure", "正在办理", "时点日案例最后一步办理记录所处的环节（识别纳入或风险消除程序的已申报、"
               "已入户核实、已村级评议、公示中、已乡镇审核、已退回）；不含已纳入监测、未通过、已消除的"),
    Definition("identified_total", "累计识别纳入", "时点日以前曾被县级审定纳入监测的户（人数为其成员数）"),
    Definition("eliminated_total", "累计风险消除", "时点日以前有案例风险已消除、且当天没有在监测案例的户"
               "（“风险已消除”，人数为其成员数）"),
    Definition("elimination_rate", "消除风险率（按户）", "累计风险消除户数 ÷ 累计识别纳入户数"),
    Definition("elimination_rate_people", "消除风险率（按人）", "累计风险消除人数 ÷ 累计识别纳入人数"),
    Definition("eliminated_by_method", "风险消除（按方式）", "风险消除日期在统计期间内的案例，按帮扶消除 / 自然消除；"
               "统计概况的期间是从头到今天"),
    Definition("overdue", "走访逾期户", "时点日最近一次走访定下的下次走访日期已过的户"),
    Definition("warnings_open", "待处置预警", "时点日以前产生、到时点日还没有处置的预警"),
    Definition("identification_days", "识别办理天数",
               "统计期间内县级审定纳入的案例，从第一次申报（识别纳入程序的第一步）到识别日期的日历天数；报表给出平均和最长"),
    Definition("development_coverage", "开发式帮扶覆盖率",
               "时点日在监测、且有劳动能力成员（劳动技能为普通劳动力、技能劳动力或弱劳动力或半劳动力）的户中，"
               "有开发式帮扶措施（产业、就业、金融、公益岗位，按措施类别和具体措施对应全国系统字段；状态不是“计划”，"
               "开始日期 ≤ 时点日，没有结束日期或结束日期不早于该户识别日期）的户所占比例"),
    Definition("approval_days", "识别办理天数（平均 / 中位数）",
               "识别办理天数的算术平均数和中位数（偶数个时取中间两个的平均）"),
    Definition("eliminated_in_period", "本期风险消除（户 / 人）",
               "风险消除日期在统计期间内的案例的户数，人数为这些户的家庭成员数"),
    Definition("on_time_visits", "按时走访率",
               "统计期间内到期的走访：某次走访定下的下次走访日期落在期间内（且不晚于时点日）；下一次走访在该日期当天或以前"
               "做了的算按时。按时走访率 = 按时 ÷ 到期"),
    Definition("fund_ledger", "资金台账（户 / 人 / 金额）",
               "支付日期在所选期间内、状态为“已支付”的防贫保险和防贫救助理赔（所属农户和帮扶措施未作废），按保险机构或救助基金、分乡镇"
               "（县）或分村（乡镇、村）汇总：户数、人数（这些户现有的家庭成员数）、理赔笔数、支付金额；一户由两个基金支付时各计一次，合计只计一次"),
    Definition("ranking", "考核排名",
               "县的年考核逐乡镇（乡镇的逐村）按开发式帮扶覆盖率（高者前）、识别办理平均天数（少者前）、本期风险消除人数（多者前）、按时走访率（高者前）各排名次，并列同名次，没有数的排最后；综合排名按四项名次"
               "之和（小者前）"),
)
DEFINITION_NAMES = {d.key: d.name for d in DEFINITIONS}


@dataclass(frozen=True)
class Shared:
    """The figures every screen shows, for one scope as of one day."""

    households: int
    members: int
    monitored: int
    monitored_people: int
    monitored_by_category: dict[str, int]
    in_procedure: int
    in_procedure_by_stage: dict[str, int]
    identified_total: int
    identified_people: int
    eliminated_total: int
    eliminated_people: int
    eliminated_by_method: dict[str, int]  # eliminated from ``since`` (or ever) to the day
    overdue: int
    warnings_open: int

    @property
    def elimination_rate(self) -> float | None:
        return rate(self.eliminated_total, self.identified_total)

    @property
    def elimination_rate_people(self) -> float | None:
        return rate(self.eliminated_people, self.identified_people)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- the definitions, one function each -----------------------------------------------------------


def monitored_cases(history: History, day: date) -> dict[str, CaseRow]:
    """在监测户: the case each household was monitored under at the end of ``day``."""
    return {case.household_id: case for case in history.cases if case.monitored_on(day)}


def cases_in_procedure(history: History, day: date) -> dict[str, str]:
    """正在办理: case id → where it stood at the end of ``day`` (“识别纳入·公示中”)."""
    found = {}
    for case in history.cases:
        state = case.state_on(day)
        if state is not None and state.in_procedure:
            found[case.id] = f"{state.procedure.label}·{state.stage.label}"
    return found


def in_procedure(history: History, day: date) -> Counter[str]:
    """正在办理, by procedure and stage."""
    return Counter(cases_in_procedure(history, day).values())


def identified_households(history: History, day: date) -> set[str]:
    """累计识别纳入."""
    return {c.household_id for c in history.cases if c.identified_on is not None and c.identified_on <= day}


def eliminated_households(history: History, day: date) -> set[str]:
    """累计风险消除: some case eliminated by ``day`` and none monitored on it."""
    done = {c.household_id for c in history.cases if c.eliminated_on is not None and c.eliminated_on <= day}
    return done - set(monitored_cases(history, day))


def eliminated_cases(history: History, day: date, since: date | None = None) -> list[CaseRow]:
    """Cases whose risk was eliminated from ``since`` (None: ever) to ``day``."""
    return [c for c in history.cases if c.eliminated_on is not None and c.eliminated_on <= day
            and (since is None or c.eliminated_on >= since)]


def identification_days(history: History, day: date, since: date | None = None) -> list[int]:
    """识别办理天数 of the cases identified from ``since`` (None: ever) to ``day``."""
    found = []
    for case in history.cases:
        if case.identified_on is None or case.identified_on > day or (since and case.identified_on < since):
            continue
        first = next((s.acted_on for s in case.steps if s.procedure is Procedure.IDENTIFICATION), None)
        if first is not None:
            found.append((case.identified_on - first).days)
    return sorted(found)


def median(values: Sequence[int]) -> float | None:
    """识别办理天数（中位数）: the middle value, or the mean of the two middle ones."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def development_coverage(history: History, day: date, labour_able: set[str],
                         development: dict[str, list[tuple[date, date | None]]]) -> tuple[set[str], set[str]]:
    """开发式帮扶覆盖率: (monitored households with a labour-able member, those of them helped so).

    ``development`` gives each household's development measures (not planned) as (start, end)."""
    monitored = monitored_cases(history, day)
    able = {h for h in monitored if h in labour_able}
    covered = set()
    for household_id in able:
        identified = monitored[household_id].identified_on
        if any(start <= day and (end is None or identified is None or end >= identified)
               for start, end in development.get(household_id, ())):
            covered.add(household_id)
    return able, covered


def eliminated_in_period(history: History, day: date, since: date) -> set[str]:
    """本期风险消除 (households; persons are their members)."""
    return {c.household_id for c in eliminated_cases(history, day, since)}


def visits_on_time(history: History, day: date, since: date) -> tuple[int, int]:
    """按时走访率: (visits due within the period, those made on time)."""
    due = on_time = 0
    for visits in history.visits.values():
        for index, visit in enumerate(visits):
            if visit.next_due is None or not since <= visit.next_due <= day:
                continue
            due += 1
            following = visits[index + 1].visit_date if index + 1 < len(visits) else None
            on_time += following is not None and following <= visit.next_due
    return due, on_time


def overdue_on(history: History, day: date) -> set[str]:
    """走访逾期户: the last visit on or before ``day`` set a next-visit date already passed."""
    found = set()
    for household_id, visits in history.visits.items():
        dates = [v.visit_date for v in visits]
        last = bisect.bisect_right(dates, day)
        if last and (due := visits[last - 1].next_due) is not None and due < day:
            found.add(household_id)
    return found


def open_warnings(history: History, day: date) -> int:
    """待处置预警."""
    return sum(1 for w in history.warnings if w.open_on(day))


def people(history: History, household_ids: Iterable[str]) -> int:
    """The current members of these households."""
    return sum(history.households[h].members for h in household_ids if h in history.households)


def counts(labels: Iterable[str]) -> dict[str, int]:
    """Labels counted, most first (an empty label reads 未填)."""
    counted = Counter(label or UNFILLED for label in labels)
    return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])))


def shared(history: History, day: date, since: date | None = None) -> Shared:
    """Every shared figure of ``history``'s scope at the end of ``day``."""
    monitored = monitored_cases(history, day)
    identified = identified_households(history, day)
    eliminated = eliminated_households(history, day)
    stages = in_procedure(history, day)
    return Shared(
        households=len(history.households), members=people(history, history.households),
        monitored=len(monitored), monitored_people=people(history, monitored),
        monitored_by_category=counts(c.category for c in monitored.values()),
        in_procedure=sum(stages.values()), in_procedure_by_stage=counts(stages.elements()),
        identified_total=len(identified), identified_people=people(history, identified),
        eliminated_total=len(eliminated), eliminated_people=people(history, eliminated),
        eliminated_by_method=counts(c.elimination_method for c in eliminated_cases(history, day, since)),
        overdue=len(overdue_on(history, day)), warnings_open=open_warnings(history, day))
