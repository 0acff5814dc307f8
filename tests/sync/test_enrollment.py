import json
import re

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.enrollment import REPLY, REQUEST, EnrollmentService
from app.services.identity import device_keys, known_identity
from app.services.recovery import RecoveryService
from app.store.location import is_url
from app.store.models import KeyEscrow, Peer
from app.sync.keys import DeviceKeys, b64
from app.sync.signed import sign_document
from tests.conftest import PASSWORD, VILLAGE
from tests.sync.conftest import complete


def test_a_township_enrolls_its_grid_worker(open_copy, tmp_path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    request, reply = tmp_path / "req.fpe", tmp_path / "reply.fpe"
    EnrollmentService(worker).request(request)
    peer = EnrollmentService(township).accept(request, reply)
    assert (peer.direction, peer.scope) == ("down", [VILLAGE])
    assert known_identity(township.db, worker.db.device.id) == device_keys(worker.db).public
    station = EnrollmentService(worker).complete(reply, EnrollmentService(worker).check_reply(reply).safety_number)
    assert (station.direction, station.device_id) == ("up", township.db.device.id)
    assert known_identity(worker.db, township.db.device.id) == device_keys(township.db).public
    with Session(worker.db.engine) as session:
        assert session.get(Peer, township.db.device.id).scope == [VILLAGE]
    with pytest.raises(UserFacingError, match="已经登记过了"):
        EnrollmentService(township).accept(request, tmp_path / "again.fpe")
    with pytest.raises(UserFacingError, match="不能重复登记"):
        complete(worker, reply)


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
        EnrollmentService(worker).complete(request, "")
    with pytest.raises(UserFacingError, match="找不到登记文件"):
        EnrollmentService(worker).complete(tmp_path / "missing.fpe", "")


def test_a_reply_for_another_device_is_refused(open_copy, tmp_path) -> None:
    worker, township, other = open_copy("worker"), open_copy("township"), open_copy("county")
    request, reply = tmp_path / "req.fpe", tmp_path / "reply.fpe"
    EnrollmentService(worker).request(request)
    EnrollmentService(township).accept(request, reply)
    with pytest.raises(UserFacingError, match="发给另一台设备"):
        EnrollmentService(other).complete(reply, "")


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
    number = _station_number(tmp_path / "a.fpe", worker)
    assert main(["enroll", "complete", "--db", str(worker), str(tmp_path / "a.fpe"), "--fingerprint", number]) == 0
    assert "登记完成" in capsys.readouterr().out
    assert main(["enroll", "complete", "--db", str(worker), str(tmp_path / "nope.fpe"), "--fingerprint", "1"]) == 2
    assert "找不到登记文件" in capsys.readouterr().err


def _station_number(reply, location) -> str:
    from app.services.setup import open_context

    ctx = open_context(location, PASSWORD)
    try:
        return EnrollmentService(ctx).check_reply(reply).safety_number
    finally:
        ctx.db.close()


# --- issue 17: the station must be the right one, and both sides compare a fingerprint ----------


def _fake_reply(worker, path, *, role: str, division: str, station_id: str = "01999999-aaaa-7000-8000-000000000001",
                scope: object = None) -> None:
    """A reply anybody can make: a fresh key pair that calls itself a station."""
    keys = DeviceKeys.generate(station_id)
    station = {"id": station_id, "name": "假工作站", "role": role, "division_code": division,
               "signing_key": b64(keys.public.signing_key), "agreement_key": b64(keys.public.agreement_key)}
    reply = {"kind": REPLY, "version": 1, "for": worker.db.device.id, "scope": [VILLAGE] if scope is None else scope,
             "station": station}
    path.write_text(json.dumps(sign_document(reply, keys), ensure_ascii=False), encoding="utf-8")


def _nothing_kept(worker) -> None:
    with Session(worker.db.engine) as session:
        assert session.scalar(select(Peer).where(Peer.direction == "up")) is None
        assert session.scalar(select(func.count()).select_from(KeyEscrow)) == 0
    if not is_url(worker.db.location):  # PostgreSQL has no file key to wrap
        with pytest.raises(UserFacingError, match="还没有登记到上级工作站"):
            RecoveryService(worker).escrow_for_station(PASSWORD)


@pytest.mark.sqlite_only
def test_a_self_signed_reply_from_a_station_of_the_wrong_level_or_area_is_refused_and_no_key_is_wrapped(
        open_copy, tmp_path) -> None:
    worker = open_copy("worker")
    reply = tmp_path / "reply.fpe"
    for role, division, why in (("worker", "999999", "内容已损坏"),
                                ("worker", "131122100", "只能登记到乡镇防贫工作站"),
                                ("county", "131122", "只能登记到乡镇防贫工作站"),
                                ("township", "131122101", "不是管辖本机区划"),
                                ("township", "131122", "不是管辖本机区划")):
        _fake_reply(worker, reply, role=role, division=division)
        with pytest.raises(UserFacingError, match=why):
            EnrollmentService(worker).check_reply(reply)
        with pytest.raises(UserFacingError, match=why):
            EnrollmentService(worker).complete(reply, "0" * 30)
        _nothing_kept(worker)
    _fake_reply(worker, reply, role="township", division="131122100", scope=["131122101201"])
    with pytest.raises(UserFacingError, match="不在该工作站的范围内"):
        EnrollmentService(worker).check_reply(reply)
    _fake_reply(worker, reply, role="township", division="131122100", station_id=worker.db.device.id)
    with pytest.raises(UserFacingError, match="本机自己"):
        EnrollmentService(worker).check_reply(reply)
    _nothing_kept(worker)


def test_both_sides_show_the_same_fingerprint_and_a_swapped_reply_is_refused(open_copy, tmp_path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    request, reply = tmp_path / "req.fpe", tmp_path / "reply.fpe"
    own = EnrollmentService(worker).request(request)
    assert re.fullmatch(r"\d{5} \d{5} \d{5}", own)
    EnrollmentService(township).accept(request, reply)
    shown_at_station = EnrollmentService(township).safety_number(worker.db.device.id)
    assert re.fullmatch(r"(\d{5} ){5}\d{5}", shown_at_station) and own in shown_at_station
    checked = EnrollmentService(worker).check_reply(reply)
    assert (checked.safety_number, checked.name, checked.role) == (
        shown_at_station, township.db.device.name, Role.TOWNSHIP)

    # Somebody on the way swaps in a reply of a station of the right level that is not this one.
    impostor = tmp_path / "impostor.fpe"
    _fake_reply(worker, impostor, role="township", division="131122100")
    assert EnrollmentService(worker).check_reply(impostor).safety_number != shown_at_station
    with pytest.raises(UserFacingError, match="指纹不符"):
        EnrollmentService(worker).complete(impostor, shown_at_station)
    _nothing_kept(worker)

    with pytest.raises(UserFacingError, match="指纹不符"):
        EnrollmentService(worker).complete(reply, shown_at_station[:-1] + str((int(shown_at_station[-1]) + 1) % 10))
    _nothing_kept(worker)
    peer = EnrollmentService(worker).complete(reply, shown_at_station.replace(" ", "-"))
    assert peer.device_id == township.db.device.id
    assert EnrollmentService(worker).safety_number(township.db.device.id) == shown_at_station


def _signed_request(device: dict, keys: DeviceKeys) -> str:
    return json.dumps(sign_document({"kind": REQUEST, "version": 1, "device": device}, keys))


def test_malformed_enrollment_files_end_in_chinese_messages(open_copy, tmp_path) -> None:
    township = open_copy("township")
    own_id = township.db.device.id
    keys = DeviceKeys.generate(own_id)
    good = {"id": "01999999-bbbb-7000-8000-000000000002", "name": "网格员", "role": "worker",
            "division_code": VILLAGE, "signing_key": b64(keys.public.signing_key),
            "agreement_key": b64(keys.public.agreement_key)}
    cases = {
        "own-id": (_signed_request({**good, "id": own_id}, keys), "本站自己"),
        "garbage": (b"\x00\xff\xfe garbage \x80", "不是防贫网格通的登记文件"),
        "list": ("[1, 2, 3]", "不是登记申请文件"),
        "nan": ('{"kind": NaN}', "不是防贫网格通的登记文件"),
        "deep": ("[" * 100_000 + "]" * 100_000, "不是防贫网格通的登记文件"),
        "device-list": (json.dumps({"kind": REQUEST, "device": [1]}), "内容不完整"),
        "id-number": (_signed_request({**good, "id": 7}, keys), "内容已损坏"),
        "key-not-base64": (_signed_request({**good, "signing_key": "不是密钥"}, keys), "内容已损坏"),
        "short-key": (_signed_request({**good, "agreement_key": b64(b"0123456789")}, keys), "内容已损坏"),
        "long-name": (_signed_request({**good, "name": "张" * 1000}, keys), "内容已损坏"),
        "division": (_signed_request({**good, "division_code": "abc"}, keys), "内容已损坏"),
        "role": (_signed_request({**good, "role": "king"}, keys), "内容已损坏"),
        "unsigned": (json.dumps({"kind": REQUEST, "device": good}), "签名无效"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / f"{name}.fpe"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        with pytest.raises(UserFacingError, match=message):
            EnrollmentService(township).accept(path, tmp_path / "reply.fpe")
    with pytest.raises(UserFacingError, match="找不到登记文件"):
        EnrollmentService(township).accept(tmp_path, tmp_path / "reply.fpe")  # a folder
    reply = tmp_path / "scope.fpe"
    worker = open_copy("worker")
    for scope in ("131122100201", [], [None], [{"x": 1}]):
        _fake_reply(worker, reply, role="township", division="131122100", scope=scope)
        with pytest.raises(UserFacingError, match="工作范围格式不对"):
            EnrollmentService(worker).check_reply(reply)
    with Session(township.db.engine) as session:
        assert session.scalar(select(func.count()).select_from(Peer)) == 0


@pytest.mark.sqlite_only
def test_the_command_line_shows_fingerprints_and_completes_only_when_they_match(
        tmp_path, capsys, monkeypatch) -> None:
    from app.cli import main
    from tests.conftest import PASSWORD

    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    worker, township = tmp_path / "worker.db", tmp_path / "township.db"
    assert main(["init", "--db", str(worker), "--role", "worker", "--division", VILLAGE,
                 "--user", "网格员李娜"]) == 0
    assert main(["init", "--db", str(township), "--role", "township", "--division",
                 "131122100", "--user", "武邑镇站"]) == 0
    capsys.readouterr()
    assert main(["enroll", "request", "--db", str(worker), "--out", str(tmp_path / "r.fpe")]) == 0
    own = re.search(r"本机指纹：(\d{5} \d{5} \d{5})", capsys.readouterr().out).group(1)
    assert main(["enroll", "accept", "--db", str(township), str(tmp_path / "r.fpe"),
                 "--out", str(tmp_path / "a.fpe")]) == 0
    number = re.search(r"指纹：((?:\d{5} ){5}\d{5})", capsys.readouterr().out).group(1)
    assert own in number
    reply = str(tmp_path / "a.fpe")

    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert main(["enroll", "complete", "--db", str(worker), reply, "--fingerprint", wrong]) == 2
    assert "指纹不符" in capsys.readouterr().err
    # Asked in a terminal: the number is shown, and anything but yes leaves it unenrolled.
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["n"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(answers))
    assert main(["enroll", "complete", "--db", str(worker), reply]) == 2
    captured = capsys.readouterr()
    assert number in captured.out and "没有登记" in captured.err
    answers = iter(["y"])
    assert main(["enroll", "complete", "--db", str(worker), reply]) == 0
    out = capsys.readouterr().out
    assert "登记完成" in out and "恢复密钥" in out


def _as_before_records(ctx) -> None:
    """Make ``ctx`` look like a station enrolled before version 0021: no enrollment records."""
    from sqlalchemy import delete

    from app.store.models import ChangeLog, EnrollmentRecord

    with Session(ctx.db.engine) as session:
        session.execute(delete(ChangeLog).where(ChangeLog.table_name == "enrollmentrecord"))
        session.execute(delete(EnrollmentRecord))
        session.commit()


def test_devices_enrolled_before_records_existed_are_vouched_for_by_their_station(net) -> None:
    from app.store.models import EnrollmentRecord, Household
    from tests.services.helpers import poor_household

    worker, township, county = net.worker, net.township, net.county
    household = poor_household(worker, net.people)
    net.courier.up(worker, township)
    _as_before_records(township)
    # The county has never seen the worker; the township signs the records it never wrote when it
    # exports (and `enroll vouch` does the same on demand), so her changes arrive.
    summary = net.courier.up(township, county)
    assert not summary.quarantined
    assert EnrollmentService(township).vouch_for_enrolled() == 0
    with county.db.read() as session:
        assert session.get(Household, household.id) is not None
        assert session.get(EnrollmentRecord, worker.db.device.id).enrolled_by == township.db.device.id


def test_a_device_the_receiver_knew_before_records_existed_keeps_being_taken(net) -> None:
    from app.store.models import Household
    from tests.services.helpers import poor_household

    worker, township, county = net.worker, net.township, net.county
    poor_household(worker, net.people)
    net.courier.up(worker, township)
    net.courier.up(township, county)  # the county holds the worker's user rows (and, now, her record)
    with Session(county.db.engine) as session:  # as if both had come before version 0021
        from sqlalchemy import delete

        from app.store.models import EnrollmentRecord

        session.execute(delete(EnrollmentRecord))
        session.commit()
    _as_before_records(township)
    later = poor_household(worker, net.people, name="升级后")
    net.courier.up(worker, township)
    net.courier.up(township, county)
    with county.db.read() as session:
        assert session.get(Household, later.id) is not None


def test_vouching_through_the_command_line(net, capsys, monkeypatch, backend) -> None:
    from app.cli import main

    if backend != "sqlite":
        pytest.skip("the command line opens the station's file")
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    township = net.township
    _as_before_records(township)
    assert main(["enroll", "vouch", "--db", township.db.location]) == 0
    assert "已为 2 台下级设备签发登记记录" in capsys.readouterr().out
    assert main(["enroll", "vouch", "--db", township.db.location]) == 0
    assert "都已有登记记录" in capsys.readouterr().out
