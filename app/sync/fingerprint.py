"""Fingerprints that two people compare by eye or by phone at enrollment (docs/sync.md).

As Signal's safety numbers: each device's public keys give it a code of three groups of five
digits (hashed 5,200 times, so finding other keys with the same code costs as much as trying 2⁵⁰
keys, each 5,200 hashes); the code of a pair of devices is the two codes, the one of the lower
device id first — 6 groups of 5 digits, the same on both sides. A station that accepts a request
and the device that completes the enrollment both show it; if the numbers differ, somebody
swapped an enrollment file on the way.
"""

from __future__ import annotations

import hashlib
import re

from app.sync.keys import PublicIdentity

_VERSION = b"fangpin-fingerprint-v1"
_ITERATIONS = 5200
GROUPS, DIGITS = 3, 5  # per device; a pair shows twice as many


def device_code(identity: PublicIdentity) -> str:
    """Three groups of five digits derived from the device's id and both its public keys."""
    keys = identity.signing_key + identity.agreement_key
    digest = hashlib.sha512(_VERSION + identity.device_id.encode("utf-8") + keys).digest()
    for _ in range(_ITERATIONS):
        digest = hashlib.sha512(digest + keys).digest()
    groups = (int.from_bytes(digest[5 * n:5 * n + 5], "big") % 10**DIGITS for n in range(GROUPS))
    return " ".join(f"{group:0{DIGITS}d}" for group in groups)


def safety_number(one: PublicIdentity, other: PublicIdentity) -> str:
    """The pair's number: six groups of five digits, the same whichever side computes it."""
    first, second = sorted((one, other), key=lambda identity: identity.device_id)
    return f"{device_code(first)} {device_code(second)}"


def digits_of(text: str) -> str:
    """What a person typed, spaces and dashes left out: only the digits are compared."""
    return re.sub(r"\D", "", text)


def same_number(typed: str, number: str) -> bool:
    return digits_of(typed) == digits_of(number)
