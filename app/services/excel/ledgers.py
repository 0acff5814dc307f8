"""The standard ledgers read from the database, for app/excel/ledger.py to lay out.

Each ledger is read within the scope (or one village) a chunk at a time; ID numbers are full for
officials. Only the 公示名单 may be posted: it is built from app/domain/posting.py's definition (no
ID number, phone, bank account or health), and asking to post any other ledger is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain import posting as posted
from app.domain.divisions import DivisionLevel, is_within
from app.domain.errors import UserFacingError
from app.domain.procedure import Procedure
from app.excel.ledger import Ledger, LedgerColumn, write_ledgers
from app.services.context import ServiceContext
from app.services.excel.lookup import find_village
from app.services.grids import grid_names_of
from app.services.households import family_order
from app.services.policy import PolicyService
from app.services.printouts.station import posted_cases
from app.services.reports import ReportKind, ReportService
from app.services.reports.excel import report_ledgers
from app.services.rows import live
from app.services.voiding import voided_in_villages
from app.store.models import (
    Assignment,
    AssistancePerson,
    Division,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RiskWarning,
    Visit,
)

CHUNK = 500
_MEMBER_COLUMNS = ("household_id", "name", "relation", "id_number", "sex", "birth_date", "ethnicity", "health",
                   "labour_skill", "education", "school_stage", "migrant_work_place", "migrant_work_months",
                   "social_assistance")
H, M, P = "户基本信息", "家庭成员信息", "帮扶责任人"
# The household columns both rosters share; the 农户花名册 puts 类别 and 状态 after 户类型 (the 9th).
_HOUSEHOLD_COLUMNS = (("乡镇", 14), ("村", 14), ("村代码", 14), ("村民小组", 10), ("网格", 10), ("户编号", 18),
                      ("户主姓名", 10), ("户主身份证号", 20), ("户类型", 12), ("联系电话", 13), ("住址", 24))
_MEMBER_LEDGER_COLUMNS = (("姓名", 10), ("与户主关系", 10), ("身份证号", 20), ("性别", 6), ("出生日期", 12),
                          ("民族", 8), ("健康状况", 14), ("劳动技能", 20), ("文化程度", 14), ("在校生状况", 14),
                          ("务工地点", 18), ("务工时间(月)", 8), ("低保/特困", 10))
# A ledger whose builder's name is not ``_<key>``.
_BUILDERS = {"households": "_households_ledger"}


@dataclass(frozen=True)
class LedgerKind:
    key: str
    name: str
    for_posting: bool = False


LEDGERS = (
    LedgerKind("roster", "监测对象花名册"),
    LedgerKind("helpers", "帮扶责任人台账"),
    LedgerKind("measures", "帮扶措施台账"),
    LedgerKind("visits", "走访记录"),
    LedgerKind("warnings", "预警处置台账"),
    LedgerKind("voided", "作废记录台账"),
    LedgerKind("monthly", "月分析"),
    LedgerKind("posting", "监测对象公示名单", for_posting=True),
    LedgerKind("households", "农户花名册"),  # every household, monitored or not
)


def _household_ledger_columns(titles: Sequence[tuple[str, int]]) -> list[LedgerColumn]:
    return [LedgerColumn(t, w, H, id_number=t == "户主身份证号") for t, w in titles]


def _member_ledger_columns() -> list[LedgerColumn]:
    return [LedgerColumn(t, w, M, id_number=t == "身份证号") for t, w in _MEMBER_LEDGER_COLUMNS]


def _household_cells(place: Place, h: Household, members: list[Any], grids: dict[str, str]) -> list[Any]:
    """The cells of _HOUSEHOLD_COLUMNS for one household."""
    head = next((m for m in members if m.relation == "户主"), None)
    return [place.township_of(h.village_code), place.village_of(h.village_code), h.village_code, h.group_name,
            grids.get(h.id, ""), h.household_number, h.head_name, head.id_number if head else "",
            h.household_type, h.phone, h.address]


def _member_cells(m: Any) -> list[Any]:
    return [m.name, m.relation, m.id_number, m.sex, m.birth_date, m.ethnicity, m.health, m.labour_skill,
            m.education, m.school_stage, m.migrant_work_place, m.migrant_work_months, m.social_assistance]


def identified_cases(session: Session, ids: list[str]) -> dict[str, MonitoringCase]:
    """Each household's latest identified monitoring case (what makes it a monitoring object)."""
    cases: dict[str, MonitoringCase] = {}
    for case in session.scalars(select(MonitoringCase).where(
            MonitoringCase.household_id.in_(ids), MonitoringCase.identified_on.is_not(None),
            live(MonitoringCase)).order_by(MonitoringCase.identified_on)):
        cases[case.household_id] = case
    return cases


