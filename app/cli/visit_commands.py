"""visit record: a visit recorded headless, through the same use case as the desktop's visit form."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.cli.common import print_json
from app.cli.options import add_db, add_json, open_ctx, typed_date
from app.domain.errors import UserFacingError
from app.forms.model import Form
from app.forms.xlsform import load_form
from app.services.form_answers import FIELD_BIND
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.visits import VisitService

VISIT_DATE_FIELDS = ("visit.date", "screening.date")


def register(commands: argparse._SubParsersAction) -> None:
    visit = commands.add_parser("visit", help="登记入户走访")
    actions = visit.add_subparsers(title="操作", metavar="操作", parser_class=type(visit))
    record = actions.add_parser(
        "record", help="用填好的表单登记一次走访（与界面同样校验，一次写入）",
        description="例：fangpin visit record --db d.db --household 户编码 --form visit --answers 答案.json。"
                    "答案文件是 JSON 对象：问题名 → 答案（问题名与表单中的一致）。"
                    "表单写错或任何一步被拒绝时，什么都不写入。")
    add_db(record)
    record.add_argument("--household", required=True, metavar="户编号",
                        help="户编号、户编码（或其唯一的开头部分）或成员身份证号")
    record.add_argument("--form", required=True, metavar="表单",
                        help="已安装表单的编号（如走访表 visit），或表单文件（须已安装）")
    record.add_argument("--answers", required=True, metavar="答案.json", help="填好的答案（JSON）")
    record.add_argument("--date", type=typed_date, metavar="YYYY-MM-DD",
                        help="走访日期（默认按答案，答案没有时为今天）")
    add_json(record)
    record.set_defaults(handler=cmd_record)


def cmd_record(args: argparse.Namespace) -> int:
    answers = _answers(Path(args.answers))
    ctx = open_ctx(args)
    try:
        household_id = HouseholdService(ctx).resolve(args.household)
        form = _form(FormService(ctx), args.form)
        if args.date is not None:
            answers[_date_question(form)] = args.date.isoformat()
        recorded = VisitService(ctx).record_form(household_id, form, answers)
    finally:
        ctx.db.close()
    visit = recorded.visit
    if args.json:
        print_json({"visit": visit.id, "household": household_id, "date": visit.visit_date,
                    "form": visit.form_id, "version": visit.form_version, "updated": recorded.changes})
    else:
        print(f"已登记 {visit.visit_date} 的走访（{form.title} {visit.form_version}），走访编号 {visit.id}。")
        for change in recorded.changes or ["（农户记录没有其他变化）"]:
            print(f"  更新：{change}")
    return 0


def _form(forms: FormService, reference: str) -> Form:
    """An installed form by its id, or the installed version a form file is (a visit keeps its
    form's id and version, so the form it was made with must be in the database to be read again)."""
    path = Path(reference)
    if path.suffix.lower() in (".xlsx", ".xls", ".xlsm") or path.is_file():
        if not path.is_file():
            raise UserFacingError(f"找不到表单文件：{path}")
        form = load_form(path)
        try:
            return forms.load(form.form_id, form.version)
        except UserFacingError:
            raise UserFacingError(f"表单“{form.title}”（{form.form_id} {form.version} 版）还没有安装，"
                                  f"请先运行 fangpin form install 安装后再登记走访。") from None
    return forms.load(reference)


def _date_question(form: Form) -> str:
    for question in form.walk():
        if question.bind.get(FIELD_BIND, "") in VISIT_DATE_FIELDS:
            return question.name
    raise UserFacingError(f"表单“{form.title}”没有走访日期这一题，不能用 --date 指定日期。")


def _answers(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserFacingError(f"找不到答案文件：{path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserFacingError(f"答案文件 {path.name} 不是有效的 JSON（UTF-8）：{error}") from None
    if not isinstance(data, dict):
        raise UserFacingError(f"答案文件 {path.name} 应是一个 JSON 对象（问题名 → 答案）。")
    return data

