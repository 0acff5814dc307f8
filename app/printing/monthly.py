"""月度分析: the monthly analysis report — key figures, the tables behind them and a chart of
the villages (or townships), portrait A4 in the shared report frame."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.printing.chart import bar_chart
from app.printing.data import Count, MonthlyData
from app.printing.flow import Column, Flow
from app.printing.report import Heading, Report

TITLE = "防止返贫动态监测和帮扶工作月度分析"
FACTS = (Column("", 1.3), Column("", 1.0, "right"), Column("", 1.3), Column("", 1.0, "right"))
COUNTS = (Column("项目", 2.4), Column("户数", 1.0, "right"), Column("占比", 1.0, "right"))
WARNINGS = (Column("预警类型", 2.6), Column("本月产生", 1.0, "right"),
            Column("已处置", 1.0, "right"), Column("待处置", 1.0, "right"))


def write_monthly(path: Path, data: MonthlyData) -> None:
    month = f"{data.month.year}年{data.month.month}月"
    report = Report(path, Heading(TITLE, data.place, data.printed_on, note=f"统计月份：{month}"))
    flow = report.flow
    flow.heading("一、总体情况")
    flow.table(FACTS, _facts(data), size=9.5, header=False, shaded=frozenset({0, 2}))
    flow.paragraph(_summary(data, month), size=10)
    flow.heading("二、监测对象构成", keep_with=80)
    _counts(flow, "监测类别（在监测户）", data.monitored_by_category)
    _counts(flow, "风险状态（全部监测对象）", data.by_status)
    if data.in_procedure_by_stage:
        _counts(flow, "正在办理的程序（按阶段）", data.in_procedure_by_stage)
    flow.heading(f"三、{month}识别纳入与风险消除", keep_with=60)
    _counts(flow, "新识别纳入（按监测类别）", data.identified_by_category,
            empty="本月没有新识别纳入的监测对象。")
    _counts(flow, "风险消除（按消除方式）", data.eliminated_by_method,
            empty="本月没有标注风险消除的监测对象。")
    kind = data.place_kind
    flow.heading(f"四、分{kind}情况", keep_with=190)
    if data.places:
        names = [p.name for p in data.places]
        bar_chart(flow, f"各{kind}监测对象（{month}）", names,
                  [("在监测户", [p.monitored for p in data.places]),
                   ("办理中", [p.in_procedure for p in data.places]),
                   ("本月新识别", [p.identified for p in data.places]),
                   ("本月风险消除", [p.eliminated for p in data.places])], height=175)
        bar_chart(flow, f"各{kind}入户走访（{month}）", names,
                  [("本月走访户", [p.visited for p in data.places]),
                   ("走访逾期户", [p.overdue for p in data.places])], height=165)
        columns = (Column(kind, 1.5), Column("农户", 0.8, "right"), Column("在监测", 0.8, "right"),
                   Column("办理中", 0.8, "right"), Column("本月识别", 0.8, "right"),
                   Column("本月消除", 0.8, "right"), Column("本月走访户", 0.95, "right"),
                   Column("走访逾期", 0.8, "right"))
        rows = [[p.name, str(p.households), str(p.monitored), str(p.in_procedure), str(p.identified),
                 str(p.eliminated), str(p.visited), str(p.overdue)] for p in data.places]
        rows.append(["合计", *(str(sum(getattr(p, f) for p in data.places)) for f in (
            "households", "monitored", "in_procedure", "identified", "eliminated", "visited",
            "overdue"))])
        flow.table(columns, rows)
    else:
        flow.paragraph("暂无农户数据。")
    flow.heading(f"五、{month}风险预警", keep_with=60)
    if data.warnings:
        rows = [[w.title, str(w.raised), str(w.handled), str(w.pending)] for w in data.warnings]
        rows.append(["合计", *(str(sum(getattr(w, f) for w in data.warnings))
                             for f in ("raised", "handled", "pending"))])
        flow.table(WARNINGS, rows)
    else:
        flow.paragraph("本月没有产生新的风险预警。")
    report.close()


def _facts(data: MonthlyData) -> list[list[str]]:
    monitored = data.monitored
    identified = sum(c.value for c in data.identified_by_category)
    eliminated = sum(c.value for c in data.eliminated_by_method)
    pending = sum(w.pending for w in data.warnings)
    return [
        ["农户总数", f"{data.households:,} 户", "人口总数", f"{data.members:,} 人"],
        ["在监测户", f"{monitored:,} 户", "累计风险消除", f"{data.eliminated_total:,} 户"],
        ["本月新识别纳入", f"{identified:,} 户", "本月风险消除", f"{eliminated:,} 户"],
        ["消除风险率", _percent(data.elimination_rate), "帮扶责任人覆盖率",
         _percent(data.monitored_with_helper / monitored if monitored else None)],
        ["本月走访", f"{data.visits_done:,} 次 / {data.households_visited:,} 户", "走访逾期",
         f"{data.overdue_visits:,} 户"],
        ["本月产生预警", f"{sum(w.raised for w in data.warnings):,} 条", "其中待处置",
         f"{pending:,} 条"],
    ]


def _summary(data: MonthlyData, month: str) -> str:
    top = data.monitored_by_category[0] if data.monitored_by_category else None
    parts = [f"　　截至打印日，共有在监测户 {data.monitored:,} 户"]
    if top:
        parts.append(f"，以{top.label}为主（{top.value:,} 户）")
    parts.append(f"；{month}新识别纳入 {sum(c.value for c in data.identified_by_category):,} 户，"
                 f"风险消除 {sum(c.value for c in data.eliminated_by_method):,} 户，"
                 f"入户走访 {data.households_visited:,} 户。")
    if data.overdue_visits:
        parts.append(f"目前有 {data.overdue_visits:,} 户走访逾期，请督促网格员尽快入户。")
    uncovered = data.monitored - data.monitored_with_helper
    if uncovered > 0:
        parts.append(f"有 {uncovered:,} 户监测户尚未落实帮扶责任人。")
    return "".join(parts)


def _counts(flow: Flow, title: str, counts: Sequence[Count], empty: str = "无。") -> None:
    flow.ensure(40)
    flow.paragraph(title, size=10)
    if not counts:
        flow.paragraph(empty, size=9.5, indent=12)
        return
    total = sum(c.value for c in counts)
    rows = [[c.label, f"{c.value:,}", _percent(c.value / total if total else None)] for c in counts]
    rows.append(["合计", f"{total:,}", "100.0%" if total else "—"])
    flow.table(COUNTS, rows)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
