"""Income records of a household, consistent with its members and with what its case says
about its income over time."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain.categories import NO_LABOUR_SKILLS
from app.domain.dates import months_before
from app.domain.income import IncomeComponents, net_income, per_capita_net_income
from app.services.demo.case_view import CaseView
from app.services.demo.families import Draft
from app.services.demo.run import Run


class IncomeMaker:
    """Income records for the last two full years and the current year, consistent with the
    household's members and with what its case says about its income over time."""

    def __init__(self, run: Run, household_id: str, household_type: str,
                 members: list[Draft], case: CaseView | None, farmland: float) -> None:
        self.run = run
        self.rng = run.rng
        self.household_id = household_id
        self.case = case
        self.poor = household_type == "脱贫户"
        self.size = len(members)
        median = 10500 if self.poor else 15500
        self.base = median * math.exp(self.rng.gauss(0, 0.5))
        self.farmland = farmland
        # Wheat and maize twice a year: gross yuan per mu, and the share that goes on inputs.
        self.yield_per_mu = self.rng.uniform(1500, 2300)
        self.cost_share = self.rng.uniform(0.45, 0.6)
        self.leased = self.rng.random() < 0.2
        self.side_business = self.rng.random() < 0.1
        self.only_child = self.rng.random() < 0.1
        self.earners = sum(1 for d in members
                           if 16 <= d.age < 65 and d.row["labour_skill"] not in NO_LABOUR_SKILLS
                           and not d.row["school_stage"])
        assisted = [d.row["social_assistance"] for d in members]
        self.on_dibao = assisted.count("低保")
        self.on_tekun = assisted.count("特困")
        self.welfare = sum(600 * (d.row["welfare_post_months"] or 0) for d in members
                           if d.row["welfare_post"])
        self.ages = [d.age for d in members]

    def records(self) -> list[dict[str, Any]]:
        today = self.run.today
        rows = []
        for year in (today.year - 2, today.year - 1, today.year):
            if year < today.year:
                assessed = date(year, 12, 31)
            else:
                # The current year's check was done some time in the last months.
                assessed = max(date(year, 1, 1),
                               today - timedelta(days=self.rng.randrange(1, 150)))
            target = self._target(year, assessed)
            rows.append(self._record(year, assessed, target))
        return rows

    def at(self, day: date) -> dict[str, Any]:
        """The income of the 12 months before ``day``, as assessed then (not stored)."""
        return self._record(day.year, day, self._target(day.year, day))

    def _target(self, year: int, assessed: date) -> float:
        """Per-capita net income the household should have had in the year to ``assessed``."""
        growth = 1.06 ** (year - self.run.today.year)
        ordinary = self.base * growth * self.rng.uniform(0.92, 1.08)
        case = self.case
        if case is None:
            return ordinary
        line = self.run.line_int
        timeline = case.timeline
        low_from = timeline.proposed_on - timedelta(days=365)
        recovered_from = timeline.elimination_start
        rng = self.rng
        if case.rejected:
            return line * rng.uniform(1.05, 1.5)
        if recovered_from is not None and assessed >= months_before(recovered_from, 6):
            return line * rng.uniform(1.12, 1.7)
        if assessed < low_from:
            return line * rng.uniform(1.5, 2.6) if case.income_drop else \
                line * rng.uniform(0.95, 1.35)
        if case.low_income:
            if year == self.run.today.year and case.monitored and rng.random() < 0.15:
                return line * rng.uniform(1.0, 1.15)
            return line * rng.uniform(0.55, 0.97)
        return line * rng.uniform(1.08, 1.7)

    def _record(self, year: int, assessed: date, target: float) -> dict[str, Any]:
        random = self.rng.random
        size = self.size
        years_back = self.run.today.year - year
        elders = sum(1 for age in self.ages if age - years_back >= 60)
        # Yearly amounts per person: basic pension, 低保金, 特困供养金 (whole tens of yuan).
        pension = elders * (1700 + 10 * int(random() * 150))
        dibao = self.on_dibao * (4200 + 10 * int(random() * 160))
        tekun = self.on_tekun * (8000 + 10 * int(random() * 200))
        # 耕地地力保护补贴 goes to the contract holder even when the land is leased out.
        land_subsidy = int(self.farmland * (90 + 40 * random()))
        family_planning = 960 * elders if self.only_child else 0
        eco = 100 + 10 * int(random() * 50) if random() < 0.05 else 0
        dividends = 300 + 10 * int(random() * 90) if self.poor and random() < 0.6 else 0
        rent = int(self.farmland * (600 + 400 * random())) if self.leased else 0
        gross = 0 if self.leased else int(self.farmland * self.yield_per_mu * (0.9 + 0.2 * random()))
        if self.side_business:
            gross += 5000 + 100 * int(random() * 350)
        expense = int(gross * self.cost_share)
        loss = (self.case is not None and self.case.income_drop
                and target < self.run.line_int and gross > 0)
        if loss:
            # The failed project or the lost season: spending ran above what came in.
            expense = int(gross * (1.02 + 0.38 * random()))
        welfare = self.welfare
        transfers = pension + dibao + tekun + land_subsidy + family_planning + eco
        remaining = int(target * size) - (transfers + dividends + rent + gross - expense + welfare)
        wage = support = 0
        if remaining > 0:
            if self.earners:
                wage = remaining
            else:
                # Elderly households live on pensions and what their children send (赡养费).
                support = min(remaining, 6000 * size)
        elif remaining < 0 and not loss:
            cut = min(-remaining, max(gross - expense, 0))
            gross -= int(cut / (1 - self.cost_share))
            gross = max(gross, 0)
            expense = int(gross * self.cost_share)
        components = IncomeComponents(
            wage=Decimal(wage + welfare), business=Decimal(gross),
            property=Decimal(dividends + rent), transfer=Decimal(transfers + support),
            business_expense=Decimal(expense))
        out_of_pocket, payout = self._spending(assessed)
        return {
            "household_id": self.household_id, "year": year, "assessed_on": assessed,
            "household_size": size, "wage": components.wage, "business": components.business,
            "property": components.property, "transfer": components.transfer,
            "pension": Decimal(pension), "dibao": Decimal(dibao), "tekun": Decimal(tekun),
            "eco_compensation": Decimal(eco), "family_planning": Decimal(family_planning),
            "other_transfer": Decimal(land_subsidy + support),
            "business_expense": components.business_expense, "insurance_payout": payout,
            "eligible_out_of_pocket": out_of_pocket, "net_income": net_income(components),
            "per_capita_income": per_capita_net_income(components, size),
        }

    def _spending(self, assessed: date) -> tuple[Decimal, Decimal]:
        """合规自付支出 in the 12 months to ``assessed``, and the 防贫保险 payout on it."""
        if self.case is None:
            return Decimal(0), Decimal(0)
        window = assessed - timedelta(days=365)
        out_of_pocket = sum((e["out_of_pocket"] for e in self.case.expenses
                             if window < e["occurred_on"] <= assessed), Decimal(0))
        payout = Decimal(0)
        if out_of_pocket > 10000 and self.rng.random() < 0.5:
            payout = Decimal(int(out_of_pocket * Decimal("0.4")))
        return out_of_pocket, payout
