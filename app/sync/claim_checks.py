"""防贫保险/防贫救助 claims from a device below: held to the same rules as on screen.

A claim's village is its household's (app/sync/scope.py checks that), so the household it
names must be the one its measure belongs to — otherwise a worker could hang a claim on another
village's measure under a household of her own. And what the claim says after the change (the
stored row with the change's fields over it) must stand under ``claim_problems``: a payment above
the approved amount, a payment before approval, an approved claim without a date are quarantined.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from app.domain.claims import ClaimState, claim_problems
from app.store.models import Claim, Measure
from app.sync.columns import Entry, python_value

TABLE = Claim.__tablename__
_STATE_FIELDS = [f.name for f in dataclass_fields(ClaimState)]
# An insert carries only the fields that differ from the column defaults (app/store/changelog.py).
_DEFAULTS = {name: info.default for name, info in Claim.model_fields.items()
             if name in _STATE_FIELDS and not info.is_required()}


def claim_rules(session: Session, entries: list[Entry], problems: dict[int, str]) -> None:
    """Note in ``problems`` (by entry id) every claim change that may not be applied."""
    claims = [e for e in entries if e["table_name"] == TABLE and id(e) not in problems]
    if not claims:
        return
    # A measure made in the same bundle belongs to the household its insert names.
    arriving = {e["row_id"]: e["fields"].get("household_id") for e in entries
                if e["table_name"] == Measure.__tablename__ and "household_id" in (e.get("fields") or {})}
    rows: dict[str, dict[str, Any]] = {}  # claim id → its fields as they stand after each change
    for entry in claims:
        row = rows.get(entry["row_id"])
        if row is None:
            row = rows[entry["row_id"]] = _stored(session, entry["row_id"]) or _DEFAULTS
        proposed = {**row, **{name: python_value(TABLE, name, value)
                              for name, value in (entry.get("fields") or {}).items()}}
        if entry["op"] == "delete" or proposed.get("deleted"):
            rows[entry["row_id"]] = proposed
            continue
        reason = _problem(session, proposed, arriving)
        if reason:
            problems[id(entry)] = reason
        else:
            rows[entry["row_id"]] = proposed


def _stored(session: Session, claim_id: str) -> dict[str, Any]:
    claim = session.get(Claim, claim_id)
    if claim is None:
        return {}
    return {name: getattr(claim, name) for name in ("household_id", "measure_id", "deleted", *_STATE_FIELDS)}


def _problem(session: Session, row: dict[str, Any], arriving: dict[str, Any]) -> str | None:
    measure_id = row.get("measure_id")
    if measure_id in arriving:
        measure_household = arriving[measure_id]
    else:
        measure = session.get(Measure, measure_id) if isinstance(measure_id, str) else None
        measure_household = measure.household_id if measure is not None else None
    if measure_household is None or measure_household != row.get("household_id"):
        return "理赔记录的农户与它所属帮扶措施的农户不一致（或措施不存在）"
    try:
        state = ClaimState(**{name: _money(row.get(name)) if name.startswith("amount_") else row.get(name)
                              for name in _STATE_FIELDS})
    except (ArithmeticError, ValueError, TypeError):
        return "理赔金额无法读取"
    found = claim_problems(state)
    return f"理赔记录不成立：{'；'.join(found)}" if found else None


def _money(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))
