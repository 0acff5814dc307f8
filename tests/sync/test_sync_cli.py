import json
import re

from app.cli import main
from tests.conftest import PASSWORD, VILLAGE


def _run(*argv: str) -> int:
    return main(list(argv))


def test_worker_to_township_through_the_command_line(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    worker, township = str(tmp_path / "worker.db"), str(tmp_path / "township.db")
    bundle, request, reply = (str(tmp_path / name) for name in ("1.fpb", "r.fpe", "a.fpe"))
    assert _run("init", "--db", worker, "--role", "worker", "--division", VILLAGE,
                "--user", "网格员李娜") == 0
    assert _run("init", "--db", township, "--role", "township", "--division", "131122100",
                "--user", "武邑镇站") == 0
    assert _run("enroll", "request", "--db", worker, "--out", request) == 0
    capsys.readouterr()
    assert _run("enroll", "accept", "--db", township, request, "--out", reply) == 0
    number = re.search(r"指纹：((?:\d{5} ){5}\d{5})", capsys.readouterr().out).group(1)
    assert _run("enroll", "complete", "--db", worker, reply, "--fingerprint", number) == 0
    assert _run("demo", "--db", worker, "--households", "12") == 0
    assert _run("bundle", "export", "--db", worker, "--to", "up", "--out", bundle) == 0
    capsys.readouterr()
    assert _run("bundle", "inspect", bundle, "--json") == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["sequence"] == 1 and manifest["counts"]["household"] == 12
    assert _run("bundle", "inspect", bundle, "--db", township) == 0
    assert "核验通过" in capsys.readouterr().out
    assert _run("bundle", "inspect", bundle, "--db", worker) == 2
    assert "本机自己导出" in capsys.readouterr().err
    assert _run("stats", "--db", township, "--json") == 0
    assert json.loads(capsys.readouterr().out)["households"] == 0  # inspect wrote nothing
    assert _run("bundle", "import", "--db", township, bundle) == 0
    assert "应用" in capsys.readouterr().out
    assert _run("stats", "--db", township, "--json") == 0
    assert json.loads(capsys.readouterr().out)["households"] == 12
    assert _run("bundle", "import", "--db", township, bundle, "--json") == 0
    (again,) = json.loads(capsys.readouterr().out)
    assert again["applied"] == 0 and again["already_known"] > 0
    broken = tmp_path / "broken.fpb"
    broken.write_bytes((tmp_path / "1.fpb").read_bytes()[:-100])
    assert _run("bundle", "import", "--db", township, str(broken)) == 2
    assert "不完整" in capsys.readouterr().out
    assert _run("bundle", "export", "--db", township, "--to", "没有这台", "--out", bundle) == 2
    assert "没有登记名为" in capsys.readouterr().err
    assert _run("conflicts", "list", "--db", township, "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_conflicts_are_listed_and_resolved_from_the_command_line(open_copy, people, capsys,
                                                                monkeypatch) -> None:
    from tests.sync.test_merge import concurrent_phone_edits

    _worker, township, household = concurrent_phone_edits(open_copy, people)
    location = township.db.location
    township.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert _run("conflicts", "list", "--db", location, "--json") == 0
    (conflict,) = json.loads(capsys.readouterr().out)
    assert (conflict["field"], conflict["kept"], conflict["other"]) == (
        "phone", "13900000002", "13800000001")
    # Both edits were made on the household's phone as it was created (empty): that is the base.
    assert (conflict["base_known"], conflict["base"]) == (True, "")
    assert conflict["other_user"] and conflict["kept_user"] and conflict["other_at"]
    assert conflict["household_id"] == household.id
    assert _run("conflicts", "list", "--db", location) == 0
    shown = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in shown.splitlines() if "（" in line[:4]}
    assert rows["原值（分歧前，base）"][0] == "（空）", shown
    assert rows["现值（mine）"][:2] == ["13900000002", "township用户"], shown
    assert rows["另一值（theirs）"][:2] == ["13800000001", "worker用户"], shown
    assert _run("conflicts", "resolve", "--db", location, str(conflict["id"]),
                "--take", "13700000003") == 0
    assert "已解决" in capsys.readouterr().out
    assert _run("conflicts", "resolve", "--db", location, str(conflict["id"]),
                "--take", "mine") == 2
    assert "没有编号为" in capsys.readouterr().err
    assert _run("household", "show", "--db", location, household.id, "--json") == 0
    assert json.loads(capsys.readouterr().out)["household"]["phone"] == "13700000003"
