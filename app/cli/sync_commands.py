"""enroll request | accept | complete; bundle export | import | inspect; conflicts list | resolve."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.cli.zh_argparse import ChineseParser, whole_number
from app.domain.errors import UserFacingError
from app.services.conflicts import ConflictService
from app.services.enrollment import EnrollmentService
from app.services.sync import SyncService, inspect_file


def register(commands: argparse._SubParsersAction) -> None:
    enroll = commands.add_parser("enroll", help="设备登记（与上级工作站交换登记文件）",
                                 description="网格员设备向乡镇防贫工作站登记，乡镇工作站向县防贫中心登记。")
    actions = enroll.add_subparsers(title="操作", metavar="操作", parser_class=ChineseParser)

    request = actions.add_parser("request", help="本机生成登记申请文件")
    add_db(request)
    request.add_argument("--out", required=True, type=Path, metavar="文件.fpe")
    request.set_defaults(handler=cmd_request)

    accept = actions.add_parser("accept", help="上级工作站接受登记申请并生成回执")
    add_db(accept)
    accept.add_argument("request", type=Path, metavar="申请.fpe")
    accept.add_argument("--villages", metavar="代码,…", help="分配给该设备的村（默认为其申请的范围）")
    accept.add_argument("--out", required=True, type=Path, metavar="回执.fpe")
    accept.set_defaults(handler=cmd_accept)

    complete = actions.add_parser("complete", help="本机导入上级工作站的登记回执")
    add_db(complete)
    complete.add_argument("reply", type=Path, metavar="回执.fpe")
    complete.set_defaults(handler=cmd_complete)

    bundle = commands.add_parser("bundle", help="同步包：导出、导入、查看")
    steps = bundle.add_subparsers(title="操作", metavar="操作", parser_class=ChineseParser)
    export = steps.add_parser("export", help="为上级（up）或某台下级设备导出同步包")
    add_db(export)
    export.add_argument("--to", required=True, metavar="up|设备名",
                        help="up 表示上级工作站；下级设备用其名称或编号")
    export.add_argument("--out", required=True, type=Path, metavar="文件.fpb")
    export.set_defaults(handler=cmd_export)

    importing = steps.add_parser("import", help="导入一个或多个同步包")
    add_db(importing)
    importing.add_argument("files", nargs="+", type=Path, metavar="文件.fpb")
    add_json(importing)
    importing.set_defaults(handler=cmd_import)

    inspect = steps.add_parser("inspect", help="查看同步包的清单（不导入）")
    inspect.add_argument("file", type=Path, metavar="文件.fpb")
    inspect.add_argument("--db", metavar="路径", help="给出本机数据库时，同时核验签名和内容（仍不导入）")
    add_json(inspect)
    inspect.set_defaults(handler=cmd_inspect)

    conflicts = commands.add_parser("conflicts", help="同步冲突")
    kinds = conflicts.add_subparsers(title="操作", metavar="操作", parser_class=ChineseParser)
    listing = kinds.add_parser("list", help="列出未解决的冲突")
    add_db(listing)
    add_json(listing)
    listing.set_defaults(handler=cmd_conflicts)
    resolve = kinds.add_parser("resolve", help="解决一个冲突（解决结果也会同步给其他设备）")
    add_db(resolve)
    resolve.add_argument("conflict", type=whole_number, metavar="编号")
    resolve.add_argument("--take", required=True, metavar="mine|theirs|值",
                         help="mine 保留本机现值，theirs 采用另一值，或直接输入新值")
    resolve.set_defaults(handler=cmd_resolve)


def cmd_request(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    EnrollmentService(ctx).request(args.out)
    ctx.db.close()
    print(f"已生成登记申请：{args.out}。请把它交给上级工作站办理登记。")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    villages = [v.strip() for v in args.villages.split(",") if v.strip()] if args.villages else None
    ctx = open_ctx(args)
    peer = EnrollmentService(ctx).accept(args.request, args.out, villages)
    ctx.db.close()
    print(f"已登记设备 {peer.device_id}，工作范围：{'、'.join(peer.scope)}。回执：{args.out}")
    return 0


def cmd_complete(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    peer = EnrollmentService(ctx).complete(args.reply)
    ctx.db.close()
    print(f"登记完成：本机已登记到上级工作站 {peer.device_id}。")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    summary = SyncService(ctx).export(args.to, args.out)
    ctx.db.close()
    counts = "，".join(f"{table} {n}" for table, n in sorted(summary.counts.items())) or "无新变更"
    print(f"已导出第 {summary.sequence} 号同步包给“{summary.peer_name}”：{summary.path}"
          f"（{summary.size / 1024:.0f} KB；{counts}）")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    service = SyncService(ctx)
    results: list[dict[str, object]] = []
    refused = 0
    for path in args.files:
        try:
            summary = service.import_file(path)
        except UserFacingError as error:
            refused += 1
            results.append({"file": str(path), "refused": error.message})
            if not args.json:
                print(f"{path}：拒绝导入：{error.message}")
            continue
        results.append({"file": str(path), "sender": summary.sender_name,
                        "sequence": summary.sequence, "applied": summary.applied,
                        "already_known": summary.already_known, "conflicts": summary.conflicts,
                        "quarantined": [reason for _e, reason in summary.quarantined],
                        "missing_sequences": summary.missing_sequences})
        if not args.json:
            print(f"{path}：来自“{summary.sender_name}”的第 {summary.sequence} 号同步包，"
                  f"应用 {summary.applied} 条变更，已有 {summary.already_known} 条，"
                  f"冲突 {summary.conflicts} 条，隔离 {len(summary.quarantined)} 条。")
            for _entry, reason in summary.quarantined:
                print(f"  隔离：{reason}")
            if summary.missing_sequences:
                print(f"  缺少第 {'、'.join(map(str, summary.missing_sequences))} 号同步包，"
                      "请向对方索取（之后的同步包也会补上其中的变更）。")
    ctx.db.close()
    if args.json:
        print_json(results)
    return 2 if refused else 0


def cmd_inspect(args: argparse.Namespace) -> int:
    if args.db:
        ctx = open_ctx(args)
        try:
            manifest = {**SyncService(ctx).verify(args.file).manifest, "verified": True}
        finally:
            ctx.db.close()
    else:
        manifest = inspect_file(args.file)
    if args.json:
        print_json(manifest)
        return 0
    sender = manifest.get("sender", {})
    print(f"发送方：{sender.get('name', '')}（{sender.get('device_id', '')}）")
    print(f"接收方：{manifest.get('recipient', '')}")
    print(f"序号：{manifest.get('sequence', '')}  生成时间：{manifest.get('created_at', '')}")
    for table, count in sorted((manifest.get("counts") or {}).items()):
        print(f"  {table}：{count} 条")
    if manifest.get("verified"):
        print("核验通过：来自已登记的设备，签名有效，内容完整，可以导入。")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    value = ConflictService(ctx).resolve(args.conflict, args.take)
    ctx.db.close()
    print(f"冲突 {args.conflict} 已解决，取值：{value}。下次同步时会发给其他设备。")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    rows = ConflictService(ctx).open_conflicts()
    ctx.db.close()
    data = [{"id": c.id, "table": c.table_name, "row_id": c.row_id, "field": c.field,
             "kept": c.kept_value, "other": c.other_value, "detected_at": c.detected_at}
            for c in rows]
    if args.json:
        print_json(data)
    else:
        print_table(["编号", "表", "记录", "字段", "现值", "另一值"],
                    [(d["id"], d["table"], d["row_id"], d["field"], d["kept"], d["other"])
                     for d in data])
    return 0
