"""户编号 stay unique: Excel-imported households get one as typed ones do, and a number two devices
typed for two households is found after the sync import and settled by giving one a new number."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.errors import UserFacingError
from app.domain.household_number import device_tag
from app.services.household_numbers import HouseholdNumberService
from app.services.households import HouseholdService
from app.services.rows import require
from app.services.setup import open_context
from app.services.sync import SyncService
from app.services.unit_of_work import UnitOfWork
from app.store.hlc import node_of_device
from app.store.models import Household
from tests.conftest import PASSWORD, VILLAGE
from tests.excel.conftest import ids, run, workbook
from tests.sync.conftest import Courier, enroll

TYPED = "1311221002010042"


def _create(ctx, people, **values) -> Household:
    return HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "一般农户", **values},
                                        [people.member("张建国")])


def _numbers(ctx) -> dict[str, str]:
    with ctx.db.read() as session:
        return dict(session.execute(select(Household.head_name, Household.household_number)).all())


def test_households_imported_from_excel_without_a_number_get_this_devices_numbers(ctx, tmp_path, people) -> None:
    typed = _create(ctx, people)  # this device's 001 in the village
    a, b, c = ids(3, start=50)
    path = workbook(tmp_path / "roster.xlsx", [
        ["村代码", "户主姓名", "姓名", "与户主关系", "身份证号"],
        [VILLAGE, "王立", "王立", "户主", a],
        [VILLAGE, "赵平", "赵平", "户主", b],
        [VILLAGE, "钱多", "钱多", "户主", c],
    ])
    assert run(ctx, path).households()["added"] == 3
    tag = device_tag(node_of_device(ctx.db.device.id))
    numbers = _numbers(ctx)
    assert typed.household_number == f"{VILLAGE}-{tag}-001"
    assert sorted(numbers[name] for name in ("王立", "赵平", "钱多")) == [
        f"{VILLAGE}-{tag}-002", f"{VILLAGE}-{tag}-003", f"{VILLAGE}-{tag}-004"]
    # Importing the same roster again changes nothing: its empty 户编号 does not clear the numbers.
    again = run(ctx, path)
    assert again.counts.unchanged == 3 and _numbers(ctx) == numbers
    assert HouseholdNumberService(ctx).clashes() == []


def test_a_number_typed_on_two_devices_is_found_after_the_import_and_renumbered(
        open_copy, tmp_path, people, monkeypatch, capsys) -> None:
    worker, station = open_copy("worker"), open_copy("township")
    enroll(worker, station, tmp_path)
    courier = Courier(tmp_path)
    at_worker = _create(worker, people, household_number=TYPED)
    at_station = _create(station, people, household_number=TYPED)
    assert HouseholdNumberService(station).clashes() == []
    # The station imports with `fangpin bundle import`, which says what to do about the clash.
    bundle = SyncService(worker).export("up", tmp_path / "up.fpb").path
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    assert main(["bundle", "import", "--db", str(station.db.location), str(bundle)]) == 0
    assert "fangpin household clashes" in capsys.readouterr().out
    clashes = HouseholdNumberService(station).clashes()
    assert [clash.number for clash in clashes] == [TYPED]
    assert {h.household_id for h in clashes[0].households} == {at_worker.id, at_station.id}
    assert all(h.village and h.member_count == 1 for h in clashes[0].households)
    # The grid worker may not settle it (the station sees both households); the station does.
    with pytest.raises(UserFacingError, match="只有乡镇防贫工作站和县防贫中心"):
        HouseholdNumberService(worker).renumber(at_worker.id)
    new = HouseholdNumberService(station).renumber(at_worker.id)
    tag = device_tag(node_of_device(station.db.device.id))
    assert new == f"{VILLAGE}-{tag}-001"
    assert HouseholdNumberService(station).clashes() == []
    courier.down(station, worker)  # an ordinary synced change: the worker gets the new number
    assert HouseholdService(worker).get(at_worker.id).household.household_number == new


def test_a_typed_new_number_is_checked(ctx, people) -> None:
    first = _create(ctx, people, household_number=TYPED)
    second = _create(ctx, people)
    service = HouseholdNumberService(ctx)
    with pytest.raises(UserFacingError, match=f"已是{first.head_name}户的户编号"):
        service.renumber(second.id, TYPED)
    with pytest.raises(UserFacingError, match="最多 32 个字符"):
        service.renumber(second.id, "9" * 33)
    with pytest.raises(UserFacingError, match="就是这一户现在的户编号"):
        service.renumber(first.id, TYPED)
    assert service.renumber(second.id, "１３１１２２１００２０１００４３ ") == "1311221002010043"


def test_the_cli_lists_clashes_and_renumbers(tmp_path, monkeypatch, capsys, people) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "clash.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122", "--user", "县中心管理员"]) == 0
    ctx = open_context(path, PASSWORD)
    first = _create(ctx, people, household_number=TYPED)
    second = _create(ctx, people)
    with UnitOfWork(ctx) as uow:  # as a sync import brings it: no check of this device's
        require(uow.session, Household, second.id).household_number = TYPED
    ctx.db.close()
    capsys.readouterr()
    assert main(["household", "clashes", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert TYPED in out and first.id in out and second.id in out and "共 1 个户编号被重复使用" in out
    assert main(["household", "renumber", "--db", str(path), second.id, "--number", "1311221002010099"]) == 0
    assert "新户编号为 1311221002010099" in capsys.readouterr().out
    assert main(["household", "clashes", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["household", "renumber", "--db", str(path), second.id, "--number", TYPED]) == 2
    assert "已是" in capsys.readouterr().err
