"""防贫保险/防贫救助 claims travel like the measure they belong to, and a hostile worker's bundle cannot
claim for another village's household nor pay a claim above what was approved (issue 20; the
forging helpers are those of test_hostile_enrolled_device.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.services.claims import ClaimService
from app.services.households import HouseholdService
from app.services.measures import MeasureService
from app.services.sync import SyncService
from app.store.models import Claim
from tests.conftest import OTHER_VILLAGE
from tests.services.helpers import poor_household
from tests.sync.test_hostile_enrolled_device import forge, own_update, reasons, value_of

INSURER = "人保财险冀州支公司"


def claim_insert(worker, row_id: str, household_id: str, measure_id: str, seq_after: int, **fields: Any) -> dict:
    values = {"household_id": household_id, "measure_id": measure_id, "kind": "防贫保险", "fund": INSURER,
              "status": "已申请", "applied_on": "2026-11-01", "approved_on": None, "paid_on": None,
              "amount_applied": "8000.00", "amount_approved": "0.00", "amount_paid": "0.00",
              "recorded_by": worker.actor.user_name, "note": "", "deleted": False, **fields}
    return own_update(worker, "claim", row_id, values, seq_after, op="insert")


def test_a_claim_travels_up_with_its_measure(net) -> None:
    worker, township = net.worker, net.township
    home = poor_household(worker, net.people)
    service = ClaimService(worker)
    claim = service.add(home.id, {"kind": "防贫保险", "fund": INSURER, "applied_on": date(2026, 11, 2),
                                  "amount_applied": 8000})
    service.approve(claim.id, 6520, date(2026, 11, 10))
    service.pay(claim.id, 6520, date(2026, 11, 12))
    summary = net.courier.up(worker, township)
    assert not summary.quarantined, reasons(summary)
    [line] = ClaimService(township).of_household(home.id)
    assert (line.status, line.amount_paid, line.fund) == ("已支付", Decimal(6520), INSURER)


def test_a_workers_bundle_claiming_for_another_villages_household_or_paying_above_approval_is_quarantined(
        net) -> None:
    worker, township, other = net.worker, net.township, net.other
    mine = poor_household(worker, net.people)
    honest = ClaimService(worker).add(mine.id, {"kind": "防贫保险", "fund": INSURER, "applied_on": date(2026, 11, 2)})
    ClaimService(worker).approve(honest.id, 6520, date(2026, 11, 10))
    theirs = HouseholdService(other).create({"village_code": OTHER_VILLAGE, "household_type": "一般农户"},
                                            [net.people.member("王大山", birth=date(1970, 5, 1))])
    their_measure = MeasureService(other).add(theirs.id, {"kind": "健康帮扶", "item": "医疗救助"})
    net.courier.up(other, township)
    net.courier.up(worker, township)

    forged = [
        # A claim of the other village's household, under its own measure: outside her villages.
        claim_insert(worker, "c1aim000-0000-4000-8000-000000000001", theirs.id, their_measure.id, 0),
        # A claim "of her own household" hung on the other village's measure.
        claim_insert(worker, "c1aim000-0000-4000-8000-000000000002", mine.id, their_measure.id, 1),
        # Her own approved claim, paid above the approved 6,520 yuan.
        own_update(worker, "claim", honest.id, {"status": "已支付", "amount_paid": "9000.00",
                                                "paid_on": "2026-11-20"}, 2),
        # A new claim of her own household already paid above its approval.
        claim_insert(worker, "c1aim000-0000-4000-8000-000000000003", mine.id, honest.measure_id, 3,
                     status="已支付", approved_on="2026-11-03", paid_on="2026-11-04",
                     amount_approved="100.00", amount_paid="5000.00"),
    ]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=3))
    found = reasons(summary)
    assert len(found) == 4, found
    assert any("不在该设备的工作范围内" in r for r in found)
    assert any("所属帮扶措施的农户不一致" in r for r in found)
    assert sum("超过批准金额" in r for r in found) == 2
    for forged_id in ("c1aim000-0000-4000-8000-000000000001", "c1aim000-0000-4000-8000-000000000002",
                      "c1aim000-0000-4000-8000-000000000003"):
        assert value_of(township, Claim, forged_id, "id") is None
    assert value_of(township, Claim, honest.id, "status") == "已批准"
    assert value_of(township, Claim, honest.id, "amount_paid") == Decimal(0)
    assert ClaimService(township).of_household(theirs.id) == []
    # And none of it reaches the other worker.
    net.courier.down(township, other)
    assert ClaimService(other).of_household(theirs.id) == []
