"""A monitoring case's derived state: what its stored procedure, stage and outcome follow from.

The case row carries its procedure, stage, stage date, risk status and outcome dates so that lists
and reports need not replay its steps, and whether the household has no labour and lives on social
assistance (an elimination criterion) so the assessment need not re-read its members. All of it
follows from the steps taken and the household's members; this module says how, once. The unit of
work's upkeep (``app/services/upkeep.py``) applies it to every case a unit of work touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.domain.categories import CASE_STATUSES, NO_LABOUR_SKILLS
from app.domain.procedure import Decision, Procedure, Stage, stage_after

UNRESOLVED, RESOLVED = CASE_STATUSES


def after_step(procedure: Procedure, step: Stage, decision: Decision, on: date) -> dict[str, object]:
    """The case fields one step sets: its procedure and stage, and an outcome's status and dates.

    ``procedure`` is the step's own: a 申报 in the elimination procedure is what moves an approved
    case into it; an elimination that is refused leaves the household monitored as before."""
    stage = stage_after(step, decision)
    changes: dict[str, object] = {"procedure": procedure, "stage": stage, "stage_since": on}
    if procedure is Procedure.IDENTIFICATION:
        if stage is Stage.APPROVED:
            changes |= {"identified_on": on, "status": UNRESOLVED}
        elif stage is Stage.REJECTED:
            changes["closed"] = True
    elif stage is Stage.APPROVED:
        changes |= {"status": RESOLVED, "eliminated_on": on, "closed": True}
    elif stage is Stage.REJECTED:
        changes |= {"procedure": Procedure.IDENTIFICATION, "stage": Stage.APPROVED,
                    "elimination_method": ""}
    return changes


def replayed(steps: Iterable[tuple[Procedure, Stage, Decision, date]]) -> dict[str, object]:
    """The derived state of a case that took ``steps`` (procedure, step, decision, date), in order,
    from its 申报 on: what a case written whole at once (the demo's) stores."""
    state: dict[str, object] = {"status": UNRESOLVED, "identified_on": None, "eliminated_on": None,
                                "closed": False}
    for procedure, step, decision, on in steps:
        state |= after_step(procedure, step, decision, on)
    return state


def relies_on_social_protection(members: Iterable[tuple[str, str]]) -> bool:
    """无劳动能力、靠社会保障兜底: no member able to work and someone on social assistance.

    ``members`` are the household's live members as (labour skill, social assistance)."""
    listed = list(members)
    return (bool(listed) and all(skill in NO_LABOUR_SKILLS or not skill for skill, _ in listed)
            and any(assistance for _, assistance in listed))
