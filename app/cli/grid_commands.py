"""grid list, grid add, grid workers, grid place: a station divides its villages into 网格."""

from __future__ import annotations

import argparse
import calendar

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.services.grids import GridService
from app.services.households import HouseholdService


def register(commands: argparse._SubParsersAction) -> None:
    grid = commands.add_parser("grid", help="网格：把村划分为网格，指定网格员，把农户划入网格（乡镇防贫工作站）")
    actions = grid.add_subparsers(title="操作", metavar="操作", parser_class=type(grid))

    listing = actions.add_parser("list", help="列出一个村的网格、网格员和户数")
    add_db(listing)
    listing.add_argument("--village", required=True, metavar="村代码", help="12 位村代码")
    add_json(listing)
    listing.set_defaults(handler=cmd_list)

    add = actions.add_parser("add", help="新建网格",
                             description="例：fangpin grid add --db d.db --village 131122100201 --name 第一网格 "
                                         "--worker 李东升")
    add_db(add)
    add.add_argument("--village", required=True, metavar="村代码", help="12 位村代码")
    add.add_argument("--name", required=True, metavar="网格名称", help="如 第一网格")
    add.add_argument("--worker", action="append", default=[], metavar="网格员",
                     help="本村网格员的姓名，可写多次（第一个为主要负责人）")
    add.set_defaults(handler=cmd_add)

    workers = actions.add_parser("workers", help="重新指定网格的网格员")
    add_db(workers)
    workers.add_argument("--village", required=True, metavar="村代码", help="12 位村代码")
    workers.add_argument("--name", required=True, metavar="网格名称", help="网格名称")
    workers.add_argument("--worker", action="append", required=True, metavar="网格员",
                         help="本村网格员的姓名，可写多次（第一个为主要负责人）")
    workers.set_defaults(handler=cmd_workers)

    workload = actions.add_parser("workload", help="每名网格员的工作量：所管网格的户数、监测户、本月应走访和已逾期户数")
    add_db(workload)
    workload.add_argument("--area", required=True, metavar="区划代码", help="村、乡镇或县的代码")
    add_json(workload)
    workload.set_defaults(handler=cmd_workload)

    place = actions.add_parser("place", help="把农户划入网格（每户只属于一个网格，原来的网格自动移出）")
    add_db(place)
    place.add_argument("--village", required=True, metavar="村代码", help="12 位村代码")
    place.add_argument("--name", required=True, metavar="网格名称", help="网格名称")
    place.add_argument("households", nargs="+", metavar="户编号", help="户编号、户编码或成员身份证号，可写多个")
    place.set_defaults(handler=cmd_place)


def cmd_list(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        grids = GridService(ctx).of_village(args.village)
    finally:
        ctx.db.close()
    if args.json:
        print_json([{"name": g.name, "workers": [w.name for w in g.workers], "households": g.households}
                    for g in grids])
        return 0
    if not grids:
        print("这个村还没有划分网格。")
        return 0
    print_table(["网格", "网格员", "户数"], [(g.name, "、".join(w.name for w in g.workers), g.households)
                                            for g in grids])
    return 0


def cmd_workload(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        today = ctx.today()
        until = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        loads = GridService(ctx).workload(args.area, until)
    finally:
        ctx.db.close()
    if args.json:
        print_json([{"name": w.name, "village": w.village_code, "grids": list(w.grids), "households": w.households,
                     "monitored": w.monitored, "due": w.due, "overdue": w.overdue} for w in loads])
        return 0
    print_table(["网格员", "村代码", "网格", "户数", "监测户", "本月应走访", "已逾期"],
                [(w.name, w.village_code, "、".join(w.grids) or "未分配网格", w.households, w.monitored, w.due,
                  w.overdue) for w in loads])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = GridService(ctx)
        grid = service.create(args.village, args.name, service.workers_named(args.village, args.worker))
    finally:
        ctx.db.close()
    print(f"已新建网格“{grid.name}”，网格员：{'、'.join(w.name for w in grid.workers) or '未指定'}。")
    return 0


def cmd_workers(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = GridService(ctx)
        grid = service.set_workers(service.named(args.village, args.name).id,
                                   service.workers_named(args.village, args.worker))
    finally:
        ctx.db.close()
    print(f"网格“{grid.name}”的网格员：{'、'.join(w.name for w in grid.workers)}。")
    return 0


def cmd_place(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = GridService(ctx)
        grid = service.named(args.village, args.name)
        households = HouseholdService(ctx)
        moved = service.place(grid.id, [households.resolve(h) for h in args.households])
        total = service.get(grid.id).households
    finally:
        ctx.db.close()
    print(f"已把 {moved} 户划入网格“{grid.name}”，该网格现有 {total} 户。")
    return 0
