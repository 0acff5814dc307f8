"""A report as an Excel workbook, one sheet per table, in the standard ledger layout (title row,
merged headers, frozen panes, widths, A4 print setup) of app/excel/ledger.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.excel.ledger import Ledger, LedgerColumn, write_ledgers
from app.printing.analysis_data import Figures, ReportData, YearChecks, key_figures
from app.printing.data import Count
from app.printing.report_ranking import ranking_headers, ranking_rows
from app.services.reports.definitions import DEFINITIONS

RANKING_RULE = next(d.text for d in DEFINITIONS if d.key == "ranking")


def write_report_xlsx(path: Path, report: ReportData) -> None:
    write_ledgers(path, report_ledgers(report))


def report_ledgers(report: ReportData) -> list[Ledger]:
    """The report's sheets: key figures, places, composition, measures, warnings, months, …"""
    heading = f"{report.place}{report.period_label}{report.title}"
    subtitle = (f"统计期间 {report.start.isoformat()} 至 {report.end.isoformat()}，"
                f"时点数截至 {report.as_of.isoformat()}；打印日期 {report.printed_on.isoformat()}")
    f = report.figures
    sheets = [Ledger("总体情况", heading, [LedgerColumn("项目", 22), LedgerColumn("数值", 60)],
                     [*(("注意", warning) for warning in report.warnings), *key_figures(report)],
                     subtitle=subtitle)]
    if f.places:
        sheets.append(_places(report, f, subtitle))
    sheets.append(Ledger("监测对象构成", f"{heading}：监测对象构成", [
        LedgerColumn("分组", 22), LedgerColumn("项目", 26), LedgerColumn("户数（人数）", 14)],
        _composition(f), subtitle=subtitle))
    sheets.append(Ledger("帮扶措施", f"{heading}：帮扶措施（按类别）", [
        LedgerColumn("措施类别", 20), LedgerColumn("在实施（项）", 12, "期末"), LedgerColumn("涉及户数", 12, "期末"),
        LedgerColumn("新增（项）", 12, "本期"), LedgerColumn("新增金额（元）", 16, "本期", money=True)],
        [[m.kind, m.in_force, m.households, m.started, m.amount] for m in f.measures], subtitle=subtitle))
    sheets.append(Ledger("风险预警", f"{heading}：风险预警", [
        LedgerColumn("预警类型", 28), LedgerColumn("本期产生", 12), LedgerColumn("已处置", 12),
        LedgerColumn("待处置", 12)], [[w.title, w.raised, w.handled, w.pending] for w in f.warnings],
        subtitle=subtitle,
        footer=(f"本期处置（不论何时产生）{f.warnings_handled} 条；期末待处置 {f.warnings_open} 条。",)))
    if report.months:
        sheets.append(Ledger("分月情况", f"{heading}：分月情况", [
            LedgerColumn("月份", 10), LedgerColumn("新识别", 10), LedgerColumn("风险消除", 10),
            LedgerColumn("走访次数", 10, "入户走访"), LedgerColumn("应访户", 10, "入户走访"),
            LedgerColumn("按期已访", 10, "入户走访"), LedgerColumn("产生预警", 10)],
            [[m.label, m.identified, m.eliminated, m.visits_done, m.visits_due, m.due_visited, m.warnings_raised]
             for m in report.months], subtitle=subtitle))
    if report.kind == "quarterly":
        sheets.append(_attention(report, heading, subtitle))
    if report.year is not None:
        sheets.append(_poor(report.year, heading))
    if report.ranking:
        kind = f.place_kind
        sheets.append(Ledger(f"分{kind}考核排名", f"{heading}：分{kind}考核排名",
                             [LedgerColumn(title, 8 if n == 0 else 16 if n == 1 else 22)
                              for n, title in enumerate(ranking_headers(kind))],
                             ranking_rows(report.ranking), subtitle=subtitle,
                             footer=("判断规则：" + RANKING_RULE,)))
    return sheets


