"""Fuzzing the import (issue 17): a validly signed bundle whose decoded payload or manifest is
mangled at random — other types, missing keys, huge numbers, nested junk, other text encodings —
ends in a Chinese UserFacingError or a clean import, never another exception or 内部错误."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import UserFacingError
from app.services.cases import CaseService
from app.services.identity import device_keys, known_identity
from app.services.sync import ImportSummary, SyncService
from app.store import migrate
from app.sync import bundle as bundle_module
from app.sync import payload
from app.sync.keys import b64
from app.sync.log_reader import changes_since, version_vector
from tests.conftest import People
from tests.services.helpers import poor_household
from tests.sync.conftest import enroll

CJK = re.compile(r"[\u4e00-\u9fff]")

junk = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
    | st.sampled_from(["", "~", "~-1", "=", "i", "u", "d", "household", "member", "2026-13-45", "f" * 16,
                       "0" * 16 + "." + "0" * 12, "by-table-2", "days"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=8) | st.sampled_from(["gap", "value", "as", "row_id", "seq", "clock", "layout",
                                                "tables", "devices", "users", "nodes", "fields"]),
        children, max_size=4),
    max_leaves=10)


@pytest.fixture
def pair(open_copy, tmp_path):
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    household = poor_household(worker, People())
    CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查", on=date(2026, 10, 1))
    with worker.db.read() as session:
        entries = changes_since(session, {})
        vector = version_vector(session)
    manifest = {"sender": {"name": worker.db.device.name, "role": worker.db.device.role}, "sequence": 1,
                "schema_version": migrate.head_revision(), "created_at": datetime.now(UTC).isoformat(),
                "counts": {"household": 1}, "vector": vector}
    return worker, township, payload.encode(entries), manifest


def _mutate(data: st.DataObject, tree: Any) -> Any:
    """Replace, delete or add one thing somewhere in ``tree`` (a copy)."""
    tree = copy.deepcopy(tree)
    holder, key = None, None
    node = tree
    while isinstance(node, dict | list) and node and data.draw(st.booleans(), label="deeper"):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        holder, key = node, data.draw(st.sampled_from(keys), label="key")
        node = holder[key]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]), label="action")
    if holder is None or action == "add":
        target = node if isinstance(node, dict | list) else holder
        if isinstance(target, dict):
            target[data.draw(st.text(max_size=8), label="new key")] = data.draw(junk, label="new value")
        elif isinstance(target, list):
            target.append(data.draw(junk, label="new item"))
        else:
            return data.draw(junk, label="whole")
    elif action == "delete":
        del holder[key]
    else:
        holder[key] = data.draw(junk, label="value")
    return tree


def _seal(worker, township, manifest: dict[str, Any], body: bytes, sealed_change: dict[str, Any] | None) -> bytes:
    """What write_bundle does, with the JSON bytes given and the sealed manifest open to change."""
    recipient = known_identity(worker.db, township.db.device.id)
    compressed = bundle_module._compress(body, None)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    nonce = os.urandom(12)
    sealed = {**manifest, "format_version": bundle_module.FORMAT_VERSION,
              "sender": {**manifest.get("sender", {}), "device_id": worker.db.device.id}
              if isinstance(manifest.get("sender"), dict) else manifest.get("sender"),
              "recipient": recipient.device_id,
              "payload": {"compression": "xz", "cipher": bundle_module.CIPHER, "ephemeral_key": b64(ephemeral_public),
                          "nonce": b64(nonce), "size": len(compressed) + 16, "json_size": len(body),
                          "sha256": hashlib.sha256(body).hexdigest()}}
    if sealed_change is not None:
        sealed["payload"] = {**sealed["payload"], **sealed_change}
    manifest_bytes = json.dumps(sealed, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    key = bundle_module._payload_key(ephemeral.exchange(recipient.recipient()), ephemeral_public,
                                     recipient.agreement_key)
    ciphertext = AESGCM(key).encrypt(nonce, compressed, manifest_bytes)
    framed = (bundle_module._HEAD.pack(bundle_module.MAGIC, 2, len(manifest_bytes)) + manifest_bytes
              + bundle_module._LENGTH.pack(len(ciphertext)) + ciphertext)
    return framed + device_keys(worker.db).signer().sign(framed)


_ENCODINGS = ("utf-8", "utf-16", "gb18030", "latin-1-bytes", "cut")


def _body(contents: Any, encoding: str) -> bytes:
    text = json.dumps(contents, ensure_ascii=False, separators=(",", ":"))
    if encoding == "latin-1-bytes":
        return text.encode("utf-8", "surrogatepass") + b"\xff\xfe\x80"
    if encoding == "cut":
        data = text.encode("utf-8", "surrogatepass")
        return data[: len(data) * 2 // 3]
    return text.encode(encoding, "surrogatepass")


@pytest.mark.sqlite_only
@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_every_mangled_bundle_ends_in_chinese_or_imports_cleanly(pair, tmp_path, data) -> None:
    worker, township, contents, manifest = pair
    where = data.draw(st.sampled_from(["payload", "payload", "payload", "manifest", "sealing", "both"]),
                      label="where")
    mangled_payload, mangled_manifest, sealing = contents, dict(manifest), None
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        if where in ("payload", "both"):
            mangled_payload = _mutate(data, mangled_payload)
        if where in ("manifest", "both"):
            mangled_manifest = _mutate(data, mangled_manifest)
    if not isinstance(mangled_manifest, dict):
        mangled_manifest = {"junk": mangled_manifest}
    if where == "sealing":
        sealing = data.draw(st.dictionaries(st.sampled_from(["json_size", "size", "sha256", "nonce",
                                                             "ephemeral_key", "cipher", "compression"]),
                                            junk, min_size=1, max_size=3), label="sealing")
    encoding = data.draw(st.sampled_from(_ENCODINGS), label="encoding") if data.draw(
        st.integers(0, 9), label="encode?") == 0 else "utf-8"
    path = tmp_path / "fuzzed.fpb"
    path.write_bytes(_seal(worker, township, mangled_manifest, _body(mangled_payload, encoding), sealing))
    try:
        summary = SyncService(township).import_file(path)
    except UserFacingError as error:
        assert CJK.search(error.message) and "内部错误" not in error.message, error.message
    else:
        assert isinstance(summary, ImportSummary)
