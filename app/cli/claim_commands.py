"""claim add, approve, pay, list, ledger: 防贫保险/防贫救助 claims and the fund ledger (资金台账)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx, typed_date
from app.domain.claims import CLAIM_KINDS, CLAIM_STATUSES
from app.domain.errors import UserFacingError
from app.excel.fund_ledger import write_fund_ledger_xlsx
from app.printing.batch import atomic_output
from app.printing.fund_ledger import summary, write_fund_ledger
from app.services.claims import ClaimService
from app.services.fund_ledger import fund_ledger
from app.services.households import HouseholdService

HOUSEHOLD_HELP = "户编号、户编码（或其唯一的开头部分）或成员身份证号"
CLAIM_HELP = "理赔编号（fangpin claim list 列出的编号，写前 6 位以上即可）"


def register(commands: argparse._SubParsersAction) -> None:
    claim = commands.add_parser("claim", help="防贫保险/防贫救助：理赔的申请、审批、支付和资金台账")
    actions = claim.add_subparsers(title="操作", metavar="操作", parser_class=type(claim))

    add = actions.add_parser("add", help="登记一户的理赔申请（没有对应措施时自动新增一项帮扶措施）",
                             description="例：fangpin claim add --db d.db 户编码 --kind 防贫保险 "
                                         "--fund 某财产保险公司 --date 2026-09-02 --amount 8000")
    add_db(add)
    add.add_argument("household", metavar="户编号", help=HOUSEHOLD_HELP)
    add.add_argument("--kind", required=True, metavar="类别", help="、".join(CLAIM_KINDS))
    add.add_argument("--fund", required=True, metavar="机构", help="承保的保险机构或支付的救助基金")
    add.add_argument("--date", type=typed_date, metavar="日期", help="申请日期（默认今天，不能晚于今天）")
    add.add_argument("--amount", default="0", metavar="金额", help="申请金额（元），可不填")
    add.add_argument("--measure", metavar="措施编号", help="记在本户已有的这项帮扶措施下（不写则新增一项）")
    add.add_argument("--note", default="", metavar="备注", help="备注，最多 200 字")
    add.set_defaults(handler=cmd_add)

    approve = actions.add_parser("approve", help="登记审批结果：批准金额，或 --refuse 未获批")
    add_db(approve)
    approve.add_argument("claim", metavar="理赔编号", help=CLAIM_HELP)
    decision = approve.add_mutually_exclusive_group(required=True)
    decision.add_argument("--amount", metavar="金额", help="批准金额（元）")
    decision.add_argument("--refuse", action="store_true", help="未获批")
    approve.add_argument("--date", type=typed_date, metavar="日期", help="审批日期（默认今天）")
    approve.add_argument("--note", default="", metavar="说明", help="未获批的原因")
    approve.set_defaults(handler=cmd_approve)

    pay = actions.add_parser("pay", help="登记支付（不能超过批准金额）")
    add_db(pay)
    pay.add_argument("claim", metavar="理赔编号", help=CLAIM_HELP)
    pay.add_argument("--amount", required=True, metavar="金额", help="支付金额（元）")
    pay.add_argument("--date", type=typed_date, metavar="日期", help="支付日期（默认今天）")
    pay.set_defaults(handler=cmd_pay)

    listing = actions.add_parser("list", help="列出理赔记录")
    add_db(listing)
    listing.add_argument("--area", default="", metavar="区划代码", help="只列这个村、乡镇或县的（默认全部）")
    listing.add_argument("--status", choices=CLAIM_STATUSES, metavar="状态", help="、".join(CLAIM_STATUSES))
    add_json(listing)
    listing.set_defaults(handler=cmd_list)

    ledger = actions.add_parser("ledger", help="资金台账：按保险机构或救助基金、分乡镇或分村的救助户数、人数和支付金额",
                                description="例：fangpin claim ledger --db d.db --from 2026-01-01 --out 资金台账.pdf")
    add_db(ledger)
    ledger.add_argument("--area", metavar="区划代码", help="村、乡镇或县的代码（默认整个工作范围）")
    ledger.add_argument("--from", dest="start", type=typed_date, metavar="日期", help="支付日期从（默认不限）")
    ledger.add_argument("--to", dest="end", type=typed_date, metavar="日期", help="支付日期到（默认今天）")
    ledger.add_argument("--fund", default="", metavar="机构", help="只统计这一个保险机构或救助基金")
    ledger.add_argument("--out", type=Path, metavar="文件", help="写成 .pdf 或 .xlsx；不写则在终端列出")
    add_json(ledger)
    ledger.set_defaults(handler=cmd_ledger)


def cmd_add(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        household_id = HouseholdService(ctx).resolve(args.household)
        values = {"kind": args.kind, "fund": args.fund, "amount_applied": args.amount, "note": args.note}
        if args.date:
            values["applied_on"] = args.date
        claim = ClaimService(ctx).add(household_id, values, measure_id=args.measure)
    finally:
        ctx.db.close()
    print(f"已登记{claim.kind}申请（{claim.fund}，{claim.applied_on.isoformat()}），理赔编号 {claim.id[:8]}。")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = ClaimService(ctx)
        claim_id = service.resolve(args.claim)
        if args.refuse:
            claim = service.refuse(claim_id, args.date, args.note)
        else:
            claim = service.approve(claim_id, args.amount, args.date)
    finally:
        ctx.db.close()
    amount = f"，批准 {claim.amount_approved:,.2f} 元" if not args.refuse else ""
    print(f"理赔 {claim.id[:8]}：{claim.status}（{claim.approved_on}）{amount}。")
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        service = ClaimService(ctx)
        claim = service.pay(service.resolve(args.claim), args.amount, args.date)
    finally:
        ctx.db.close()
    print(f"理赔 {claim.id[:8]}：已支付 {claim.amount_paid:,.2f} 元（{claim.paid_on}）。")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        lines = ClaimService(ctx).in_area(args.area.strip(), args.status)
    finally:
        ctx.db.close()
    if args.json:  # without the head's name: the household number says which household
        print_json([{k: v for k, v in asdict(c).items() if k != "head_name"} for c in lines])
        return 0
    if not lines:
        print("没有理赔记录。")
        return 0
    print_table(["理赔编号", "户编号", "类别", "机构", "状态", "申请日期", "批准（元）", "支付（元）"],
                [(c.id[:8], c.household_number, c.kind, c.fund, c.status, c.applied_on,
                  f"{c.amount_approved:,.2f}", f"{c.amount_paid:,.2f}") for c in lines])
    print(f"共 {len(lines)} 条")
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    out: Path | None = args.out
    if out is not None and out.suffix.lower() not in (".pdf", ".xlsx"):
        raise UserFacingError(f"资金台账文件“{out.name}”应以 .pdf 或 .xlsx 结尾。", field="输出文件")
    ctx = open_ctx(args)
    try:
        ledger = fund_ledger(ctx, args.area, args.start, args.end, args.fund)
    finally:
        ctx.db.close()
    if out is not None:
        writer = write_fund_ledger if out.suffix.lower() == ".pdf" else write_fund_ledger_xlsx
        with atomic_output(out) as partial:
            writer(partial, ledger)
        print(f"已写出资金台账：{out}")
    elif args.json:
        print_json(ledger)
        return 0
    else:
        print_table(["保险机构或救助基金", ledger.place_kind, "户数", "人数", "理赔笔数", "支付金额（元）"],
                    [(fund, place, households, people, claims, f"{amount:,.2f}")
                     for fund, place, households, people, claims, amount in ledger.table()])
    print(summary(ledger))
    return 0
