"""Policy that arrives in a bundle takes effect at once.

The county's income lines and warning thresholds travel down with the data. When they arrive, the
households this device keeps are checked again under them, so a raised income line flags the
households now below it without anyone remembering to run the checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from app.services.context import ServiceContext
from app.services.warnings import WarningService
from app.store.models import IncomeLine, PolicySetting

# The policy warnings are judged by (form versions do not change any check).
WARNING_POLICY_TABLES = frozenset({IncomeLine.__tablename__, PolicySetting.__tablename__})


def take_effect(ctx: ServiceContext, touched: Mapping[str, Set[str]]) -> int:
    """Re-check every household when a bundle changed policy; returns the warnings raised."""
    if not any(touched.get(table) for table in WARNING_POLICY_TABLES):
        return 0
    return WarningService(ctx).evaluate_all()
