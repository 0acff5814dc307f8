"""Small JSON documents (enrollment files) signed by the device that wrote them."""

from __future__ import annotations

import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.sync.keys import DeviceKeys, b64, unb64


def _canonical(document: dict[str, Any]) -> bytes:
    body = {key: value for key, value in document.items() if key != "signature"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign_document(document: dict[str, Any], keys: DeviceKeys) -> dict[str, Any]:
    return {**document, "signature": b64(keys.signer().sign(_canonical(document)))}


def verify_document(document: dict[str, Any], signing_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(signing_key).verify(
            unb64(str(document.get("signature", ""))), _canonical(document))
    except (InvalidSignature, ValueError):
        return False
    return True
