"""`fangpin policy show | export | import`: the policy as a versioned workbook, round-tripped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.context import ServiceContext
from app.services.policy import PolicyService
from app.services.reports import AttentionRules
from tests.conftest import PASSWORD, TODAY


@pytest.fixture
def county_db(ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    location = str(ctx.db.location)
    ctx.db.close()
    return location


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["policy", *args])
    out, err = capsys.readouterr()
    return code, out + err


def _rows(path: Path, sheet: str) -> list[list[object]]:
    return [list(row) for row in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_show_gives_what_is_in_force_with_the_stale_line_warning(county_db: str, capsys) -> None:
    code, out = _run(capsys, "show", "--db", county_db, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["date"] == TODAY.isoformat() and shown["line"]["amount"] == "6600.00"
    assert "监测线已过期" in shown["line_warning"]
    assert shown["settings"]["posting_days"]["value"] == 5
    assert shown["settings"]["procedure_time_limits"]["value"]["proposed"] == 2  # the 15-day practice
    assert shown["settings"]["poverty_definition"]["value"]["line_over_standard"] == "1.5"
    code, out = _run(capsys, "show", "--db", county_db, "--date", "2021-06-01")
    assert code == 0 and "6000 元/人·年" in out and "公示天数" in out and "程序时限" in out


def test_the_workbook_round_trips_and_versions_take_effect_on_their_day(county_db: str, tmp_path: Path,
                                                                       capsys) -> None:
    first = tmp_path / "政策.xlsx"
    assert _run(capsys, "export", "--db", county_db, "--out", str(first))[0] == 0
    # Unchanged, it imports as no change at all.
    code, out = _run(capsys, "import", "--db", county_db, str(first))
    assert code == 0 and "没有变化" in out

    book = openpyxl.load_workbook(first)
    book["监测收入线"].append(["2026-01-01", 7200, "2026年监测线"])
    settings = book["政策参数"]
    settings.append(["posting_days", "", "公示天数", "2027-01-01", 7])
    settings.append(["procedure_time_limits", "verified", "已入户核实", "2027-01-01", 4])
    settings.append(["poverty_definition", "line_over_standard", "监测线与贫困标准之比", "", "1.2"])
    changed = tmp_path / "政策-改.xlsx"
    book.save(changed)

    report = tmp_path / "试导入.xlsx"
    code, out = _run(capsys, "import", "--db", county_db, str(changed), "--dry-run", "--report", str(report))
    assert code == 0 and "试导入：将有 4 项变化" in out
    assert _rows(report, "导入结果")[0][0].startswith("政策工作簿导入：试导入，未写入；变化 4 项")
    code, out = _run(capsys, "show", "--db", county_db, "--json")
    assert json.loads(out)["line"]["amount"] == "6600.00"  # the dry run wrote nothing

    code, out = _run(capsys, "import", "--db", county_db, str(changed))
    assert code == 0 and "已导入 4 项变化" in out
    now = json.loads(_run(capsys, "show", "--db", county_db, "--json")[1])
    assert now["line"]["amount"] == "7200.00" and now["line_warning"] is None
    assert now["settings"]["posting_days"]["value"] == 5
    assert now["settings"]["poverty_definition"]["value"]["line_over_standard"] == "1.2"
    later = json.loads(_run(capsys, "show", "--db", county_db, "--date", "2027-01-04", "--json")[1])
    assert later["settings"]["posting_days"] == {"title": "公示天数", "value": 7, "effective_from": "2027-01-01"}
    limits = later["settings"]["procedure_time_limits"]["value"]
    assert limits["verified"] == 4 and limits["proposed"] == 2  # the version changes one item, keeps the rest

    # Exported again, the workbook holds the same policy, and imports as no change.
    second = tmp_path / "政策-再导出.xlsx"
    assert _run(capsys, "export", "--db", county_db, "--out", str(second))[0] == 0
    assert sorted(map(str, _rows(second, "监测收入线"))) == sorted(map(str, _rows(changed, "监测收入线")))
    assert ["posting_days", None, "公示天数", "2027-01-01", 7] in _rows(second, "政策参数")
    code, out = _run(capsys, "import", "--db", county_db, str(second))
    assert code == 0 and "没有变化" in out


def test_a_workbook_with_a_problem_changes_nothing(county_db: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "政策.xlsx"
    assert _run(capsys, "export", "--db", county_db, "--out", str(path))[0] == 0
    book = openpyxl.load_workbook(path)
    book["监测收入线"].append(["2026-01-01", 7200, "2026年监测线"])
    book["政策参数"].append(["posting_days", "", "公示天数", "2027-01-01", 3])
    book["政策参数"].append(["procedure_time_limits", "nonsense", "", "", 3])
    book.save(path)
    report = tmp_path / "结果.xlsx"
    code, out = _run(capsys, "import", "--db", county_db, str(path), "--report", str(report))
    assert code != 0  # a user-facing refusal
    assert "公示期不能少于 5 天" in out and "没有“nonsense”这一项" in out and "一项也没有导入" in out
    assert len(_rows(report, "问题")) == 3
    shown = json.loads(_run(capsys, "show", "--db", county_db, "--json")[1])
    assert shown["line"]["amount"] == "6600.00"


def test_the_quarterly_rules_come_from_policy(ctx: ServiceContext) -> None:
    policy = PolicyService(ctx)
    policy.set_procedure_limits({"verified": 6, "warning_days": 20})
    rules = AttentionRules.from_policy(policy.procedure_limits(), policy.posting_days())
    assert rules.stage_limits[next(s for s in rules.stage_limits if s == "verified")] == 6
    assert rules.warning_days == 20 and "20 天" in rules.notes()[1]
    assert date(2027, 1, 1) > TODAY


def test_imported_policy_travels_down_to_the_township(open_copy, tmp_path: Path) -> None:
    from app.services import policy_document
    from app.services.policy import POSTING_DAYS
    from tests.sync.conftest import Courier, enroll

    county, township = open_copy("county"), open_copy("township")
    enroll(township, county, tmp_path)
    path = tmp_path / "政策.xlsx"
    policy_document.export(county, path)
    book = openpyxl.load_workbook(path)
    book["监测收入线"].append(["2026-01-01", 7200, "2026年监测线"])
    book["政策参数"].append(["posting_days", "", "公示天数", "2027-01-01", 7])
    book.save(path)
    assert policy_document.import_workbook(county, path).written
    Courier(tmp_path).down(county, township)
    below = PolicyService(township)
    assert below.line_on(TODAY) == 7200 and below.line_warning() is None
    assert below.posting_days() == 5 and below.setting(POSTING_DAYS, date(2027, 1, 4)) == 7
    # A township may look at a workbook but not import it.
    with pytest.raises(Exception, match="只能由县防贫中心修改"):
        policy_document.import_workbook(township, _bumped(path, tmp_path))


def _bumped(path: Path, folder: Path) -> Path:
    book = openpyxl.load_workbook(path)
    book["政策参数"].append(["posting_days", "", "公示天数", "2028-01-01", 8])
    out = folder / "政策-乡镇.xlsx"
    book.save(out)
    return out


def test_show_lists_the_risk_types_and_measure_items_in_force(county_db: str, tmp_path: Path, capsys) -> None:
    code, out = _run(capsys, "show", "--db", county_db)
    assert code == 0 and "风险类型" in out and "因务工就业不稳" in out
    assert "就业帮扶" in out and "技能培训" in out
    path = tmp_path / "政策.xlsx"
    assert _run(capsys, "export", "--db", county_db, "--out", str(path))[0] == 0
    rows = _rows(path, "政策参数")
    employment = next(row for row in rows if row[:2] == ["measure_items", "就业帮扶"])
    assert employment[3] is None and "技能培训" in employment[4]  # in force from the start
    book = openpyxl.load_workbook(path)
    book["政策参数"].append(["measure_items", "扶志扶智", "扶志扶智", "2026-12-01", ""])
    book.save(path)
    code, out = _run(capsys, "import", "--db", county_db, str(path), "--dry-run")
    assert code == 0 and "扶志扶智" in out and "2026-12-01" in out
    code, out = _run(capsys, "show", "--db", county_db, "--date", "2026-12-01", "--json")
    assert "扶志扶智" in json.loads(out)["settings"]["measure_items"]["value"]  # a dry run wrote nothing
    assert _run(capsys, "import", "--db", county_db, str(path))[0] == 0
    code, out = _run(capsys, "show", "--db", county_db, "--date", "2026-12-01", "--json")
    assert json.loads(out)["settings"]["measure_items"]["value"]["扶志扶智"] == []
    assert json.loads(out)["settings"]["measure_items"]["effective_from"] == "2026-12-01"
