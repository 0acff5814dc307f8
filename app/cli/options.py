"""Options several commands share, declared once."""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.common import read_password
from app.domain.dates import parse_typed_date
from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.setup import open_context


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="路径",
                        help="数据库文件路径（或 postgresql:// 连接地址）")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 格式输出，便于脚本处理")


def open_ctx(args: argparse.Namespace) -> ServiceContext:
    return open_context(args.db, read_password(args.db))


def typed_date(text: str) -> date:
    """A date option, read as the desktop's date fields read one (2026-12-05, 20261205, 2026年12月5日 …)."""
    try:
        day = parse_typed_date(text)
    except UserFacingError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    if day is None:
        raise argparse.ArgumentTypeError("日期不能为空，例如 2026-12-05。")
    return day
