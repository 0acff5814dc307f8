"""`bundle inspect` says whether it verified anything; a device's own bundle is recognised."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest

from app.cli import main
from app.services.demo import DemoService
from app.services.setup import open_context
from app.services.sync import SyncService
from app.sync.bundle import BundleRefused, read_bundle, write_bundle
from app.sync.keys import DeviceKeys
from tests.conftest import PASSWORD
from tests.sync.conftest import enroll

_HEAD = struct.Struct(">8sHI")


@pytest.fixture
def stations(templates, tmp_path, monkeypatch) -> tuple[str, str, Path]:
    """A worker enrolled at a township, with a few demo households exported up in ``1.fpb``."""
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    worker, township = tmp_path / "worker.db", tmp_path / "township.db"
    shutil.copy(templates["worker"], worker)
    shutil.copy(templates["township"], township)
    below, station = open_context(worker, PASSWORD), open_context(township, PASSWORD)
    try:
        enroll(below, station, tmp_path)
        DemoService(below).generate(3, seed=2)
        SyncService(below).export("up", tmp_path / "1.fpb")
    finally:
        below.db.close()
        station.db.close()
    return str(worker), str(township), tmp_path / "1.fpb"


def tampered(data: bytes, **changes: object) -> bytes:
    """The bundle with its manifest rewritten (as someone editing the file would), the rest kept."""
    _magic, version, length = _HEAD.unpack_from(data)
    manifest = json.loads(data[_HEAD.size:_HEAD.size + length])
    manifest.update(changes)
    edited = json.dumps(manifest, ensure_ascii=False).encode()
    return _HEAD.pack(b"FPBUNDLE", version, len(edited)) + edited + data[_HEAD.size + length:]


def _out(capsys) -> str:
    return capsys.readouterr().out


def test_inspect_without_db_says_first_that_nothing_was_verified(stations, capsys) -> None:
    _worker, township, bundle = stations
    forged = bundle.with_name("forged.fpb")
    forged.write_bytes(tampered(bundle.read_bytes(), counts={"household": 999}, verified=True,
                                verification="核验通过"))
    capsys.readouterr()

    assert main(["bundle", "inspect", str(forged)]) == 0
    lines = _out(capsys).splitlines()
    assert lines[0].startswith("未核验签名和内容：没有指定 --db")
    assert "核验通过" not in "\n".join(lines)
    assert "  农户：999 条" in lines  # what the file claims, shown under the warning, by Chinese name

    assert main(["bundle", "inspect", str(forged), "--json"]) == 0
    shown = json.loads(_out(capsys))
    assert shown["verified"] is False  # the manifest's own "verified": true does not get through
    assert shown["verification"].startswith("未核验签名和内容")
    assert shown["counts"] == {"household": 999}

    assert main(["bundle", "inspect", str(forged), "--db", township]) == 2
    captured = capsys.readouterr()
    assert "签名无效" in captured.err and captured.out == ""


def test_inspect_with_db_verifies_and_says_so(stations, capsys) -> None:
    _worker, township, bundle = stations
    capsys.readouterr()
    assert main(["bundle", "inspect", str(bundle), "--db", township]) == 0
    lines = _out(capsys).splitlines()
    assert lines[0].startswith("核验通过")
    assert any(line.startswith("  农户：") for line in lines)
    assert not any("household" in line for line in lines)
    assert main(["bundle", "inspect", str(bundle), "--db", township, "--json"]) == 0
    shown = json.loads(_out(capsys))
    assert (shown["verified"], shown["sequence"]) == (True, 1)
    assert shown["verification"].startswith("核验通过")
    assert main(["stats", "--db", township, "--json"]) == 0
    assert json.loads(_out(capsys))["households"] == 0  # inspecting imported nothing


def test_a_devices_own_bundle_is_recognised_and_not_imported(stations, capsys) -> None:
    worker, _township, bundle = stations
    capsys.readouterr()
    assert main(["bundle", "import", "--db", worker, str(bundle)]) == 2
    out = _out(capsys)
    assert "拒绝导入：这是本机自己导出的同步包，无需在本机导入" in out
    assert "未登记" not in out
    assert main(["bundle", "inspect", str(bundle), "--db", worker]) == 2
    assert "这是本机自己导出的同步包" in capsys.readouterr().err
    assert main(["bundle", "import", "--db", worker, str(bundle), "--json"]) == 2
    (result,) = json.loads(_out(capsys))
    assert "本机自己导出" in result["refused"]


def test_a_bundle_forged_in_ones_own_name_is_a_bad_signature_not_ones_own() -> None:
    me, township, stranger = (DeviceKeys.generate(name) for name in ("me", "township", "stranger"))
    forged = write_bundle({"sender": {"name": "本机"}, "sequence": 1}, {},
                          DeviceKeys(me.device_id, stranger.signing_private,
                                     stranger.agreement_private), township.public)
    with pytest.raises(BundleRefused, match="签名无效"):
        read_bundle(forged, me, {township.device_id: township.public}.get)
    own = write_bundle({"sender": {"name": "本机"}, "sequence": 1}, {}, me, township.public)
    with pytest.raises(BundleRefused, match="本机自己导出"):
        read_bundle(own, me, {township.device_id: township.public}.get)
