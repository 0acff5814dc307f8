"""What the household's 承诺授权书 shows: the household as its card names it, every member to sign."""

from __future__ import annotations

from datetime import date

from app.printing.consent_form import ConsentFormData
from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.printouts.cards import card_data


def consent_form(ctx: ServiceContext, household_id: str, printed_on: date) -> ConsentFormData:
    card = card_data(HouseholdService(ctx).get(household_id), printed_on=printed_on)
    return ConsentFormData(village=card.village, head_name=card.head_name,
                           household_number=card.household_number, members=card.members,
                           printed_on=printed_on)
