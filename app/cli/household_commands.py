"""households, household show, household set."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.cli.zh_argparse import whole_number
from app.domain.errors import UserFacingError
from app.domain.idnumber import mask_id_number
from app.domain.procedure import STEP_TITLES, Procedure, Stage
from app.domain.voiding import VOID_REASONS
from app.services.fields import HOUSEHOLD_FIELDS
from app.services.household_numbers import HouseholdNumberService
from app.services.households import HouseholdDetail, HouseholdService
from app.services.search import SearchService
from app.services.voiding import VoidService


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("households", help="查找和列出农户",
                                  description="按姓名、拼音首字母、身份证号（前几位或后4至8位）或村名查找农户。")
    add_db(listing)
    listing.add_argument("--village", metavar="村代码", help="只列出这个村的农户")
    listing.add_argument("--search", metavar="文字", default="", help="姓名、拼音首字母、身份证号或村名")
    listing.add_argument("--limit", type=whole_number, default=200, metavar="条数", help="最多列出多少户（默认 200）")
    add_json(listing)
    listing.set_defaults(handler=cmd_households)

    household = commands.add_parser("household", help="查看或修改一户")
    actions = household.add_subparsers(title="操作", metavar="操作", parser_class=type(household))
    show = actions.add_parser("show", help="查看一户的全部信息")
    add_db(show)
    show.add_argument("household", metavar="户编号", help="户编号、户编码（或其唯一的开头部分）或成员身份证号")
    add_json(show)
    show.set_defaults(handler=cmd_show)

    change = actions.add_parser("set", help="修改一户的字段（与界面同样校验）",
                                description="例：fangpin household set --db d.db 户编码 联系电话=13800000000 "
                                            "住房安全=危房。字段用中文名（如 住房安全）或英文名（如 house_safety）。")
    add_db(change)
    change.add_argument("household", metavar="户编号", help="户编号、户编码或成员身份证号")
    change.add_argument("assignments", nargs="+", metavar="字段=值")
    change.set_defaults(handler=cmd_set)

    reasons = "、".join(VOID_REASONS)
    void_member = actions.add_parser(
        "void-member", help="移出（作废）一名成员，须注明原因",
        description=f"例：fangpin household void-member --db d.db 成员身份证号 --reason 去世 --note 2026年11月病故。"
                    f"原因可选：{reasons}。户主不能直接移出，请先更换户主。")
    add_db(void_member)
    void_member.add_argument("member", metavar="成员", help="成员的身份证号（或成员编码）")
    _void_options(void_member)
    void_member.set_defaults(handler=cmd_void_member)

    void_household = actions.add_parser(
        "void", help="作废重复录入或录入错误的一户（连同其成员），须注明原因",
        description="例：fangpin household void --db d.db 户编号 --reason 重复录入 --note 与某某户重复。"
                    "有未结束监测案例的户不能作废。")
    add_db(void_household)
    void_household.add_argument("household", metavar="户编号", help="户编号、户编码或成员身份证号")
    _void_options(void_household)
    void_household.set_defaults(handler=cmd_void_household)

    void_measure = actions.add_parser("void-measure", help="作废一条录错或重复的帮扶措施，须注明原因")
    add_db(void_measure)
    void_measure.add_argument("measure", metavar="措施编码", help="措施编码（household show --json 中的 id）")
    _void_options(void_measure)
    void_measure.set_defaults(handler=cmd_void_measure)

    history = actions.add_parser("history", help="一户的作废和更正记录")
    add_db(history)
    history.add_argument("household", metavar="户编号", help="户编号、户编码或成员身份证号")
    add_json(history)
    history.set_defaults(handler=cmd_history)

    clashes = actions.add_parser(
        "clashes", help="列出被两户以上使用的户编号（两台设备录入了同一户编号，同步后发现）",
        description="每个重复的户编号列出使用它的各户；用 household renumber 给其中一户换一个户编号。")
    add_db(clashes)
    add_json(clashes)
    clashes.set_defaults(handler=cmd_clashes)

    renumber = actions.add_parser(
        "renumber", help="给一户换一个户编号（解决重复的户编号）",
        description="例：fangpin household renumber --db d.db 户编码 （不写 --number 时由本机按村自动编号）。"
                    "重复的户编号指不到唯一的一户，请用 household clashes 列出的户编码。")
    add_db(renumber)
    renumber.add_argument("household", metavar="户编码", help="户编码（或其唯一的开头部分）或成员身份证号")
    renumber.add_argument("--number", default="", metavar="户编号", help="新的户编号（不能与其他户重复）")
    renumber.set_defaults(handler=cmd_renumber)


def _void_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reason", required=True, metavar="原因", help="、".join(VOID_REASONS))
    parser.add_argument("--note", default="", metavar="说明", help="情况说明（原因为“其他”时必填）")


def _village_code(raw: str | None) -> str | None:
    if raw is None:
        return None
    from app.domain.divisions import normalize_code
    return normalize_code(raw)


def cmd_households(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserFacingError("--limit 至少为 1。")
    ctx = open_ctx(args)
    village = _village_code(args.village)
    if village is not None:
        _require_village(ctx, village)
    rows = SearchService(ctx).search(args.search, village=village, limit=args.limit)
    ctx.db.close()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("没有找到符合条件的农户。")
        return 0
    print_table(["户编号（或户编码）", "村", "组", "户主", "人数", "户类型", "监测类别", "程序",
                 "下次走访", "匹配成员"],
                [(r.household_number or r.id, r.village_name, r.group_name, r.head_name, r.member_count,
                  r.household_type, r.category, r.stage, r.next_visit_due, r.matched)
                 for r in rows])
    print(f"共 {len(rows)} 户" + ("（已达上限，可用 --limit 调整）" if len(rows) == args.limit else ""))
    return 0


def _require_village(ctx: Any, code: str) -> None:
    from app.store.models import Division
    with ctx.db.read() as session:
        village = session.get(Division, code)
    if village is None or village.level != "village":
        raise UserFacingError(f"村代码 {code} 不在本数据库的区划表中（可用 fangpin divisions 查看）。")


def cmd_show(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    service = HouseholdService(ctx)
    detail = service.get(service.resolve(args.household))
    ctx.db.close()
    if args.json:
        print_json(_detail_json(detail))
    else:
        _print_detail(detail)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    changes: dict[str, str] = {}
    for assignment in args.assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise UserFacingError(f"“{assignment}”的写法不对，应为 字段=值，例如 联系电话=13800000000。")
        changes[name.strip()] = value.strip()
    ctx = open_ctx(args)
    service = HouseholdService(ctx)
    household = service.update(service.resolve(args.household), changes)
    ctx.db.close()
    print(f"已修改 {household.head_name}户（户编码 {household.id}）：" +
          "，".join(f"{_label(name)}={value}" for name, value in changes.items()))
    return 0


def cmd_void_member(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    member = VoidService(ctx).void_member(VoidService(ctx).member_id(args.member), args.reason, args.note)
    ctx.db.close()
    print(f"已移出成员{member.name}（{member.relation}），原因：{member.void_reason}"
          + (f"（{member.void_note}）" if member.void_note else "") + "。记录保留在该户的作废记录中。")
    return 0


def cmd_void_household(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    household_id = HouseholdService(ctx).resolve(args.household)
    household = VoidService(ctx).void_household(household_id, args.reason, args.note)
    ctx.db.close()
    print(f"已作废{household.head_name}户（户编码 {household.id}），原因：{household.void_reason}。"
          "该户及其成员不再出现在名单和统计中，作废记录保留并会同步。")
    return 0


def cmd_void_measure(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    measure = VoidService(ctx).void_measure(args.measure.strip(), args.reason, args.note)
    ctx.db.close()
    print(f"已作废帮扶措施“{measure.kind} {measure.item}”".rstrip() + f"，原因：{measure.void_reason}。")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    household_id = HouseholdService(ctx).resolve(args.household)
    records = VoidService(ctx).history(household_id)
    ctx.db.close()
    if args.json:
        print_json(records)
        return 0
    if not records:
        print("这一户没有作废记录。")
        return 0
    print_table(["日期", "事项", "对象", "原因", "说明", "经办人"],
                [(r.voided_on, "作废" + r.kind, r.what, r.reason, r.note, r.voided_by) for r in records])
    return 0


def cmd_clashes(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    clashes = HouseholdNumberService(ctx).clashes()
    ctx.db.close()
    if args.json:
        print_json(clashes)
        return 0
    if not clashes:
        print("没有重复的户编号。")
        return 0
    print_table(["户编号", "户编码", "村", "组", "户主", "人数"],
                [(clash.number, h.household_id, h.village, h.group_name, h.head_name, h.member_count)
                 for clash in clashes for h in clash.households])
    print(f"共 {len(clashes)} 个户编号被重复使用；用 fangpin household renumber 户编码 给其中一户换一个户编号。")
    return 0


def cmd_renumber(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    household_id = HouseholdService(ctx).resolve(args.household)
    number = HouseholdNumberService(ctx).renumber(household_id, args.number)
    ctx.db.close()
    print(f"已更改户编号：户编码 {household_id} 的新户编号为 {number}。")
    return 0


def _label(name: str) -> str:
    """A household field by its Chinese name, whichever name it was given by."""
    spec = HOUSEHOLD_FIELDS.get(name)
    return spec.label if spec else name


def _detail_json(d: HouseholdDetail) -> dict[str, Any]:
    def dump(obj: Any) -> dict[str, Any]:
        return obj.model_dump(exclude={"created_hlc", "updated_hlc", "field_stamps", "deleted"})
    return {
        "household": dump(d.household) | {"village_name": d.village_name},
        "members": [dump(m) for m in d.members],
        "incomes": [dump(i) for i in d.incomes],
        "expenses": [dump(e) for e in d.expenses],
        "cases": [dump(c) | {"steps": [dump(s) for s in d.steps.get(c.id, [])]} for c in d.cases],
        "assignments": [dump(a) | {"person": dump(p)} for a, p in d.assignments],
        "measures": [dump(m) for m in d.measures],
        "visits": [dump(v) for v in d.visits],
        "warnings": [dump(w) for w in d.warnings],
    }


def _print_detail(d: HouseholdDetail) -> None:
    h = d.household
    print(f"{d.village_name}{h.group_name} {h.head_name}户  户编号 {h.household_number or '无'}  "
          f"户编码 {h.id}")
    print(f"户类型：{h.household_type}{'（建档立卡）' if h.registered_poor else ''}  住址：{h.address}  "
          f"电话：{h.phone}  住房：{h.house_safety}")
    print(f"上次走访：{h.last_visit_date or '无'}  下次走访：{h.next_visit_due or '未定'}")
    print()
    print_table(["姓名", "关系", "身份证号", "性别", "出生日期", "健康", "劳动技能", "文化/在校"],
                [(m.name, m.relation, mask_id_number(m.id_number), m.sex, m.birth_date,
                  "、".join(m.health), m.labour_skill, m.education or m.school_stage)
                 for m in d.members])
    if d.incomes:
        print()
        print_table(["年度", "人口", "家庭纯收入", "人均纯收入"],
                    [(i.year, i.household_size, i.net_income, i.per_capita_income)
                     for i in d.incomes])
    for case in d.cases:
        print()
        print(f"监测对象类别：{case.category}  风险类型：{'、'.join(case.risk_types)}  "
              f"状态：{case.status}  程序：{Procedure(case.procedure).label}·{Stage(case.stage).label}")
        for step in d.steps.get(case.id, []):
            title = STEP_TITLES.get(Stage(step.step), step.step)
            print(f"  {step.acted_on}  {Procedure(step.procedure).label}·{title}  {step.decision}  "
                  f"{step.actor_name}  {step.note}".rstrip())
    for assignment, person in d.assignments:
        end = f"至 {assignment.end_date}（{assignment.end_reason}）" if assignment.end_date else "至今"
        print(f"帮扶责任人：{person.name}（{person.unit}，{person.phone}） {assignment.start_date} {end}")
    for m in d.measures:
        print(f"措施：{m.kind}/{m.item} {m.amount}元 {m.status} {m.start_date}")
    open_warnings = [w for w in d.warnings if w.status == "待处置"]
    for w in open_warnings:
        print(f"预警：{w.title}：{w.reason}")
    print(f"走访记录 {len(d.visits)} 次")
