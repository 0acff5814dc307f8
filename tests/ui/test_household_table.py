"""The household table model: correct for Qt's model checker, paged, searchable and filtered."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from app.services.listing import HouseholdFilter, HouseholdListing, key_of
from app.services.search import SearchService
from app.ui.models.household_table import HouseholdTableModel
from tests.conftest import TODAY
from tests.ui.conftest import DEMO_HOUSEHOLDS


def test_model_passes_qt_model_checks_while_paging(qtmodeltester: ModelTester, demo_ctx, ui_app) -> None:
    model = HouseholdTableModel(HouseholdListing(demo_ctx), SearchService(demo_ctx), TODAY)
    qtmodeltester.check(model)
    model.show_all(HouseholdFilter())
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == DEMO_HOUSEHOLDS
    assert len({row.id for row in model.rows}) == DEMO_HOUSEHOLDS
    model.search("zh", HouseholdFilter())
    qtmodeltester.check(model)


def test_pages_follow_each_other_without_gaps_or_repeats(demo_ctx) -> None:
    listing = HouseholdListing(demo_ctx)
    seen: list[str] = []
    page = listing.page(HouseholdFilter(), size=7)
    while page:
        seen += [row.id for row in page]
        page = listing.page(HouseholdFilter(), after=key_of(page[-1]), size=7)
    assert len(seen) == len(set(seen)) == listing.count(HouseholdFilter()) == DEMO_HOUSEHOLDS


def test_filters_agree_with_the_count(demo_ctx) -> None:
    listing = HouseholdListing(demo_ctx)
    overdue = HouseholdFilter(overdue=True)
    rows = listing.page(overdue, size=1000)
    assert rows and len(rows) == listing.count(overdue)
    assert all(row.next_visit_due and row.next_visit_due < TODAY for row in rows)
    category = next(row.category for row in listing.page(HouseholdFilter(), size=1000) if row.category)
    chosen = listing.page(HouseholdFilter(category=category), size=1000)
    assert chosen and all(row.category == category for row in chosen)


def test_an_edited_household_is_shown_with_its_new_values(qtmodeltester: ModelTester, demo_ctx, ui_app) -> None:
    from app.services.households import HouseholdService

    model = HouseholdTableModel(HouseholdListing(demo_ctx), SearchService(demo_ctx), TODAY)
    model.show_all(HouseholdFilter())
    qtmodeltester.check(model)
    row = model.rows[3]
    HouseholdService(demo_ctx).update(row.id, {"group_name": "新编9组"})
    model.refresh_rows({row.id})
    assert model.rows[3].group_name == "新编9组" and model.rows[3].id == row.id
    assert model.rowCount() == len(model.rows)
