"""All tables; importing this module registers them with SQLModel's metadata."""

from sqlmodel import SQLModel

from app.store.models.assistance import Assignment, AssistancePerson, Measure
from app.store.models.base import BOOKKEEPING_FIELDS, SyncedModel
from app.store.models.cases import CaseStep, MonitoringCase
from app.store.models.claims import Claim
from app.store.models.divisions import Division
from app.store.models.forms import FormVersion
from app.store.models.grids import Grid, GridHousehold
from app.store.models.household import Household, IncomeRecord, Member, RigidExpense
from app.store.models.local import AuditEvent, ChangeLog, Conflict, Device, FormDraft, Peer
from app.store.models.national import NationalEntry
from app.store.models.people import IncomeLine, PolicySetting, User
from app.store.models.sync_records import KeyEscrow, QuarantinedChange, RuleConflict
from app.store.models.trust import DeviceRevocation, EnrollmentRecord
from app.store.models.visits import Visit
from app.store.models.warnings import RiskWarning


def _check_foreign_keys_at_commit() -> None:
    """Foreign keys are checked when a transaction commits, not after each statement (migration
    0011 says why); declared here once rather than on every field."""
    for table in SQLModel.metadata.tables.values():
        for constraint in table.foreign_key_constraints:
            constraint.deferrable, constraint.initially = True, "DEFERRED"
            for key in constraint.elements:
                key.deferrable, key.initially = True, "DEFERRED"


_check_foreign_keys_at_commit()

SYNCED_TABLES: tuple[type[SyncedModel], ...] = (
    Division, User, IncomeLine, PolicySetting, Household, Member, IncomeRecord, RigidExpense,
    Visit, MonitoringCase, CaseStep, AssistancePerson, Assignment, Measure, RiskWarning, FormVersion, NationalEntry,
    Grid, GridHousehold, Claim, EnrollmentRecord,
)
SYNCED_BY_NAME: dict[str, type[SyncedModel]] = {m.__tablename__: m for m in SYNCED_TABLES}  # type: ignore[misc]

__all__ = [
    "BOOKKEEPING_FIELDS",
    "SYNCED_BY_NAME",
    "SYNCED_TABLES",
    "Assignment",
    "AssistancePerson",
    "AuditEvent",
    "CaseStep",
    "ChangeLog",
    "Claim",
    "Conflict",
    "Device",
    "DeviceRevocation",
    "Division",
    "EnrollmentRecord",
    "FormDraft",
    "FormVersion",
    "Grid",
    "GridHousehold",
    "Household",
    "IncomeLine",
    "IncomeRecord",
    "KeyEscrow",
    "Measure",
    "Member",
    "MonitoringCase",
    "NationalEntry",
    "Peer",
    "PolicySetting",
    "QuarantinedChange",
    "RigidExpense",
    "RiskWarning",
    "RuleConflict",
    "SyncedModel",
    "User",
    "Visit",
]
