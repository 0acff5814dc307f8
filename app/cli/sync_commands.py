"""enroll request | accept | complete | revoke | vouch | recover; bundle export | import | inspect;
conflicts list | resolve; quarantine list | release | discard."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime
from pathlib import Path

from app.cli.common import place_names, print_json, print_table, read_password
from app.cli.options import add_db, add_json, open_ctx
from app.cli.zh_argparse import ChineseParser
from app.domain.errors import UserFacingError
from app.services.conflicts import ConflictService
from app.services.context import ServiceContext
from app.services.enrollment import EnrollmentService
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from app.services.household_numbers import HouseholdNumberService
from app.services.quarantine import QuarantineService
from app.services.recovery import RecoveryService
from app.services.revocation import RevocationService
from app.services.setup import open_context
from app.services.sync import SyncService, inspect_file
from app.store.models import Device
from app.sync.quarantine import TABLE_TITLES

NEW_PASSWORD_VARIABLE = "FANGPIN_NEW_PASSWORD"


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

    complete = actions.add_parser(
        "complete", help="本机导入上级工作站的登记回执",
        description="显示本机与上级工作站的指纹（6 组数字），与工作站办理登记时显示的指纹当面或电话核对，"
                    "一致才完成登记。")
    add_db(complete)
    complete.add_argument("reply", type=Path, metavar="回执.fpe")
    complete.add_argument("--fingerprint", metavar="数字",
                          help="上级工作站显示的指纹（不在终端中确认时必须给出；不一致则拒绝登记）")
    complete.set_defaults(handler=cmd_complete)

    revoke = actions.add_parser(
        "revoke", help="吊销本站登记的下级设备（设备丢失或被盗）",
        description="吊销后本站拒绝导入该设备的同步包，也不再给它导出；吊销记录随同步包传给上级和本站的其他设备，"
                    "它们同样拒绝该设备。已经导入的修改保留。")
    add_db(revoke)
    revoke.add_argument("device", metavar="设备", help="设备名称或编号")
    revoke.add_argument("--reason", default="", metavar="原因", help="例如：笔记本电脑丢失")
    revoke.set_defaults(handler=cmd_revoke)

    vouch = actions.add_parser(
        "vouch", help="为升级前登记的下级设备补签登记记录",
        description="本站登记的下级设备如果还没有登记记录（在 0021 版之前登记），由本站签发；"
                    "登记记录随下一个同步包传给上级，上级据此接受这些设备的修改。")
    add_db(vouch)
    vouch.set_defaults(handler=cmd_vouch)

    recover = actions.add_parser(
        "recover", help="上级工作站为忘记密码的下级设备恢复数据库并设置新密码",
        description="把下级设备的数据库文件带到登记它的工作站，用本站保存的恢复密钥打开并设置新密码。"
                    f"新密码从环境变量 {NEW_PASSWORD_VARIABLE} 读取，未设置时在终端中询问。")
    add_db(recover)
    recover.add_argument("--device-db", required=True, type=Path, metavar="设备数据库",
                         help="忘记密码的下级设备的数据库文件")
    recover.set_defaults(handler=cmd_recover)

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
    resolve.add_argument("conflict", metavar="编号", help="字段冲突为数字，规则冲突为 R 加数字")
    resolve.add_argument("--take", required=True, metavar="mine|theirs|值|序号",
                         help="字段冲突：mine 保留本机现值，theirs 采用另一值，base 恢复分歧前的原值，"
                              "或直接输入新值；"
                              "规则冲突：要保留的记录的序号（见 conflicts list）或编号；"
                              "帮扶户数超过上限：要结束帮扶的那一户的序号")
    resolve.set_defaults(handler=cmd_resolve)

    quarantine = commands.add_parser("quarantine", help="被隔离的变更（超出范围或权限，未导入）")
    quarantine_actions = quarantine.add_subparsers(title="操作", metavar="操作",
                                                   parser_class=ChineseParser)
    quarantined = quarantine_actions.add_parser("list", help="列出被隔离的变更")
    add_db(quarantined)
    quarantined.add_argument("--sender", metavar="设备名", help="只列出这台设备发来的")
    add_json(quarantined)
    quarantined.set_defaults(handler=cmd_quarantine)
    release = quarantine_actions.add_parser(
        "release", help="审核后采用一项被隔离的变更（作为本站的修改，会同步给其他设备）")
    add_db(release)
    release.add_argument("change", type=int, metavar="编号", help="见 quarantine list")
    release.set_defaults(handler=cmd_release)
    discard = quarantine_actions.add_parser("discard", help="审核后舍弃一项被隔离的变更（记录保留）")
    add_db(discard)
    discard.add_argument("change", type=int, metavar="编号", help="见 quarantine list")
    discard.set_defaults(handler=cmd_discard)


def cmd_request(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        own = EnrollmentService(ctx).request(args.out)
    finally:
        ctx.db.close()
    print(f"已生成登记申请：{args.out}。请把它交给上级工作站办理登记。")
    print(f"本机指纹：{own}（工作站办理时显示的指纹中应含有这三组数字）")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    villages = [v.strip() for v in args.villages.split(",") if v.strip()] if args.villages else None
    ctx = open_ctx(args)
    try:
        service = EnrollmentService(ctx)
        peer = service.accept(args.request, args.out, villages)
        device, scope = _device_name(ctx, peer.device_id), place_names(ctx, peer.scope)
        number = service.safety_number(peer.device_id)
    finally:
        ctx.db.close()
    print(f"已登记设备“{device}”，工作范围：{scope}。回执：{args.out}，请把它交给该设备导入。")
    print(f"指纹：{number}")
    print("该设备导入回执时会显示指纹，请当面或电话核对两边的数字完全一致。")
    return 0


def cmd_complete(args: argparse.Namespace) -> int:
    password = read_password(args.db)
    ctx = open_context(args.db, password)
    try:
        service = EnrollmentService(ctx)
        checked = service.check_reply(args.reply)
        print(f"上级工作站：{checked.name}（{checked.role.label}，区划 {checked.division_code}）")
        print(f"指纹：{checked.safety_number}")
        confirmed = args.fingerprint if args.fingerprint is not None else _confirm_fingerprint(checked.safety_number)
        peer = service.complete(args.reply, confirmed)
        escrowed = RecoveryService(ctx).escrow_for_station(password)
        station = _device_name(ctx, peer.device_id)
    finally:
        ctx.db.close()
    print(f"登记完成：本机已登记到上级工作站“{station}”。")
    if escrowed:
        print("已为上级工作站保存本机数据库的恢复密钥，它会随下一个同步包交给上级；"
              "忘记密码时，可带着数据库文件到工作站恢复。")
    return 0


def _confirm_fingerprint(number: str) -> str:
    """The number back when the person says it matches the station's; refused otherwise."""
    if not sys.stdin.isatty():
        raise UserFacingError("需要核对指纹：请在终端中运行以便确认，或用 --fingerprint 给出上级工作站显示的指纹。")
    answer = input("与上级工作站显示的指纹完全一致吗？一致请输入 y：").strip().lower()
    if answer not in ("y", "yes", "是"):
        raise UserFacingError("指纹未经确认，没有登记。请与工作站核对后重新导入回执。")
    return number