def latest_incomes(session: Session, ids: list[str]) -> dict[str, IncomeRecord]:
    incomes: dict[str, IncomeRecord] = {}
    for record in session.scalars(select(IncomeRecord).where(
            IncomeRecord.household_id.in_(ids), live(IncomeRecord)).order_by(IncomeRecord.year)):
        incomes[record.household_id] = record
    return incomes


def measure_names(session: Session, cases: dict[str, MonitoringCase]) -> dict[str, list[str]]:
    """The measures of each household's case (or of none), by name, in the order they started."""
    names: dict[str, dict[str, None]] = {}
    for m in session.scalars(select(Measure).where(
            Measure.household_id.in_(list(cases)), live(Measure)).order_by(Measure.start_date)):
        if m.case_id in (None, cases[m.household_id].id):
            names.setdefault(m.household_id, {})[m.item or m.kind] = None
    return {h: list(found) for h, found in names.items()}


def ledger_kind(name: str) -> LedgerKind:
    for kind in LEDGERS:
        if name in (kind.key, kind.name) or (len(name) >= 2 and kind.name.startswith(name)):
            return kind
    names = "、".join(f"{k.name}（{k.key}）" for k in LEDGERS)
    raise UserFacingError(f"没有“{name}”这种台账。可以导出：{names}")


@dataclass
class Place:
    """Where the ledger is for: one village, or the whole scope of this database."""

    code: str
    name: str
    villages: dict[str, str]  # code → name
    townships: dict[str, str]

    def village_of(self, code: str) -> str:
        return self.villages.get(code, code)

    def township_of(self, code: str) -> str:
        return self.townships.get(code[:9] + "000", "")


