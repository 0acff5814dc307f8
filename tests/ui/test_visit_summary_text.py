"""The 情况 a visit shows in the household's 走访 list reads as one sentence."""

from __future__ import annotations

from app.services.form_answers import member_rows_for
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.visits import VisitService
from tests.forms.test_form_services import a_visit


def test_the_notes_of_a_visit_are_joined_without_doubled_stops(demo_ctx) -> None:
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter(), size=1)[0].id
    form = FormService(demo_ctx).load("visit")
    rows = [row | {"member_health": "healthy"}
            for row in member_rows_for(form, HouseholdService(demo_ctx).get(household_id).members)["member"]]
    visit = VisitService(demo_ctx).record_form(household_id, form, a_visit(rows, expense=[])).visit
    assert "。；" not in visit.summary
    assert "妻子确诊糖尿病，需长期服药；希望尽快完成危房改造" in visit.summary
