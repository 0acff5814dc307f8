"""form check / list / install: read an XLSForm and say what was understood; the forms of a database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_USER_ERROR, print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.forms.model import Form, Question, pick_text
from app.forms.problems import FormError
from app.forms.xlsform import load_form
from app.services.forms import FormService

TYPE_NAMES = {
    "text": "文字", "integer": "整数", "decimal": "小数", "date": "日期", "time": "时间",
    "datetime": "日期时间", "select_one": "单选", "select_multiple": "多选", "note": "说明",
    "calculate": "计算", "acknowledge": "确认", "group": "分组", "repeat": "重复组",
}


def register(commands: argparse._SubParsersAction) -> None:
    form = commands.add_parser("form", help="问卷表单（XLSForm）", description="检查和管理 XLSForm 问卷表单。")
    actions = form.add_subparsers(title="操作", metavar="操作", parser_class=type(form))
    check = actions.add_parser("check", help="检查表单文件",
                               description="读取 XLSForm 表单（.xlsx、.xlsm 或 .xls），列出读懂的题目；"
                                           "有问题时列出全部问题。")
    check.add_argument("file", type=Path, metavar="文件.xlsx", help="XLSForm 表单文件（.xlsx、.xlsm 或 .xls）")
    add_json(check)
    check.set_defaults(handler=cmd_check)
    listing = actions.add_parser("list", help="列出可用的表单及版本",
                                 description="列出程序自带和已安装到数据库中的表单及其全部版本；“当前”是新走访使用的版本。")
    add_db(listing)
    add_json(listing)
    listing.set_defaults(handler=cmd_list)
    install = actions.add_parser("install", help="安装新版表单（县、乡镇）",
                                 description="检查 XLSForm 表单文件并把这一版本安装到数据库，之后随同步数据下发。"
                                             "只有县防贫中心和乡镇防贫工作站可以安装。")
    add_db(install)
    install.add_argument("file", type=Path, metavar="文件.xlsx", help="XLSForm 表单文件（.xlsx、.xlsm 或 .xls）")
    add_json(install)
    install.set_defaults(handler=cmd_install)
    form.set_defaults(handler=lambda _args: _usage(form))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USER_ERROR


def cmd_check(args: argparse.Namespace) -> int:
    try:
        form = load_form(args.file)
    except FormError as error:
        if args.json:
            print_json({"file": str(args.file), "problems": [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
                for p in error.problems]})
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_USER_ERROR
    if args.json:
        print_json(form_summary(form))
    else:
        _print_form(form)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        entries = FormService(ctx).list()
    finally:
        ctx.db.close()
    if args.json:
        print_json([asdict(entry) for entry in entries])
    else:
        print_table(["表单编号", "名称", "版本", "来源", "安装日期", "安装人", "当前"],
                    [[e.form_id, e.title, e.version, e.origin, e.installed_on or "", e.installed_by,
                      "是" if e.current else ""] for e in entries])
    return 0


def cmd_install(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        entry = FormService(ctx).install(args.file)
    finally:
        ctx.db.close()
    if args.json:
        print_json(asdict(entry))
    else:
        print(f"已安装表单「{entry.title}」（{entry.form_id}）{entry.version} 版"
              f"{'，已是当前版本' if entry.current else '（数据库中已有更新的版本）'}；下次同步时随数据下发。")
    return 0


def form_summary(form: Form) -> dict[str, Any]:
    return {
        "form_id": form.form_id, "version": form.version, "title": form.title,
        "default_language": form.default_language, "languages": list(form.languages),
        "questions": [_question_summary(form, question) for question in form.walk()],
    }


def _question_summary(form: Form, question: Question) -> dict[str, Any]:
    language = form.default_language
    return {
        "name": question.name, "type": question.type, "label": question.label(language),
        "relevant": question.relevant, "constraint": question.constraint, "required": question.required,
        "calculation": question.calculation,
        "choices": [{"name": choice.name, "label": pick_text(choice.labels, language)}
                    for choice in form.choices_for(question)],
    }


def _print_form(form: Form) -> None:
    questions = list(_with_depth(form.questions, 0))
    languages = "、".join(form.languages) or "（无语言列）"
    print(f"表单「{form.title}」 编号 {form.form_id} 版本 {form.version or '（未填写）'} "
          f"语言 {languages}，共 {len(questions)} 项")
    rows = []
    for depth, question in questions:
        choices = form.choices_for(question)
        required = "是" if question.required is True else (question.required or "")
        rows.append([
            "  " * depth + question.name, TYPE_NAMES.get(question.type, question.type),
            question.label(form.default_language), required, question.relevant, question.constraint,
            question.calculation, "、".join(choice.name for choice in choices),
        ])
    print_table(["名称", "题型", "标题", "必填", "显示条件", "约束", "计算", "选项"], rows)


def _with_depth(questions: tuple[Question, ...], depth: int) -> Iterator[tuple[int, Question]]:
    for question in questions:
        yield depth, question
        yield from _with_depth(question.children, depth + 1)
