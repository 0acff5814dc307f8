"""init, demo, divisions, id-check."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import select

from app.cli.common import place_names, print_json, print_table, read_password
from app.cli.options import add_db, add_json, open_ctx
from app.cli.zh_argparse import whole_number
from app.domain.divisions import LEVEL_LABELS, DivisionLevel
from app.domain.errors import UserFacingError
from app.domain.idnumber import parse_id_number
from app.domain.procedure import Role
from app.services.rows import live
from app.services.setup import initialize
from app.store.location import is_url, redacted
from app.store.models import Division


def register(commands: argparse._SubParsersAction) -> None:
    open_app = commands.add_parser(
        "open", help="在指定的数据库上打开应用程序",
        description="打开桌面应用程序并使用指定的数据库（文件或 postgresql:// 连接地址），只用这一次；"
                    "加 --remember 则以后启动时沿用。县、市中心的数据放在 PostgreSQL 服务器上时这样打开。")
    add_db(open_app)
    open_app.add_argument("--remember", action="store_true",
                          help="记住这个数据库，以后直接启动时打开它（不记密码）")
    open_app.set_defaults(handler=cmd_open)

    init = commands.add_parser("init", help="创建本机数据库", description="为本机创建加密数据库。")
    add_db(init)
    init.add_argument("--role", required=True, type=role, metavar="角色",
                      help="worker 或 网格员；township 或 乡镇（乡镇防贫工作站）；county 或 县（县防贫中心）")
    init.add_argument("--division", required=True, metavar="代码",
                      help="工作范围的区划代码（村、乡镇或县）")
    init.add_argument("--user", required=True, metavar="姓名", help="使用人姓名，同时作为本机名称")
    init.add_argument("--divisions", type=Path, metavar="文件",
                      help="区划代码表（CSV 或 xlsx），不给出时使用内置的演示县区划")
    init.set_defaults(handler=cmd_init)

    demo = commands.add_parser("demo", help="生成演示数据",
                               description="新路径：创建武邑县演示数据库（县级）；已有数据库：在其范围内添加演示农户。")
    add_db(demo)
    demo.add_argument("--households", type=whole_number, default=2000, metavar="户数", help="农户数（默认 2000）")
    demo.add_argument("--seed", type=whole_number, default=1, metavar="种子", help="随机种子（默认 1）")
    demo.set_defaults(handler=cmd_demo)

    divisions = commands.add_parser("divisions", help="列出工作范围内的区划")
    add_db(divisions)
    add_json(divisions)
    divisions.set_defaults(handler=cmd_divisions)

    id_check = commands.add_parser("id-check", help="校验身份证号",
                                   description="校验 18 位（或 15 位旧号）身份证号，给出出生日期和性别。")
    id_check.add_argument("number", metavar="身份证号")
    add_json(id_check)
    id_check.set_defaults(handler=cmd_id_check)


ROLE_NAMES = {**{r.value: r for r in Role}, **{r.label: r for r in Role},
              "乡镇": Role.TOWNSHIP, "县": Role.COUNTY}


def role(text: str) -> str:
    """A role by its English value or its Chinese name."""
    if text.strip() not in ROLE_NAMES:
        raise ValueError(text)
    return ROLE_NAMES[text.strip()].value


# argparse names the expected type in its error message by the converter's __name__.
role.__name__ = "角色：worker 网格员、township 乡镇、county 县"


def cmd_open(args: argparse.Namespace) -> int:
    from app.cli.start import run_application

    return run_application(args.db, args.remember)


def cmd_init(args: argparse.Namespace) -> int:
    ctx = initialize(args.db, read_password(args.db, confirm=True), role=args.role,
                     division=args.division, user_name=args.user, divisions_file=args.divisions)
    try:
        scope = place_names(ctx, [ctx.scope_code])
    finally:
        ctx.db.close()
    print(f"已创建数据库：{redacted(args.db)}（{ctx.role.label}，范围 {scope}，使用人 {args.user}）")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import DemoService, create_demo_database

    if args.households < 1:
        raise UserFacingError("演示农户数至少为 1。")

    def progress(done: int, total: int) -> None:
        print(f"\r已生成 {done}/{total} 户", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    if is_url(args.db) or Path(args.db).exists():
        ctx = open_ctx(args)
        summary = DemoService(ctx).generate(args.households, seed=args.seed, progress=progress)
    else:
        ctx = create_demo_database(args.db, read_password(args.db, confirm=True), households=0,
                                   seed=args.seed)
        summary = DemoService(ctx).generate(args.households, seed=args.seed, progress=progress)
    ctx.db.close()
    print(file=sys.stderr)
    print(f"已在 {redacted(args.db)} 生成 {args.households} 户演示数据，用时 "
          f"{time.perf_counter() - started:.1f} 秒。{summary}")
    return 0


def cmd_divisions(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    with ctx.db.read() as session:
        rows = session.scalars(select(Division).where(live(Division)).order_by(Division.id)).all()
    ctx.db.close()
    data = [{"code": d.id, "name": d.name, "level": d.level, "parent": d.parent_code}
            for d in rows]
    if args.json:
        print_json(data)
    else:
        print_table(["代码", "名称", "级别", "上级"],
                    [(d["code"], d["name"], LEVEL_LABELS[DivisionLevel(d["level"])], d["parent"])
                     for d in data])
    return 0


def cmd_id_check(args: argparse.Namespace) -> int:
    try:
        info = parse_id_number(args.number)
    except UserFacingError as error:
        if not args.json:
            raise
        print_json({"valid": False, "number": args.number, "reason": error.message})
        return 1
    data = {"valid": True, "number": info.number, "birth_date": info.birth_date.isoformat(),
            "sex": str(info.sex), "region_code": info.region_code}
    if args.json:
        print_json(data)
    else:
        print(f"有效：{info.number}，出生日期 {info.birth_date.isoformat()}，性别 {info.sex}，"
              f"户籍地代码 {info.region_code}")
    return 0
