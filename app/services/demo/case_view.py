"""What the demo's other makers read of a household's generated case.

The case maker (``cases.py``) builds on the income, measure, visit and warning makers; they in
turn only read the case through this protocol, so none of them imports the case maker back.
"""

from __future__ import annotations

from typing import Any, Protocol

from app.domain.warnings import WarningFinding
from app.services.demo.families import Draft
from app.services.demo.plans import Timeline


class CaseView(Protocol):
    id: str
    timeline: Timeline
    channel: str
    members: list[Draft]
    risks: list[str]
    expenses: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    in_elimination: bool
    rejected: bool
    closed: bool
    monitored: bool
    low_income: bool
    income_drop: bool

    def proposal_findings(self, household: dict[str, Any]) -> list[WarningFinding]: ...
