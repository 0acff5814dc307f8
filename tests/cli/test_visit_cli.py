"""fangpin visit record: a visit recorded headless through the desktop's use case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.services.households import HouseholdService
from app.services.setup import open_context
from app.store.models import ChangeLog
from tests.cli.test_cli import _household
from tests.conftest import PASSWORD, TODAY


def _answers(db: Path, tmp_path: Path, **changes: object) -> tuple[str, Path]:
    household = _household(db)
    ctx = open_context(db, PASSWORD)
    try:
        head = HouseholdService(ctx).get(household).members[0]
    finally:
        ctx.db.close()
    answers = {
        "visit_date": "2026-11-20", "present": "head", "family_change": "none",
        "member": [{"member_name": head.name, "member_id": head.id_number, "member_health": "chronic"}],
        "income_wage": "1200", "food": "yes", "clothing": "yes", "compulsory_education": "yes",
        "basic_medical": "yes", "housing_safe": "yes", "water_safe": "yes", "risks": "", "measures": "health",
        "next_visit": "2026-12-20", **changes}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return household, path


def _entries(db: Path) -> int:
    ctx = open_context(db, PASSWORD)
    try:
        with ctx.db.read() as session:
            return session.scalar(select(func.count()).select_from(ChangeLog)) or 0
    finally:
        ctx.db.close()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A county database made by `fangpin init`."""
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "cli.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122", "--user", "县中心管理员"]) == 0
    return path


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.services.context.machine_today", lambda: TODAY)


def test_a_visit_is_recorded_and_what_it_updated_is_printed(db: Path, tmp_path: Path, capsys) -> None:
    household, answers = _answers(db, tmp_path)
    capsys.readouterr()
    assert main(["visit", "record", "--db", str(db), "--household", household, "--form", "visit",
                 "--answers", str(answers), "--date", "2026-11-21", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["household"] == household and out["date"] == "2026-11-21" and out["form"] == "visit"
    assert "2026年收入" in out["updated"] and any("健康状况" in c for c in out["updated"])
    assert any("帮扶措施" in c for c in out["updated"])
    ctx = open_context(db, PASSWORD)
    try:
        detail = HouseholdService(ctx).get(household)
    finally:
        ctx.db.close()
    assert detail.visits[0].visit_date.isoformat() == "2026-11-21"
    assert detail.household.last_visit_date.isoformat() == "2026-11-21"


def test_a_refused_visit_is_one_chinese_line_and_writes_nothing(db: Path, tmp_path: Path, capsys) -> None:
    household, answers = _answers(db, tmp_path, income_wage="-5")
    before = _entries(db)
    capsys.readouterr()
    assert main(["visit", "record", "--db", str(db), "--household", household, "--form", "visit",
                 "--answers", str(answers)]) == 2
    assert "工资性收入" in capsys.readouterr().err
    assert _entries(db) == before


def test_plain_output_lists_each_update(db: Path, tmp_path: Path, capsys) -> None:
    household, answers = _answers(db, tmp_path)
    capsys.readouterr()
    assert main(["visit", "record", "--db", str(db), "--household", household, "--form", "visit",
                 "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "已登记 2026-11-20 的走访" in out and "更新：2026年收入" in out
