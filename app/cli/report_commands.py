"""warnings, stats."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
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