def cmd_revoke(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        revoked = RevocationService(ctx).revoke(args.device, args.reason)
    finally:
        ctx.db.close()
    print(f"已吊销设备“{revoked.device_name}”：本站不再导入它的同步包，也不再给它导出。"
          "吊销记录会随下一个同步包传给上级和本站的其他设备。")
    return 0


def cmd_vouch(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        count = EnrollmentService(ctx).vouch_for_enrolled()
    finally:
        ctx.db.close()
    print(f"已为 {count} 台下级设备签发登记记录，将随下一个同步包传给上级。" if count
          else "本站登记的下级设备都已有登记记录。")
    return 0


def _device_name(ctx: ServiceContext, device_id: str) -> str:
    with ctx.db.read() as session:
        device = session.get(Device, device_id)
    return device.name if device else device_id


def _new_password() -> str:
    password = os.environ.get(NEW_PASSWORD_VARIABLE)
    if password:
        return password
    if not sys.stdin.isatty():
        raise UserFacingError(f"需要新密码：请设置环境变量 {NEW_PASSWORD_VARIABLE}，或在终端中运行以便输入。")
    password = getpass.getpass("设备的新密码：")
    if getpass.getpass("再输入一次新密码：") != password:
        raise UserFacingError("两次输入的新密码不一致。")
    if not password:
        raise UserFacingError("新密码不能为空。")
    return password


def cmd_recover(args: argparse.Namespace) -> int:
    new_password = _new_password()
    ctx = open_ctx(args)
    try:
        device = RecoveryService(ctx).recover(args.device_db, new_password)
    finally:
        ctx.db.close()
    print(f"已恢复设备“{device.name}”的数据库 {device.path}：已设置新密码，数据完整保留。")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    summary = SyncService(ctx).export(args.to, args.out)
    ctx.db.close()
    counts = "，".join(f"{TABLE_TITLES.get(table, table)} {n} 条"
                      for table, n in sorted(summary.counts.items())) or "无新变更"
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
                        "rule_conflicts": summary.rule_conflicts,
                        "quarantined": [reason for _e, reason in summary.quarantined],
                        "missing_sequences": summary.missing_sequences})
        if not args.json:
            print(f"{path}：来自“{summary.sender_name}”的第 {summary.sequence} 号同步包，"
                  f"应用 {summary.applied} 条变更，已有 {summary.already_known} 条，"
                  f"冲突 {summary.conflicts} 条，规则冲突 {summary.rule_conflicts} 条，"
                  f"隔离 {len(summary.quarantined)} 条。")
            for _entry, reason in summary.quarantined:
                print(f"  隔离：{reason}")
            if summary.missing_sequences:
                print(f"  缺少第 {'、'.join(map(str, summary.missing_sequences))} 号同步包，"
                      "请向对方索取（之后的同步包也会补上其中的变更）。")
    # Two devices may have typed the same 户编号; the station resolves it once both have arrived.
    clashes = HouseholdNumberService(ctx).clashes() if len(results) > refused else []
    ctx.db.close()
    if args.json:
        print_json(results)
    elif clashes:
        print(f"有 {len(clashes)} 个户编号同时被两户以上使用（两台设备录入了同一户编号）："
              "用 fangpin household clashes 查看，fangpin household renumber 重新编号。")
    return 2 if refused else 0


