"""warnings, stats, report monthly|quarterly|yearly."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.cli.zh_argparse import ChineseParser
from app.domain.errors import UserFacingError
from app.printing.analysis_data import ReportData, key_figures, percent
from app.services.reports import OUTPUTS, ReportKind, ReportService, report_dict
from app.services.reports.period import EXAMPLES
from app.services.stats import Stats, StatsService
from app.services.warnings import WarningService


def register(commands: argparse._SubParsersAction) -> None:
    warnings = commands.add_parser(
        "warnings", help="列出待处置的预警",
        description="列出待处置的返贫致贫风险预警；--evaluate 先按当前阈值重新检查全部农户。")
    add_db(warnings)
    warnings.add_argument("--evaluate", action="store_true", help="先对全部农户重新运行预警规则")
    warnings.add_argument("--all", action="store_true", help="也列出已处置、已排除的预警")
    add_json(warnings)
    warnings.set_defaults(handler=cmd_warnings)

    stats = commands.add_parser("stats", help="统计概况",
                                description="按监测类别、状态、程序阶段和村统计农户。")
    add_db(stats)
    add_json(stats)
    stats.set_defaults(handler=cmd_stats)

    report = commands.add_parser("report", help="报表：月分析、季调度、年考核",
                                 description="乡镇、县用的统计报表：按村、乡镇或县，计算到统计期末。")
    kinds = report.add_subparsers(title="报表", metavar="报表", parser_class=ChineseParser)
    for kind, help_text in (
            (ReportKind.MONTHLY,
             "月分析：监测对象、当月识别和消除、消除风险率、风险类型、帮扶措施、走访、预警、帮扶覆盖"),
            (ReportKind.QUARTERLY, "季调度：本季度情况和需关注农户名单（逐户列出原因，按村分组）"),
            (ReportKind.YEARLY, "年考核：全年识别、消除、消除风险率、走访、措施、覆盖和返贫致贫核查")):
        parser = kinds.add_parser(
            kind.value, help=help_text,
            description=f"{help_text}。默认在终端列出；--json 输出全部数字；--out 写成 PDF（含图表）或 Excel。")
        add_db(parser)
        parser.add_argument("--period", required=True, metavar=kind.period_format,
                            help=f"统计期间，如 {EXAMPLES[kind]}")
        parser.add_argument("--scope", metavar="区划代码",
                            help="村、乡镇或县的区划代码（默认本数据库的全部范围）")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="以 JSON 输出，便于脚本处理")
        output.add_argument("--out", type=Path, metavar="文件.pdf|文件.xlsx", help="写成 PDF 或 Excel 文件")
        parser.set_defaults(handler=cmd_report, report_kind=kind)


def cmd_warnings(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    service = WarningService(ctx)
    raised = service.evaluate_all() if args.evaluate else None
    rows = service.listing(open_only=not args.all)
    ctx.db.close()
    if args.json:
        print_json({"raised": raised, "warnings": rows} if raised is not None else rows)
        return 0
    if raised is not None:
        print(f"重新检查完毕，新增预警 {raised} 条。")
    print_table(["日期", "村", "户主", "预警", "原因", "状态", "已过天数"],
                [(r.raised_on, r.village_name, r.head_name, r.title, r.reason, r.status,
                  r.age_days) for r in rows])
    print(f"共 {len(rows)} 条")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    stats = StatsService(ctx).overview()
    ctx.db.close()
    if args.json:
        print_json(asdict(stats))
    else:
        print_stats(stats)
    return 0


def print_stats(stats: Stats) -> None:
    if stats.line_warning:
        print(f"注意：{stats.line_warning}")
    print(f"农户 {stats.households} 户，{stats.members} 人；在监测户 {stats.monitored} 户 {stats.monitored_people} 人；"
          f"正在办理 {stats.in_procedure} 件；待处置预警 {stats.open_warnings} 条；"
          f"走访逾期户 {stats.overdue_visits} 户。")
    print(f"累计识别纳入 {stats.identified_total} 户 {stats.identified_people} 人，累计风险消除 "
          f"{stats.eliminated_total} 户 {stats.eliminated_people} 人；消除风险率按户 "
          f"{percent(stats.elimination_rate)}、按人 {percent(stats.elimination_rate_people)}。")
    print()
    print_table(["监测类别", "户数"], sorted(stats.monitored_by_category.items()))
    print()
    print_table(["风险状态", "户数"], sorted(stats.by_status.items()))
    if stats.in_procedure_by_stage:
        print()
        print_table(["正在办理（程序·阶段）", "件数"], sorted(stats.in_procedure_by_stage.items()))
    if stats.eliminated_by_method:
        print()
        print_table(["消除方式", "户数"], sorted(stats.eliminated_by_method.items()))
    print()
    print_table(["村代码", "村", "农户", "在监测户", "正在办理", "走访逾期户"],
                [(v.code, v.name, v.households, v.monitored, v.in_procedure, v.overdue_visits)
                 for v in stats.villages])


def cmd_report(args: argparse.Namespace) -> int:
    kind: ReportKind = args.report_kind
    if args.out is not None and args.out.suffix.lower() not in OUTPUTS:
        raise UserFacingError(f"报表文件“{args.out}”应以 .pdf 或 .xlsx 结尾。")
    ctx = open_ctx(args)
    try:
        service = ReportService(ctx)
        report = service.build(kind, args.period, args.scope)
        if args.out is not None:
            service.write(report, args.out)
            print(f"已生成{report.place}{report.period_label}{report.title}：{args.out}")
            return 0
    finally:
        ctx.db.close()
    if args.json:
        print_json(report_dict(report))
        return 0
    print_report(report)
    return 0


def print_report(report: ReportData) -> None:
    figures = report.figures
    for warning in report.warnings:
        print(f"注意：{warning}")
    print(f"{report.place} {report.period_label}{report.title}（时点数截至 {report.as_of.isoformat()}）")
    print_table(["项目", "数"], key_figures(report))
    if figures.places:
        print()
        print_table([figures.place_kind, "农户", "在监测", "本期识别", "本期消除", "应访户次", "按期已访", "逾期户",
                     "本期预警", "有帮扶人"],
                    [(p.name, p.households, p.monitored, p.identified, p.eliminated, p.visits_due, p.due_visited,
                      p.overdue, p.warnings_raised, p.with_helper) for p in figures.places])
    print()
    print_table(["帮扶措施", "期末在实施", "涉及户数", "本期新增"],
                [(m.kind, m.in_force, m.households, m.started) for m in figures.measures])
    if report.months:
        print()
        print_table(["月份", "新识别", "风险消除", "走访次数", "应访户", "按期已访", "产生预警"],
                    [(m.label, m.identified, m.eliminated, m.visits_done, m.visits_due, m.due_visited,
                      m.warnings_raised) for m in report.months])
    if report.kind == ReportKind.QUARTERLY:
        print()
        rows = [(v.name, i.household_number, i.head_name, i.status, "；".join(r.text for r in i.reasons))
                for v in report.attention for i in v.items]
        print_table(["村", "户编号", "户主", "状态", "关注原因"], rows)
        print(f"需关注农户共 {len(rows)} 户")
    if report.year is not None and report.year.returned_to_poverty:
        print()
        print(f"返贫致贫：{report.year.definition}")
        print_table(["分类", "村", "户编号", "户主", "户类型", "人均纯收入", "未保障"],
                    [(group, p.village, p.household_number, p.head_name, p.household_type,
                      f"{p.per_capita_income:.2f}", p.unmet)
                     for group, lines in (("应纳未纳", report.year.not_taken_in), ("已在监测", report.year.returned))
                     for p in lines])
