"""Policy rows only the county may change, and a station releasing or discarding refused changes."""

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.errors import UserFacingError
from app.services.cases import CaseService
from app.services.households import HouseholdService
from app.services.quarantine import DISCARDED, HELD, RELEASED, QuarantineService
from app.services.sync import SyncService
from app.store.models import ChangeLog, Household, IncomeLine, PolicySetting
from tests.conftest import OTHER_VILLAGE, PASSWORD
from tests.services.helpers import poor_household
from tests.sync.conftest import enroll
from tests.sync.test_scope_and_quarantine import _forge_approval, _forge_outside_household


def _forge_policy(ctx) -> None:
    """What a tampered device below would send: the services let only the county change policy."""
    with ctx.db.write(ctx.actor) as session:
        setting = session.get(PolicySetting, "warning_thresholds")
        setting.value = {**setting.value, "workload_limit": 50}
        session.add(IncomeLine(effective_from=date(2026, 1, 1), amount=Decimal(9000), note="自定"))


def _items(ctx) -> dict[str, object]:
    return {item.table: item for item in QuarantineService(ctx).listing()}


def test_policy_from_below_is_refused_and_the_seeded_defaults_pass_quietly(enrolled, tmp_path) -> None:
    worker, township = enrolled
    _forge_policy(worker)
    summary = SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "1.fpb").path)
    reasons = sorted((entry["table_name"], reason) for entry, reason in summary.quarantined)
    assert reasons == [("incomeline", "网格员无权修改监测收入标准（只有县防贫中心可以修改）"),
                       ("policysetting", "网格员无权修改政策参数（只有县防贫中心可以修改）")]
    with township.db.read() as session:
        assert session.get(PolicySetting, "warning_thresholds").value["workload_limit"] == 5
        amounts = sorted(line.amount for line in session.scalars(select(IncomeLine)))
    assert amounts == [Decimal(6000), Decimal(6600)]  # the seeded lines, not the worker's copies


def test_a_township_form_version_reaches_the_county_and_a_workers_is_refused(open_copy, enrolled, tmp_path) -> None:
    """A township may install forms for its workers, and the county needs them to read the visits
    answered in them; a grid worker installs none."""
    from app.store.models import FormVersion

    def install(ctx, version: str) -> str:
        with ctx.db.write(ctx.actor) as session:
            row = FormVersion(form_id="visit", version=version, title="走访", xlsx_base64="", sha256="0" * 64,
                              installed_on=date(2026, 11, 1), installed_by=ctx.actor.user_name)
            session.add(row)
        return row.id

    township, county = open_copy("township"), open_copy("county")
    enroll(township, county, tmp_path)
    installed = install(township, "2027.1")
    summary = SyncService(county).import_file(SyncService(township).export("up", tmp_path / "1.fpb").path)
    assert summary.quarantined == []
    with county.db.read() as session:
        assert session.get(FormVersion, installed).version == "2027.1"

    worker, station = enrolled
    forged = install(worker, "2027.9")
    summary = SyncService(station).import_file(SyncService(worker).export("up", tmp_path / "2.fpb").path)
    assert [(e["table_name"], reason) for e, reason in summary.quarantined] == [
        ("formversion", "网格员无权安装问卷表单（由县防贫中心或乡镇防贫工作站安装）")]
    with station.db.read() as session:
        assert session.get(FormVersion, forged) is None


def test_a_station_releases_or_discards_what_it_reviewed(enrolled, people, tmp_path) -> None:
    worker, township = enrolled
    household = poor_household(worker, people)
    case = CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                       on=date(2026, 3, 1))
    _forge_approval(worker, case.id)
    outside = _forge_outside_household(worker)
    _forge_policy(worker)
    bundle = SyncService(worker).export("up", tmp_path / "1.fpb").path
    SyncService(township).import_file(bundle)
    items = _items(township)
    assert {item.status for item in items.values()} == {HELD}
    service = QuarantineService(township)

    # A household of another village of this township: the township may take it on.
    released = service.release(items["household"].id)
    assert (released.status, released.decided_by) == (RELEASED, township.actor.user_name)
    assert HouseholdService(township).get(outside).household.village_code == OTHER_VILLAGE
    with township.db.read() as session:
        logged = session.scalars(select(ChangeLog).where(ChangeLog.row_id == outside)).all()
    assert [(e.device_id, e.op) for e in logged] == [(township.db.device.id, "insert")]  # its own: it syncs

    # What the township may not do itself stays refused, with the reason.
    for table, message in (("casestep", "也无权办理“县级审定”"), ("policysetting", "只有县防贫中心可以修改")):
        with pytest.raises(UserFacingError, match=message):
            service.release(items[table].id)
    assert _items(township)["casestep"].status == HELD

    assert service.discard(items["policysetting"].id).status == DISCARDED
    with pytest.raises(UserFacingError, match="已经处理过"):
        service.release(items["policysetting"].id)
    with pytest.raises(UserFacingError, match="没有编号为"):
        service.discard(99999)

    # The same bundle again brings nothing back: decisions stand.
    SyncService(township).import_file(bundle)
    again = _items(township)
    assert (again["household"].status, again["policysetting"].status) == (RELEASED, DISCARDED)
    with township.db.read() as session:
        assert len(session.scalars(select(Household).where(Household.id == outside)).all()) == 1


def test_release_and_discard_from_the_command_line(enrolled, people, tmp_path, capsys, monkeypatch) -> None:
    worker, township = enrolled
    outside = _forge_outside_household(worker)
    _forge_policy(worker)
    SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "1.fpb").path)
    location = township.db.location
    township.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["quarantine", "list", "--db", location, "--json"]) == 0
    listed = {item["table"]: item for item in json.loads(capsys.readouterr().out)}
    assert {item["status"] for item in listed.values()} == {"held"}
    assert main(["quarantine", "release", "--db", location, str(listed["household"]["id"])]) == 0
    assert "已采用" in capsys.readouterr().out
    assert main(["quarantine", "release", "--db", location, str(listed["incomeline"]["id"])]) == 2
    assert "只有县防贫中心可以修改" in capsys.readouterr().err
    assert main(["quarantine", "discard", "--db", location, str(listed["incomeline"]["id"])]) == 0
    assert "已舍弃" in capsys.readouterr().out
    assert main(["quarantine", "list", "--db", location]) == 0
    shown = capsys.readouterr().out
    assert "已采用" in shown and "已舍弃" in shown and "待处理" in shown
    assert main(["household", "show", "--db", location, outside, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["household"]["head_name"] == "外村户"
