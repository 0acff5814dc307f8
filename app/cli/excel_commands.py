"""excel import, excel export: village ledgers in, standard ledgers out."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from app.cli.common import print_json
from app.cli.options import add_db, add_json, open_ctx
from app.domain.errors import UserFacingError
from app.excel.mapping import save_template
from app.excel.outcome import REFUSED, RESULT_LABELS
from app.services.excel import LEDGERS, ExcelImportService, ImportResult, LedgerExporter


def register(commands: argparse._SubParsersAction) -> None:
    excel = commands.add_parser("excel", help="导入村里的 Excel 花名册和台账，导出标准台账",
                                description="从 Excel 导入农户、成员、收入和帮扶责任人，或导出标准格式的台账。")
    actions = excel.add_subparsers(title="操作", metavar="操作", parser_class=type(excel))

    importing = actions.add_parser(
        "import", help="导入 Excel 花名册或台账（可先试导入）",
        description="自动识别表头（多行表头、合并单元格、不同的列名），逐行核对后在一个事务中导入："
                    "要么全部写入，要么什么都不写。重复导入同一个文件不会改变任何数据。")
    add_db(importing)
    importing.add_argument("file", metavar="文件", help="要导入的 .xlsx 或 .xls 文件")
    importing.add_argument("--village", metavar="村代码",
                           help="表中没有“村”列时，所有农户属于这个村（网格员的数据库不指定时为本村）")
    importing.add_argument("--mapping", metavar="映射.json", help="列映射模板（表头 → 导入字段），覆盖自动识别")
    importing.add_argument("--save-mapping", metavar="映射.json", help="把本次使用的列映射保存为模板")
    importing.add_argument("--dry-run", action="store_true", help="试导入：只核对并报告，不写入数据库")
    importing.add_argument("--report", metavar="报告.xlsx", help="逐行结果报告（被拒绝的行可改正后重新导入）")
    add_json(importing)
    importing.set_defaults(handler=cmd_import)

    exporting = actions.add_parser(
        "export", help="导出标准台账",
        description="导出的台账有标题、合并表头、冻结窗格，A4 横向打印并重复表头；身份证号以文本保存。"
                    "可导出：" + "、".join(f"{k.name}（{k.key}）" for k in LEDGERS))
    add_db(exporting)
    exporting.add_argument("--ledger", required=True, metavar="台账",
                           help="台账名称或英文名，如 监测对象花名册 或 roster")
    exporting.add_argument("--village", metavar="村代码", help="只导出这个村（默认本机全部工作范围）")
    exporting.add_argument("--posting", action="store_true",
                           help="确认用于张贴公示：只有“监测对象公示名单”可以张贴（只列村、组、户主、公示事项、类别和公示期）")
    exporting.add_argument("--out", required=True, metavar="文件.xlsx", help="输出的 .xlsx 文件")
    exporting.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    report = _output(args.report) if args.report else None
    ctx = open_ctx(args)
    try:
        service = ExcelImportService(ctx)
        source = service.open(args.file)
        mapping = service.guess_mapping(source, Path(args.mapping) if args.mapping else None)
        if args.save_mapping:
            _write(_output(args.save_mapping, ".json"), lambda path: save_template(mapping, path))
        run = service.dry_run if args.dry_run else service.apply
        result = run(source, mapping, village=args.village)
        if report is not None:
            _write(report, lambda path: service.write_report(result, path))
    finally:
        ctx.db.close()
    if args.json:
        print_json(result.summary())
    else:
        _print_summary(result, report)
    return 0


def _print_summary(result: ImportResult, report: Path | None) -> None:
    counts = result.counts
    verb = "试导入（未写入）" if result.dry_run else "已导入"
    print(f"{verb}“{result.file_name}”：新增 {counts.added} 户，更新 {counts.updated} 户，"
          f"未变化 {counts.unchanged} 户，拒绝 {counts.refused} 户；"
          f"新增成员 {counts.members_added} 人，更新成员 {counts.members_updated} 人。")
    if counts.members_skipped:
        print(f"另有 {counts.members_skipped} 名成员缺少身份证号，未导入（所在户照常导入），详见"
              + ("报告。" if report else "逐行报告（--report）。"))
    unplaced = sum(1 for plan in result.plans if plan.action != REFUSED and plan.grid_note and not plan.grid_id)
    if counts.placed or unplaced:
        where = "报告。" if report else "逐行报告（--report）。"
        print(f"划入网格 {counts.placed} 户"
              + (f"；{unplaced} 户所填网格本村没有，未划入网格（户照常导入），详见{where}" if unplaced else "。"))
    for note in result.notes:
        print(f"说明：{note}")
    refused = result.refused_rows
    for outcome in refused[:20]:
        column = f"{outcome.letter}列（{outcome.label}）" if outcome.letter else outcome.label
        print(f"  {RESULT_LABELS[outcome.result]}：{result.file_name} 工作表“{outcome.sheet}”第 {outcome.row} 行"
              f"{' ' + column if column else ''}：{outcome.detail}")
    if len(refused) > 20:
        print(f"  ……另有 {len(refused) - 20} 行被拒绝" + ("，详见报告。" if report else "，可用 --report 生成报告。"))
    if report is not None:
        print(f"逐行报告：{report}")


def cmd_export(args: argparse.Namespace) -> int:
    out = _output(args.out)
    ctx = open_ctx(args)
    try:
        count = 0

        def write(path: Path) -> None:
            nonlocal count
            count = LedgerExporter(ctx).export(args.ledger, path, village=args.village, posting=args.posting)

        _write(out, write)
    finally:
        ctx.db.close()
    print(f"已导出 {count} 行：{out}")
    return 0


def _output(raw: str, suffix: str = ".xlsx") -> Path:
    out = Path(raw)
    if out.suffix.lower() != suffix:
        raise UserFacingError(f"输出文件“{raw}”应以 {suffix} 结尾。")
    if not out.parent.is_dir():
        raise UserFacingError(f"输出文件夹“{out.parent}”不存在。")
    return out


def _write(out: Path, write: Callable[[Path], None]) -> None:
    """Write beside the target and rename, so a failure never leaves half a file behind."""
    partial = out.with_name(out.name + ".part" + out.suffix)
    try:
        write(partial)
        os.replace(partial, out)
    except OSError as error:
        raise UserFacingError(f"无法写入“{out}”：{error.strerror or error}。") from None
    finally:
        partial.unlink(missing_ok=True)
