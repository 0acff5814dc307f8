"""One household and everything that hangs on it, in the order the random stream expects."""

from __future__ import annotations

from decimal import Decimal
from random import Random
from typing import Any

from app.domain.members import household_summary
from app.services.demo.cases import CaseMaker
from app.services.demo.chance import tri
from app.services.demo.expenses import ordinary_expenses
from app.services.demo.families import Draft
from app.services.demo.income import IncomeMaker
from app.services.demo.members import assign_social_assistance, make_members
from app.services.demo.plans import CasePlan
from app.services.demo.risks import HouseFacts
from app.services.demo.run import Batch, Run, Village
from app.services.demo.visits import VisitMaker
from app.services.demo.warnings import WarningMaker
from app.store.ids import new_id
from app.store.models import Household, IncomeRecord, Member, RigidExpense, Visit


def make_household(run: Run, village: Village, plan: CasePlan | None, batch: Batch) -> None:
    """Add a household of ``village`` to ``batch``, with a case at ``plan`` if there is one."""
    rng = run.rng
    household_type = _household_type(rng, plan)
    poor = household_type == "脱贫户"
    household_id = new_id()
    group = 1 + int(rng.random() * village.groups)
    members = make_members(run, household_id, household_type)
    house = HouseFacts(dangerous=rng.random() < 0.004, water_ok=rng.random() > 0.003)
    case = None
    if plan is not None:
        case = CaseMaker(run, plan, household_type, members, house)
        household_type = case.household_type
        expenses = case.expenses
    else:
        expenses = ordinary_expenses(run, members)
    assign_social_assistance(run, members, poor, in_case=case is not None,
                             leaving_monitoring=case is not None and case.in_elimination)
    farmland = 0.0 if rng.random() < 0.05 else sum(rng.uniform(1.2, 2.4) for _ in members)
    income = IncomeMaker(run, household_id, household_type, members, case, farmland)
    incomes = income.records()
    if case is not None:
        case.income_maker = income
    for expense in expenses:
        expense["household_id"] = household_id
    head = members[0].row
    household = {
        "id": household_id, "village_code": village.code, "group_name": f"{group}组",
        "address": f"{village.name}{group}组{_house_number(village, group)}号",
        "household_number": f"{village.code}{village.next_number:04d}",
        "household_type": household_type, "registered_poor": household_type == "脱贫户",
        "phone": head["phone"],
        **household_summary((d.row["name"], d.row["relation"]) for d in members),
        **_house(rng, members, house, bank_likely=poor or case is not None),
        "farmland_mu": Decimal(int(farmland * 10)) / 10,
    }
    village.next_number += 1
    # Each grid worker looks after a run of neighbouring groups.
    worker = village.workers[(group - 1) * len(village.workers) // village.groups]
    batch.add(Household, household)
    for draft in members:
        batch.add(Member, draft.row)
    for record in incomes:
        batch.add(IncomeRecord, record)
    for expense in expenses:
        batch.add(RigidExpense, expense)
    if case is not None:
        case.write(batch, household, worker, village)
    for visit in VisitMaker(run, household, members, case, worker).visits():
        batch.add(Visit, visit)
    WarningMaker(run, household, members, incomes, expenses, case, village, worker).write(batch)
    batch.households += 1
    run.summary.members += len(members)


def _household_type(rng: Random, plan: CasePlan | None) -> str:
    r = rng.random()
    if plan is None:
        return "脱贫户" if r < 0.1005 else ("其他" if r < 0.1035 else "一般农户")
    if plan.category == "脱贫不稳定户":
        return "脱贫户"
    if plan.category == "突发严重困难户" and r < 0.3:
        return "脱贫户"
    return "一般农户"


def _house_number(village: Village, group: int) -> int:
    number = village.house_numbers.get(group, 0) + 1
    village.house_numbers[group] = number
    return number


def _house(rng: Random, members: list[Draft], house: HouseFacts,
           bank_likely: bool) -> dict[str, Any]:
    """The house, land and security fields (``bank_likely``: assistance is paid to the bank)."""
    insured = all(d.row["medical_insurance"] for d in members)
    schooled = not any(d.row["dropout_reason"] for d in members)
    bank = rng.random() < (1.0 if bank_likely else 0.7)
    return {
        "bank_name": _bank(rng) if bank else "",
        "bank_account": f"6217{rng.randrange(10**15):015d}" if bank else "",
        "house_safety": "危房" if house.dangerous else "安全",
        "house_area_m2": Decimal(tri(rng, 45, 240, 110)),
        "sanitary_toilet": rng.random() < 0.92, "electricity": rng.random() < 0.999,
        "road_access": rng.random() < 0.98,
        "forest_mu": Decimal(int(rng.uniform(3, 30))) / 10 if rng.random() < 0.08 else None,
        "cooperative_member": rng.random() < 0.12,
        "food_secure": True, "clothing_secure": True, "education_secure": schooled,
        "medical_secure": insured, "housing_secure": not house.dangerous,
        "water_secure": house.water_ok,
    }


def _bank(rng: Random) -> str:
    r = rng.random()
    if r < 0.45:
        return "河北省农村信用社"
    if r < 0.75:
        return "中国邮政储蓄银行"
    return "中国农业银行" if r < 0.92 else "中国建设银行"
