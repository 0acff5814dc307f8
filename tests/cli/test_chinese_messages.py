"""What the command line shows a person names things in Chinese: help, refusals, confirmations."""

from __future__ import annotations

import argparse
import errno
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.cli.common import log_dir, run_guarded
from app.domain.idnumber import make_id_number
from app.services.households import HouseholdService
from app.services.setup import open_context
from tests.conftest import PASSWORD, VILLAGE

# Latin words help may show: formats, environment variables, and the fixed values a
# person types (roles, `--to up`, `--take mine|theirs|base`, ledger keys), each explained in Chinese.
ALLOWED = {
    "CSV", "Excel", "JSON", "PDF", "PostgreSQL", "XLSForm", "YYYY", "MM", "DD", "FANGPIN_PASSWORD",
    "FANGPIN_NEW_PASSWORD", "fangpin", "postgresql", "xlsx", "xls", "pdf", "json",
    "up", "mine", "theirs", "base", "worker", "township", "county", "house_safety", "id",
    "roster", "helpers", "measures", "visits", "warnings", "voided", "monthly", "posting", "households",
}


def parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parsers(sub)


def test_help_names_things_in_chinese() -> None:
    every = list(parsers(build_parser()))
    commands = {word for prog, _parser in every for word in re.split(r"[\s-]+", prog)}  # mark-entered: mark, entered
    stray: dict[str, set[str]] = {}
    for prog, parser in every:
        # Option names and file extensions (.xlsx, .fpb, …) are not prose.
        text = re.sub(r"--?[\w-]+|\.[A-Za-z]+\b", "", parser.format_help())
        for word in re.findall(r"[A-Za-z_]{2,}", text):
            if word not in ALLOWED and word not in commands:
                stray.setdefault(word, set()).add(prog)
    assert not stray, stray
    assert len(every) > 30


def _refusal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    return capsys.readouterr().err


def test_refused_values_are_said_in_chinese_without_python_quoting(capsys) -> None:
    err = _refusal(["init", "--db", "x.db", "--role", "boss", "--division", "131122", "--user", "某"], capsys)
    assert "参数 --role：取值“boss”无效（应为角色：worker 网格员、township 乡镇、county 县）" in err
    assert "'boss'" not in err
    err = _refusal(["nosuch"], capsys)
    assert "取值“nosuch”无效，可选：open、init、demo" in err and "'" not in err
    err = _refusal(["households", "--db", "x.db", "--limit", "many"], capsys)
    assert "取值“many”无效（应为整数）" in err


@pytest.mark.parametrize(("given", "shown"), [("网格员", "网格员"), ("worker", "网格员")])
def test_a_role_by_either_name_and_the_scope_by_its_name(tmp_path, capsys, monkeypatch, given, shown) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    assert main(["init", "--db", str(tmp_path / "w.db"), "--role", given, "--division", VILLAGE,
                 "--user", "李娜"]) == 0
    assert f"（{shown}，范围 姚集村（{VILLAGE}），使用人 李娜）" in capsys.readouterr().out


def test_a_changed_field_is_confirmed_by_its_chinese_name(templates, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "c.db"
    shutil.copy(templates["county"], path)
    ctx = open_context(path, PASSWORD)
    try:
        household = HouseholdService(ctx).create(
            {"village_code": VILLAGE, "household_type": "脱贫户"},
            [{"name": "张建国", "relation": "户主", "id_number": make_id_number("131122", date(1965, 3, 4), 11)}])
    finally:
        ctx.db.close()
    assert main(["household", "set", "--db", str(path), household.id, "phone=13800001111",
                 "住房安全=危房"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"已修改 张建国户（户编码 {household.id}）：联系电话=13800001111，住房安全=危房")
    assert main(["household", "set", "--db", str(path), household.id, "phone"]) == 2
    assert "例如 联系电话=13800000000" in capsys.readouterr().err


def test_enrollment_names_the_devices_and_villages(templates, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    worker, township = tmp_path / "worker.db", tmp_path / "township.db"
    shutil.copy(templates["worker"], worker)
    shutil.copy(templates["township"], township)
    assert main(["enroll", "request", "--db", str(worker), "--out", str(tmp_path / "r.fpe")]) == 0
    assert main(["enroll", "accept", "--db", str(township), str(tmp_path / "r.fpe"),
                 "--out", str(tmp_path / "a.fpe")]) == 0
    accepted = capsys.readouterr().out
    assert f"已登记设备“worker用户”，工作范围：姚集村（{VILLAGE}）。" in accepted
    fingerprint = re.search(r"指纹：((?:\d{5} ?){6})", accepted).group(1).strip()
    assert main(["enroll", "complete", "--db", str(worker), str(tmp_path / "a.fpe"),
                 "--fingerprint", fingerprint]) == 0
    assert "本机已登记到上级工作站“township用户”。" in capsys.readouterr().out


def test_a_file_problem_is_one_chinese_line_not_a_crash(tmp_path, capsys) -> None:
    folder = tmp_path / "u盘"
    folder.mkdir()
    assert main(["bundle", "inspect", str(folder)]) == 2
    assert capsys.readouterr().err == f"错误：“{folder}”：这是一个文件夹，不是文件。\n"

    def full_disk() -> int:
        raise OSError(errno.ENOSPC, "No space left on device", "李娜-1.fpb")

    assert run_guarded(full_disk) == 2
    err = capsys.readouterr().err
    assert err == "错误：“李娜-1.fpb”：磁盘空间不足。\n"
    assert not list(log_dir().glob("crash-*.log"))  # not taken for a bug
