"""网格 in Excel (issue 19, item "Grid"): the roster and the 走访记录 ledgers carry the household's
grid; a roster's 网格 column places each household in that grid of its village on a station's or
the county's database (a grid the village lacks is a note on the row, the household imported
unplaced), and is read but not applied on a grid worker's database."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import select

from app.cli.excel_commands import _print_summary
from app.excel.outcome import ADDED, UNCHANGED, UPDATED
from app.excel.targets import match_label
from app.services.demo import DemoService
from app.services.excel.ledgers import LedgerExporter
from app.services.grids import GridService
from app.store.models import Grid, GridHousehold, Household
from tests.conftest import VILLAGE
from tests.excel.conftest import ids, run

HEADER = ["户编号", "户主姓名", "姓名", "与户主关系", "身份证号", "网格"]


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> tuple[dict[str, int], list[tuple]]:
    """The ledger's column titles → index, and its data rows. A grouped header takes rows 3 and 4
    (序号 merged down over both); a plain one row 3."""
    last = 4 if sheet.cell(4, 1).value is None else 3
    titles = {str(sheet.cell(last, c).value or sheet.cell(3, c).value): c - 1 for c in range(1, sheet.max_column + 1)}
    return titles, [r for r in sheet.iter_rows(min_row=last + 1, values_only=True) if r[0] is not None]


def _placements(ctx) -> dict[str, str]:
    """户编号 → grid name of every placed household."""
    with ctx.db.read() as session:
        return dict(session.execute(
            select(Household.household_number, Grid.name)
            .join(GridHousehold, GridHousehold.household_id == Household.id)
            .join(Grid, Grid.id == GridHousehold.grid_id)
            .where(GridHousehold.deleted == False, Grid.deleted == False)).all())  # noqa: E712


def _grids(ctx, *names: str, village: str = VILLAGE) -> dict[str, str]:
    return {name: GridService(ctx).create(village, name).id for name in names}


def test_the_grid_columns_and_their_aliases_are_recognised() -> None:
    for header in ("网格", "所属网格", "网格名称", "网格号", "网格 (必填)"):
        assert match_label((header,)) == "household.grid", header
    assert match_label(("网格员",)) is None  # the worker is not the grid


def _gridded_village(ctx) -> str:
    """A village of the demo divided into grids, within the township 131122100 if one is."""
    with ctx.db.read() as session:
        villages = sorted(set(session.scalars(select(Grid.village_code).where(Grid.deleted == False))))  # noqa: E712
    assert villages  # the demo divides the villages it staffs into grids
    return next((v for v in villages if v.startswith("131122100")), villages[0])


def test_roster_and_visit_ledgers_carry_the_grid_empty_when_none(ctx, tmp_path: Path) -> None:
    DemoService(ctx).generate(households=40, seed=7)
    village = _gridded_village(ctx)
    with ctx.db.write(ctx.actor) as session:  # one household out of its grid, to see the empty cell
        row = session.scalars(select(GridHousehold).join(Household, Household.id == GridHousehold.household_id)
                              .where(Household.village_code == village)).first()
        row.deleted = True
        gridless = session.get(Household, row.household_id).household_number
    names = _placements(ctx)
    assert names and gridless not in names
    out = tmp_path / "roster.xlsx"
    LedgerExporter(ctx).export("households", out)  # every household, in a grid or not
    titles, rows = _rows(openpyxl.load_workbook(out).active)
    assert list(titles)[4:7] == ["村民小组", "网格", "户编号"]
    grid_of = {row[titles["户编号"]]: row[titles["网格"]] or "" for row in rows}
    assert grid_of == {n: names.get(n, "") for n in grid_of} and grid_of[gridless] == ""
    assert set(names) <= set(grid_of)

    out = tmp_path / "visits.xlsx"  # the 走访记录 lists households too
    LedgerExporter(ctx).export("visits", out, village=village)
    titles, rows = _rows(openpyxl.load_workbook(out).active)
    assert rows and list(titles)[2] == "网格"
    assert {row[titles["网格"]] or "" for row in rows} == {names.get(row[titles["户编号"]], "") for row in rows}


def test_a_demo_roster_imports_into_an_empty_database_with_the_same_grids_in_the_same_places(
        ctx, open_copy, tmp_path: Path) -> None:
    DemoService(ctx).generate(households=40, seed=7)
    village = _gridded_village(ctx)
    grids = GridService(ctx).of_village(village)
    out = tmp_path / "花名册.xlsx"
    LedgerExporter(ctx).export("households", out, village=village)
    with ctx.db.read() as session:
        numbers = set(session.scalars(select(Household.household_number).where(
            Household.village_code == village, Household.deleted == False)))  # noqa: E712
    expected = {n: g for n, g in _placements(ctx).items() if n in numbers}
    assert expected

    empty = open_copy("township" if village.startswith("131122100") else "county")
    _grids(empty, *(g.name for g in grids), village=village)
    result = run(empty, out)
    assert result.counts.refused == 0 and result.counts.added == len(numbers)
    assert result.counts.placed == len(expected)
    assert _placements(empty) == expected
    again = run(empty, out)
    assert again.counts.unchanged == len(numbers) and again.counts.placed == 0


def test_a_dry_run_shows_the_placement_and_the_import_moves_a_household(ctx, xlsx) -> None:
    a, b = ids(2, start=300)
    first = _grids(ctx, "第一网格", "第二网格")
    path = xlsx("r.xlsx", [HEADER, ["001", "张建国", "张建国", "户主", a, "第一网格"],
                           ["002", "王立", "王立", "户主", b, None]])
    dry = run(ctx, path, village=VILLAGE, dry_run=True)
    assert [(o.row, o.result, o.detail) for o in dry.outcomes] == [
        (2, ADDED, "新增户；划入网格“第一网格”"), (3, ADDED, "新增户")]
    assert dry.counts.placed == 1 and _placements(ctx) == {}

    done = run(ctx, path, village=VILLAGE)
    assert done.counts.placed == 1 and _placements(ctx) == {"001": "第一网格"}
    with ctx.db.read() as session:
        assert session.get(GridHousehold, session.scalars(select(Household.id).where(
            Household.household_number == "001")).one()).grid_id == first["第一网格"]

    same = run(ctx, path, village=VILLAGE)
    assert [o.result for o in same.outcomes] == [UNCHANGED, UNCHANGED]

    moved = run(ctx, xlsx("m.xlsx", [["户编号", "所属网格"], ["001", "第二网格"], ["002", "第二网格"]]),
                village=VILLAGE)
    assert [(o.result, o.detail) for o in moved.outcomes] == [
        (UPDATED, "划入网格“第二网格”"), (UPDATED, "划入网格“第二网格”")]
    assert _placements(ctx) == {"001": "第二网格", "002": "第二网格"}


def test_a_grid_the_village_lacks_is_a_row_note_and_the_household_is_imported_unplaced(ctx, xlsx) -> None:
    (a,) = ids(1, start=320)
    _grids(ctx, "第一网格")
    result = run(ctx, xlsx("r.xlsx", [HEADER, ["001", "张建国", "张建国", "户主", a, "第九网格"]]),
                 village=VILLAGE)
    [outcome] = result.outcomes
    assert outcome.result == ADDED and result.counts.placed == 0
    assert "没有名为“第九网格”的网格" in outcome.detail and "第一网格" in outcome.detail
    assert dict(GridService(ctx).villages())[VILLAGE] in outcome.detail  # the village is named
    assert _placements(ctx) == {}
    with ctx.db.read() as session:
        assert session.scalars(select(Household.head_name)).all() == ["张建国"]


def test_on_a_grid_workers_database_the_column_is_read_but_not_applied(open_copy, xlsx) -> None:
    worker = open_copy("worker")
    a, b = ids(2, start=340)
    result = run(worker, xlsx("r.xlsx", [HEADER, ["001", "张建国", "张建国", "户主", a, "第一网格"],
                                         ["002", "王立", "王立", "户主", b, "第一网格"]]), village=VILLAGE)
    assert result.counts.added == 2 and result.counts.placed == 0
    assert [n for n in result.notes if "网格" in n] == [
        "表中有“网格”列（2 户填了网格），但网格由乡镇防贫工作站划分，网格员的数据库不导入网格；这些户的网格没有改动。"]
    assert all("网格" not in o.detail for o in result.outcomes)
    assert _placements(worker) == {}



def test_the_command_line_counts_the_placements_and_the_grids_a_village_lacks(ctx, xlsx, capsys) -> None:
    a, b = ids(2, start=360)
    _grids(ctx, "第一网格")
    path = xlsx("r.xlsx", [HEADER, ["001", "张建国", "张建国", "户主", a, "第一网格"],
                           ["002", "王立", "王立", "户主", b, "第九网格"]])
    result = run(ctx, path, village=VILLAGE, dry_run=True)
    _print_summary(result, None)
    assert "划入网格 1 户；1 户所填网格本村没有，未划入网格（户照常导入），详见逐行报告（--report）。" in \
        capsys.readouterr().out
