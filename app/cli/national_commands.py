"""national export / mark-entered: hand the county's records to the national monitoring system."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.common import print_json
from app.cli.options import add_db, add_json, open_ctx
from app.services.households import HouseholdService
from app.services.national.export import NationalExportService


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
    which.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="导出此日期以来的识别、消除、措施和收入")
    which.add_argument("--pending", action="store_true", help="导出尚未确认录入全国系统的内容")
    export.add_argument("--out", required=True, type=Path, metavar="文件.xlsx", help="导出的 Excel 文件")
    export.add_argument("--template", type=Path, metavar="模板.json",
                        help="本县的全国系统信息采集表模板（默认用程序自带的，见 docs/national.md）")
    add_json(export)
    export.set_defaults(handler=cmd_export)

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
    mark.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="录入日期（默认今天）")
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


def cmd_mark_entered(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = NationalExportService(ctx)
        if args.file is not None:
            households: list[str] | None = service.households_in_file(args.file, args.template)
        elif args.household:
            resolver = HouseholdService(ctx)
            households = [resolver.resolve(reference) for reference in args.household]
        else:
            households = None
        marked = service.mark_entered(households=households, on=args.date)
    finally:
        ctx.db.close()
    if args.json:
        print_json({"marked": marked})
    else:
        print(f"已确认 {marked} 项内容录入全国系统。" if marked else "这些户没有待录入的内容。")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None

