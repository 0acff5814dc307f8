"""warnings, stats, report monthly."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.cli.print_commands import year_month
from app.cli.zh_argparse import ChineseParser
from app.domain.errors import UserFacingError
from app.services import printouts
from app.services.printouts import DocumentKind, PrintRequest, write_document
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

    report = commands.add_parser("report", help="报表（月分析）",
                                 description="乡镇、县用的统计报表。")
    kinds = report.add_subparsers(title="报表", metavar="报表", parser_class=ChineseParser)
    monthly = kinds.add_parser(
        "monthly", help="月分析：监测对象、当月识别和消除、消除风险率、走访、预警、帮扶覆盖",
        description="一个月的月分析。默认在终端列出；--json 输出全部数字；--out 写成 PDF（含图表）。")
    add_db(monthly)
    monthly.add_argument("--period", required=True, type=year_month, metavar="YYYY-MM", help="月份，如 2026-11")
    output = monthly.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="以 JSON 输出，便于脚本处理")
    output.add_argument("--out", type=Path, metavar="文件.pdf", help="写成 PDF 文件")
    monthly.set_defaults(handler=cmd_report_monthly)


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
    print(f"农户 {stats.households} 户，{stats.members} 人；待处置预警 {stats.open_warnings} 条；"
          f"走访逾期 {stats.overdue_visits} 户。")
    print()
    print_table(["监测类别", "户数"], sorted(stats.monitored_by_category.items()))
    print()
    print_table(["风险状态", "户数"], sorted(stats.by_status.items()))
    if stats.in_procedure_by_stage:
        print()
        print_table(["办理中（阶段）", "户数"], sorted(stats.in_procedure_by_stage.items()))
    if stats.eliminated_by_method:
        print()
        print_table(["消除方式", "户数"], sorted(stats.eliminated_by_method.items()))
    print()
    print_table(["村代码", "村", "农户", "监测户", "办理中", "走访逾期"],
                [(v.code, v.name, v.households, v.monitored, v.in_procedure, v.overdue_visits)
                 for v in stats.villages])


def cmd_report_monthly(args: argparse.Namespace) -> int:
    if args.out is not None and args.out.suffix.lower() != ".pdf":
        raise UserFacingError(f"报表文件“{args.out}”应以 .pdf 结尾"
                              "（Excel 月分析表用 fangpin excel export --ledger 月分析）。")
    ctx = open_ctx(args)
    try:
        if args.out is not None:
            result = write_document(ctx, PrintRequest(DocumentKind.MONTHLY, month=args.period), args.out)
            print(result.message)
            return 0
        data = printouts.monthly(ctx, args.period)
    finally:
        ctx.db.close()
    figures = {**asdict(data), "monitored": data.monitored, "elimination_rate": data.elimination_rate}
    if args.json:
        print_json(figures)
        return 0
    rate = f"{data.elimination_rate:.1%}" if data.elimination_rate is not None else "—"
    print(f"{data.place} {data.month:%Y年%m月} 月分析")
    print_table(["项目", "数"], [
        ("农户", data.households), ("人口", data.members), ("监测对象（户）", data.monitored),
        ("当月识别纳入", sum(c.value for c in data.identified_by_category)),
        ("当月风险消除", sum(c.value for c in data.eliminated_by_method)),
        ("累计风险消除", data.eliminated_total), ("消除风险率", rate),
        ("当月走访（次）", data.visits_done), ("当月走访农户", data.households_visited),
        ("走访逾期农户", data.overdue_visits), ("有帮扶责任人的监测户", data.monitored_with_helper)])
    return 0
