import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.domain.idnumber import make_id_number
from tests.conftest import PASSWORD, VILLAGE


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "cli.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122",
                 "--user", "县中心管理员"]) == 0
    return path


def _household(db: Path) -> str:
    from app.services.households import HouseholdService
    from app.services.setup import open_context

    ctx = open_context(db, PASSWORD)
    try:
        household = HouseholdService(ctx).create(
            {"village_code": VILLAGE, "household_type": "脱贫户"},
            [{"name": "张建国", "relation": "户主",
              "id_number": make_id_number("131122", date(1965, 3, 4), 11)}])
    finally:
        ctx.db.close()
    return household.id


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_init_then_divisions_lists_the_scope(db, capsys) -> None:
    capsys.readouterr()
    assert main(["divisions", "--db", str(db), "--json"]) == 0
    divisions = _json(capsys)
    codes = {d["code"]: d for d in divisions}
    assert codes["131122000000"]["name"] == "武邑县"
    assert codes["131122100000"] == {"code": "131122100000", "name": "武邑镇",
                                     "level": "township", "parent": "131122000000"}
    assert sum(d["level"] == "village" for d in divisions) >= 9 * 12
    assert main(["divisions", "--db", str(db)]) == 0
    assert "武邑镇" in capsys.readouterr().out


def test_households_show_and_set(db, capsys) -> None:
    household_id = _household(db)
    capsys.readouterr()
    assert main(["households", "--db", str(db), "--search", "zjg", "--json"]) == 0
    rows = _json(capsys)
    assert [r["id"] for r in rows] == [household_id]
    assert main(["household", "set", "--db", str(db), household_id[:13],
                 "phone=13800001111", "住房安全=危房"]) == 0
    assert "已修改" in capsys.readouterr().out
    assert main(["household", "show", "--db", str(db), household_id, "--json"]) == 0
    shown = _json(capsys)
    assert shown["household"]["phone"] == "13800001111"
    assert shown["household"]["house_safety"] == "危房"
    assert shown["members"][0]["name"] == "张建国"
    assert main(["household", "show", "--db", str(db), household_id]) == 0
    out = capsys.readouterr().out
    assert "张建国" in out and "131122********" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["households", "--village", "131122999999"], "不在本数据库的区划表中"),
    (["household", "set", "X", "phone=1"], "找不到农户"),
    (["household", "show", "nobody"], "找不到农户"),
])
def test_bad_input_is_one_chinese_line_and_a_non_zero_exit(db, capsys, argv, message) -> None:
    capsys.readouterr()
    code = main([*argv[:1], *argv[1:2], "--db", str(db), *argv[2:]] if argv[0] == "household"
                else [argv[0], "--db", str(db), *argv[1:]])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_field_assignment_and_value(db, capsys) -> None:
    household_id = _household(db)
    capsys.readouterr()
    assert main(["household", "set", "--db", str(db), household_id, "phone"]) == 2
    assert "应为 字段=值" in capsys.readouterr().err
    assert main(["household", "set", "--db", str(db), household_id, "phone=abc"]) == 2
    assert "手机号应为 11 位" in capsys.readouterr().err


def test_wrong_password_and_missing_file(db, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", "wrong")
    assert main(["stats", "--db", str(db)]) == 2
    assert "密码不正确" in capsys.readouterr().err
    assert main(["stats", "--db", str(db.parent / "missing.db")]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err


def test_init_refuses_an_existing_file_and_unknown_division(db, capsys, tmp_path) -> None:
    assert main(["init", "--db", str(db), "--role", "county", "--division", "131122",
                 "--user", "x"]) == 2
    assert "已经存在" in capsys.readouterr().err
    assert main(["init", "--db", str(tmp_path / "n.db"), "--role", "county", "--division",
                 "131199", "--user", "x"]) == 2
    assert "不在区划表中" in capsys.readouterr().err
    assert not (tmp_path / "n.db").exists()


def test_id_check(capsys) -> None:
    number = make_id_number("131122", date(1990, 1, 2), 13)
    assert main(["id-check", number.lower(), "--json"]) == 0
    assert _json(capsys) == {"valid": True, "number": number, "birth_date": "1990-01-02",
                             "sex": "男", "region_code": "131122"}
    assert main(["id-check", number[:-1] + "0" if number[-1] != "0" else number[:-1] + "1",
                 "--json"]) == 1
    result = _json(capsys)
    assert result["valid"] is False and "校验位" in result["reason"]
    assert main(["id-check", "12345"]) == 2
    assert "位" in capsys.readouterr().err


def test_stats_and_warnings(db, capsys) -> None:
    _household(db)
    capsys.readouterr()
    assert main(["stats", "--db", str(db), "--json"]) == 0
    stats = _json(capsys)
    assert (stats["households"], stats["members"]) == (1, 1)
    assert main(["warnings", "--db", str(db), "--evaluate", "--json"]) == 0
    result = _json(capsys)
    assert result["raised"] == 0  # creating the household already ran the rules
    assert {w["rule"] for w in result["warnings"]} >= {"visit_overdue"}
    assert main(["warnings", "--db", str(db)]) == 0
    assert "走访超期" in capsys.readouterr().out


def test_usage_errors_are_in_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["init", "--db", "x.db"])
    assert exit_info.value.code == 2
    assert "缺少必填参数" in capsys.readouterr().err


def test_the_installed_entry_point_runs_without_a_traceback(tmp_path) -> None:
    script = Path(sys.executable).with_name("fangpin")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]
    result = subprocess.run([*command, "id-check", "123"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "错误" in result.stderr and "Traceback" not in result.stderr
    help_text = subprocess.run([*command, "--help"],
                               capture_output=True, text=True, check=True).stdout
    assert "用法" in help_text and "init" in help_text


def test_no_arguments_opens_the_desktop_application(monkeypatch) -> None:
    import app.ui.app

    started: list[tuple[str | None, bool]] = []
    monkeypatch.setattr(app.ui.app, "run",
                        lambda database=None, remember=False: started.append((database, remember)) or 0)
    assert main([]) == 0
    assert started == [(None, False)]  # the remembered database
    assert main(["open", "--db", "postgresql://fangpin@db.example/county"]) == 0
    assert main(["open", "--db", "/data/other.db", "--remember"]) == 0
    assert started[1:] == [("postgresql://fangpin@db.example/county", False), ("/data/other.db", True)]


def test_demo_creates_a_county_database_then_adds_within_its_scope(tmp_path, capsys,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--households", "40", "--seed", "3"]) == 0
    assert main(["demo", "--db", str(path), "--households", "25"]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", str(path), "--json"]) == 0
    assert _json(capsys)["households"] == 65
    assert main(["demo", "--db", str(path), "--households", "0"]) == 2
    assert "至少为 1" in capsys.readouterr().err


HENGSHUI = Path(__file__).resolve().parents[3] / "shared" / "data" / "hengshui-divisions-2023.csv"


@pytest.mark.skipif(not HENGSHUI.exists(), reason="shared reference data not present")
def test_init_with_the_official_hengshui_code_list(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "taocheng.db"
    assert main(["init", "--db", str(path), "--role", "township", "--division", "131102001",
                 "--user", "河西街道站", "--divisions", str(HENGSHUI)]) == 0
    capsys.readouterr()
    assert main(["divisions", "--db", str(path), "--json"]) == 0
    assert [(d["code"], d["name"]) for d in _json(capsys)] == [
        ("130000000000", "河北省"), ("131100000000", "衡水市"), ("131102000000", "桃城区"),
        ("131102001000", "河西街道")]
