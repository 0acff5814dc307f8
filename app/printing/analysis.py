"""月分析, 季调度 and 年考核 as PDF: key figures, the tables behind them and bar charts, portrait
A4 in the shared report frame, the CJK font embedded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.printing.analysis_data import Figures, PoorIncome, ReportData, key_figures, percent
from app.printing.chart import bar_chart
from app.printing.data import Count
from app.printing.flow import Column, Flow
from app.printing.report import Heading, Report
from app.printing.report_ranking import draw_ranking

TITLE = "防止返贫动态监测和帮扶工作"
FACTS = (Column("", 1.25), Column("", 1.6), Column("", 1.25), Column("", 1.6))
COUNTS = (Column("项目", 2.4), Column("户数", 1.0, "right"), Column("占比", 1.0, "right"))
WARNINGS = (Column("预警类型", 2.6), Column("本期产生", 1.0, "right"),
            Column("已处置", 1.0, "right"), Column("待处置", 1.0, "right"))
MEASURES = (Column("措施类别", 2.2), Column("期末在实施（项）", 1.2, "right"), Column("涉及户数", 0.9, "right"),
            Column("本期新增（项）", 1.1, "right"), Column("本期新增金额（元）", 1.4, "right"))
MONTHS = (Column("月份", 0.8), Column("新识别", 0.8, "right"), Column("风险消除", 0.8, "right"),
          Column("走访次数", 0.8, "right"), Column("应访户", 0.8, "right"), Column("按期已访", 0.8, "right"),
          Column("产生预警", 0.8, "right"))
ATTENTION = (Column("户编号", 1.9), Column("户主", 0.8), Column("联系电话", 1.2), Column("状态", 1.5),
             Column("关注原因", 4.2))
POOR = (Column("村", 1.2), Column("户编号", 1.8), Column("户主", 0.8), Column("户类型", 1.3),
        Column("人均纯收入（元）", 1.2, "right"), Column("未保障", 1.4))


def write_report(path: Path, data: ReportData) -> None:
    report = Report(path, Heading(TITLE + data.title, data.place, data.printed_on,
                                  note=f"统计期间：{data.period_label}（时点数截至 {data.as_of.isoformat()}）"))
    flow = report.flow
    figures = data.figures
    sections = iter("一二三四五六七八")
    for warning in data.warnings:
        flow.paragraph(f"注意：{warning}", size=10)
    flow.heading(f"{next(sections)}、总体情况")
    pairs = key_figures(data)
    rows = [[*pairs[i], *(pairs[i + 1] if i + 1 < len(pairs) else ("", ""))] for i in range(0, len(pairs), 2)]
    flow.table(FACTS, rows, size=9, header=False, shaded=frozenset({0, 2}))
    flow.paragraph(_summary(data), size=10)
    _composition(flow, f"{next(sections)}、监测对象构成", figures, data.period_label)
    if figures.places:
        report.section = f"分{figures.place_kind}情况"
        _places(flow, f"{next(sections)}、分{figures.place_kind}情况", figures, data.period_label)
    report.section = "帮扶措施"
    _measures(flow, f"{next(sections)}、帮扶措施", figures)
    report.section = "风险预警"
    _warnings(flow, f"{next(sections)}、风险预警", figures)
    if data.months:
        report.section = "分月情况"
        _months(flow, f"{next(sections)}、分月情况", data)
    if data.kind == "quarterly":
        report.section = "需关注农户"
        _attention(flow, f"{next(sections)}、需关注农户", data, report)
    if data.year is not None:
        report.section = "返贫致贫监测"
        _poor(flow, f"{next(sections)}、返贫致贫监测", data)
    if data.ranking:
        report.section = f"分{figures.place_kind}考核排名"
        draw_ranking(flow, f"{next(sections)}、分{figures.place_kind}考核排名", data.ranking, figures.place_kind)
    report.close()


def _summary(data: ReportData) -> str:
    f = data.figures
    parts = [f"　　截至 {data.as_of.isoformat()}，共有在监测户 {f.monitored:,} 户 {f.monitored_people:,} 人"]
    if f.monitored_by_category:
        top = f.monitored_by_category[0]
        parts.append(f"，以{top.label}为主（{top.value:,} 户）")
    parts.append(f"；{data.period_label}新识别纳入 {f.identified:,} 户，风险消除 {f.eliminated:,} 户，"
                 f"累计消除风险率按户 {percent(f.elimination_rate)}、按人 {percent(f.elimination_rate_people)}。")
    if f.visits_due:
        parts.append(f"应走访 {f.visits_due:,} 户次，按期走访 {f.due_visited:,} 户次（{percent(f.visit_rate)}）。")
    if f.overdue:
        parts.append(f"有 {f.overdue:,} 户走访逾期，请督促网格员尽快入户。")
    uncovered = f.monitored - f.with_helper
    if uncovered > 0:
        parts.append(f"有 {uncovered:,} 户监测户尚未落实帮扶责任人。")
    return "".join(parts)


def _composition(flow: Flow, title: str, f: Figures, period: str) -> None:
    flow.heading(title, keep_with=80)
    flow.ensure(40)
    flow.paragraph("在监测户（按监测类别）", size=10)
    if f.monitored_by_category:
        people = {c.label: c.value for c in f.monitored_people_by_category}
        columns = (Column("监测类别", 2.4), Column("户数", 1.0, "right"), Column("人数", 1.0, "right"),
                   Column("占比（户）", 1.0, "right"))
        rows = [[c.label, f"{c.value:,}", f"{people.get(c.label, 0):,}", percent(c.value / f.monitored)]
                for c in f.monitored_by_category]
        rows.append(["合计", f"{f.monitored:,}", f"{f.monitored_people:,}", "100.0%"])
        flow.table(columns, rows)
    else:
        flow.paragraph("没有在监测户。", size=9.5, indent=12)
    _counts(flow, "正在办理的程序（按阶段）", f.in_procedure_by_stage, "没有正在办理的程序。")
    _counts(flow, f"{period}新识别纳入（按监测类别）", f.identified_by_category, "本期没有新识别纳入的监测对象。")
    _counts(flow, f"{period}风险消除（按消除方式）", f.eliminated_by_method, "本期没有标注风险消除的监测对象。")
    _counts(flow, "风险类型（在监测户，一户可有多项）", f.risk_types, "无。", share=False)


def _places(flow: Flow, title: str, f: Figures, period: str) -> None:
    kind = f.place_kind
    flow.heading(title, keep_with=190)
    names = [p.name for p in f.places]
    bar_chart(flow, f"各{kind}监测对象（{period}）", names,
              [("在监测户", [p.monitored for p in f.places]), ("本期新识别", [p.identified for p in f.places]),
               ("本期风险消除", [p.eliminated for p in f.places]),
               ("有帮扶责任人", [p.with_helper for p in f.places])], height=175)
    bar_chart(flow, f"各{kind}入户走访（{period}）", names,
              [("应访户次", [p.visits_due for p in f.places]), ("按期已访", [p.due_visited for p in f.places]),
               ("走访逾期户", [p.overdue for p in f.places])], height=165)
    columns = (Column(kind, 1.5), Column("农户", 0.8, "right"), Column("在监测", 0.8, "right"),
               Column("本期识别", 0.8, "right"), Column("本期消除", 0.8, "right"), Column("应访户次", 0.8, "right"),
               Column("按期已访", 0.8, "right"), Column("逾期户", 0.8, "right"), Column("本期预警", 0.8, "right"),
               Column("有帮扶人", 0.8, "right"))
    fields = ("households", "monitored", "identified", "eliminated", "visits_due", "due_visited", "overdue",
              "warnings_raised", "with_helper")
    rows = [[p.name, *(f"{getattr(p, name):,}" for name in fields)] for p in f.places]
    rows.append(["合计", *(f"{sum(getattr(p, name) for p in f.places):,}" for name in fields)])
    flow.table(columns, rows)


def _measures(flow: Flow, title: str, f: Figures) -> None:
    flow.heading(title, keep_with=190)
    bar_chart(flow, "帮扶措施（按类别）", [m.kind for m in f.measures],
              [("期末在实施", [m.in_force for m in f.measures]), ("本期新增", [m.started for m in f.measures])],
              height=170)
    rows = [[m.kind, f"{m.in_force:,}", f"{m.households:,}", f"{m.started:,}", f"{m.amount:,.2f}"]
            for m in f.measures]
    rows.append(["合计", f"{sum(m.in_force for m in f.measures):,}", "", f"{sum(m.started for m in f.measures):,}",
                 f"{sum(m.amount for m in f.measures):,.2f}"])
    flow.table(MEASURES, rows)


def _warnings(flow: Flow, title: str, f: Figures) -> None:
    flow.heading(title, keep_with=60)
    if f.warnings:
        rows = [[w.title, f"{w.raised:,}", f"{w.handled:,}", f"{w.pending:,}"] for w in f.warnings]
        rows.append(["合计", *(f"{sum(getattr(w, n) for w in f.warnings):,}"
                               for n in ("raised", "handled", "pending"))])
        flow.table(WARNINGS, rows)
    else:
        flow.paragraph("本期没有产生新的风险预警。")
    flow.paragraph(f"本期处置预警（不论何时产生）{f.warnings_handled:,} 条；"
                   f"期末待处置 {f.warnings_open:,} 条。", size=9.5)


def _months(flow: Flow, title: str, data: ReportData) -> None:
    flow.heading(title, keep_with=190)
    labels = [m.label for m in data.months]
    bar_chart(flow, f"{data.period_label}分月情况", labels,
              [("新识别", [m.identified for m in data.months]), ("风险消除", [m.eliminated for m in data.months]),
               ("应访户", [m.visits_due for m in data.months]), ("按期已访", [m.due_visited for m in data.months])],
              height=170)
    fields = ("identified", "eliminated", "visits_done", "visits_due", "due_visited", "warnings_raised")
    rows = [[m.label, *(f"{getattr(m, name):,}" for name in fields)] for m in data.months]
    rows.append(["合计", *(f"{sum(getattr(m, name) for m in data.months):,}" for name in fields)])
    flow.table(MONTHS, rows)


def _attention(flow: Flow, title: str, data: ReportData, report: Report) -> None:
    flow.heading(title, keep_with=80)
    _counts(flow, "需关注农户（按原因，一户可有多项）", data.attention_summary, "无。", share=False)
    for note in data.notes:
        flow.paragraph(note, size=8.5, indent=12)
    if not data.attention:
        flow.paragraph("没有需要关注的农户。")
        return
    for village in data.attention:
        report.section = village.name
        flow.ensure(60)
        flow.paragraph(f"{village.name}（{len(village.items)} 户）", size=10.5)
        flow.table(ATTENTION, [[i.household_number, i.head_name, i.phone, i.status,
                                "\n".join(f"{n}. {r.text}" for n, r in enumerate(i.reasons, start=1))]
                               for i in village.items], size=8.5)


def _poor(flow: Flow, title: str, data: ReportData) -> None:
    checks = data.year
    assert checks is not None
    flow.heading(title, keep_with=60)
    flow.paragraph(f"{checks.income_year}年登记收入的农户 {checks.households_with_income:,} 户；贫困标准 "
                   f"{checks.poverty_standard:,.2f} 元。按政策，返贫致贫指{checks.definition}。", size=10)
    if not checks.returned_to_poverty:
        flow.paragraph("没有符合返贫致贫定义的农户：未发生返贫致贫。", size=10)
    if checks.not_taken_in:
        flow.paragraph(f"应纳未纳：符合定义但尚未纳入监测的农户 {len(checks.not_taken_in):,} 户，"
                       "须逐户核实并及时纳入监测帮扶：", size=10)
        flow.table(POOR, _poor_rows(checks.not_taken_in))
    if checks.returned:
        flow.paragraph(f"已在监测中的返贫致贫户 {len(checks.returned):,} 户：", size=10)
        flow.table(POOR, _poor_rows(checks.returned))
    others = len(checks.below_standard) - checks.returned_to_poverty
    if others:
        flow.paragraph(f"另有人均纯收入低于贫困标准、但两不愁三保障和饮水安全均未记录为未保障的农户 {others:,} 户，"
                       "请入户核实。", size=10)


def _poor_rows(lines: Sequence[PoorIncome]) -> list[list[str]]:
    return [[p.village, p.household_number, p.head_name, p.household_type, f"{p.per_capita_income:,.2f}",
             p.unmet or "—"] for p in lines]


def _counts(flow: Flow, title: str, counts: Sequence[Count], empty: str, share: bool = True) -> None:
    flow.ensure(40)
    flow.paragraph(title, size=10)
    if not counts:
        flow.paragraph(empty, size=9.5, indent=12)
        return
    total = sum(c.value for c in counts)
    if share:
        rows = [[c.label, f"{c.value:,}", percent(c.value / total if total else None)] for c in counts]
        rows.append(["合计", f"{total:,}", "100.0%"])
        flow.table(COUNTS, rows)
    else:
        flow.table(COUNTS[:2], [[c.label, f"{c.value:,}"] for c in counts])
