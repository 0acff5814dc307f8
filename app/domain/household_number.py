"""户编号 and what a scanner types: the numbers this app gives out, and reading a scanned card.

The national system's 户编号 comes in with the roster (Excel import). A household registered here
without one gets a number of its own, unique across every device of the county without asking any
other device: its village's 12-digit code, this device's tag (the first six hex digits of the
random part of its id, app/store/hlc.node_of_device), and a sequence of this device in this
village — ``131122100201-A3F9C2-001``. Two devices registering in the same village at the same
time get different tags, so they never hand out the same number; a number typed by hand is
refused if another household of the database already has it.

The household card's QR code holds ``fangpin:household:`` and the household's code (its id, never
a name or ID number: the card hangs on a wall). A USB barcode scanner types it like a keyboard and
presses Enter; with a Chinese input method on, the colon may arrive full-width and the letters in
the wrong case, so :func:`scanned_household_id` reads it leniently.
"""

from __future__ import annotations

import re
import unicodedata

QR_PREFIX = "fangpin:household:"
DEVICE_TAG_LENGTH = 6
SEQUENCE_DIGITS = 3
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def device_tag(node: str) -> str:
    """This device's part of the numbers it gives out (from the random tail of its id)."""
    return node[:DEVICE_TAG_LENGTH].upper()


def local_prefix(village_code: str, tag: str) -> str:
    return f"{village_code}-{tag}-"


def local_number(village_code: str, tag: str, sequence: int) -> str:
    """``131122100201-A3F9C2-001``; the sequence grows past three digits when it must."""
    return f"{local_prefix(village_code, tag)}{sequence:0{SEQUENCE_DIGITS}d}"


def sequence_of(number: str, prefix: str) -> int:
    """The sequence of a number this device gave out in this village (0 for any other)."""
    tail = number[len(prefix):] if number.startswith(prefix) else ""
    return int(tail) if tail.isdigit() else 0


def normalise_scan(text: str) -> str:
    """What a scanner or a hand typed, as the app compares it: full-width forms made narrow
    (：→:, ０→0), spaces and the Enter's stray control characters dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc")


def scanned_household_id(text: str) -> str | None:
    """The household id a card's QR payload names, or None if ``text`` is not such a payload."""
    text = normalise_scan(text)
    if not text.lower().startswith(QR_PREFIX):
        return None
    rest = text[len(QR_PREFIX):].lower()
    return rest if _UUID.match(rest) else None
