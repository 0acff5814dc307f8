"""The whole round through the `fangpin` command line: a worker's visit and proposal go up, the
township reviews, the county approves, and the approval comes back down to the worker's laptop."""

import json
import re
from datetime import date
from pathlib import Path

from app.cli import main
from app.domain.procedure import Stage
from app.services.cases import CaseService
from app.services.setup import open_context
from app.services.visits import VisitService
from tests.conftest import PASSWORD, VILLAGE
from tests.services.helpers import cross_check, poor_household


def _run(capsys, *argv: str) -> str:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def _as(location: Path | str, action) -> object:
    """Do a job the command line has no command for (visits, case steps) through the services."""
    ctx = open_context(location, PASSWORD)
    try:
        return action(ctx)
    finally:
        ctx.db.close()


def _enroll(capsys, tmp: Path, below: Path, station: Path | str, name: str) -> None:
    request, reply = tmp / f"{name}.fpe", tmp / f"{name}-reply.fpe"
    _run(capsys, "enroll", "request", "--db", str(below), "--out", str(request))
    shown = _run(capsys, "enroll", "accept", "--db", str(station), str(request), "--out", str(reply))
    number = re.search(r"指纹：((?:\d{5} ){5}\d{5})", shown).group(1)  # read out over the phone
    out = _run(capsys, "enroll", "complete", "--db", str(below), str(reply), "--fingerprint", number)
    assert "恢复密钥" in out


def _carry(capsys, tmp: Path, source: Path | str, to: str, target: Path | str, name: str) -> dict:
    bundle = tmp / f"{name}.fpb"
    _run(capsys, "bundle", "export", "--db", str(source), "--to", to, "--out", str(bundle))
    assert "核验通过" in _run(capsys, "bundle", "inspect", str(bundle), "--db", str(target))
    (result,) = json.loads(_run(capsys, "bundle", "import", "--db", str(target), str(bundle),
                                "--json"))
    assert result["quarantined"] == [] and result["missing_sequences"] == []
    return result


def test_a_proposal_goes_up_and_the_approval_comes_back_down(tmp_path, capsys, monkeypatch,
                                                            people, new_database) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    # The county's database is a file or, in the PostgreSQL run, a server address: the same commands.
    county = new_database("county")
    township, worker = (tmp_path / f"{n}.db" for n in ("township", "worker"))
    _run(capsys, "init", "--db", str(county), "--role", "county", "--division", "131122",
         "--user", "县中心")
    _run(capsys, "init", "--db", str(township), "--role", "township", "--division", "131122100",
         "--user", "武邑镇站")
    _run(capsys, "init", "--db", str(worker), "--role", "worker", "--division", VILLAGE,
         "--user", "网格员李娜")
    _enroll(capsys, tmp_path, township, county, "township")
    _enroll(capsys, tmp_path, worker, township, "worker")

    # The grid worker visits a household, proposes it for monitoring and takes the village steps.
    def at_the_village(ctx):
        household = poor_household(ctx, people)
        VisitService(ctx).record(household.id, visit_date=date(2026, 9, 30),
                                 summary="入户走访：家中有人住院，收入下降。")
        cases = CaseService(ctx)
        case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查",
                             on=date(2026, 10, 1))
        for step, day in ((Stage.VERIFIED, 2), (Stage.VILLAGE_REVIEWED, 3), (Stage.POSTED, 5)):
            cases.take_step(case.id, step, on=date(2026, 10, day))
        return household.id, case.id

    household_id, case_id = _as(worker, at_the_village)
    assert _carry(capsys, tmp_path, worker, "up", township, "w1")["applied"] > 0

    # The township reviews it (乡镇审核) and sends it on to the county, which approves it.
    _as(township, lambda ctx: CaseService(ctx).take_step(case_id, Stage.TOWNSHIP_REVIEWED,
                                                          on=date(2026, 10, 20)))
    _carry(capsys, tmp_path, township, "up", county, "t1")
    _as(county, lambda ctx: cross_check(ctx, case_id, date(2026, 10, 22)))
    _as(county, lambda ctx: CaseService(ctx).take_step(case_id, Stage.APPROVED,
                                                        on=date(2026, 10, 25)))

    # Back down: county → township → the worker's laptop.
    _carry(capsys, tmp_path, county, "武邑镇站", township, "c1")
    _carry(capsys, tmp_path, township, "网格员李娜", worker, "t2")
    shown = json.loads(_run(capsys, "household", "show", "--db", str(worker), household_id,
                            "--json"))
    (case,) = shown["cases"]
    assert case["stage"] == Stage.APPROVED and case["identified_on"] == "2026-10-25"
    steps = [(s["step"], s["actor_role"]) for s in case["steps"]]
    assert ("township_reviewed", "township") in steps and ("approved", "county") in steps
    assert [v["summary"] for v in shown["visits"]] == ["入户走访：家中有人住院，收入下降。"]

    # Everyone holds the same case; nothing is in conflict or quarantine anywhere.
    for location in (county, township, worker):
        detail = json.loads(_run(capsys, "household", "show", "--db", str(location),
                                 household_id, "--json"))
        assert detail["cases"] == shown["cases"]
        assert json.loads(_run(capsys, "conflicts", "list", "--db", str(location), "--json")) == []
        assert json.loads(_run(capsys, "quarantine", "list", "--db", str(location),
                               "--json")) == []
    # A second round moves nothing new: receipts have covered everything.
    again = _carry(capsys, tmp_path, worker, "up", township, "w2")
    assert again["applied"] == 0
