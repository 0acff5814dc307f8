from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Index
from sqlmodel import Field

from app.store.models.base import SyncedModel


class Household(SyncedModel, table=True):
    # The on-screen table's order: each page is a range scan of this index (see services/listing).
    __table_args__ = (Index("ix_household_listing", "village_code", "head_name", "id", "deleted"),)

    village_code: str = Field(max_length=12, index=True)
    group_name: str = Field(default="", max_length=32)
    address: str = Field(default="", max_length=200)
    household_number: str = Field(default="", max_length=32, index=True)  # scanned or typed: one lookup
    household_type: str = Field(max_length=16)
    registered_poor: bool = False
    phone: str = Field(default="", max_length=32)
    bank_name: str = Field(default="", max_length=64)
    bank_account: str = Field(default="", max_length=40)
    # Denormalised from the members so a search over 300k households needs no join.
    head_name: str = Field(default="", max_length=40, index=True)
    head_initials: str = Field(default="", max_length=40, index=True)
    member_count: int = 0

    house_safety: str = Field(default="安全", max_length=16)
    house_area_m2: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)
    sanitary_toilet: bool | None = None
    electricity: bool | None = None
    road_access: bool | None = None
    farmland_mu: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)
    forest_mu: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)
    cooperative_member: bool = False

    # 两不愁三保障 and drinking water as last checked on a visit; None means not yet checked.
    food_secure: bool | None = None
    clothing_secure: bool | None = None
    education_secure: bool | None = None
    medical_secure: bool | None = None
    housing_secure: bool | None = None
    water_secure: bool | None = None

    last_visit_date: date | None = Field(default=None, index=True)
    next_visit_due: date | None = Field(default=None, index=True)
    note: str = Field(default="", max_length=500)
    # Voided (作废) with a reason from app/domain/voiding.py: the row is tombstoned and keeps why.
    void_reason: str = Field(default="", max_length=16)
    void_note: str = Field(default="", max_length=200)
    voided_by: str = Field(default="", max_length=40)
    voided_on: date | None = None


class Member(SyncedModel, table=True):
    # Search reads these indexes alone (they cover what a result needs), never the table rows.
    __table_args__ = (
        Index("ix_member_name_search", "name", "deleted", "household_id"),
        Index("ix_member_initials_search", "name_initials", "deleted", "household_id", "name"),
    )

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    name: str = Field(max_length=40)
    name_initials: str = Field(default="", max_length=40)
    id_number: str = Field(default="", max_length=18, index=True)
    # Reversed so that "the last digits of the ID number" is a prefix search on an index.
    id_number_reversed: str = Field(default="", max_length=18, index=True)
    relation: str = Field(max_length=16)
    sex: str = Field(default="", max_length=2)
    birth_date: date | None = None
    ethnicity: str = Field(default="汉族", max_length=16)
    health: list[str] = Field(default_factory=list, sa_type=JSON)
    disability_kind: int | None = None
    disability_grade: int | None = None
    health_changed_on: date | None = None
    labour_skill: str = Field(default="", max_length=16)
    education: str = Field(default="", max_length=16)
    school_stage: str = Field(default="", max_length=16)
    dropout_reason: str = Field(default="", max_length=100)
    migrant_work_place: str = Field(default="", max_length=100)
    migrant_work_months: int | None = None
    migrant_employer: str = Field(default="", max_length=100)
    welfare_post: str = Field(default="", max_length=32)
    welfare_post_months: int | None = None
    medical_insurance: list[str] = Field(default_factory=list, sa_type=JSON)
    pension_insurance: bool = False
    social_assistance: str = Field(default="", max_length=16)
    medical_aid: bool = False
    lives_in_household: bool = True
    phone: str = Field(default="", max_length=32)
    # Voided (作废) with a reason from app/domain/voiding.py: the row is tombstoned and keeps why.
    void_reason: str = Field(default="", max_length=16)
    void_note: str = Field(default="", max_length=200)
    voided_by: str = Field(default="", max_length=40)
    voided_on: date | None = None


class IncomeRecord(SyncedModel, table=True):
    """A household's income over one assessment year (the rolling 12 months before ``assessed_on``)."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    year: int = Field(index=True)
    assessed_on: date
    household_size: int
    wage: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    business: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    property: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    transfer: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    pension: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    dibao: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    tekun: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    eco_compensation: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    family_planning: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    other_transfer: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    business_expense: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    insurance_payout: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    eligible_out_of_pocket: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    net_income: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    per_capita_income: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2,
                                       index=True)


class RigidExpense(SyncedModel, table=True):
    """A large rigid spending item (medical, schooling, disaster …) with what the household paid."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    member_id: str | None = Field(default=None, max_length=36)
    kind: str = Field(max_length=16)
    occurred_on: date
    total_amount: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    reimbursed: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    out_of_pocket: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    resolved: bool = False
    note: str = Field(default="", max_length=200)
