"""national export / mark-entered: hand the county's records to the national monitoring system."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx, typed_date
from app.services.households import HouseholdService
from app.services.national.export import NationalExportService
from app.services.national.importing import NationalImportService
from app.services.national.reconcile import ReconcileService


def register(commands: argparse._SubParsersAction) -> None:
    national = commands.add_parser("national", help="与全国防返贫监测信息系统交换数据")
    actions = national.add_subparsers(title="操作", metavar="操作", parser_class=type(national))

    export = actions.add_parser(
        "export", help="按全国系统信息采集表的字段顺序导出新识别、风险消除、帮扶措施和年度收入",
        description="例：fangpin national export --db 县.db --pending --out 待录入.xlsx。"
                    "每名成员一行，户的信息在每行重复，“本次变更内容”说明要录入什么；"
                    "录入全国系统后用 fangpin national mark-entered 确认，下次 --pending 只导出仍未录入的内容。")
    add_db(export)
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--since", type=typed_date, metavar="YYYY-MM-DD", help="导出此日期以来的识别、消除、措施和收入")
    which.add_argument("--pending", action="store_true", help="导出尚未确认录入全国系统的内容")
    export.add_argument("--out", required=True, type=Path, metavar="文件.xlsx", help="导出的 Excel 文件")
    export.add_argument("--template", type=Path, metavar="模板.json",
                        help="本县的全国系统信息采集表模板（默认用程序自带的）")
    add_json(export)
    export.set_defaults(handler=cmd_export)

    load = actions.add_parser(
        "import", help="从全国系统导出的户成员信息导入：按身份证号新增或更新户和成员，监测记录和措施作为历史导入",
        description="例：fangpin national import --db 县.db 全国系统导出.xlsx --dry-run --report 报告.xlsx。"
                    "户按户编号或户主身份证号、成员按身份证号匹配（不会重复），保存全国系统的户编号和人员编号；"
                    "监测对象类别、风险类型、识别和消除时间、收入和帮扶措施作为历史导入（记为“从全国系统导入”，"
                    "不重走识别程序）。一个事务：全部写入或一行都不写；--dry-run 只核对，不写入。")
    add_db(load)
    load.add_argument("file", type=Path, metavar="文件.xlsx", help="全国系统导出的户成员信息（Excel）")
    load.add_argument("--template", type=Path, metavar="模板.json", help="本县的全国系统信息采集表模板")
    load.add_argument("--dry-run", action="store_true", help="只核对，不写入")
    load.add_argument("--report", type=Path, metavar="报告.xlsx", help="逐行结果写到此文件")
    add_json(load)
    load.set_defaults(handler=cmd_import)

    check = actions.add_parser(
        "reconcile", help="与全国系统最新导出的户成员信息对比：按村、类别、风险状态的户数，以及每一户的差异",
        description="例：fangpin national reconcile --db 县.db 全国系统导出.xlsx --out 对比.xlsx。"
                    "按成员身份证号对应两边的户；列出仅一边有、类别或风险状态不同、成员不同、村不同的户。只读，不改数据。")
    add_db(check)
    check.add_argument("file", type=Path, metavar="文件.xlsx", help="全国系统最新导出的户成员信息")
    check.add_argument("--template", type=Path, metavar="模板.json", help="本县的全国系统信息采集表模板")
    check.add_argument("--out", type=Path, metavar="对比.xlsx", help="对比汇总和差异明细写到此文件")
    add_json(check)
    check.set_defaults(handler=cmd_reconcile)

    mark = actions.add_parser(
        "mark-entered", help="确认已录入全国系统：这些户待录入的内容记为已录入",
        description="例：fangpin national mark-entered --db 县.db --file 待录入.xlsx（文件中列出的户），"
                    "或 --household 户编号（可重复），或 --all（全部待录入的户）。")
    add_db(mark)
    target = mark.add_mutually_exclusive_group(required=True)
    target.add_argument("--file", type=Path, metavar="文件.xlsx", help="录入时用的导出文件：其中列出的户")
    target.add_argument("--household", action="append", metavar="户编号", help="户编号、户编码或成员身份证号（可重复）")
    target.add_argument("--all", action="store_true", help="全部待录入的户")
    mark.add_argument("--template", type=Path, metavar="模板.json", help="读 --file 时用的模板")
    mark.add_argument("--date", type=typed_date, metavar="YYYY-MM-DD", help="录入日期（默认今天）")
    add_json(mark)
    mark.set_defaults(handler=cmd_mark_entered)


def cmd_export(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        result = NationalExportService(ctx).export(args.out, since=args.since, pending=args.pending,
                                                   template=args.template)
    finally:
        ctx.db.close()
    if args.json:
        print_json({"households": result.households, "rows": result.rows, "items": result.items,
                    "out": str(args.out)})
    elif result.households:
        print(f"已导出 {result.households} 户、{result.rows} 行（{result.items} 项内容）到 {args.out}。")
    else:
        print(f"没有需要录入全国系统的内容；{args.out} 只有表头。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        result = NationalImportService(ctx).run(args.file, template=args.template, dry_run=args.dry_run,
                                                report=args.report)
    finally:
        ctx.db.close()
    if args.json:
        print_json({"dry_run": args.dry_run, "summary": result.summary(), "problems": result.problems or [],
                    "notes": result.roster.notes})
        return 0
    s = result.summary()
    verb = "试导入（未写入）" if args.dry_run else "已导入"
    print(f"{verb}：新增 {s['added']} 户，更新 {s['updated']} 户，未变化 {s['unchanged']} 户，拒绝 {s['refused']} 户；"
          f"新增成员 {s['members_added']} 人，监测记录 {s['cases_added']} 条，帮扶措施 {s['measures_added']} 项。")
    for note in [*result.roster.notes, *(result.problems or [])]:
        print(f"  注意：{note}")
    for outcome in result.roster.refused_rows:
        print(f"  拒绝：工作表“{outcome.sheet}”第 {outcome.row} 行（{outcome.household}）：{outcome.detail}")
    if args.report:
        print(f"逐行结果已写到 {args.report}。")
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = ReconcileService(ctx)
        result = service.compare(args.file, args.template)
        if args.out:
            service.write(result, args.out)
    finally:
        ctx.db.close()
    if args.json:
        print_json({"local": result.local_households, "national": result.national_households,
                    "differing": result.households_differing,
                    "counts": [{"village": k[0], "category": k[1], "status": k[2], "local": v[0], "national": v[1]}
                               for k, v in result.counts.items()],
                    "differences": [d.__dict__ for d in result.differences]})
        return 0
    print(f"本地 {result.local_households} 户，全国系统 {result.national_households} 户，"
          f"{result.households_differing} 户有差异。")
    if result.differences:
        print_table(["村代码", "户主", "户主身份证号", "差异", "本地", "全国系统"],
                    [(d.village, d.head, d.head_id, d.what, d.local, d.national) for d in result.differences])
    if args.out:
        print(f"对比结果已写到 {args.out}。")
    return 0


def cmd_mark_entered(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = NationalExportService(ctx)
        if args.file is not None:
            result = service.mark_file(args.file, on=args.date, template=args.template)
        else:
            resolver = HouseholdService(ctx)
            households = [resolver.resolve(reference) for reference in args.household] if args.household else None
            result = service.mark_entered(households=households, on=args.date)
    finally:
        ctx.db.close()
    if args.json:
        print_json({"marked": result.marked, "changed_since_export": result.changed})
    else:
        print(f"已确认 {result.marked} 项内容录入全国系统。" if result.marked else "这些户没有待录入的内容。")
        if result.changed:
            print(f"另有 {result.changed} 项在导出后又有变化，仍为待录入，请重新导出后录入。")
    return 0


