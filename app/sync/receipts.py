"""Receipts: what this device has received from a peer, and what the peer says it holds.

A bundle carries its number (one more than the last its sender made for this device) and the
sender's version vector (what it holds of each origin device). Importing a bundle advances the
peer's ``received_sequence`` (a gap is reported as missing bundles) and its ``acknowledged``
vector, so the next export to that peer leaves out what it already has. Both come from a hostile
file, so both are bounded before anything is kept.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.store.models import Peer
from app.sync.bundle import BundleRefused
from app.sync.checks import MAX_SEQ

# A bundle numbered further ahead of the last one received than this is not an honest export: it
# would report that many "missing bundles" and push the numbering out of reach for good.
MAX_BUNDLE_GAP = 1000
MAX_VECTOR = 100_000  # origin devices in one receipt: a city has a few thousand


def bundle_sequence(manifest: dict[str, Any]) -> int:
    """The bundle's number, a positive integer the change log can hold."""
    sequence = manifest.get("sequence")
    if type(sequence) is not int or not 1 <= sequence <= MAX_SEQ:
        raise BundleRefused("同步包的编号不是正整数，不是正常导出的同步包，拒绝导入。")
    return sequence


def sender_vector(manifest: dict[str, Any]) -> dict[str, int]:
    """What the sender says it holds of each origin device (its receipt for this device)."""
    vector = manifest.get("vector") or {}
    if not isinstance(vector, dict) or len(vector) > MAX_VECTOR or not all(
            type(device) is str and len(device) <= 36 and type(seq) is int and 0 <= seq <= MAX_SEQ
            for device, seq in vector.items()):
        raise BundleRefused("同步包清单中的接收记录格式不对，不是正常导出的同步包，拒绝导入。")
    return vector


def refuse_far_ahead(peer: Peer, sequence: int) -> None:
    """Refuse a bundle numbered more than MAX_BUNDLE_GAP past the last one received."""
    if sequence > peer.received_sequence + MAX_BUNDLE_GAP:
        raise BundleRefused(
            f"同步包编号 {sequence} 比上次收到的第 {peer.received_sequence} 号大得太多"
            f"（中间缺少超过 {MAX_BUNDLE_GAP} 个同步包），不是正常导出的同步包，拒绝导入。")


def record_receipt(session: Session, peer: Peer, sequence: int, vector: dict[str, int]) -> list[int]:
    """Note the bundle as received and what the sender holds; returns the sequences missing
    (at most MAX_BUNDLE_GAP: :func:`refuse_far_ahead` refused a bundle further ahead)."""
    missing = list(range(peer.received_sequence + 1, sequence))
    peer.received_sequence = max(peer.received_sequence, sequence)
    acknowledged = {**peer.acknowledged}
    for device_id, seq in vector.items():
        acknowledged[device_id] = max(acknowledged.get(device_id, 0), seq)
    peer.acknowledged = acknowledged
    session.add(peer)
    return missing
