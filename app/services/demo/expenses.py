"""Rigid spending: hospital stays, outpatient special diseases, schooling, disasters, accidents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from app.services.demo.chance import Weighted, pick
from app.services.demo.families import Draft
from app.services.demo.health import set_health
from app.services.demo.run import Run

_EXPENSE_KINDS = Weighted([("医疗住院", 50), ("门诊慢特病", 25), ("教育", 12), ("灾害", 8),
                           ("意外", 5)])


def ordinary_expenses(run: Run, members: list[Draft]) -> list[dict[str, Any]]:
    """The occasional large expense of a household without a case."""
    rng = run.rng
    if rng.random() >= 0.045:
        return []
    kind = _EXPENSE_KINDS.pick(rng)
    adults = [d for d in members if d.age >= 18] or members
    member = pick(rng, adults)
    if kind == "教育":
        students = [d for d in members if d.row["school_stage"] and d.age >= 15]
        if not students:
            return []
        member = students[0]
    on = run.today - timedelta(days=rng.randrange(5, 540))
    items = expense_items(rng, kind, on, member, large=rng.random() < 0.3)
    if kind in ("医疗住院", "门诊慢特病") and member.healthy:
        # Medical spending needs an illness to go with it.
        set_health(rng, member, ["长期慢性病"] if kind == "门诊慢特病" else ["患有大病"],
                   run.today, changed_on=on - timedelta(days=rng.randrange(0, 200)))
    return items


def expense_items(rng: Random, kind: str, on: date, member: Draft,
                  large: bool) -> list[dict[str, Any]]:
    """One rigid spending event (several monthly records for outpatient special diseases)."""
    if kind == "门诊慢特病":
        items = []
        for k in range(rng.randint(2, 5)):
            total = rng.randrange(400, 2600 if large else 1400, 10)
            paid = int(total * rng.uniform(0.5, 0.7))
            items.append(_expense(kind, on - timedelta(days=30 * k), total, paid, member,
                                  "门诊慢特病用药"))
        return items
    if kind == "医疗住院":
        total = int(rng.triangular(6000, 200000 if large else 60000, 18000 if large else 9000))
        paid = int(total * rng.uniform(0.5, 0.78))
        return [_expense(kind, on, total, paid, member, "住院治疗，已经三重保障报销")]
    if kind == "教育":
        total = rng.randrange(8000 if large else 5000, 26000 if large else 14000, 100)
        paid = rng.randrange(0, 3100, 100)
        return [_expense(kind, on, total, paid, member, "学费、住宿费和生活费")]
    total = rng.randrange(4000 if large else 2000, 60000 if large else 12000, 100)
    paid = int(total * rng.uniform(0.0, 0.3))
    note = "房屋和农作物受灾损失" if kind == "灾害" else "意外受伤治疗费用"
    return [_expense(kind, on, total, paid, member, note)]


def _expense(kind: str, on: date, total: int, reimbursed: int, member: Draft,
             note: str) -> dict[str, Any]:
    return {"member_id": member.row["id"], "kind": kind, "occurred_on": on,
            "total_amount": Decimal(total), "reimbursed": Decimal(reimbursed),
            "out_of_pocket": Decimal(total - reimbursed), "resolved": False, "note": note}
