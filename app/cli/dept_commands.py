"""dept import: a department's monthly list (医保, 民政, 残联, 教育, 住建, 应急) becomes facts and warnings."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx, typed_date
from app.national.templates import DEPARTMENTS
from app.services.departments import REFUSED, UNMATCHED, DepartmentImportService


def register(commands: argparse._SubParsersAction) -> None:
    dept = commands.add_parser("dept", help="导入部门数据（部门筛查预警）")
    actions = dept.add_subparsers(title="操作", metavar="操作", parser_class=type(dept))
    run = actions.add_parser(
        "import", help="导入一个部门的月度名单：按身份证号比对，更新农户情况并按预警规则预警",
        description="例：fangpin dept import --db 县.db --source 教育 学生资助名单.xlsx。"
                    "每个比对上的人更新所在户的情况（支出、低保特困、残疾、危房），预警规则随即运行，"
                    "该户的下次走访定为今天；本库没有的人列出待核实。同一名单再导入一次不会有任何变化。")
    add_db(run)
    run.add_argument("--source", required=True, choices=list(DEPARTMENTS), metavar="部门",
                     help=f"名单来自哪个部门：{'|'.join(DEPARTMENTS)}")
    run.add_argument("file", metavar="名单.xlsx", help="部门名单（Excel）")
    run.add_argument("--template", type=Path, metavar="模板.json",
                     help="本县的列名模板（默认用程序自带的该部门模板）")
    run.add_argument("--date", type=typed_date, metavar="YYYY-MM-DD",
                     help="名单日期（默认取标题中的“某年某月”，没有时为今天）")
    run.add_argument("--report", type=Path, metavar="报告.xlsx", help="逐行结果（待核实的人在第一个工作表）写到此文件")
    add_json(run)
    run.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = DepartmentImportService(ctx)
        result = service.run(Path(args.file), source=args.source, template=args.template, list_date=args.date)
        if args.report:
            service.write_report(result, args.report)
    finally:
        ctx.db.close()
    if args.json:
        print_json({"source": result.source, "list_date": result.list_date,
                    "summary": result.summary(), "notes": result.notes,
                    "rows": [o.__dict__ for o in result.outcomes]})
        return 0
    s = result.summary()
    print(f"{result.source}部门名单（{result.list_date.isoformat()}）：更新 {s['updated']} 人，"
          f"未变化 {s['unchanged']} 人，未匹配 {s['unmatched']} 人，有误 {s['refused']} 行；"
          f"涉及 {s['households']} 户，新预警 {s['warnings']} 条。")
    for note in result.notes:
        print(f"  注意：{note}")
    follow = [o for o in result.outcomes if o.result in (UNMATCHED, REFUSED)]
    if follow:
        print("待核实：")
        print_table(["工作表", "行", "结果", "姓名", "身份证号", "说明"],
                    [(o.sheet, o.row, o.result, o.name, o.id_number, o.detail) for o in follow])
    if args.report:
        print(f"逐行结果已写到 {args.report}。")
    return 0

