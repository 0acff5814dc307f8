"""网格 (issue 19, item 9): a station divides a village into grids with their workers and places
each household in one; the card and the 走访计划 use the household's own grid worker; a worker's
device may neither draw grids here nor send them in a bundle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.printing.due import write_due_list
from app.services import printouts
from app.services.demo import DemoService
from app.services.grids import GridService
from app.services.printouts.station import due_lists
from app.store.models import GridHousehold, Household, User
from app.sync.checks import Signer, _grid_rules
from app.sync.scope import within_scope
from tests.conftest import OTHER_VILLAGE, TODAY, VILLAGE
from tests.printing.conftest import pdf_text
from tests.services.helpers import poor_household


def _worker(ctx, name: str, village: str = VILLAGE) -> str:
    with ctx.db.write(ctx.actor) as session:
        user = User(name=name, role="worker", division_code=village, device_id=f"device-{name}",
                    phone=f"1390000{len(name):04d}")
        session.add(user)
        session.flush()
        return user.id


def _due(ctx, household_id: str, on: date) -> None:
    with ctx.db.write(ctx.actor) as session:
        session.get(Household, household_id).next_visit_due = on


@pytest.fixture
def village(ctx, people):
    workers = {name: _worker(ctx, name) for name in ("李东升", "李桂香", "王建")}
    households = [poor_household(ctx, people, name=name) for name in ("张建国", "赵明辉", "钱秀英")]
    grids = GridService(ctx)
    first = grids.create(VILLAGE, "第一网格", [workers["李东升"]])
    second = grids.create(VILLAGE, "第二网格", [workers["李桂香"], workers["王建"]])
    assert grids.place(first.id, [households[0].id]) == 1
    assert grids.place(second.id, [households[1].id, households[2].id]) == 2
    return workers, households, first, second


def test_a_station_divides_a_village_into_grids_and_places_each_household_in_one(ctx, people, village) -> None:
    _workers, households, first, second = village
    grids = GridService(ctx)
    assert [(g.name, [w.name for w in g.workers], g.households) for g in grids.of_village(VILLAGE)] == [
        ("第一网格", ["李东升"], 1), ("第二网格", ["李桂香", "王建"], 2)]
    assert grids.place(second.id, [households[0].id]) == 1  # moved, so in one grid only
    assert grids.grid_of(households[0].id).name == "第二网格"
    assert grids.of_village(VILLAGE)[0].households == 0
    with pytest.raises(UserFacingError, match="已有名为"):
        grids.create(VILLAGE, "第一网格")
    with pytest.raises(UserFacingError, match="本村登记的网格员"):
        grids.set_workers(first.id, [_worker(ctx, "外村人", OTHER_VILLAGE)])
    other = poor_household(ctx, people, name="外村户")
    with ctx.db.write(ctx.actor) as session:
        session.get(Household, other.id).village_code = OTHER_VILLAGE
    with pytest.raises(UserFacingError, match="只能把本村的农户"):
        grids.place(first.id, [other.id])


def test_a_grid_workers_device_may_not_draw_grids(open_copy) -> None:
    worker = open_copy("worker")
    with pytest.raises(UserFacingError, match="由乡镇防贫工作站划分"):
        GridService(worker).create(VILLAGE, "第三网格")


def test_the_card_names_the_households_own_grid_workers(ctx, village) -> None:
    _workers, households, _first, _second = village
    assert [w.name for w in printouts.card(ctx, households[0].id, TODAY).grid_workers] == ["李东升"]
    assert [w.name for w in printouts.card(ctx, households[1].id, TODAY).grid_workers] == ["李桂香", "王建"]
    cards = list(printouts.village_cards(ctx, printouts.village(ctx, VILLAGE), TODAY))
    by_head = {c.head_name: [w.name for w in c.grid_workers] for c in cards}
    assert by_head["张建国"] == ["李东升"] and by_head["钱秀英"] == ["李桂香", "王建"]


def test_a_household_in_no_grid_of_a_village_of_several_workers_lists_none(ctx, people, village) -> None:
    loose = poor_household(ctx, people, name="孙未分")
    assert printouts.card(ctx, loose.id, TODAY).grid_workers == []  # a blank row to write in


def test_the_visit_plan_breaks_by_grid_worker(ctx, village, tmp_path: Path) -> None:
    _workers, households, _first, _second = village
    for household in households:
        _due(ctx, household.id, date(2026, 11, 28))
    groups = due_lists(ctx, printouts.area(ctx, VILLAGE), date(2026, 11, 1))
    assert [(g.worker.name, [r.head_name for r in g.rows]) for g in groups] == [
        ("李东升", ["张建国"]), ("李桂香、王建", ["赵明辉", "钱秀英"])]
    out = tmp_path / "due.pdf"
    write_due_list(out, "姚集村", date(2026, 11, 1), groups, TODAY)
    pages = pdf_text(out)
    assert len(pages) == 2
    assert "网格员：李东升" in pages[0] and "张建国" in pages[0] and "赵明辉" not in pages[0]
    assert "网格员：李桂香、王建" in pages[1] and "钱秀英" in pages[1]


def test_each_workers_load_comes_from_her_grids(ctx, people, village) -> None:
    _workers, households, _first, _second = village
    _due(ctx, households[0].id, date(2026, 11, 10))  # overdue on TODAY (11-23)
    _due(ctx, households[1].id, date(2026, 11, 28))
    _due(ctx, households[2].id, date(2027, 1, 5))
    _worker(ctx, "赵无格")
    loads = {w.name: w for w in GridService(ctx).workload(VILLAGE[:9], date(2026, 11, 30))}
    assert (loads["李东升"].grids, loads["李东升"].households, loads["李东升"].due, loads["李东升"].overdue) == (
        ("第一网格",), 1, 1, 1)
    assert (loads["王建"].households, loads["王建"].due, loads["王建"].overdue) == (2, 1, 0)
    assert (loads["赵无格"].grids, loads["赵无格"].households) == ((), 0)


def test_a_bundle_from_a_workers_device_may_not_change_grids(ctx, village) -> None:
    _workers, households, first, _second = village
    station = Signer(device_id="station", role=Role.TOWNSHIP, scope=(VILLAGE[:9],), from_below=True)
    entries = [
        {"table_name": "grid", "row_id": first.id, "device_id": "w1", "fields": {"name": "改名"}},
        {"table_name": "gridhousehold", "row_id": households[1].id, "device_id": "w1",
         "fields": {"grid_id": first.id}},
        {"table_name": "grid", "row_id": "g-new", "device_id": "t1",
         "fields": {"village_code": VILLAGE, "name": "第三网格", "worker_ids": []}},
        {"table_name": "grid", "row_id": "g-far", "device_id": "t1",
         "fields": {"village_code": "131122200101", "name": "外乡网格", "worker_ids": []}},
        {"table_name": "gridhousehold", "row_id": households[2].id, "device_id": "t1",
         "fields": {"household_id": households[2].id, "grid_id": "g-new"}},
    ]
    problems: dict[int, str] = {}
    with ctx.db.read() as session:
        _grid_rules(session, entries, station, {"w1": Role.WORKER, "t1": Role.TOWNSHIP}, problems)
    assert "网格员的设备不能修改网格" in problems[id(entries[0])]
    assert "网格员的设备不能修改网格" in problems[id(entries[1])]
    assert id(entries[2]) not in problems and id(entries[4]) not in problems
    assert "不在该设备的工作范围内" in problems[id(entries[3])]


def test_demo_villages_are_divided_into_grids_one_per_worker(ctx) -> None:
    DemoService(ctx).generate(households=40, seed=7)
    with ctx.db.read() as session:
        villages = set(session.scalars(select(Household.village_code).where(Household.head_name != "")))
        placed = session.scalar(select(func.count()).select_from(GridHousehold))
        demo_households = session.scalar(select(func.count()).select_from(Household))
        workers = {u.id: u for u in session.scalars(select(User).where(User.role == "worker"))}
    assert placed and placed <= demo_households
    for code in villages:
        grids = GridService(ctx).of_village(code)
        if not grids:
            continue
        assert all(len(g.workers) == 1 for g in grids)
        assert {g.workers[0].user_id for g in grids} <= set(workers)
        assert sum(g.households for g in grids) > 0


def test_a_workers_device_is_sent_only_its_own_villages_household_places(ctx, people, village) -> None:
    """A household's place in a grid travels with the household (so a device never holds a place
    whose household it lacks); grid rows themselves go down like the users they name."""
    _workers, households, first, _second = village
    other = poor_household(ctx, people, name="外村户")
    with ctx.db.write(ctx.actor) as session:
        session.get(Household, other.id).village_code = OTHER_VILLAGE
    entries = [
        {"table_name": "grid", "row_id": first.id, "op": "update", "fields": {"name": "第一网格"}},
        {"table_name": "grid", "row_id": "g-other", "op": "insert",
         "fields": {"village_code": OTHER_VILLAGE, "name": "外村网格", "worker_ids": []}},
        {"table_name": "gridhousehold", "row_id": households[0].id, "op": "update", "fields": {"grid_id": first.id}},
        {"table_name": "gridhousehold", "row_id": other.id, "op": "insert",
         "fields": {"household_id": other.id, "grid_id": "g-other"}},
    ]
    with ctx.db.read() as session:
        sent = within_scope(session, entries, [VILLAGE])
    assert [(e["table_name"], e["row_id"]) for e in sent if e["table_name"] == "gridhousehold"] == [
        ("gridhousehold", households[0].id)]
