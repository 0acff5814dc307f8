"""enroll request | accept | complete."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.options import add_db, open_ctx
from app.cli.zh_argparse import ChineseParser
from app.services.enrollment import EnrollmentService


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
