"""`fangpin report monthly`: its figures against counts made independently from the demo data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli import main
from app.services.demo import create_demo_database
from tests.conftest import PASSWORD, TODAY

MONTH = "2026-10"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "county.db"
    create_demo_database(path, PASSWORD, households=400, seed=11, today=lambda: TODAY).db.close()
    return path


def _scalar(path: Path, sql: str, **params: object) -> int:
    from app.store.engine import make_engine

    engine = make_engine(path, PASSWORD)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(sql), params).scalar() or 0)
    finally:
        engine.dispose()


def test_monthly_figures_match_independent_counts(county: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    assert main(["report", "monthly", "--db", str(county), "--period", MONTH, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    first, last = date(2026, 10, 1).isoformat(), date(2026, 10, 31).isoformat()
    window = {"first": first, "last": last}
    assert figures["households"] == _scalar(county, "SELECT count(*) FROM household WHERE deleted = 0")
    assert figures["visits_done"] == _scalar(
        county, "SELECT count(*) FROM visit WHERE deleted = 0 AND visit_date BETWEEN :first AND :last", **window)
    assert figures["households_visited"] == _scalar(
        county, "SELECT count(DISTINCT household_id) FROM visit WHERE deleted = 0 "
                "AND visit_date BETWEEN :first AND :last", **window)
    identified = sum(item["value"] for item in figures["identified_by_category"])
    assert identified == _scalar(
        county, "SELECT count(*) FROM monitoringcase WHERE deleted = 0 AND identified_on BETWEEN :first AND :last",
        **window)
    monitored = _scalar(county, "SELECT count(*) FROM monitoringcase WHERE deleted = 0 AND closed = 0 "
                                "AND procedure = 'identification' AND stage = 'approved'")
    eliminated = _scalar(county, "SELECT count(*) FROM monitoringcase WHERE deleted = 0 AND eliminated_on IS NOT NULL")
    assert figures["monitored"] == monitored and figures["eliminated_total"] == eliminated
    # As the province reports it: eliminated ÷ all ever identified.
    assert figures["elimination_rate"] == pytest.approx(eliminated / (eliminated + monitored))
    assert figures["visits_done"] > 0 and monitored > 0


def test_monthly_report_as_pdf_and_refusals(county: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    out = tmp_path / "月分析.pdf"
    assert main(["report", "monthly", "--db", str(county), "--period", MONTH, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["report", "monthly", "--db", str(county), "--period", MONTH, "--out", str(tmp_path / "a.xlsx")]) == 2
    assert "excel export" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "monthly", "--db", str(county), "--period", "2026年10月"])
