"""A device's identity: an Ed25519 key to sign bundles and an X25519 key to receive them.

Private keys are only ever stored inside the encrypted database; what travels (enrollment files,
bundle manifests) are the raw 32-byte public keys, base64-encoded.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """The bytes of base64 text; ValueError for anything else (files and bundles are untrusted)."""
    if not isinstance(text, str):
        raise ValueError("base64 text expected")
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class PublicIdentity:
    """What other devices know of a device: enough to verify its bundles and write to it."""

    device_id: str
    signing_key: bytes
    agreement_key: bytes

    def verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing_key)

    def recipient(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.agreement_key)


@dataclass(frozen=True)
class DeviceKeys:
    device_id: str
    signing_private: bytes
    agreement_private: bytes

    @classmethod
    def generate(cls, device_id: str) -> DeviceKeys:
        signing = Ed25519PrivateKey.generate()
        agreement = X25519PrivateKey.generate()
        return cls(device_id,
                   signing.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION),
                   agreement.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION))

    def signer(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.signing_private)

    def agreement(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(self.agreement_private)

    @property
    def public(self) -> PublicIdentity:
        return PublicIdentity(
            self.device_id,
            self.signer().public_key().public_bytes(_RAW, _RAW_PUBLIC),
            self.agreement().public_key().public_bytes(_RAW, _RAW_PUBLIC))
