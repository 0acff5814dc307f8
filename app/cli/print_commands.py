"""print card, print cards, print posting: the printed documents as PDF files."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.cli.options import add_db, open_ctx
from app.domain.errors import UserFacingError
from app.printing.card import write_card, write_cards
from app.printing.posting import posting_data, write_posting
from app.services import printouts
from app.services.households import HouseholdService
from app.services.policy import PolicyService


def iso_date(text: str) -> date:
    return date.fromisoformat(text)


# argparse names the expected type in its error message by the converter's __name__.
iso_date.__name__ = "日期（YYYY-MM-DD）"


def register(commands: argparse._SubParsersAction) -> None:
    printing = commands.add_parser("print", help="打印明白卡、公示名单等文档（生成 PDF）",
                                   description="生成 A4 PDF 文档，字体已嵌入，可在任何电脑上打印。")
    documents = printing.add_subparsers(title="文档", metavar="文档", parser_class=type(printing))

    card = documents.add_parser("card", help="一户的帮扶明白卡",
                                description="生成一户的防止返贫监测帮扶明白卡（身份证号已遮蔽）。")
    add_db(card)
    card.add_argument("--household", required=True, metavar="户编号",
                      help="户编号、户编码（或其唯一的开头部分）或成员身份证号")
    _add_out(card)
    card.set_defaults(handler=cmd_card)

    cards = documents.add_parser("cards", help="一个村全部农户的明白卡（一个 PDF）",
                                 description="把一个村每户的帮扶明白卡依次写入同一个 PDF 文件。")
    add_db(cards)
    cards.add_argument("--village", required=True, metavar="村代码", help="12 位村级区划代码")
    _add_out(cards)
    cards.set_defaults(handler=cmd_cards)

    posting = documents.add_parser("posting", help="一个村的监测对象公示名单",
                                   description="生成村级防止返贫监测对象公示名单（不含身份证号），"
                                               "列出已村级评议和正在公示的农户。")
    add_db(posting)
    posting.add_argument("--village", required=True, metavar="村代码", help="12 位村级区划代码")
    posting.add_argument("--start", type=iso_date, metavar="日期",
                         help="公示开始日期（默认今天；案例已登记公示期的按登记的）")
    _add_out(posting)
    posting.set_defaults(handler=cmd_posting)


def _add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="文件.pdf", help="输出的 PDF 文件路径")


def cmd_card(args: argparse.Namespace) -> int:
    out = _output(args.out)
    ctx = open_ctx(args)
    try:
        household_id = HouseholdService(ctx).resolve(args.household)
        data = printouts.card(ctx, household_id, ctx.today())
        _write_atomically(out, lambda path: write_card(path, data))
    finally:
        ctx.db.close()
    print(f"已生成{data.head_name}户的明白卡：{out}")
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    out = _output(args.out)
    ctx = open_ctx(args)
    try:
        place = printouts.village(ctx, args.village)
        count = 0

        def write(path: Path) -> None:
            nonlocal count
            count = write_cards(path, printouts.village_cards(ctx, place, ctx.today()))

        _write_atomically(out, write)
    finally:
        ctx.db.close()
    print(f"已生成{place.name}明白卡 {count} 户：{out}")
    return 0


def cmd_posting(args: argparse.Namespace) -> int:
    out = _output(args.out)
    ctx = open_ctx(args)
    try:
        place = printouts.village(ctx, args.village)
        data = posting_data(place, printouts.posting_cases(ctx, place),
                            printouts.contacts(ctx, place), start=args.start or ctx.today(),
                            days=PolicyService(ctx).posting_days(), printed_on=ctx.today())
        _write_atomically(out, lambda path: write_posting(path, data))
    finally:
        ctx.db.close()
    print(f"已生成{place.name}公示名单（{len(data.rows)} 户）：{out}")
    return 0


def _output(raw: str) -> Path:
    out = Path(raw)
    if out.suffix.lower() != ".pdf":
        raise UserFacingError(f"输出文件“{raw}”应以 .pdf 结尾。")
    if not out.parent.is_dir():
        raise UserFacingError(f"输出文件夹“{out.parent}”不存在。")
    return out


def _write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Write beside the target and rename, so a failure never leaves half a PDF behind."""
    partial = out.with_name(out.name + ".part")
    try:
        write(partial)
        os.replace(partial, out)
    except OSError as error:
        raise UserFacingError(f"无法写入“{out}”：{error.strerror or error}。") from None
    finally:
        partial.unlink(missing_ok=True)
