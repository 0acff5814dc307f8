"""`fangpin`: every station job headless, with Chinese help and `--json` output for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli import (
    backup_commands,
    case_commands,
    claim_commands,
    dept_commands,
    excel_commands,
    form_commands,
    grid_commands,
    household_commands,
    national_commands,
    policy_commands,
    print_commands,
    report_commands,
    setup_commands,
    start,
    sync_commands,
    visit_commands,
)
from app.cli.common import run_guarded
from app.cli.zh_argparse import ChineseParser

MODULES = (setup_commands, household_commands, case_commands, report_commands, sync_commands, print_commands,
           form_commands, excel_commands, backup_commands, visit_commands, dept_commands,
           national_commands, policy_commands, grid_commands, claim_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="fangpin",
        description="防贫网格通：防止返贫动态监测和帮扶。不带参数运行时打开应用程序。",
        epilog="数据库密码从环境变量 FANGPIN_PASSWORD 读取，未设置时在终端中询问。"
               "fangpin --self-test 检查本机安装是否完好（加密数据库、演示数据、走访、同步、打印、主窗口）。",
    )
    commands = parser.add_subparsers(title="命令", metavar="命令", parser_class=ChineseParser)
    for module in MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--self-test"]:
        from app.selftest import run_self_test

        return run_self_test()
    if not arguments:
        return run_guarded(start.run_application)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    return run_guarded(lambda: args.handler(args))

