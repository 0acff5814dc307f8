"""防贫保险 and 防贫救助 claims: what a claim may say at each status, decided in one place.

A claim is applied for (已申请), then the insurer or fund decides: approved with an amount (已批准)
or not (未获批); an approved claim is paid (已支付), never more than was approved. The desktop,
the CLI and the sync checks (a bundle from a device below) all hold a claim to ``claim_problems``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

INSURANCE, RELIEF = "防贫保险", "防贫救助"
CLAIM_KINDS: tuple[str, ...] = (INSURANCE, RELIEF)
APPLIED, APPROVED, REFUSED, PAID = "已申请", "已批准", "未获批", "已支付"
CLAIM_STATUSES: tuple[str, ...] = (APPLIED, APPROVED, REFUSED, PAID)
# The measure kind a claim is recorded under when it is entered without an existing measure
# (Hebei's list puts 防贫保险 under 兜底保障和社会救助).
CLAIM_MEASURE_KIND = "兜底保障和社会救助"


@dataclass(frozen=True)
class ClaimState:
    status: str
    applied_on: date | None
    approved_on: date | None
    paid_on: date | None
    amount_applied: Decimal
    amount_approved: Decimal
    amount_paid: Decimal


def claim_problems(claim: ClaimState) -> list[str]:
    """Why a claim cannot stand as it is, in Chinese; [] when it can."""
    found = []
    if claim.status not in CLAIM_STATUSES:
        found.append(f"理赔状态“{claim.status}”无效，可选：{'、'.join(CLAIM_STATUSES)}")
    for label, amount in (("申请金额", claim.amount_applied), ("批准金额", claim.amount_approved),
                          ("支付金额", claim.amount_paid)):
        if amount < 0:
            found.append(f"{label}不能为负数")
    if claim.amount_paid > claim.amount_approved:
        found.append(f"支付金额 {claim.amount_paid} 元超过批准金额 {claim.amount_approved} 元")
    if claim.applied_on is None:
        found.append("缺少申请日期")
    elif claim.approved_on is not None and claim.approved_on < claim.applied_on:
        found.append("审批日期不能早于申请日期")
    if claim.paid_on is not None and (claim.approved_on is None or claim.paid_on < claim.approved_on):
        found.append("支付日期不能早于审批日期（未审批的不能支付）")
    decided = claim.status in (APPROVED, REFUSED, PAID)
    if decided and claim.approved_on is None:
        found.append(f"状态为“{claim.status}”时应有审批日期")
    if claim.status == APPLIED and (claim.approved_on or claim.paid_on or claim.amount_approved or claim.amount_paid):
        found.append("“已申请”的理赔还没有审批和支付，不应有审批或支付的日期和金额")
    if claim.status in (APPROVED, PAID) and claim.amount_approved <= 0:
        found.append("批准金额应大于 0")
    if claim.status == REFUSED and (claim.amount_approved or claim.amount_paid or claim.paid_on):
        found.append("“未获批”的理赔不应有批准或支付金额")
    if claim.status == APPROVED and (claim.paid_on or claim.amount_paid):
        found.append("“已批准”尚未支付：支付后状态应为“已支付”")
    if claim.status == PAID and (claim.paid_on is None or claim.amount_paid <= 0):
        found.append("“已支付”的理赔应有支付日期和大于 0 的支付金额")
    return found
