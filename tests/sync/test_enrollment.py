import json

import pytest
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.services.enrollment import EnrollmentService
from app.services.identity import device_keys, known_identity
from app.store.models import Peer
from tests.conftest import VILLAGE


def test_a_township_enrolls_its_grid_worker(open_copy, tmp_path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    request, reply = tmp_path / "req.fpe", tmp_path / "reply.fpe"
    EnrollmentService(worker).request(request)
    peer = EnrollmentService(township).accept(request, reply)
    assert (peer.direction, peer.scope) == ("down", [VILLAGE])
    assert known_identity(township.db, worker.db.device.id) == device_keys(worker.db).public
    station = EnrollmentService(worker).complete(reply)
    assert (station.direction, station.device_id) == ("up", township.db.device.id)
    assert known_identity(worker.db, township.db.device.id) == device_keys(township.db).public
    with Session(worker.db.engine) as session:
        assert session.get(Peer, township.db.device.id).scope == [VILLAGE]
    with pytest.raises(UserFacingError, match="已经登记过了"):
        EnrollmentService(township).accept(request, tmp_path / "again.fpe")
    with pytest.raises(UserFacingError, match="不能重复登记"):
        EnrollmentService(worker).complete(reply)


def test_a_tampered_request_is_refused(open_copy, tmp_path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    request = tmp_path / "req.fpe"
    EnrollmentService(worker).request(request)
    document = json.loads(request.read_text(encoding="utf-8"))
    document["device"]["division_code"] = "131122101201"
    request.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserFacingError, match="签名无效"):
        EnrollmentService(township).accept(request, tmp_path / "reply.fpe")


def test_roles_and_scope_are_checked(open_copy, tmp_path) -> None:
    worker, township, county = open_copy("worker"), open_copy("township"), open_copy("county")
    request = tmp_path / "req.fpe"
    EnrollmentService(worker).request(request)
    with pytest.raises(UserFacingError, match="县防贫中心不能登记角色为“网格员”"):
        EnrollmentService(county).accept(request, tmp_path / "reply.fpe")
    with pytest.raises(UserFacingError, match="不在本站的工作范围内"):
        EnrollmentService(township).accept(request, tmp_path / "reply.fpe",
                                           villages=["131122101201"])
    with pytest.raises(UserFacingError, match="不是登记回执文件"):
        EnrollmentService(worker).complete(request)
    with pytest.raises(UserFacingError, match="找不到登记文件"):
        EnrollmentService(worker).complete(tmp_path / "missing.fpe")


def test_a_reply_for_another_device_is_refused(open_copy, tmp_path) -> None:
    worker, township, other = open_copy("worker"), open_copy("township"), open_copy("county")
    request, reply = tmp_path / "req.fpe", tmp_path / "reply.fpe"
    EnrollmentService(worker).request(request)
    EnrollmentService(township).accept(request, reply)
    with pytest.raises(UserFacingError, match="发给另一台设备"):
        EnrollmentService(other).complete(reply)


def test_enrollment_through_the_command_line(tmp_path, capsys, monkeypatch) -> None:
    from app.cli import main
    from tests.conftest import PASSWORD

    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    worker, township = tmp_path / "worker.db", tmp_path / "township.db"
    assert main(["init", "--db", str(worker), "--role", "worker", "--division", VILLAGE,
                 "--user", "网格员李娜"]) == 0
    assert main(["init", "--db", str(township), "--role", "township", "--division",
                 "131122100", "--user", "武邑镇站"]) == 0
    assert main(["enroll", "request", "--db", str(worker), "--out", str(tmp_path / "r.fpe")]) == 0
    assert main(["enroll", "accept", "--db", str(township), str(tmp_path / "r.fpe"),
                 "--out", str(tmp_path / "a.fpe")]) == 0
    assert main(["enroll", "complete", "--db", str(worker), str(tmp_path / "a.fpe")]) == 0
    assert "登记完成" in capsys.readouterr().out
    assert main(["enroll", "complete", "--db", str(worker), str(tmp_path / "nope.fpe")]) == 2
    assert "找不到登记文件" in capsys.readouterr().err
