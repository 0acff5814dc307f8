"""A database file's SQLCipher page key, derived from its password once per open database.

SQLCipher derives the key from the password on every connection it opens (PBKDF2, a noticeable
fraction of a second by design). The program derives it once, with the very settings every file it
makes uses — SQLCipher 4's: PBKDF2-HMAC-SHA512, 256,000 iterations, a 32-byte key, salted with the
file's first 16 bytes — and gives the key itself to each pooled connection. Guessing a password costs
what it did; only the repetition for the program's own connections goes. This module loads nothing
but hashlib, so the unlock dialog can derive the key while the store's libraries are still loading.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

KDF_ITERATIONS = 256_000
KEY_SIZE = 32
SALT_SIZE = 16


def file_salt(path: str | Path) -> bytes | None:
    """The salt at the start of an existing database file; None when there is no file (yet) or it is
    too short to be one (SQLCipher then salts it itself, or refuses it)."""
    try:
        with Path(path).open("rb") as handle:
            salt = handle.read(SALT_SIZE)
    except OSError:
        return None
    return salt if len(salt) == SALT_SIZE else None


def derive(password: str, salt: bytes) -> bytes:
    # hashlib lets other threads run meanwhile: the start goes on loading beside it.
    return hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, KDF_ITERATIONS, KEY_SIZE)


@dataclass(frozen=True)
class PageKey:
    """A key derived beforehand, with the password it was derived from: it is used only for that
    password, so a key can never stand in for a password it does not belong to."""

    password: str = field(repr=False)
    key: bytes = field(repr=False)

    def of(self, password: str) -> bytes | None:
        return self.key if hmac.compare_digest(self.password.encode("utf-8"), password.encode("utf-8")) else None


def derive_for_file(path: str | Path, password: str) -> PageKey | None:
    """The page key ``password`` gives the file at ``path``; None when there is no file to salt it."""
    salt = file_salt(path)
    return PageKey(password, derive(password, salt)) if salt is not None and password else None
