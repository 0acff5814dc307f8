"""Hybrid logical clock stamps.

A stamp is a fixed-width string ``{millis:012x}{counter:04x}.{node}`` so that plain string
comparison orders stamps by time, then counter, then device: the tie-break the merge rule needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

NODE_LENGTH = 12
_MAX_COUNTER = 0xFFFF
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
        self._millis = parsed.millis if parsed else 0
        self._counter = parsed.counter if parsed else 0

    def now(self) -> str:
        with self._lock:
            wall = self._wall()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._advance_counter()
            return str(Stamp(self._millis, self._counter, self._node))

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another device so later local edits sort after it."""
        stamp = Stamp.parse(remote)
        with self._lock:
            if (stamp.millis, stamp.counter) > (self._millis, self._counter):
                self._millis, self._counter = stamp.millis, stamp.counter

    def _advance_counter(self) -> None:
        if self._counter >= _MAX_COUNTER:
            self._millis += 1
            self._counter = 0
        else:
            self._counter += 1