def _poor(checks: YearChecks, heading: str) -> Ledger:
    rows = [[group, p.village, p.household_number, p.head_name, p.household_type, p.per_capita_income, p.unmet]
            for group, lines in (("应纳未纳", checks.not_taken_in), ("已在监测", checks.returned))
            for p in lines]
    others = len(checks.below_standard) - checks.returned_to_poverty
    footer = ["无返贫致贫农户。"] if not rows else []
    if others:
        footer.append(f"另有人均纯收入低于贫困标准、但两不愁三保障和饮水安全均未记录为未保障的农户 {others} 户。")
    return Ledger("返贫致贫监测", f"{heading}：{checks.income_year}年返贫致贫核查", [
        LedgerColumn("分类", 10), LedgerColumn("村", 16), LedgerColumn("户编号", 22), LedgerColumn("户主", 10),
        LedgerColumn("户类型", 16), LedgerColumn("人均纯收入（元）", 16, money=True), LedgerColumn("未保障", 20)],
        rows, subtitle=f"返贫致贫：{checks.definition}；贫困标准 {checks.poverty_standard:.2f} 元；"
        f"登记了{checks.income_year}年收入的农户 {checks.households_with_income} 户", footer=tuple(footer))


def _places(report: ReportData, f: Figures, subtitle: str) -> Ledger:
    kind = f.place_kind
    rows: list[list[Any]] = [[p.name, p.households, p.monitored, p.identified, p.eliminated, p.visits_due,
                              p.due_visited, p.overdue, p.warnings_raised, p.with_helper] for p in f.places]
    rows.append(["合计", *(sum(row[i] for row in rows) for i in range(1, 10))])
    return Ledger(f"分{kind}情况", f"{report.place}{report.period_label}{report.title}：分{kind}情况", [
        LedgerColumn(kind, 16), LedgerColumn("农户", 9), LedgerColumn("在监测", 9, "监测对象"),
        LedgerColumn("本期识别", 9, "监测对象"), LedgerColumn("本期消除", 9, "监测对象"),
        LedgerColumn("应访户次", 9, "入户走访"), LedgerColumn("按期已访", 9, "入户走访"),
        LedgerColumn("逾期户", 9, "入户走访"), LedgerColumn("本期预警", 9), LedgerColumn("有帮扶责任人", 12)],
        rows, subtitle=subtitle)


def _composition(f: Figures) -> list[list[Any]]:
    rows: list[list[Any]] = []

    def group(title: str, counts: tuple[Count, ...]) -> None:
        rows.extend([title, c.label, c.value] for c in counts)

    group("在监测户（按类别）", f.monitored_by_category)
    group("在监测人口（按类别）", f.monitored_people_by_category)
    group("正在办理（按程序和阶段）", f.in_procedure_by_stage)
    group("本期识别纳入（按类别）", f.identified_by_category)
    group("本期风险消除（按方式）", f.eliminated_by_method)
    group("风险类型（在监测户，可多项）", f.risk_types)
    group("主要风险（在监测户）", f.main_risks)
    return rows


def _attention(report: ReportData, heading: str, subtitle: str) -> Ledger:
    rows = []
    for village in report.attention:
        for item in village.items:
            rows.append([village.name, item.household_number, item.head_name, item.phone, item.status,
                         "；".join(r.text for r in item.reasons)])
    return Ledger("需关注农户", f"{heading}：需关注农户", [
        LedgerColumn("序号", 6), LedgerColumn("村", 14), LedgerColumn("户编号", 22), LedgerColumn("户主", 10),
        LedgerColumn("联系电话", 14), LedgerColumn("状态", 20), LedgerColumn("关注原因", 80)],
        ([n, *row] for n, row in enumerate(rows, start=1)), subtitle=subtitle,
        footer=("判断规则：" + " ".join(report.notes),) if report.notes else ())