NOT_VERIFIED = ("未核验签名和内容：没有指定 --db，以下清单只是文件自己写的，可能被改动过，"
                "不能据此判断同步包是否可信。加上 --db 本机数据库 可核验签名和内容（不会导入）。")
VERIFIED = "核验通过：来自已登记的设备，签名有效，内容完整，是发给本机的，可以导入（本次未导入）。"


def cmd_inspect(args: argparse.Namespace) -> int:
    if args.db:
        ctx = open_ctx(args)
        try:
            manifest = SyncService(ctx).verify(args.file).manifest
        finally:
            ctx.db.close()
        status = {"verified": True, "verification": VERIFIED}
    else:
        manifest = inspect_file(args.file)
        status = {"verified": False, "verification": NOT_VERIFIED}
    if args.json:
        # The status is set last: an unverified manifest must not be able to claim it was verified.
        print_json({**manifest, **status})
        return 0
    print(status["verification"])
    sender = manifest.get("sender")
    sender = sender if isinstance(sender, dict) else {}
    print(f"发送方：{sender.get('name', '')}（设备编号 {sender.get('device_id', '')}）")
    print(f"接收方设备编号：{manifest.get('recipient', '')}")
    print(f"序号：第 {manifest.get('sequence', '')} 号  生成时间：{_local_time(manifest.get('created_at'))}")
    counts = manifest.get("counts")
    for table, count in sorted(counts.items() if isinstance(counts, dict) else []):
        print(f"  {TABLE_TITLES.get(table, table)}：{count} 条")
    return 0


