"""What may appear on a document for public posting (公示): the one definition every posted PDF
and Excel output is built from.

A posting list hangs on the village notice board, where anyone reads it. County guidance: no ID
number (not even partly, nor a birth date, age or sex that would complete a masked one), no phone,
no bank account, no health condition. So a posted document shows, for each household in posting,
only: its place (township and village), its group (村民小组), the head's name, the procedure and
category (or elimination method), and the household's own posting period; the notice says where
to object. The county may add columns from ``OPTIONAL_COLUMNS`` as policy (``posting_columns``); a
column outside that whitelist is refused when it is set and ignored if one arrives anyway.
``FORBIDDEN`` names what never goes on a posted document, whatever the policy says.

The risk column is off by default; when the county adds it, it uses a neutral wording that never
names illness or disability (因病, 因残 become 其他困难).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.categories import DISABILITY_KINDS, HEALTH_STATES, HEALTHY, MEASURE_SUB_ITEMS
from app.domain.errors import UserFacingError
from app.domain.procedure import Procedure


@dataclass(frozen=True)
class PostingColumn:
    key: str
    title: str


NUMBER = PostingColumn("number", "序号")
PLACE = PostingColumn("place", "乡镇/村")
GROUP = PostingColumn("group", "村民小组")
HEAD = PostingColumn("head", "户主")
MATTER = PostingColumn("matter", "公示事项")
CATEGORY = PostingColumn("category", "监测类别/消除方式")
PERIOD = PostingColumn("period", "公示期")
MEMBER_COUNT = PostingColumn("member_count", "家庭人口")
RISKS = PostingColumn("risks", "风险类型")

# Always on a posted document, in this order.
BASE_COLUMNS: tuple[PostingColumn, ...] = (NUMBER, PLACE, GROUP, HEAD, MATTER, CATEGORY, PERIOD)
# What the county may add (policy setting posting_columns); shown before the period.
OPTIONAL_COLUMNS: tuple[PostingColumn, ...] = (MEMBER_COUNT, RISKS)
# Never on a posted document: what identifies a person beyond the notice or discloses health.
FORBIDDEN: dict[str, str] = {
    "id_number": "身份证号", "birth_date": "出生日期", "age": "年龄", "sex": "性别", "phone": "联系电话",
    "bank_account": "银行账号", "bank_name": "开户银行", "health": "健康状况", "disability": "残疾类别或等级",
    "social_assistance": "低保/特困", "address": "家庭住址", "income": "收入",
}

MIN_DAYS = 5  # a posting lasts at least five days (seven in some counties: policy posting_days)

# Risk types that name a health condition, shown neutrally when the county posts risks at all.
HEALTH_RISK_TYPES: tuple[str, ...] = ("因病", "因残")
NEUTRAL_RISK = "其他困难"
# The app's own health vocabulary (health states, disability kinds, health measures) and the usual
# words for illness: none of them may appear on a posted document.
HEALTH_TERMS: tuple[str, ...] = tuple(dict.fromkeys((
    *HEALTH_RISK_TYPES, *(state for state in HEALTH_STATES if state != HEALTHY), *DISABILITY_KINDS.values(),
    *MEASURE_SUB_ITEMS["健康帮扶"], "残疾", "慢性病", "慢病", "大病", "重病", "患病", "疾病", "病残", "住院",
    "精神", "智力", "瘫痪", "癌")))


def check_extra_columns(keys: Iterable[str]) -> tuple[str, ...]:
    """The county's choice of extra posting columns, validated: only keys of OPTIONAL_COLUMNS, in
    their order; anything forbidden or unknown is refused with the reason."""
    allowed = {c.key: c for c in OPTIONAL_COLUMNS}
    chosen = list(dict.fromkeys(keys))
    for key in chosen:
        if key in FORBIDDEN:
            raise UserFacingError(
                f"公示名单不能包含“{FORBIDDEN[key]}”：公示不得出现身份证号（包括部分号码和出生日期、年龄、性别）、"
                "电话、银行账号和健康状况。", field="公示列")
        if key not in allowed:
            names = "、".join(f"{c.title}（{c.key}）" for c in OPTIONAL_COLUMNS)
            raise UserFacingError(f"公示名单没有“{key}”这一列。可以增加的列：{names}", field="公示列")
    return tuple(c.key for c in OPTIONAL_COLUMNS if c.key in chosen)


def posting_columns(extra: object = ()) -> tuple[PostingColumn, ...]:
    """The columns of a posted document: the base ones plus the county's extras. ``extra`` is the
    policy value as stored (it may have come through a bundle): whatever is not a whitelisted key is
    dropped here, so nothing outside OPTIONAL_COLUMNS is ever printed."""
    keys = {k for k in extra if isinstance(k, str)} if isinstance(extra, list | tuple) else set()
    extras = tuple(c for c in OPTIONAL_COLUMNS if c.key in keys and c.key not in FORBIDDEN)
    return (*BASE_COLUMNS[:-1], *extras, BASE_COLUMNS[-1])


@dataclass(frozen=True)
class PostedCase:
    """One household in posting, as plain values (the only ones a posted document may draw from)."""

    township: str
    village: str
    group: str
    head_name: str
    procedure: Procedure
    category: str
    elimination_method: str
    member_count: int
    risk_types: tuple[str, ...]
    start: date
    end: date


def case_period(recorded_start: date | None, recorded_end: date | None, *, default_start: date,
                days: int) -> tuple[date, date]:
    """A case's own posting period as recorded on it; one recorded without an end (or not at all,
    before periods were kept) runs ``days`` (at least MIN_DAYS) from its start or ``default_start``."""
    start = recorded_start or default_start
    end = recorded_end if recorded_start and recorded_end else start + timedelta(days=max(days, MIN_DAYS) - 1)
    if (end - start).days + 1 < MIN_DAYS:
        end = start + timedelta(days=MIN_DAYS - 1)
    return start, end


def neutral_risks(risk_types: Iterable[str]) -> str:
    """Risk types as a posting may show them: none naming illness or disability."""
    shown: list[str] = []
    for risk in risk_types:
        wording = NEUTRAL_RISK if risk in HEALTH_RISK_TYPES or names_health(risk) else risk
        if wording not in shown:
            shown.append(wording)
    return "、".join(shown)


def names_health(text: str) -> bool:
    return any(term in text for term in HEALTH_TERMS)


def period_text(start: date, end: date) -> str:
    """A posting period as the list prints it: 2026年11月18日至11月22日."""
    tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{start.year}年{start.month}月{start.day}日至{tail}"


def posting_cells(case: PostedCase, number: int, columns: Sequence[PostingColumn]) -> list[str | int]:
    """One row of a posted document, cell by cell for ``columns``."""
    values: dict[str, str | int] = {
        "number": number,
        "place": f"{case.township}{case.village}",
        "group": case.group,
        "head": case.head_name,
        "matter": case.procedure.label,
        "category": (case.category if case.procedure is Procedure.IDENTIFICATION
                     else case.elimination_method or case.category),
        "period": period_text(case.start, case.end),
        "member_count": case.member_count,
        "risks": neutral_risks(case.risk_types),
    }
    return [values[c.key] for c in columns]


def common_period(cases: Sequence[PostedCase]) -> tuple[date, date] | None:
    """The period all ``cases`` share, or None when they differ (or there are none)."""
    periods = {(c.start, c.end) for c in cases}
    return next(iter(periods)) if len(periods) == 1 else None


SUPERVISION_PHONE = "12317"


def objection_text(station_phone: str = "") -> str:
    """Where to object: the village committee, the township station (its published phone, or a
    line to write it in) and the national hotline."""
    station = station_phone or "＿＿＿＿＿＿＿＿"
    return ("公示期间，对公示对象有异议的，可向村民委员会或乡镇防贫工作站反映，"
            f"也可拨打监督电话：乡镇防贫工作站 {station}；全国防止返贫监测帮扶热线 {SUPERVISION_PHONE}。")
