"""Options several commands share, declared once."""

from __future__ import annotations

import argparse

from app.cli.common import read_password
from app.services.context import ServiceContext
from app.services.setup import open_context


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="路径",
                        help="数据库文件路径（或 postgresql:// 连接地址）")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 格式输出，便于脚本处理")


def open_ctx(args: argparse.Namespace) -> ServiceContext:
    return open_context(args.db, read_password(args.db))
