"""Every way a bundle can be wrong is refused with its own message, before anything is trusted."""

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.bundle import (
    FORMAT_VERSION,
    MAGIC,
    BundleRefused,
    inspect_bundle,
    read_bundle,
    write_bundle,
)
from app.sync.keys import DeviceKeys

WORKER = DeviceKeys.generate("worker-1")
TOWNSHIP = DeviceKeys.generate("township-1")
STRANGER = DeviceKeys.generate("stranger")
KNOWN = {WORKER.device_id: WORKER.public, TOWNSHIP.device_id: TOWNSHIP.public}
PAYLOAD = {"changes": [{"table": "household", "row_id": "h1", "fields": {"head_name": "张建国"}}]}
MANIFEST = {"sender": {"name": "网格员李娜", "role": "worker"}, "sequence": 3,
            "counts": {"household": 1}}


def _bundle(sender: DeviceKeys = WORKER, recipient: DeviceKeys = TOWNSHIP) -> bytes:
    return write_bundle(MANIFEST, PAYLOAD, sender, recipient.public)


def _open(data: bytes, me: DeviceKeys = TOWNSHIP):
    return read_bundle(data, me, KNOWN.get)


def test_a_bundle_round_trips_and_hides_its_content() -> None:
    data = _bundle()
    assert "张建国".encode() not in data
    bundle = _open(data)
    assert bundle.payload == PAYLOAD
    assert bundle.manifest["sequence"] == 3
    assert bundle.manifest["sender"] == {"name": "网格员李娜", "role": "worker",
                                         "device_id": "worker-1"}
    assert bundle.manifest["format_version"] == FORMAT_VERSION


def test_inspect_reads_the_manifest_without_keys() -> None:
    manifest = inspect_bundle(_bundle())
    assert (manifest["recipient"], manifest["counts"]) == ("township-1", {"household": 1})


def test_an_unknown_sender_is_refused() -> None:
    with pytest.raises(BundleRefused, match="未登记的设备"):
        _open(_bundle(sender=STRANGER))


def test_a_bundle_for_another_device_is_refused() -> None:
    with pytest.raises(BundleRefused, match="发给另一台设备"):
        _open(_bundle(recipient=WORKER))


def test_a_forged_sender_is_refused() -> None:
    forged = write_bundle(MANIFEST, PAYLOAD, DeviceKeys(WORKER.device_id, STRANGER.signing_private,
                                                        STRANGER.agreement_private),
                          TOWNSHIP.public)
    with pytest.raises(BundleRefused, match="签名无效"):
        _open(forged)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_changing_any_single_byte_is_refused(data) -> None:
    original = bytearray(_bundle())
    position = data.draw(st.integers(0, len(original) - 1))
    original[position] ^= data.draw(st.integers(1, 255))
    with pytest.raises(BundleRefused):
        _open(bytes(original))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_truncated_bundle_is_refused(data) -> None:
    original = _bundle()
    cut = data.draw(st.integers(0, len(original) - 1))
    with pytest.raises(BundleRefused):
        _open(original[:cut])


def test_the_messages_say_what_is_wrong() -> None:
    original = _bundle()
    with pytest.raises(BundleRefused, match="不完整"):
        _open(original[:-10])
    with pytest.raises(BundleRefused, match="多余的数据"):
        _open(original + b"x")
    with pytest.raises(BundleRefused, match="不是防贫网格通的同步包"):
        _open(b"PK\x03\x04 a zip file")
    newer = MAGIC + struct.pack(">H", FORMAT_VERSION + 1) + original[10:]
    with pytest.raises(BundleRefused, match="请先升级程序"):
        _open(newer)


def test_a_bundle_sealed_to_a_wrong_key_cannot_be_opened() -> None:
    impostor = DeviceKeys(TOWNSHIP.device_id, TOWNSHIP.signing_private,
                          STRANGER.agreement_private)
    with pytest.raises(BundleRefused, match="无法解开"):
        _open(_bundle(), me=impostor)


def test_a_bundle_of_the_first_format_is_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.sync import bundle as bundle_module

    monkeypatch.setattr(bundle_module, "FORMAT_VERSION", 1)
    old = _bundle()
    monkeypatch.undo()
    assert struct.unpack(">H", old[8:10]) == (1,) and FORMAT_VERSION == 2
    assert _open(old).payload == PAYLOAD


@pytest.mark.parametrize("text", [
    b'{"a": 1, "b": [1.5, null, "\\u738b"]}', b'{"seq": ' + b"9" * 30 + b"}", b'{"a": -' + b"1" * 25 + b"}",
    b"[" * 3000 + b"]" * 3000, b'{"a": NaN}', b'{"a": "\\ud800"}', b'{"a": 1e400}', b"\xff", b'{"a":1,"a":2}',
    b"1" * 20, b" -" + b"9" * 21, b'[1,\n\t' + b"2" * 22 + b"]", b'{"a":[' + b"3" * 20 + b".5]}",
    b'{"a":"x' + b"4" * 24 + b'","b":' + b"5" * 20 + b"}", b'{"a": 0.' + b"6" * 30 + b"}"])
def test_the_payload_is_read_as_json_reads_it(text: bytes) -> None:
    """orjson reads the payload only where it gives what json gives (big integers stay integers)."""
    import json

    from app.sync.bundle import _no_constant, _parsed

    def outcome(read):
        try:
            value = read()
        except (ValueError, RecursionError) as error:
            return type(error).__name__
        return value, repr(value)

    assert outcome(lambda: _parsed(text)) == outcome(
        lambda: json.loads(text.decode("utf-8"), parse_constant=_no_constant))


def test_digits_inside_strings_leave_the_payload_to_orjson(monkeypatch) -> None:
    """Row ids written as hex steps hold 20-digit runs by chance: that is no integer, and orjson
    still reads the payload (json, slower on a township's, is not called)."""
    from app.sync import bundle as bundle_module

    def refused(*_args, **_kwargs):
        raise AssertionError("json read a payload orjson reads the same")

    monkeypatch.setattr(bundle_module.json, "loads", refused)
    text = b'{"row_id":["~' + b"1234567890" * 3 + b'ab","~-' + b"9" * 25 + b'"],"seq":[1,2]}'
    assert bundle_module._parsed(text) == {"row_id": ["~" + "1234567890" * 3 + "ab", "~-" + "9" * 25],
                                           "seq": [1, 2]}
