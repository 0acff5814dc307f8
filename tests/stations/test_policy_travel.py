"""Policy set at the county travels down through the township to the grid worker and takes effect
where it arrives: a new income monitoring line changes which households are flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import UserFacingError
from app.services.measures import MeasureService
from app.services.policy import PolicyService
from app.services.setup import initialize
from app.services.sync import SyncService
from app.services.warnings import WarningService
from tests.conftest import PASSWORD
from tests.services.helpers import poor_household
from tests.sync.conftest import Courier, enroll


def _flags(ctx, household_id: str) -> set[str]:
    return {w.rule for w in WarningService(ctx).listing(household_id=household_id)}


def test_a_new_income_line_reaches_the_worker_and_flags_households_on_arrival(open_copy, people, tmp_path) -> None:
    county, township, worker = open_copy("county"), open_copy("township"), open_copy("worker")
    enroll(township, county, tmp_path)
    enroll(worker, township, tmp_path)
    courier = Courier(tmp_path)
    household = poor_household(worker, people, per_capita=7000, household_type="一般农户")
    assert "income_below_line" not in _flags(worker, household.id)
    courier.up(worker, township)
    courier.up(township, county)

    PolicyService(county).add_income_line(date(2026, 1, 1), "7200", "2026年监测线")
    PolicyService(county).set_warning_thresholds({"workload_limit": 7})
    arrived = courier.down(county, township)
    courier.down(township, worker)

    for ctx in (township, worker):
        policy = PolicyService(ctx)
        assert policy.line_on(date(2026, 6, 1)) == Decimal(7200)
        assert policy.workload_limit() == 7
        # Nobody re-ran the checks by hand: the line took effect when the bundle arrived.
        assert "income_below_line" in _flags(ctx, household.id)
    assert arrived.warnings_raised >= 1  # raised at the township; the worker received it with the data

    # Policy is the county's: a station or a worker cannot change it, and nothing travels up.
    for ctx in (township, worker):
        with pytest.raises(UserFacingError, match="只能由县防贫中心修改"):
            PolicyService(ctx).add_income_line(date(2027, 1, 1), "7500")
    before = PolicyService(county).income_lines()
    courier.up(worker, township)
    courier.up(township, county)
    assert PolicyService(county).income_lines() == before


def test_a_policy_arriving_twice_or_late_changes_nothing_more(open_copy, people, tmp_path) -> None:
    county, township = open_copy("county"), open_copy("township")
    enroll(township, county, tmp_path)
    PolicyService(county).add_income_line(date(2026, 1, 1), "7200")
    first = SyncService(county).export(township.db.device.name, tmp_path / "p1.fpb").path
    PolicyService(county).add_income_line(date(2027, 1, 1), "7500")
    second = SyncService(county).export(township.db.device.name, tmp_path / "p2.fpb").path
    SyncService(township).import_file(second)  # the later bundle first: it holds both lines
    SyncService(township).import_file(first)
    SyncService(township).import_file(second)
    lines = PolicyService(township).income_lines()
    assert [(line.effective_from, line.amount) for line in lines[-2:]] == [
        (date(2026, 1, 1), Decimal(7200)), (date(2027, 1, 1), Decimal(7500))]


def test_a_device_set_up_after_a_policy_change_does_not_undo_it(open_copy, new_database, tmp_path) -> None:
    """Every database starts with the same seed policy (nobody's edit, older than any): a station
    initialised today must not carry its fresh defaults up over the county's earlier change."""
    county = open_copy("county")
    PolicyService(county).set_posting_days(7)
    township = initialize(new_database("late-township"), PASSWORD, role="township", division="131122100",
                          user_name="新站")
    township.today = county.today
    try:
        enroll(township, county, tmp_path)
        courier = Courier(tmp_path)
        courier.up(township, county)
        assert PolicyService(county).posting_days() == 7
        assert PolicyService(township).posting_days() == 5  # not yet heard from the county
        courier.down(county, township)
        assert PolicyService(township).posting_days() == 7
        assert len(PolicyService(township).income_lines()) == len(PolicyService(county).income_lines())
    finally:
        township.db.close()


def test_the_lists_travel_down_and_the_worker_offers_them(open_copy, people, tmp_path) -> None:
    """A dated version of the risk types, measure items and category names set at the county reaches
    the worker in the bundles like every policy setting; its measure choices follow it that day."""
    county, township, worker = open_copy("county"), open_copy("township"), open_copy("worker")
    enroll(township, county, tmp_path)
    enroll(worker, township, tmp_path)
    courier = Courier(tmp_path)
    county_policy = PolicyService(county)
    items = county_policy.measure_items()
    items["就业帮扶"] = ["职业技能培训" if item == "技能培训" else item for item in items["就业帮扶"]]
    day = date(2026, 11, 1)
    county_policy.set_version("measure_items", items, day)
    county_policy.set_version("risk_types", [*county_policy.risk_types(), "因婚丧嫁娶"], day)
    names = {**county_policy.category_names(), "unstable_exited": "脱贫不稳定监测户"}
    county_policy.set_version("monitoring_categories", names, day)
    courier.down(county, township)
    courier.down(township, worker)

    policy = PolicyService(worker)
    assert "因婚丧嫁娶" in policy.risk_types() and "因婚丧嫁娶" not in policy.risk_types(date(2026, 10, 31))
    assert policy.category_names()["unstable_exited"] == "脱贫不稳定监测户"
    assert "职业技能培训" in MeasureService(worker).fields()["item"].input.options
    household = poor_household(worker, people)
    assert MeasureService(worker).add(household.id, {"kind": "就业帮扶", "item": "职业技能培训",
                                                     "risk_type": "因婚丧嫁娶"}).item == "职业技能培训"
