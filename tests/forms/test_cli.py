"""`fangpin form check`: what a county clerk sees when checking a form before sending it down."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import PASSWORD
from tests.forms.conftest import WriteForm
from tests.forms.helpers import new_version

ZH = "中文 (zh)"


@pytest.fixture
def visit_form(write_form: WriteForm) -> Path:
    return write_form(
        survey=[["type", "name", f"label::{ZH}", "label::English (en)", "required", "relevant", "constraint",
                 "calculation"],
                ["select_one yn", "present", "户主在家吗", "Present?", "yes"],
                ["begin group", "income", "收入", "Income", "", "${present} = 'y'"],
                ["decimal", "wage", "工资性收入", "Wages", "", "", ". >= 0"],
                ["begin repeat", "member", "成员", "Member"],
                ["text", "member_name", "姓名", "Name", "${present} = 'y'"],
                ["end repeat"],
                ["end group"],
                ["calculate", "double", "", "", "", "", "", "${wage} * 2"]],
        choices=[["list_name", "name", f"label::{ZH}", "label::English (en)"],
                 ["yn", "y", "是", "Yes"], ["yn", "n", "否", "No"]],
        settings=[["form_id", "form_title", "version", "default_language"], ["visit", "入户走访表", "3", ZH]],
        name="visit.xlsx")


def test_check_prints_the_questions_understood(visit_form: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "check", str(visit_form)]) == 0
    out = capsys.readouterr().out
    assert "表单「入户走访表」 编号 visit 版本 3" in out
    assert "共 6 项" in out
    for words in ("名称", "题型", "显示条件", "户主在家吗", "单选", "y、n", "  wage", "    member_name",
                  "重复组", "${wage} * 2"):
        assert words in out


def test_check_json_lists_every_question_in_form_order(visit_form: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "check", str(visit_form), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["form_id"], data["version"]) == ("visit", "3")
    assert [q["name"] for q in data["questions"]] == ["present", "income", "wage", "member", "member_name",
                                                      "double"]
    present = data["questions"][0]
    assert present == {"name": "present", "type": "select_one", "label": "户主在家吗", "relevant": "",
                       "constraint": "", "required": True, "calculation": "",
                       "choices": [{"name": "y", "label": "是"}, {"name": "n", "label": "否"}]}
    assert data["questions"][4]["required"] == "${present} = 'y'"
    assert data["questions"][5]["calculation"] == "${wage} * 2"


def test_check_a_broken_form_lists_every_problem(write_form: WriteForm,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_form(survey=[["type", "name", "label", "relevant"], ["text", "a", "A", "${zz} = 1"],
                              ["image", "photo", "Photo"], ["begin group", "g", "G"]], name="bad.xlsx")
    assert main(["form", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "错误：bad.xlsx：表单有 3 处问题，不能使用："
    assert "第 2 行 D 列（relevant）" in lines[1] and "${zz}" in lines[1]
    assert "第 3 行 A 列（type）" in lines[2] and "拍照" in lines[2]
    assert "第 4 行" in lines[3] and "end group" in lines[3]


def test_check_json_reports_problems_for_scripts(write_form: WriteForm,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_form(survey=[["type", "name"], ["text", "a"], ["text", "a"]])
    assert main(["form", "check", str(path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == [{"sheet": "survey", "row": 3, "column": "B 列（name）",
                                 "message": "题目名称「a」重复，第 2 行已经用过。"}]


def test_check_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "check", str(tmp_path / "nothing.xlsx")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_form_without_an_action_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form"]) == 2
    assert "check" in capsys.readouterr().out


@pytest.fixture
def database(templates: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)

    def copy(role: str) -> Path:
        path = tmp_path / f"{role}.db"
        shutil.copy(templates[role], path)
        return path

    return copy


def test_form_list_and_install(database: Callable[[str], Path], tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    db = database("county")
    assert main(["form", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "入户走访表" in out and "内置" in out and "2026.1" in out
    assert main(["form", "install", "--db", str(db), str(new_version(tmp_path, version="2027.1"))]) == 0
    assert "已安装表单「入户走访表」（visit）2027.1 版，已是当前版本" in capsys.readouterr().out
    assert main(["form", "list", "--db", str(db), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["version"], e["origin"], e["current"]) for e in listed if e["form_id"] == "visit"] == [
        ("2027.1", "已安装", True), ("2026.1", "内置", False)]


def test_a_worker_cannot_install_a_form(database: Callable[[str], Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "install", "--db", str(database("worker")), str(new_version(tmp_path))]) == 2
    assert "网格员不能安装表单" in capsys.readouterr().err
