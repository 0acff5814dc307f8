"""policy show | export | import: the county's policy as one document (app/services/policy_document.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx, typed_date
from app.cli.zh_argparse import ChineseParser
from app.domain.errors import UserFacingError
from app.domain.income import format_yuan
from app.services import policy_document
from app.services.policy_document import item_label


def register(commands: argparse._SubParsersAction) -> None:
    policy = commands.add_parser("policy", help="政策：查看、导出和导入县里的政策设置",
                                 description="监测收入线、预警阈值、公示天数、程序时限、返贫致贫定义等政策，"
                                             "每项带生效日期，由县防贫中心设置，随同步包下发。")
    actions = policy.add_subparsers(title="操作", metavar="操作", parser_class=ChineseParser)
    show = actions.add_parser("show", help="查看某一天执行的政策", description="列出某一天执行的监测线和各项政策参数。")
    add_db(show)
    show.add_argument("--date", type=typed_date, metavar="YYYY-MM-DD", help="查看哪一天执行的政策（默认今天）")
    add_json(show)
    show.set_defaults(handler=cmd_show)
    export = actions.add_parser("export", help="把政策导出为 Excel 工作簿",
                                description="导出全部监测线和各项政策参数的每个版本（含默认值），可修改后再导入。")
    add_db(export)
    export.add_argument("--out", required=True, type=Path, metavar="政策.xlsx", help="写出的工作簿")
    export.set_defaults(handler=cmd_export)
    load = actions.add_parser("import", help="从 Excel 工作簿导入政策（县防贫中心）",
                              description="检查工作簿里的每一项；有任何问题就一项也不写入。"
                                          "--dry-run 只检查、列出变化。")
    add_db(load)
    load.add_argument("workbook", type=Path, metavar="政策.xlsx", help="fangpin policy export 导出并修改过的工作簿")
    load.add_argument("--dry-run", action="store_true", help="只检查并列出会有哪些变化，不写入")
    load.add_argument("--report", type=Path, metavar="结果.xlsx", help="把变化和问题写成工作簿")
    load.set_defaults(handler=cmd_import)



def cmd_show(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        view = policy_document.show(ctx, args.date)
    finally:
        ctx.db.close()
    if args.json:
        print_json(view.as_dict())
        return 0
    if view.line_warning:
        print(f"注意：{view.line_warning}")
    line = (f"{format_yuan(view.line.amount)} 元/人·年（自 {view.line.effective_from.isoformat()} 起，"
            f"{view.line.note}）" if view.line else "无")
    print(f"{view.on.isoformat()} 执行的政策。监测收入线：{line}")
    rows = []
    for key, value in view.settings.items():
        since = view.effective[key].isoformat() if view.effective[key] else "初始"
        items = value.items() if isinstance(value, dict) else [("", value)]
        for item, item_value in items:
            shown = "、".join(map(str, item_value)) if isinstance(item_value, list) else (
                ("是" if item_value else "否") if isinstance(item_value, bool) else item_value)
            rows.append((policy_document.SETTING_TITLES[key], item_label(key, item) if item else "", shown, since))
    print_table(["参数", "项目", "值", "生效日期"], rows)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        policy_document.export(ctx, args.out)
    finally:
        ctx.db.close()
    print(f"已导出政策：{args.out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        result = policy_document.import_workbook(ctx, args.workbook, dry_run=args.dry_run, report=args.report)
    finally:
        ctx.db.close()
    if result.changes:
        print_table(["类别", "项目", "生效日期", "原值", "新值"],
                    [(c.kind, c.item, c.effective_from.isoformat() if c.effective_from else "初始", c.old, c.new)
                     for c in result.changes])
    for problem in result.problems:
        print(f"问题：{problem}")
    if result.problems:
        raise UserFacingError(f"政策工作簿有 {len(result.problems)} 个问题，一项也没有导入。")
    if args.dry_run:
        print(f"试导入：将有 {len(result.changes)} 项变化，未写入。")
    elif result.written:
        print(f"已导入 {len(result.changes)} 项变化，将随下次同步包下发。")
    else:
        print("工作簿与现行政策相同，没有变化。")
    return 0
