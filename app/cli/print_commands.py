"""print card|cards|ledger|posting|due|monthly: the printed documents as PDF files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.cli.options import add_db, open_ctx, typed_date
from app.domain.errors import UserFacingError
from app.services import printouts
from app.services.context import ServiceContext
from app.services.printouts import DocumentKind, PrintRequest


def year_month(text: str) -> date:
    """``2026-11`` (or ``2026-1``) as the month's first day."""
    year, month = text.strip().split("-")
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), 1)


# argparse names the expected type in its error message by the converter's __name__.
year_month.__name__ = "月份（YYYY-MM）"


def register(commands: argparse._SubParsersAction) -> None:
    printing = commands.add_parser("print", help="打印明白卡、台账、公示名单、走访计划、月度分析（生成 PDF）",
                                   description="生成 A4 PDF 文档，字体已嵌入，可在任何电脑上打印。")
    documents = printing.add_subparsers(title="文档", metavar="文档", parser_class=type(printing))

    card = documents.add_parser("card", help="一户的帮扶明白卡",
                                description="生成一户的防止返贫监测帮扶明白卡（身份证号已遮蔽）。")
    add_db(card)
    card.add_argument("--household", required=True, metavar="户编号",
                      help="户编号、户编码（或其唯一的开头部分）或成员身份证号")
    _add_out(card)
    card.set_defaults(handler=cmd_card)

    consent = documents.add_parser("consent", help="一户的承诺授权书（入户核实时由家庭成员签字）",
                                   description="生成一户的防止返贫监测帮扶承诺授权书，列出全部家庭成员供签字"
                                               "（身份证号已遮蔽）。")
    add_db(consent)
    consent.add_argument("--household", required=True, metavar="户编号",
                         help="户编号、户编码（或其唯一的开头部分）或成员身份证号")
    _add_out(consent)
    consent.set_defaults(handler=cmd_consent)

    cards = documents.add_parser(
        "cards", help="一个村或乡镇全部农户的明白卡",
        description="把一个村（或乡镇、县）每户的帮扶明白卡依次写入一个 PDF（--out），"
                    "或每户一个 PDF 写入文件夹（--folder）。")
    add_db(cards)
    _add_area(cards, required=True)
    target = cards.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", metavar="文件.pdf", help="输出的 PDF 文件路径")
    target.add_argument("--folder", metavar="文件夹", help="每户一个 PDF，写入此文件夹（不存在则新建）")
    cards.set_defaults(handler=cmd_cards)

    ledger = documents.add_parser("ledger", help="帮扶责任人台账（村或乡镇）",
                                  description="生成一个村或乡镇的帮扶责任人台账（A4 横向）。")
    add_db(ledger)
    _add_area(ledger, required=True)
    _add_out(ledger)
    ledger.set_defaults(handler=cmd_ledger)

    posting = documents.add_parser("posting", help="一个村的监测对象公示名单",
                                   description="生成村级防止返贫监测对象公示名单（不含身份证号），"
                                               "列出已村级评议和正在公示的农户。")
    add_db(posting)
    posting.add_argument("--village", required=True, metavar="村代码", help="12 位村级区划代码")
    posting.add_argument("--start", type=typed_date, metavar="日期",
                         help="公示开始日期（默认今天；案例已登记公示期的按登记的）")
    _add_out(posting)
    posting.set_defaults(handler=cmd_posting)

    due = documents.add_parser("due", help="走访计划：本月应走访的农户，按网格员分页",
                               description="列出到所选月份月底应入户走访的农户（含已逾期的），"
                                           "每位网格员一份。")
    add_db(due)
    _add_area(due, required=False)
    _add_month(due)
    _add_out(due)
    due.set_defaults(handler=cmd_due)

    monthly = documents.add_parser("monthly", help="月度分析报告（含统计表和图）",
                                   description="生成本机数据范围的防止返贫监测帮扶月度分析。")
    add_db(monthly)
    _add_month(monthly)
    _add_out(monthly)
    monthly.set_defaults(handler=cmd_monthly)


def _add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="文件.pdf", help="输出的 PDF 文件路径")


def _add_area(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--village", required=required, metavar="区划代码",
                        help="村（12 位）或乡镇（9 位）区划代码" + ("" if required else "；不填为全部"))


def _add_month(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=year_month, metavar="YYYY-MM", help="月份（默认本月）")


def cmd_card(args: argparse.Namespace) -> int:
    return _print(args, PrintRequest(DocumentKind.CARD, household=args.household))


def cmd_consent(args: argparse.Namespace) -> int:
    return _print(args, PrintRequest(DocumentKind.CONSENT, household=args.household))


def cmd_cards(args: argparse.Namespace) -> int:
    if args.folder is None:
        return _print(args, PrintRequest(DocumentKind.CARDS, area=args.village))
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise UserFacingError(f"“{folder}”已存在，但不是文件夹。")

    def run(ctx: ServiceContext, progress: _Progress) -> printouts.PrintResult:
        return printouts.write_card_files(ctx, args.village, folder, progress=progress)

    return _with_ctx(args, run)


def cmd_ledger(args: argparse.Namespace) -> int:
    return _print(args, PrintRequest(DocumentKind.LEDGER, area=args.village))


def cmd_posting(args: argparse.Namespace) -> int:
    return _print(args, PrintRequest(DocumentKind.POSTING, area=args.village,
                                     posting_start=args.start))


def cmd_due(args: argparse.Namespace) -> int:
    return _print(args, PrintRequest(DocumentKind.DUE, area=args.village or "", month=args.month))


def cmd_monthly(args: argparse.Namespace) -> int:
    return _print(args, PrintRequest(DocumentKind.MONTHLY, month=args.month))


def _print(args: argparse.Namespace, request: PrintRequest) -> int:
    out = _output(args.out)
    return _with_ctx(args, lambda ctx, progress: printouts.write_document(
        ctx, request, out, progress=progress if request.kind is DocumentKind.CARDS else None))


def _with_ctx(args: argparse.Namespace,
              run: Callable[[ServiceContext, _Progress], printouts.PrintResult]) -> int:
    ctx = open_ctx(args)
    progress = _Progress()
    try:
        result = run(ctx, progress)
    finally:
        progress.finish()
        ctx.db.close()
    print(result.message)
    return 0


class _Progress:
    """A count on the terminal while a batch runs; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()
        self.started = False

    def __call__(self, done: int, total: int | None) -> None:
        if self.shown and (done % 50 == 0 or done == total):
            self.started = True
            print(f"\r已完成 {done}/{total or '?'} 户", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.started:
            print(file=sys.stderr)


def _output(raw: str) -> Path:
    out = Path(raw)
    if out.suffix.lower() != ".pdf":
        raise UserFacingError(f"输出文件“{raw}”应以 .pdf 结尾。")
    if not out.parent.is_dir():
        raise UserFacingError(f"输出文件夹“{out.parent}”不存在。")
    return out
