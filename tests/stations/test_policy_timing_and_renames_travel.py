"""The elimination timing and the renames of measure kinds set at the county reach the grid worker
through the township like every policy setting (issue 20), and the worker's screens follow them."""

from __future__ import annotations

from datetime import date

from app.printing.policies import POLICY_BY_MEASURE_KIND
from app.services.measures import MeasureService
from app.services.policy import ELIMINATION_TIMING, MEASURE_ITEMS, MEASURE_KIND_ORIGINS, PolicyService
from app.services.printouts.cards import card
from tests.conftest import TODAY
from tests.services.helpers import poor_household
from tests.sync.conftest import Courier, enroll

FROM = date(2026, 11, 1)


def test_the_timing_and_a_rename_travel_down(open_copy, people, tmp_path) -> None:
    county, township, worker = open_copy("county"), open_copy("township"), open_copy("worker")
    enroll(township, county, tmp_path)
    enroll(worker, township, tmp_path)
    policy = PolicyService(county)
    policy.set_version(ELIMINATION_TIMING, {"months_income_stable_required": 3}, FROM)
    items = {("就业创业帮扶" if kind == "就业帮扶" else kind): value for kind, value in policy.measure_items().items()}
    policy.set_version(MEASURE_ITEMS, items, FROM)
    policy.set_version(MEASURE_KIND_ORIGINS, {"就业创业帮扶": "就业帮扶"}, FROM)
    courier = Courier(tmp_path)
    courier.down(county, township)
    courier.down(township, worker)

    below = PolicyService(worker)
    assert below.elimination_timing().months_income_stable_required == 3
    assert below.elimination_timing(date(2026, 10, 31)).months_income_stable_required == 6
    assert below.kind_origins() == {"就业创业帮扶": "就业帮扶"}
    household = poor_household(worker, people)
    MeasureService(worker).add(household.id, {"kind": "就业创业帮扶", "item": "技能培训", "start_date": TODAY})
    assert POLICY_BY_MEASURE_KIND["就业帮扶"] in card(worker, household.id, TODAY).policies
