"""One entry point per document for the 打印 page and the command line: read what a request
needs and write the PDF atomically, with progress and cancel for card batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from app.domain.errors import UserFacingError
from app.printing.analysis import write_report
from app.printing.batch import Cancelled, Progress, atomic_output, write_card_batch, write_card_folder
from app.printing.card import write_card
from app.printing.consent_form import write_consent_form
from app.printing.due import write_due_list
from app.printing.ledger import write_ledger
from app.printing.posting import posting_data, write_posting
from app.printing.unprintable import Unprintable, find_unprintable, warning_lines, watch
from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.policy import PolicyService
from app.services.printouts.cards import card, card_batch
from app.services.printouts.consent import consent_form
from app.services.printouts.places import area, contacts, scope_name, village
from app.services.printouts.station import due_lists, ledger_rows, monthly, posting_cases


class DocumentKind(StrEnum):
    CARD = "card"
    CARDS = "cards"
    LEDGER = "ledger"
    POSTING = "posting"
    DUE = "due"
    MONTHLY = "monthly"
    CONSENT = "consent"

    @property
    def title(self) -> str:
        return DOCUMENT_TITLES[self]


DOCUMENT_TITLES = {
    DocumentKind.CARD: "帮扶明白卡", DocumentKind.CARDS: "帮扶明白卡（批量）",
    DocumentKind.LEDGER: "帮扶责任人台账", DocumentKind.POSTING: "监测对象公示",
    DocumentKind.DUE: "入户走访计划", DocumentKind.MONTHLY: "月度分析",
    DocumentKind.CONSENT: "承诺授权书",
}


@dataclass(frozen=True)
class PrintRequest:
    """What to print. ``household`` (an id, household number or member's ID number) for a card;
    ``area`` (a division code) for cards, a ledger, a posting list (a village) and optionally a
    due list; ``month`` (any day in it; default this month) for a due list and the monthly."""

    kind: DocumentKind
    household: str = ""
    area: str = ""
    month: date | None = None
    posting_start: date | None = None


@dataclass(frozen=True)
class PrintResult:
    path: Path
    count: int  # cards, ledger relations, households listed; 1 for the monthly
    message: str  # for the user, in Chinese: one line, then the warnings' lines if any
    # Households named with characters no font has (printed as □): the user writes them in by hand.
    unprintable: tuple[Unprintable, ...] = ()

    @property
    def warnings(self) -> list[str]:
        return warning_lines(self.unprintable)


def _result(path: Path, count: int, message: str, found: list[Unprintable]) -> PrintResult:
    return PrintResult(path, count, "\n".join([message, *warning_lines(found)]), tuple(found))


def write_document(ctx: ServiceContext, request: PrintRequest, out: Path, *,
                   progress: Progress | None = None, cancelled: Cancelled | None = None
                   ) -> PrintResult:
    """Read what ``request`` needs and write it as one PDF at ``out``, atomically: on an error
    or PrintCancelled (card batches only) no file is left. Safe to call off the UI thread with
    a context of its own; ``progress`` and ``cancelled`` are called from that thread."""
    today = ctx.today()
    kind = request.kind
    found: list[Unprintable] = []
    if kind is DocumentKind.CARDS:
        batch = card_batch(ctx, area(ctx, _required(request.area, "区划代码")), today)
        count = write_card_batch(out, watch(batch.cards, found), total=batch.total, progress=progress,
                                 cancelled=cancelled)
        return _result(out, count, f"已生成{batch.area.name}明白卡 {count} 户：{out}", found)
    writer, count, message, data = _prepare(ctx, request, today)
    found = find_unprintable(data)
    with atomic_output(out) as partial:
        writer(partial)
    if progress is not None:
        progress(1, 1)
    return _result(out, count, f"{message}：{out}", found)


def write_card_files(ctx: ServiceContext, area_code: str, folder: Path, *,
                     progress: Progress | None = None, cancelled: Cancelled | None = None
                     ) -> PrintResult:
    """One card PDF per household of a village or township, into ``folder``."""
    batch = card_batch(ctx, area(ctx, _required(area_code, "区划代码")), ctx.today())
    found: list[Unprintable] = []
    files = write_card_folder(folder, watch(batch.cards, found), total=batch.total, progress=progress,
                              cancelled=cancelled)
    return _result(folder, len(files), f"已生成{batch.area.name}明白卡 {len(files)} 户，每户一个文件：{folder}",
                   found)


def _prepare(ctx: ServiceContext, request: PrintRequest, today: date
             ) -> tuple[Callable[[Path], None], int, str, object]:
    """Everything read before the file is opened: (the writer, how many, the message, the plain
    values it draws, checked for characters no font has)."""
    kind = request.kind
    month = (request.month or today).replace(day=1)
    label = f"{month.year}年{month.month}月"
    if kind is DocumentKind.CARD:
        data = card(ctx, HouseholdService(ctx).resolve(_required(request.household, "户编号")),
                    today)
        return (lambda path: write_card(path, data)), 1, f"已生成{data.head_name}户的明白卡", data
    if kind is DocumentKind.CONSENT:
        form = consent_form(ctx, HouseholdService(ctx).resolve(_required(request.household, "户编号")), today)
        return (lambda path: write_consent_form(path, form)), 1, f"已生成{form.head_name}户的承诺授权书", form
    if kind is DocumentKind.LEDGER:
        place = area(ctx, _required(request.area, "区划代码"))
        rows = ledger_rows(ctx, place)
        return ((lambda path: write_ledger(path, place.full_name, rows, today)), len(rows),
                f"已生成{place.name}帮扶责任人台账（{len(rows)} 条帮扶关系）", rows)
    if kind is DocumentKind.POSTING:
        spot = village(ctx, _required(request.area, "村代码"))
        policy = PolicyService(ctx)
        posting = posting_data(spot, posting_cases(ctx, spot), contacts(ctx, spot),
                               start=request.posting_start or today, days=policy.posting_days(),
                               printed_on=today, extra_columns=policy.posting_columns())
        return ((lambda path: write_posting(path, posting)), len(posting.cases),
                f"已生成{spot.name}公示名单（{len(posting.cases)} 户）", posting)
    if kind is DocumentKind.DUE:
        place_or_all = area(ctx, request.area) if request.area else None
        workers = due_lists(ctx, place_or_all, month)
        name = place_or_all.full_name if place_or_all else scope_name(ctx)
        listed = sum(len(w.rows) for w in workers)
        return ((lambda path: write_due_list(path, name, month, workers, today)), listed,
                f"已生成{label}走访计划（{listed} 户）", workers)
    if kind is DocumentKind.MONTHLY:
        report = monthly(ctx, month)
        return (lambda path: write_report(path, report)), 1, f"已生成{label}月度分析", report
    raise UserFacingError(f"不能用这种方式打印“{kind.title}”。")


def _required(value: str, label: str) -> str:
    if not value.strip():
        raise UserFacingError(f"请选择或填写{label}。")
    return value.strip()