def _local_time(text: object) -> str:
    try:
        return datetime.fromisoformat(str(text)).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return str(text or "")


def cmd_resolve(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        value = ConflictService(ctx).resolve_any(args.conflict, args.take)
    finally:
        ctx.db.close()
    print(f"冲突 {args.conflict} 已解决：{value}。下次同步时会发给其他设备。")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        items = ConflictService(ctx).listing()
    finally:
        ctx.db.close()
    if args.json:
        print_json([{"id": item.key, "kind": item.kind, "kind_title": item.kind_title,
                     "description": item.description, "table": item.table,
                     "row_id": item.row_id, "field": item.field, "field_label": item.field_label,
                     "household_id": item.household_id, "household": item.household_title,
                     "base": item.base, "base_known": item.base_known, "base_at": item.base_at,
                     "kept": item.kept, "kept_user": item.kept_user, "kept_at": item.kept_at,
                     "other": item.other, "other_user": item.other_user, "other_at": item.other_at,
                     "choices": list(item.choices), "detected_at": item.detected_at}
                    for item in items])
        return 0
    if not items:
        print("没有未解决的冲突。")
    for item in items:
        print(f"[{item.key}] {item.kind_title}：{item.description}")
        if item.kind != "field":
            for number, choice in enumerate(item.choices, start=1):
                print(f"    {number}. {choice['label']}")
            continue
        if item.household_title:
            print(f"    农户：{item.household_title}（{item.household_id}）")
        print_table(["", "值", "修改人", "修改时间"], [
            ("原值（分歧前，base）", _shown(item.base) if item.base_known else "（无从查考）", "",
             _at(item.base_at)),
            ("现值（mine）", _shown(item.kept), item.kept_user, _at(item.kept_at)),
            ("另一值（theirs）", _shown(item.other), item.other_user, _at(item.other_at))])
    return 0


def _shown(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list | tuple):
        return "、".join(map(str, value)) or "（空）"
    return str(value)


def _at(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def cmd_quarantine(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        items = QuarantineService(ctx).listing(args.sender)
    finally:
        ctx.db.close()
    if args.json:
        print_json([{"id": i.id, "received_at": i.received_at, "sender": i.sender_name,
                     "bundle_sequence": i.bundle_sequence, "table": i.table, "row_id": i.row_id,
                     "op": i.op, "fields": i.fields, "user": i.user_name, "reason": i.reason,
                     "status": i.status, "decided_by": i.decided_by}
                    for i in items])
        return 0
    if not items:
        print("没有被隔离的变更。")
        return 0
    print_table(["编号", "来自", "同步包", "内容", "原因", "状态"],
                [(i.id, i.sender_name, f"第 {i.bundle_sequence} 号",
                  f"{i.table_title}（{'、'.join(_field_label(i.table, f) for f in i.fields) or '无字段'}）",
                  i.reason, i.status_title)
                 for i in items])
    return 0


FIELD_SPECS = {"household": HOUSEHOLD_FIELDS, "member": MEMBER_FIELDS}


def _field_label(table: str, field: str) -> str:
    spec = FIELD_SPECS.get(table, {}).get(field)
    return spec.label if spec else field


def cmd_release(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        item = QuarantineService(ctx).release(args.change)
    finally:
        ctx.db.close()
    print(f"已采用第 {item.id} 项修改（{item.table_title}），作为本站的修改，下次同步时会发给其他设备。")
    return 0


def cmd_discard(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        item = QuarantineService(ctx).discard(args.change)
    finally:
        ctx.db.close()
    print(f"已舍弃第 {item.id} 项修改（{item.table_title}），记录仍保留备查。")
    return 0