class LedgerExporter:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export(self, name: str, out: Path, *, village: str | None = None, posting: bool = False,
               progress: Callable[[str, int, int], None] | None = None) -> int:
        """Write the ledger ``name`` to ``out``; returns the number of data rows."""
        kind = ledger_kind(name)
        if posting and not kind.for_posting:
            raise UserFacingError(
                f"“{kind.name}”含身份证号、电话或健康状况等，不能用于张贴公示。"
                "张贴公示请导出“监测对象公示名单”（posting）：只列村、组、户主、公示事项、类别和公示期。")
        posting = kind.for_posting
        with self.ctx.db.read() as session:
            place = self._place(session, village)
            built = getattr(self, _BUILDERS.get(kind.key, f"_{kind.key}"))(session, place)
            ledgers = built if isinstance(built, list) else [built]
            for ledger in ledgers:
                ledger.for_posting = posting
                ledger.subtitle = (f"范围：{place.name}　　导出日期：{self.ctx.today().isoformat()}"
                                   + ("　　（供张贴公示）" if posting else ""))
            if progress:
                progress("正在写入 Excel", 0, 1)
            count = write_ledgers(out, ledgers)
        if progress:
            progress("正在写入 Excel", 1, 1)
        self.ctx.db.audit(self.ctx.actor, "excel_export", ledger=kind.name, rows=count, posting=posting)
        return count

    def _place(self, session: Session, raw: str | None) -> Place:
        divisions = session.scalars(select(Division).where(live(Division))).all()
        townships = {d.id: d.name for d in divisions if d.level == DivisionLevel.TOWNSHIP}
        scope = self.ctx.scope_code
        if raw:
            found = find_village(session, raw, scope)
            return Place(found.id, found.name, {found.id: found.name}, townships)
        villages = {d.id: d.name for d in divisions if d.level == DivisionLevel.VILLAGE and is_within(d.id, scope)}
        own = next((d.name for d in divisions if d.id == scope), scope)
        return Place(scope, own, villages, townships)

    def _households(self, session: Session, place: Place, *where: Any) -> Iterator[list[Household]]:
        ids = list(session.scalars(select(Household.id).where(
            Household.village_code.in_(place.villages), live(Household), *where)
            .order_by(Household.village_code, Household.household_number, Household.head_name)))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            found = {h.id: h for h in session.scalars(select(Household).where(Household.id.in_(chunk)))}
            yield [found[i] for i in chunk]

    def _members(self, session: Session, ids: list[str]) -> dict[str, list[Any]]:
        """The roster's member columns as plain rows (building ORM objects would cost more than
        writing the ledger), in family order."""
        members: dict[str, list[Any]] = {}
        for member in session.execute(select(*(getattr(Member, c) for c in _MEMBER_COLUMNS)).where(
                Member.household_id.in_(ids), live(Member))):
            members.setdefault(member.household_id, []).append(member)
        for group in members.values():
            group.sort(key=family_order)
        return members

    def _cases(self, session: Session, ids: list[str]) -> dict[str, MonitoringCase]:
        cases: dict[str, MonitoringCase] = {}
        for case in session.scalars(select(MonitoringCase).where(
                MonitoringCase.household_id.in_(ids), live(MonitoringCase))
                .order_by(MonitoringCase.proposed_on)):
            if not case.closed or case.household_id not in cases:
                cases[case.household_id] = case
        return cases

    # --- the ledgers ------------------------------------------------------------------------

    def _roster(self, session: Session, place: Place) -> Ledger:
        """Monitoring objects only (households with an identified case), each with its latest
        identification: category, risk types, dates, elimination, per-capita income and measures."""
        columns = [LedgerColumn("序号", 6), *_household_ledger_columns(_HOUSEHOLD_COLUMNS)] + [
            LedgerColumn(t, w, "监测信息", money=t.startswith("人均")) for t, w in (
                ("监测对象类别", 14), ("识别时间", 12), ("风险类型", 16), ("人均纯收入(元)", 12),
                ("风险状态", 12), ("风险消除时间", 12), ("风险消除方式", 12), ("帮扶措施", 30))] + [
            *_member_ledger_columns()]
        monitored = select(MonitoringCase.household_id).where(
            MonitoringCase.identified_on.is_not(None), live(MonitoringCase))

        def rows() -> Iterator[list[Any]]:
            number = 0
            for households in self._households(session, place, Household.id.in_(monitored)):
                ids = [h.id for h in households]
                members, grids = self._members(session, ids), grid_names_of(session, ids)
                cases, incomes = identified_cases(session, ids), latest_incomes(session, ids)
                measures = measure_names(session, cases)
                for h in households:
                    number += 1
                    case, income = cases[h.id], incomes.get(h.id)
                    group = members.get(h.id, [])
                    base = [number, *_household_cells(place, h, group, grids),
                            case.category, case.identified_on, "、".join(case.risk_types),
                            income.per_capita_income if income else None, case.status, case.eliminated_on,
                            case.elimination_method, "、".join(measures.get(h.id, []))]
                    for m in group:
                        yield [*base, *_member_cells(m)]

        return Ledger("花名册", f"{place.name}防止返贫监测对象花名册", columns, rows())

    def _households_ledger(self, session: Session, place: Place) -> Ledger:
        """Every household of the place with its members (the roster a village keeps of all of them)."""
        columns = [LedgerColumn("序号", 6), *_household_ledger_columns(_HOUSEHOLD_COLUMNS[:9]),
                   *(LedgerColumn(t, w, H) for t, w in (("监测对象类别", 14), ("风险状态", 12))),
                   *_household_ledger_columns(_HOUSEHOLD_COLUMNS[9:]), *_member_ledger_columns()]

        def rows() -> Iterator[list[Any]]:
            number = 0
            for households in self._households(session, place):
                ids = [h.id for h in households]
                members, cases = self._members(session, ids), self._cases(session, ids)
                grids = grid_names_of(session, ids)
                for h in households:
                    number += 1
                    case = cases.get(h.id)
                    group = members.get(h.id, [])
                    cells = _household_cells(place, h, group, grids)
                    base = [number, *cells[:9], case.category if case else "", case.status if case else "",
                            *cells[9:]]
                    for m in group:
                        yield [*base, *_member_cells(m)]

        return Ledger("农户花名册", f"{place.name}农户花名册", columns, rows())

    def _helpers(self, session: Session, place: Place) -> Ledger:
        columns = [LedgerColumn("序号", 6)] + [LedgerColumn(t, w, H, id_number=t == "户主身份证号") for t, w in (
            ("乡镇", 14), ("村", 14), ("户编号", 18), ("户主姓名", 10), ("户主身份证号", 20))] + [
            LedgerColumn(t, w, P) for t, w in (
                ("工作单位", 24), ("隶属关系", 10), ("姓名", 10), ("性别", 6), ("联系电话", 13),
                ("政治面貌", 12), ("帮扶开始日期", 12), ("帮扶结束日期", 12))] + [LedgerColumn("走访次数", 8)]
        rows = []
        for households in self._households(session, place):
            ids = [h.id for h in households]
            by_id = {h.id: h for h in households}
            heads = {m.household_id: m.id_number for m in session.scalars(select(Member).where(
                Member.household_id.in_(ids), Member.relation == "户主", live(Member)))}
            visits: dict[str, list[date]] = {}
            for household_id, day in session.execute(select(Visit.household_id, Visit.visit_date).where(
                    Visit.household_id.in_(ids), live(Visit))):
                visits.setdefault(household_id, []).append(day)
            for a, p in session.execute(select(Assignment, AssistancePerson).join(
                    AssistancePerson, AssistancePerson.id == Assignment.person_id).where(
                    Assignment.household_id.in_(ids), live(Assignment)).order_by(Assignment.start_date)):
                h = by_id[a.household_id]
                seen = sum(1 for d in visits.get(h.id, []) if d >= a.start_date and (not a.end_date or d <= a.end_date))
                rows.append([place.township_of(h.village_code), place.village_of(h.village_code),
                             h.household_number, h.head_name, heads.get(h.id, ""), p.unit, p.unit_relation, p.name,
                             p.sex, p.phone, p.political_status, a.start_date, a.end_date, seen])
        return Ledger("帮扶责任人台账", f"{place.name}帮扶责任人台账", columns,
                      ([n, *r] for n, r in enumerate(rows, start=1)))

    def _measures(self, session: Session, place: Place) -> Ledger:
        columns = [LedgerColumn(t, w) for t, w in (("序号", 6), ("村", 14), ("户编号", 18), ("户主姓名", 10))] + [
            LedgerColumn(t, w, "帮扶措施", money=t == "金额(元)") for t, w in (
                ("措施类别", 16), ("具体措施", 20), ("针对风险", 14), ("开始日期", 12), ("结束日期", 12),
                ("金额(元)", 14), ("状态", 10), ("实施单位", 24))]
        rows = []
        for households in self._households(session, place):
            by_id = {h.id: h for h in households}
            for m in session.scalars(select(Measure).where(Measure.household_id.in_(list(by_id)), live(Measure))
                                     .order_by(Measure.start_date)):
                h = by_id[m.household_id]
                rows.append([place.village_of(h.village_code), h.household_number, h.head_name, m.kind, m.item,
                             m.risk_type, m.start_date, m.end_date, m.amount, m.status, m.provider_unit])
        return Ledger("帮扶措施台账", f"{place.name}帮扶措施台账", columns,
                      ([n, *r] for n, r in enumerate(rows, start=1)))

    def _visits(self, session: Session, place: Place) -> Ledger:
        columns = [LedgerColumn(t, w) for t, w in (
            ("序号", 6), ("村", 14), ("网格", 10), ("户编号", 18), ("户主姓名", 10), ("走访日期", 12), ("走访人", 10),
            ("表单", 14), ("情况摘要", 40), ("状态", 10), ("下次走访日期", 12))]
        rows = []
        for households in self._households(session, place):
            by_id = {h.id: h for h in households}
            grids = grid_names_of(session, list(by_id))
            for v in session.scalars(select(Visit).where(Visit.household_id.in_(list(by_id)), live(Visit))
                                     .order_by(Visit.visit_date)):
                h = by_id[v.household_id]
                rows.append([place.village_of(h.village_code), grids.get(h.id, ""), h.household_number, h.head_name,
                             v.visit_date,
                             v.visitor, v.form_id, v.summary, v.status, v.next_visit_date])
        return Ledger("走访记录", f"{place.name}入户走访记录", columns, ([n, *r] for n, r in enumerate(rows, 1)))

    def _warnings(self, session: Session, place: Place) -> Ledger:
        columns = [LedgerColumn(t, w) for t, w in (("序号", 6), ("村", 14), ("户编号", 18), ("户主姓名", 10))] + [
            LedgerColumn(t, w, "预警") for t, w in (("预警类型", 20), ("预警原因", 36), ("预警日期", 12),
                                                    ("来源部门", 8), ("名单日期", 12))] + [
            LedgerColumn(t, w, "处置") for t, w in (
                ("处置状态", 10), ("处置人", 10), ("处置日期", 12), ("处置情况", 30))]
        rows = []
        for households in self._households(session, place):
            by_id = {h.id: h for h in households}
            for w in session.scalars(select(RiskWarning).where(
                    RiskWarning.household_id.in_(list(by_id)), live(RiskWarning)).order_by(RiskWarning.raised_on)):
                h = by_id[w.household_id]
                rows.append([place.village_of(h.village_code), h.household_number, h.head_name, w.title,
                             w.reason, w.raised_on, w.source, w.source_date, w.status, w.handled_by, w.handled_on,
                             w.handling_note])
        return Ledger("预警处置台账", f"{place.name}预警处置台账", columns,
                      ([n, *r] for n, r in enumerate(rows, start=1)))

    def _voided(self, session: Session, place: Place) -> Ledger:
        """Every member, household and measure voided in the place: what, why, by whom, when."""
        columns = [LedgerColumn(t, w) for t, w in (("序号", 6), ("村", 14), ("户编号", 18), ("户主姓名", 10))] + [
            LedgerColumn(t, w, "作废") for t, w in (
                ("作废事项", 10), ("对象", 24), ("作废原因", 10), ("说明", 30), ("作废人", 10), ("作废日期", 12))]
        rows = ([place.village_of(r.village_code), r.household_number, r.head_name, "作废" + r.kind, r.what,
                 r.reason, r.note, r.voided_by, r.voided_on] for r in voided_in_villages(session, place.villages))
        return Ledger("作废记录台账", f"{place.name}作废记录台账", columns,
                      ([n, *r] for n, r in enumerate(rows, start=1)))

    def _posting(self, session: Session, place: Place) -> Ledger:
        """The cases in posting with their own periods, in the columns app/domain/posting.py allows
        (plus the county's extras from that whitelist)."""
        policy = PolicyService(self.ctx)
        columns = posted.posting_columns(policy.posting_columns())
        days, today = policy.posting_days(), self.ctx.today()
        cases = []
        for case, h in posted_cases(session, place.villages):
            start, end = posted.case_period(case.posting_start, case.posting_end, default_start=today, days=days)
            cases.append(posted.PostedCase(
                township=place.township_of(h.village_code), village=place.village_of(h.village_code),
                group=h.group_name, head_name=h.head_name, procedure=Procedure(case.procedure),
                category=case.category, elimination_method=case.elimination_method,
                member_count=h.member_count, risk_types=tuple(case.risk_types), start=start, end=end))
        widths = {"number": 6, "place": 24, "group": 10, "head": 10, "matter": 10, "category": 16,
                  "period": 26, "member_count": 8, "risks": 20}
        return Ledger("公示名单", f"{place.name}防止返贫监测对象公示名单",
                      [LedgerColumn(c.title, widths[c.key]) for c in columns],
                      (posted.posting_cells(c, n, columns) for n, c in enumerate(cases, start=1)),
                      footer=(posted.objection_text(),))

    def _monthly(self, _session: Session, place: Place) -> list[Ledger]:
        """This month's 月分析, the same sheets and figures as the 报表 page and `fangpin report`."""
        scope = place.code if place.code != self.ctx.scope_code else None
        report = ReportService(self.ctx).build(ReportKind.MONTHLY, f"{self.ctx.today():%Y-%m}", scope)
        return report_ledgers(report)
