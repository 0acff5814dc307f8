"""Why a record is voided (作废): one vocabulary for members, households and measures.

A record entered by mistake or no longer true is never deleted silently: it is voided with one of
these reasons (and an optional note), which travels to every device with the record and is shown
in the household's history and the 作废记录 ledger. Which reasons fit depends on what is voided:
a person can die or move away, a household can be entered twice, a measure can only be a mistake.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import UserFacingError


class VoidReason(StrEnum):
    DIED = "去世"
    MOVED_OUT = "迁出"
    MARRIED_OUT = "婚嫁迁出"
    DUPLICATE = "重复录入"
    MISTAKE = "录入错误"
    HOUSEHOLD_MERGED = "并户"
    OTHER = "其他"


class Voidable(StrEnum):
    MEMBER = "成员"
    HOUSEHOLD = "农户"
    MEASURE = "帮扶措施"


VOID_REASONS: tuple[str, ...] = tuple(VoidReason)
REASONS_FOR: dict[Voidable, tuple[str, ...]] = {
    Voidable.MEMBER: (VoidReason.DIED, VoidReason.MOVED_OUT, VoidReason.MARRIED_OUT,
                      VoidReason.DUPLICATE, VoidReason.MISTAKE, VoidReason.OTHER),
    Voidable.HOUSEHOLD: (VoidReason.DUPLICATE, VoidReason.MISTAKE, VoidReason.MOVED_OUT,
                         VoidReason.HOUSEHOLD_MERGED, VoidReason.DIED, VoidReason.OTHER),
    Voidable.MEASURE: (VoidReason.MISTAKE, VoidReason.DUPLICATE, VoidReason.OTHER),
}
NOTE_LIMIT = 200


def check_void_reason(what: Voidable, reason: str, note: str = "") -> tuple[str, str]:
    """The reason and note as stored, or a Chinese error saying which reasons are allowed.

    其他 needs a note saying what happened; a note is at most 200 characters."""
    reason, note = reason.strip(), " ".join(note.split())
    allowed = REASONS_FOR[what]
    if reason not in allowed:
        shown = f"“{reason}”不是" if reason else "请选择"
        raise UserFacingError(f"{shown}作废{what}的原因，可选：{'、'.join(allowed)}。", field="作废原因")
    if reason == VoidReason.OTHER and not note:
        raise UserFacingError("原因选“其他”时，请在说明里写明情况。", field="说明")
    if len(note) > NOTE_LIMIT:
        raise UserFacingError(f"说明最多 {NOTE_LIMIT} 个字，现在有 {len(note)} 个。", field="说明")
    return reason, note
