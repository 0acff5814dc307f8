"""case list, case propose, case step: the monitoring procedure from a script, refused as on screen."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from app.cli.common import print_json, print_table
from app.cli.options import add_db, add_json, open_ctx
from app.domain import categories
from app.domain.dates import parse_typed_date
from app.domain.errors import UserFacingError
from app.domain.procedure import (
    REVIEW_DECISIONS,
    STAGE_LABELS,
    STEP_ORDER,
    STEP_TITLES,
    Consent,
    Decision,
    Procedure,
    Stage,
)
from app.services.cases import CaseService
from app.services.households import HouseholdDetail, HouseholdService
from app.services.listing import CaseListing
from app.store.models import MonitoringCase

HOUSEHOLD_HELP = "户编号、户编码（或其唯一的开头部分）或成员身份证号"
STEP_NAMES = "、".join(STEP_TITLES[stage] for stage in STEP_ORDER)
STAGE_NAMES = "、".join([*(STEP_TITLES[stage] for stage in STEP_ORDER), "退回", "不通过"])
# A stage by any name people use for it: the step's title (乡镇审核), the stage's label (已乡镇审核, 公示中),
# or its English value (township_reviewed).
_STAGE_WORDS: dict[str, Stage] = {
    **{stage.value: stage for stage in Stage},
    **{label: stage for stage, label in STAGE_LABELS.items()},
    **{title: stage for stage, title in STEP_TITLES.items()},
    "退回": Stage.RETURNED, "不通过": Stage.REJECTED,
}


def register(commands: argparse._SubParsersAction) -> None:
    case = commands.add_parser("case", help="监测对象的识别纳入和风险消除程序（列出、申报、办理步骤）")
    actions = case.add_subparsers(title="操作", metavar="操作", parser_class=type(case))

    listing = actions.add_parser("list", help="列出正在办理或监测中的案例",
                                 description=f"阶段用中文写：{STAGE_NAMES}（也认程序里的英文名）。")
    add_db(listing)
    listing.add_argument("--stage", metavar="阶段", help="只列出处于这个阶段的案例，如 公示 或 乡镇审核")
    listing.add_argument("--all", action="store_true", help="也列出已经结束的案例（未通过、风险已消除）")
    add_json(listing)
    listing.set_defaults(handler=cmd_list)

    propose = actions.add_parser("propose", help="申报监测对象（程序的第一步）",
                                 description="例：fangpin case propose --db d.db 户编码 --risk 因病 --risk 因学")
    add_db(propose)
    propose.add_argument("household", metavar="户编号", help=HOUSEHOLD_HELP)
    propose.add_argument("--risk", action="append", required=True, metavar="风险类型",
                         help="可写多次或用逗号分开，如 因病、因学（可选的风险类型见 fangpin policy show）")
    propose.add_argument("--channel", default="基层干部排查", metavar="发现方式",
                         help=f"{'、'.join(categories.DISCOVERY_CHANNELS)}（默认 基层干部排查）")
    propose.add_argument("--category", metavar="类别", help="监测对象类别；不写时按系统建议")
    propose.add_argument("--date", metavar="日期", help="申报日期，如 2026-11-20（默认今天，不能晚于今天）")
    propose.add_argument("--note", default="", metavar="理由",
                         help="纳入理由（申报人自己的话；系统建议另行标明保存在其后）")
    propose.add_argument("--fast-track", action="store_true",
                         help="先帮后认：突发严重困难户先行帮扶、后履行认定程序（各步骤照常办理）")
    propose.set_defaults(handler=cmd_propose)

    step = actions.add_parser("step", help="办理一户案例的下一步（与界面同样检查）",
                              description=f"步骤：{STEP_NAMES}。例：fangpin case step --db d.db 户编码 "
                                          "--step 乡镇审核 --decision 通过 --date 2026-12-01")
    add_db(step)
    step.add_argument("household", metavar="户编号", help=HOUSEHOLD_HELP)
    step.add_argument("--step", required=True, metavar="步骤", help=f"{STEP_NAMES}（也认程序里的英文名）")
    step.add_argument("--decision", default=Decision.PASS.value, metavar="意见",
                      help="通过、退回或不通过（默认 通过；退回、不通过只在乡镇审核和县级审定时，须写 --note）")
    step.add_argument("--date", metavar="日期", help="办理日期，如 2026-12-01（默认今天，不能晚于今天）")
    step.add_argument("--note", default="", metavar="说明", help="说明（退回或不通过时必填）")
    step.add_argument("--consent-date", metavar="日期",
                      help="随本步骤登记农户签署的承诺授权书：签署日期（信息比对前须已登记，通常在入户核实时）")
    step.add_argument("--consent-by", metavar="成员姓名",
                      help="承诺授权书的签署人：本户家庭成员的姓名（与 --consent-date 一起写）")
    step.set_defaults(handler=cmd_step)


def stage_named(word: str) -> Stage:
    stage = _STAGE_WORDS.get(word.strip()) or _STAGE_WORDS.get(word.strip().lower())
    if stage is None:
        raise UserFacingError(f"没有“{word}”这个阶段，应为 {STAGE_NAMES} 之一（或英文，如 posted）。")
    return stage


def step_named(word: str) -> Stage:
    stage = _STAGE_WORDS.get(word.strip()) or _STAGE_WORDS.get(word.strip().lower())
    if stage not in STEP_TITLES:
        raise UserFacingError(f"没有“{word}”这个步骤，应为 {STEP_NAMES} 之一。")
    return stage


def decision_named(word: str) -> Decision:
    for decision in REVIEW_DECISIONS:
        if word.strip() in (decision.value, decision.name.lower()):
            return decision
    raise UserFacingError(f"意见“{word}”不对，应为 通过、退回 或 不通过。")


def date_option(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    day = parse_typed_date(text)
    if day is None:
        raise UserFacingError(f"{name}不能为空；不写 --date 时按今天办理。")
    return day


def cmd_list(args: argparse.Namespace) -> int:
    stage = stage_named(args.stage) if args.stage else None
    ctx = open_ctx(args)
    try:
        rows = CaseListing(ctx).cases(stage=stage, open_only=not args.all)
    finally:
        ctx.db.close()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("没有符合条件的案例。")
        return 0
    print_table(["户编码", "村", "户主", "监测类别", "程序", "阶段", "阶段开始", "公示截止", "风险类型"],
                [(row.household_id, row.village_name, row.head_name, row.category, row.procedure,
                  row.stage_label, row.stage_since, row.posting_end or "", "、".join(row.risk_types))
                 for row in rows])
    print(f"共 {len(rows)} 个案例")
    return 0


def cmd_propose(args: argparse.Namespace) -> int:
    risks = [part.strip() for raw in args.risk for part in raw.replace("，", ",").replace("、", ",").split(",")
             if part.strip()]
    on = date_option(args.date, "申报日期")
    ctx = open_ctx(args)
    try:
        household_id = HouseholdService(ctx).resolve(args.household)
        case = CaseService(ctx).propose(household_id, risk_types=risks, channel=args.channel,
                                        category=args.category, note=args.note, on=on,
                                        fast_track=args.fast_track)
        head = HouseholdService(ctx).get(household_id).household.head_name
    finally:
        ctx.db.close()
    print(f"已申报 {head}户为监测对象（{case.category}，风险：{'、'.join(case.risk_types)}），"
          f"申报日期 {case.proposed_on.isoformat()}{'，先帮后认（可先行落实帮扶措施）' if case.fast_track else ''}；"
          "下一步：入户核实。")
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    step = step_named(args.step)
    decision = decision_named(args.decision)
    on = date_option(args.date, "办理日期")
    if step is Stage.PROPOSED:
        raise UserFacingError("申报请用 fangpin case propose（要写风险类型）。")
    if (args.consent_date is None) != (args.consent_by is None):
        raise UserFacingError("登记承诺授权书要同时写 --consent-date（签署日期）和 --consent-by（签署人姓名）。")
    signed_on = date_option(args.consent_date, "承诺授权书签署日期")
    ctx = open_ctx(args)
    try:
        households = HouseholdService(ctx)
        detail = households.get(households.resolve(args.household))
        case = detail.active_case or (_eliminated_case(detail) if step is Stage.ANNOUNCED else None)
        head = detail.household.head_name
        if case is None:
            raise UserFacingError(f"{head}户没有正在办理或监测中的案例，可先用 fangpin case propose 申报。")
        consent = None if signed_on is None else Consent(signed_on, _member_named(detail, args.consent_by))
        case = CaseService(ctx).take_step(case.id, step, decision=decision, note=args.note, on=on,
                                          consent=consent)
        steps = CaseService(ctx).step_list(case.stage_since)
    finally:
        ctx.db.close()
    procedure = Procedure(case.procedure).label
    done = f"已办理 {head}户 {procedure}·{STEP_TITLES[step]}：{decision.value}（{case.stage_since.isoformat()}）"
    if step is Stage.POSTED and case.posting_start is not None and case.posting_end is not None:
        done += f"，公示期 {case.posting_start.isoformat()} 至 {case.posting_end.isoformat()}"
    if step is Stage.ANNOUNCED:
        last = case.stage_since + timedelta(days=steps.announcement_days - 1)
        done += f"，公告期 {case.stage_since.isoformat()} 至 {last.isoformat()}"
    if consent is not None:
        done += f"，登记承诺授权书（{consent.signed_on.isoformat()} 签署）"
    print(f"{done}；现为“{Stage(case.stage).label}”。")
    return 0


def _eliminated_case(detail: HouseholdDetail) -> MonitoringCase | None:
    """A case whose risk elimination the county has approved (closed), waiting for its 结果公告."""
    return next((c for c in detail.cases if c.closed and c.procedure == Procedure.ELIMINATION
                 and c.stage == Stage.APPROVED), None)


def _member_named(detail: HouseholdDetail, name: str) -> str:
    """The id of the household's one member called ``name``."""
    found = [m.id for m in detail.members if m.name == name.strip()]
    if len(found) != 1:
        raise UserFacingError(f"{detail.household.head_name}户{'没有' if not found else '有不止一位'}名叫"
                              f"“{name.strip()}”的家庭成员，承诺授权书须由本户一位成员签署。", field="签署人")
    return found[0]
