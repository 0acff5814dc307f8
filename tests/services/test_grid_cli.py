"""`fangpin grid`: a station divides a village into grids from a script, refused in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.services.setup import open_context
from app.store.models import User
from tests.conftest import PASSWORD, VILLAGE
from tests.services.helpers import poor_household


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, people) -> tuple[Path, list[str]]:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "grids.db"
    assert main(["init", "--db", str(path), "--role", "township", "--division", VILLAGE[:9],
                 "--user", "乡镇工作站"]) == 0
    ctx = open_context(path, PASSWORD)
    try:
        with ctx.db.write(ctx.actor) as session:
            for name in ("李东升", "李桂香"):
                session.add(User(name=name, role="worker", division_code=VILLAGE, device_id=f"d-{name}"))
        households = [poor_household(ctx, people, name=name).household_number for name in ("张建国", "赵明辉")]
    finally:
        ctx.db.close()
    return path, households


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_grids_drawn_staffed_and_filled_from_the_command_line(db, capsys) -> None:
    path, households = db
    base = ("--db", str(path), "--village", VILLAGE)
    code, out, err = run(capsys, "grid", "add", *base, "--name", "第一网格", "--worker", "李东升")
    assert code == 0 and "已新建网格“第一网格”，网格员：李东升" in out, err
    code, out, err = run(capsys, "grid", "add", *base, "--name", "第二网格", "--worker", "王不在")
    assert code != 0 and "本村没有网格员“王不在”" in err
    code, out, err = run(capsys, "grid", "place", *base, "--name", "第一网格", *households)
    assert code == 0 and "已把 2 户划入网格“第一网格”" in out, err
    code, out, err = run(capsys, "grid", "workers", *base, "--name", "第一网格", "--worker", "李桂香",
                         "--worker", "李东升")
    assert code == 0 and "李桂香、李东升" in out, err
    code, out, err = run(capsys, "grid", "list", *base, "--json")
    assert json.loads(out) == [{"name": "第一网格", "workers": ["李桂香", "李东升"], "households": 2}]
    code, out, err = run(capsys, "grid", "workload", "--db", str(path), "--area", VILLAGE, "--json")
    assert code == 0, err
    assert {(w["name"], w["households"]) for w in json.loads(out)} == {("李东升", 2), ("李桂香", 2)}
    code, out, err = run(capsys, "grid", "place", *base, "--name", "第九网格", households[0])
    assert code != 0 and "没有名为“第九网格”的网格" in err
