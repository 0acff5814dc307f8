"""户编号 unique across devices, and finding a household by its card's QR code or its 户编号."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.domain.errors import UserFacingError
from app.domain.household_number import QR_PREFIX, device_tag, scanned_household_id
from app.printing.data import CardData
from app.services.households import HouseholdService
from app.services.search import SearchService
from app.services.setup import open_context
from app.store.hlc import node_of_device
from tests.conftest import PASSWORD, VILLAGE


def _create(ctx, people, **values):
    return HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "一般农户", **values},
                                        [people.member("张建国")])


def test_a_scanned_payload_is_read_even_through_a_chinese_input_method() -> None:
    household_id = "0190f3a2-7b1c-7d00-8a1b-1234567890ab"
    assert scanned_household_id(QR_PREFIX + household_id) == household_id
    assert scanned_household_id("FANGPIN：HOUSEHOLD：" + household_id.upper() + "\r") == household_id
    assert scanned_household_id(" fangpin:household:not-an-id") is None
    assert scanned_household_id("131122100201-A3F9C2-001") is None
    card = CardData(household_id=household_id, village="", head_name="", household_number="", household_type="",
                    address="", group_name="", members=[])
    assert card.qr_payload == "fangpin:household:" + household_id  # what the card prints


def test_two_devices_registering_in_one_village_never_give_out_the_same_number(open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    numbers = []
    for ctx in (worker, township):
        given = [_create(ctx, people).household_number for _ in range(2)]
        tag = device_tag(node_of_device(ctx.db.device.id))
        assert given == [f"{VILLAGE}-{tag}-001", f"{VILLAGE}-{tag}-002"]
        numbers.append(set(given))
    assert not numbers[0] & numbers[1]


def test_a_typed_number_already_in_use_is_refused(ctx, people) -> None:
    first = _create(ctx, people, household_number="1311221002010001")
    with pytest.raises(UserFacingError, match="同一户编号不能用于两户") as error:
        _create(ctx, people, household_number="1311221002010001")
    assert error.value.field == "户编号"
    other = _create(ctx, people)
    with pytest.raises(UserFacingError, match=f"已是{first.head_name}户的户编号"):
        HouseholdService(ctx).update(other.id, {"household_number": "1311221002010001"})


def test_search_finds_the_household_by_qr_payload_or_exact_number(ctx, people) -> None:
    wanted = _create(ctx, people, household_number="1311221002010007")
    _create(ctx, people, household_number="13112210020100071")
    search = SearchService(ctx)
    [row] = search.search(QR_PREFIX + wanted.id)
    assert (row.id, row.matched) == (wanted.id, "二维码")
    [row] = search.search("FANGPIN：HOUSEHOLD：" + wanted.id.upper())
    assert row.id == wanted.id
    [row] = search.search("1311221002010007")
    assert (row.id, row.matched) == (wanted.id, "户编号")
    assert search.search(QR_PREFIX + "0190f3a2-7b1c-7d00-8a1b-1234567890ab") == []
    assert HouseholdService(ctx).resolve(QR_PREFIX + wanted.id) == wanted.id


def test_the_cli_search_and_show_accept_a_scan_and_a_number(tmp_path, monkeypatch, capsys, people) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "scan.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122", "--user", "县中心管理员"]) == 0
    ctx = open_context(path, PASSWORD)
    household = _create(ctx, people)
    ctx.db.close()
    capsys.readouterr()
    assert main(["households", "--db", str(path), "--search", QR_PREFIX + household.id, "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == household.id and row["household_number"] == household.household_number
    assert main(["households", "--db", str(path), "--search", household.household_number]) == 0
    assert "共 1 户" in capsys.readouterr().out
    assert main(["household", "show", "--db", str(path), QR_PREFIX + household.id]) == 0
    assert f"户编号 {household.household_number}" in capsys.readouterr().out
