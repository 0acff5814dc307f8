"""Key recovery: a device's database key, wrapped for the station that enrolled it.

SQLCipher derives a database's page key from the password with PBKDF2-HMAC-SHA512 (256,000
iterations, 32 bytes) and the random salt in the file's first 16 bytes, and it accepts that key
directly as ``PRAGMA key = "x'…'"``. So the device can compute its page key while the password is
known and wrap it for the station (X25519 + HKDF-SHA256 + AES-256-GCM, as bundles are sealed);
the station can later unwrap it, open the file without the password and set a new one
(``PRAGMA rekey``). The salt names the file, so the station finds the right key for a laptop.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.domain.errors import UserFacingError
from app.store.page_key import SALT_SIZE, derive

_INFO = b"fangpin-db-key-v1"
_NONCE_SIZE = 12
_PUBLIC_SIZE = 32


class RecoveryFailed(UserFacingError):
    pass


def file_salt(path: Path) -> bytes:
    """The SQLCipher salt of a database file: its first 16 bytes."""
    try:
        with path.open("rb") as handle:
            salt = handle.read(SALT_SIZE)
    except OSError as error:
        raise RecoveryFailed(f"无法读取数据库文件“{path}”：{error.strerror}") from None
    if len(salt) != SALT_SIZE:
        raise RecoveryFailed(f"“{path.name}”不是防贫网格通的数据库文件。")
    return salt


def page_key(password: str, salt: bytes) -> bytes:
    """The key SQLCipher derives from ``password`` for a file with ``salt`` (the store's settings)."""
    return derive(password, salt)


def _aes_key(shared: bytes, ephemeral: bytes, station: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=_INFO + ephemeral + station).derive(shared)


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def wrap_key(key: bytes, station: X25519PublicKey, context: bytes) -> bytes:
    """``key`` sealed for ``station``: ephemeral public key ‖ nonce ‖ AES-GCM ciphertext.

    ``context`` (device id and salt) is authenticated, so a key cannot pass for another file's.
    """
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw(ephemeral.public_key())
    nonce = os.urandom(_NONCE_SIZE)
    aes = AESGCM(_aes_key(ephemeral.exchange(station), ephemeral_public, _raw(station)))
    return ephemeral_public + nonce + aes.encrypt(nonce, key, context)


def unwrap_key(wrapped: bytes, station: X25519PrivateKey, context: bytes) -> bytes:
    ephemeral_public = wrapped[:_PUBLIC_SIZE]
    nonce = wrapped[_PUBLIC_SIZE:_PUBLIC_SIZE + _NONCE_SIZE]
    try:
        shared = station.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        aes = AESGCM(_aes_key(shared, ephemeral_public, _raw(station.public_key())))
        return aes.decrypt(nonce, wrapped[_PUBLIC_SIZE + _NONCE_SIZE:], context)
    except (InvalidTag, ValueError):
        raise RecoveryFailed("恢复密钥无法解开：它不是为本站保存的，或已损坏。") from None
