"""Hybrid logical clock stamps.

A stamp is a fixed-width string ``{millis:012x}{counter:04x}.{node}`` so that plain string
comparison orders stamps by time, then counter, then device: the tie-break the merge rule needs.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

NODE_LENGTH = 12
STAMP_LENGTH = 16 + 1 + NODE_LENGTH
_MAX_COUNTER = 0xFFFF
# How far ahead of this device's own wall clock a stamp may be and still be believed: clocks of
# laptops in villages drift, but a stamp a day ahead is a wrong clock or a forged one. The clock
# never moves past its wall clock plus this, whatever it is shown (docs/sync.md, clocks).
MAX_AHEAD_MILLIS = 24 * 60 * 60 * 1000
_STAMP = re.compile(rf"[0-9a-f]{{16}}\.[0-9a-f]{{{NODE_LENGTH}}}")
# The stamp of reference rows every database starts with (seeded policy, official divisions):
# older than any edit, so the first real change to such a row wins on every device.
SEED_STAMP = "0" * 16 + "." + "0" * NODE_LENGTH


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:012x}{self.counter:04x}.{self.node}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        head, _, node = text.partition(".")
        if len(head) != 16 or not node:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(head[:12], 16), int(head[12:], 16), node)


def is_stamp(text: object) -> bool:
    """Whether ``text`` is a well-formed stamp: 16 lowercase hexadecimal digits, a dot, a node."""
    return isinstance(text, str) and _STAMP.fullmatch(text) is not None


def stamp_head(millis: int) -> str:
    """The first 16 digits of the last stamp possible in ``millis`` (for string comparisons)."""
    return f"{max(0, millis):012x}{_MAX_COUNTER:04x}"


def node_of_device(device_id: str) -> str:
    """The random tail of a UUIDv7 device id; its head is a timestamp shared by devices made together."""
    return device_id.replace("-", "")[-NODE_LENGTH:]


class HybridClock:
    """Issues strictly increasing stamps for one device, even if the wall clock steps back."""

    def __init__(self, node: str, last: str | None = None,
                 wall_millis: Callable[[], int] | None = None) -> None:
        self._node = node
        self._wall = wall_millis or (lambda: time.time_ns() // 1_000_000)
        self._lock = threading.Lock()
        parsed = Stamp.parse(last) if last else None
        self._millis, self._counter = (parsed.millis, parsed.counter) if parsed else (0, 0)

    def wall_millis(self) -> int:
        """This device's wall clock, in milliseconds."""
        return self._wall()

    def limit(self) -> int:
        """The latest time (milliseconds) this clock may reach: its wall clock plus a day."""
        return self._wall() + MAX_AHEAD_MILLIS

    def now(self) -> str:
        with self._lock:
            wall = self._wall()  # read once: the clock's limit and its next stamp come from one reading
            if self._millis > wall + MAX_AHEAD_MILLIS:  # a stamp from a wrong or forged clock already stored
                self._millis, self._counter = wall + MAX_AHEAD_MILLIS, 0
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._advance_counter()
            return str(Stamp(self._millis, self._counter, self._node))

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another device so later local edits sort after it —
        but never past this device's wall clock plus a day (a forged far-future stamp would
        otherwise carry the clock with it, and every later edit and export after it)."""
        stamp = Stamp.parse(remote)
        with self._lock:
            limit = self.limit()
            observed = (stamp.millis, stamp.counter) if stamp.millis <= limit else (limit, 0)
            if observed > (self._millis, self._counter):
                self._millis, self._counter = observed

    def _advance_counter(self) -> None:
        if self._counter >= _MAX_COUNTER:
            self._millis += 1
            self._counter = 0
        else:
            self._counter += 1
