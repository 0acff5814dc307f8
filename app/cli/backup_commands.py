"""password change; backup; restore."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.cli.common import read_password
from app.cli.options import add_db
from app.cli.zh_argparse import ChineseParser
from app.domain.errors import UserFacingError
from app.domain.passwords import check_new_password
from app.services.backup import PG_DUMP_MESSAGE, BackupInfo, BackupService, read_backup, restore_backup
from app.services.password import PasswordService
from app.services.setup import open_context
from app.store.location import is_url

NEW_PASSWORD_VARIABLE = "FANGPIN_NEW_PASSWORD"


def register(commands: argparse._SubParsersAction) -> None:
    password = commands.add_parser("password", help="修改数据库密码")
    actions = password.add_subparsers(title="操作", metavar="操作", parser_class=ChineseParser)
    change = actions.add_parser(
        "change", help="修改本机数据库的密码",
        description="用新密码重新加密数据库，并更新交给上级工作站的恢复密钥（下次导出同步包时带上去）。"
                    f"原密码从环境变量 FANGPIN_PASSWORD 读取，新密码从 {NEW_PASSWORD_VARIABLE} 读取，"
                    "未设置时在终端中询问（新密码输入两次）。")
    add_db(change)
    change.set_defaults(handler=cmd_password_change)

    backup = commands.add_parser(
        "backup", help="备份数据库（加密）",
        description="在程序运行时也可以备份：写出数据库的一致副本，仍然加密，只有同一个密码"
                    "（或乡镇工作站保存的恢复密钥）能打开。")
    add_db(backup)
    backup.add_argument("--out", required=True, type=Path, metavar="备份文件",
                        help="备份文件的路径（建议以 .fpbak 结尾，存到 U 盘或另一块硬盘）")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "restore", help="从备份恢复数据库",
        description="先显示备份的内容（备份时间、农户数、最后导出的同步包），再恢复到 --db 指定的路径："
                    "新文件直接恢复；已有的数据库会被备份整个替换，需要确认（或加 --yes）。"
                    "备份的密码从环境变量 FANGPIN_PASSWORD 读取。")
    add_db(restore)
    restore.add_argument("file", type=Path, metavar="备份文件")
    restore.add_argument("--yes", action="store_true", help="不再询问，直接覆盖已有的数据库")
    restore.set_defaults(handler=cmd_restore)


def new_password() -> str:
    """The new password: from FANGPIN_NEW_PASSWORD, or typed twice at the terminal."""
    password = os.environ.get(NEW_PASSWORD_VARIABLE)
    if not password:
        if not sys.stdin.isatty():
            raise UserFacingError(f"需要新密码：请设置环境变量 {NEW_PASSWORD_VARIABLE}，或在终端中运行以便输入。")
        password = getpass.getpass("新密码：")
        check_new_password(password)
        if getpass.getpass("再输入一次新密码：") != password:
            raise UserFacingError("两次输入的新密码不一致。")
    check_new_password(password)
    return password


def cmd_password_change(args: argparse.Namespace) -> int:
    if is_url(args.db):
        raise UserFacingError("服务器数据库（PostgreSQL）没有本机密码：请在数据库服务器上修改登录密码。")
    password = read_password(args.db)
    assert password is not None
    new = new_password()
    ctx = open_context(args.db, password)
    try:
        result = PasswordService(ctx).change(password, new)
    finally:
        ctx.db.close()
    print("已修改数据库密码。")
    if result.escrowed:
        print(f"恢复密钥已更新：请尽快向“{result.station_name}”导出一次同步包，"
              "忘记密码时乡镇工作站才能用新的恢复密钥找回。")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    if is_url(args.db):
        raise UserFacingError(PG_DUMP_MESSAGE)
    password = read_password(args.db)
    assert password is not None
    ctx = open_context(args.db, password)
    try:
        info = BackupService(ctx).backup(password, args.out)
    finally:
        ctx.db.close()
    print(f"已备份到 {args.out}（{info.households} 户）。备份已加密，用本机数据库的密码打开。")
    return 0


def describe(info: BackupInfo) -> list[str]:
    """What a backup holds, line by line, as the restore shows it before it asks."""
    made = info.made_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.made_at else "不详"
    if info.last_bundle_sent is None:
        sent = "从未导出"
    else:
        when = info.last_bundle_sent_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.last_bundle_sent_at else ""
        sent = f"第 {info.last_bundle_sent} 号，给“{info.last_bundle_sent_to or '上级'}”，{when}".rstrip("，")
    return [f"备份时间：{made}", f"设备：{info.device_name}", f"农户：{info.households} 户",
            f"最后导出的同步包：{sent}"]


def cmd_restore(args: argparse.Namespace) -> int:
    if is_url(args.db):
        raise UserFacingError(PG_DUMP_MESSAGE)
    password = read_password(str(args.file))
    assert password is not None
    info = read_backup(args.file, password)
    for line in describe(info):
        print(line)
    target = Path(args.db)
    replace = False
    if target.exists():
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserFacingError(f"数据库文件已经存在：{target}。恢复会用备份替换其中的全部数据，"
                                      "请确认（命令行加 --yes）。")
            answer = input(f"用这个备份替换 {target} 中的全部数据？输入“是”确认：")
            if answer.strip() not in ("是", "y", "yes"):
                print("已取消，没有改动。")
                return 1
        replace = True
    result = restore_backup(args.file, password, target, replace=replace)
    print(f"已从备份恢复到 {target}。")
    print(RESTORED_NOTE)
    if not result.replaced_read:
        print("原来的数据库没有读到：变更编号已跳过一大段，备份之后导出过的同步包不会与以后的变更冲突。")
    return 0


RESTORED_NOTE = ("备份之后在本机做的修改不在恢复的数据库中（已导出给上级的仍保存在上级）；"
                 "备份之后导入过的同步包，请重新导入一次。")
