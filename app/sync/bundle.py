"""The .fpb bundle file: a signed manifest and a compressed payload encrypted to one recipient.

Layout (all integers big-endian; see docs/bundle-format.md):

    8 bytes   magic "FPBUNDLE"
    2 bytes   format version
    4 bytes   manifest length M
    M bytes   manifest, UTF-8 JSON
    8 bytes   payload length P
    P bytes   payload: AES-256-GCM(xz(JSON)), the manifest bytes as associated data
   64 bytes   Ed25519 signature of the sender over everything before it

Reading verifies in the order that lets nothing untrusted be parsed beyond the manifest: framing,
format version, sender known, signature, recipient, then decryption and decompression.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import queue
import struct
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain.errors import UserFacingError
from app.sync.keys import DeviceKeys, PublicIdentity, b64, unb64

MAGIC = b"FPBUNDLE"
FORMAT_VERSION = 2  # 2: payload layout by-table-2 (row references, dates as days)
SIGNATURE_SIZE = 64
CIPHER = "X25519-HKDF-SHA256/AES-256-GCM"
COMPRESSION = "xz"
_HEAD = struct.Struct(">8sHI")
_LENGTH = struct.Struct(">Q")
_TAG_SIZE = 16
_INFO = b"fangpin-bundle-v1"


# The payload is a few tens of MB of JSON. xz's presets 4-9 (LZMA2 "normal" mode with a binary-tree
# match finder) took about a minute for a 30,000-household township; presets 0-3 ("fast" mode)
# left it above 10 MB. Normal mode with the hash-chain match finder, short matches and a window
# that grows with the payload (up to 64 MiB, so a far-back id is still matched) gives nearly the
# size of preset 6 in a fifth of the time (docs/sync.md, bundle size and speed). The 3-byte hash
# chain (hc3) instead of hc4 takes about 45 % less time again for 0.03 MB more on that township
# (9.64 MB of 117.6 MB); the decoder is the same and needs no more memory (the window decides that).
_FILTER = {"id": lzma.FILTER_LZMA2, "preset": 1, "mode": lzma.MODE_NORMAL, "mf": lzma.MF_HC3,
           "nice_len": 16, "depth": 4}
_MIN_WINDOW, _MAX_WINDOW = 1 << 20, 64 << 20
_STEP = 4 << 20  # compressed in steps of this many bytes, to report progress
_WAITING = 128 << 20  # bytes of a streamed payload's text made but not yet compressed, at most
# The most a payload may decompress to, whatever its manifest says: a 30,000-household township is
# 112 MB of JSON. An xz bomb (a 1.2 MB file that inflates to gigabytes) stops here, or at the size
# the manifest declares (``json_size``), whichever is smaller.
MAX_PAYLOAD_JSON = 1 << 30

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


def _filters(size: int) -> list[dict[str, int]]:
    window = _MIN_WINDOW
    while window < size and window < _MAX_WINDOW:
        window <<= 1
    return [{**_FILTER, "dict_size": window}]


def _compress(data: bytes, progress: Progress | None) -> bytes:
    compressor = lzma.LZMACompressor(format=lzma.FORMAT_XZ, filters=_filters(len(data)))
    parts = []
    for start in range(0, len(data), _STEP):
        parts.append(compressor.compress(data[start:start + _STEP]))
        if progress is not None:
            progress(min(start + _STEP, len(data)), len(data))
    parts.append(compressor.flush())
    return b"".join(parts)


class BundleRefused(UserFacingError):
    """A bundle that must not be imported; the message says why in Chinese."""


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    payload: dict[str, Any]


def write_bundle(manifest: dict[str, Any], payload: dict[str, Any], sender: DeviceKeys,
                 recipient: PublicIdentity, progress: Progress | None = None) -> bytes:
    """Seal ``payload`` for ``recipient`` and sign the whole file as ``sender``.

    ``progress(done, total)`` follows the compression, by far the longest part.
    """
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    compressed = _compress(data, progress)
    return _seal(manifest, compressed, len(data), hashlib.sha256(data).hexdigest(), sender, recipient)


def write_bundle_streamed(manifest: dict[str, Any], pieces: Iterable[bytes], size_hint: int,
                          sender: DeviceKeys, recipient: PublicIdentity,
                          progress: Progress | None = None) -> bytes:
    """``write_bundle`` for a payload whose JSON text comes in ``pieces`` as it is made: a second
    thread compresses each piece while the next one is made (xz and SHA-256 run without Python's
    lock), so the export's two long parts overlap. The file is the same as ``write_bundle``'s for
    the same text: one xz stream, the text's size and hash in the manifest.

    ``size_hint`` (the expected size of the text) sizes the compression window; ``progress(done,
    total)`` counts the bytes handed to the compressor against that expectation.
    """
    background = _BackgroundCompressor(size_hint)
    done = 0
    try:
        for piece in pieces:
            background.add(piece)
            done += len(piece)
            if progress is not None:
                progress(done, max(done, size_hint))
    except BaseException:
        background.abandon()
        raise
    compressed, size, digest = background.finish()
    if progress is not None:
        progress(size, size)
    return _seal(manifest, compressed, size, digest, sender, recipient)


class _BackgroundCompressor:
    """xz and SHA-256 of a text handed over in pieces, computed in a thread of its own."""

    def __init__(self, size_hint: int) -> None:
        self._compressor = lzma.LZMACompressor(format=lzma.FORMAT_XZ, filters=_filters(size_hint))
        self._hash = hashlib.sha256()
        self._parts: list[bytes] = []
        self._size = 0
        self._error: BaseException | None = None
        self._abandoned = False
        # At most _WAITING bytes of text in waiting: the text is not held whole in memory on top of
        # its parts, yet the maker of many small pieces is not held to the compressor's pace.
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._waiting = 0
        self._room = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="bundle-compressor", daemon=True)
        self._thread.start()

    def add(self, piece: bytes) -> None:
        with self._room:
            while self._waiting > _WAITING and self._error is None:
                self._room.wait()
            if self._error is not None:
                raise self._error
            self._waiting += len(piece)
        self._queue.put(piece)

    def abandon(self) -> None:
        """End the thread without finishing: the pieces were not all made."""
        self._abandoned = True
        self._queue.put(None)
        self._thread.join()

    def finish(self) -> tuple[bytes, int, str]:
        """(the xz stream, the text's size, its SHA-256 in hex)."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        self._parts.append(self._compressor.flush())
        return b"".join(self._parts), self._size, self._hash.hexdigest()

    def _run(self) -> None:
        while (piece := self._queue.get()) is not None:
            if self._error is None and not self._abandoned:  # else only drain
                try:
                    self._hash.update(piece)
                    self._parts.append(self._compressor.compress(piece))
                    self._size += len(piece)
                except BaseException as error:  # handed to the exporting thread, raised there
                    self._error = error
            with self._room:  # the maker of the pieces is never left waiting
                self._waiting -= len(piece)
                self._room.notify()


def _seal(manifest: dict[str, Any], compressed: bytes, json_size: int, sha256: str,
          sender: DeviceKeys, recipient: PublicIdentity) -> bytes:
    """The signed file around an xz payload of ``json_size`` bytes of JSON hashing to ``sha256``."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    nonce = os.urandom(12)
    sealed_manifest = {
        **manifest,
        "format_version": FORMAT_VERSION,
        "sender": {**manifest.get("sender", {}), "device_id": sender.device_id},
        "recipient": recipient.device_id,
        "payload": {"compression": COMPRESSION, "cipher": CIPHER,
                    "ephemeral_key": b64(ephemeral_public), "nonce": b64(nonce),
                    "size": len(compressed) + _TAG_SIZE, "json_size": json_size,
                    "sha256": sha256},
    }
    manifest_bytes = json.dumps(sealed_manifest, ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")).encode("utf-8")
    key = _payload_key(ephemeral.exchange(recipient.recipient()), ephemeral_public,
                       recipient.agreement_key)
    ciphertext = AESGCM(key).encrypt(nonce, compressed, manifest_bytes)
    body = (_HEAD.pack(MAGIC, FORMAT_VERSION, len(manifest_bytes)) + manifest_bytes
            + _LENGTH.pack(len(ciphertext)) + ciphertext)
    return body + sender.signer().sign(body)


def inspect_bundle(data: bytes) -> dict[str, Any]:
    """The manifest as written, without checking who wrote it (for `bundle inspect`)."""
    manifest_bytes, _ciphertext, _body, _signature = _frame(data)
    return _manifest(manifest_bytes)


def read_bundle(data: bytes, me: DeviceKeys,
                senders: Callable[[str], PublicIdentity | None]) -> Bundle:
    """Verify and open a bundle addressed to ``me``; raise BundleRefused for anything wrong."""
    manifest_bytes, ciphertext, body, signature = _frame(data)
    manifest = _manifest(manifest_bytes)
    sender = manifest.get("sender")
    if not isinstance(sender, dict) or not isinstance(manifest.get("payload"), dict):
        raise BundleRefused("同步包的清单已损坏，无法读取。")
    sender_id = str(sender.get("device_id", ""))
    sender_name = str(sender.get("name", ""))[:40]
    own = sender_id == me.device_id
    identity = me.public if own else senders(sender_id)
    if identity is None:
        raise BundleRefused(f"同步包来自未登记的设备“{sender_name or sender_id}”，拒绝导入。"
                            "请先在本站为该设备办理登记。")
    try:
        identity.verifier().verify(signature, body)
    except InvalidSignature:
        raise BundleRefused(f"同步包签名无效：文件在传递中被改动过，或者并非由“{sender_name}”生成。"
                            "请让对方重新导出。") from None
    if own:
        raise BundleRefused("这是本机自己导出的同步包，无需在本机导入；请把它交给收件的设备导入。")
    if manifest.get("recipient") != me.device_id:
        raise BundleRefused("这个同步包是发给另一台设备的，不是本机，不能导入。")
    return Bundle(manifest, _open_payload(manifest, manifest_bytes, ciphertext, me))


def _frame(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    if len(data) < _HEAD.size or not data.startswith(MAGIC):
        raise BundleRefused("这不是防贫网格通的同步包（.fpb）文件。")
    _magic, version, manifest_length = _HEAD.unpack_from(data)
    if version > FORMAT_VERSION:
        raise BundleRefused(f"同步包格式版本为 {version}，本程序只支持到 {FORMAT_VERSION}，请先升级程序。")
    manifest_end = _HEAD.size + manifest_length
    if len(data) < manifest_end + _LENGTH.size:
        raise _truncated()
    (payload_length,) = _LENGTH.unpack_from(data, manifest_end)
    payload_end = manifest_end + _LENGTH.size + payload_length
    if len(data) < payload_end + SIGNATURE_SIZE:
        raise _truncated()
    if len(data) > payload_end + SIGNATURE_SIZE:
        raise BundleRefused("同步包末尾有多余的数据，文件可能被改动过，拒绝导入。")
    return (data[_HEAD.size:manifest_end], data[manifest_end + _LENGTH.size:payload_end],
            data[:payload_end], data[payload_end:])


def _truncated() -> BundleRefused:
    return BundleRefused("同步包不完整（文件被截断），可能是拷贝没有完成。请重新拷贝或重新导出。")


def _manifest(manifest_bytes: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleRefused("同步包的清单已损坏，无法读取。") from None
    if not isinstance(manifest, dict):
        raise BundleRefused("同步包的清单已损坏，无法读取。")
    return manifest


def _open_payload(manifest: dict[str, Any], manifest_bytes: bytes, ciphertext: bytes,
                  me: DeviceKeys) -> dict[str, Any]:
    sealing = manifest.get("payload", {})
    if sealing.get("cipher") != CIPHER or sealing.get("compression") != COMPRESSION:
        raise BundleRefused("同步包使用了本程序不认识的加密或压缩方式，请先升级程序。")
    try:
        ephemeral_public = unb64(sealing["ephemeral_key"])
        nonce = unb64(sealing["nonce"])
        shared = me.agreement().exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _payload_key(shared, ephemeral_public, me.public.agreement_key)
        compressed = AESGCM(key).decrypt(nonce, ciphertext, manifest_bytes)
        data = _decompress(compressed, _declared_size(sealing))
        expected = sealing.get("sha256")
        if expected is not None and hashlib.sha256(data).hexdigest() != expected:
            raise BundleRefused("同步包的内容与清单中的校验值不符，内容已损坏。")
        payload = _parsed(data)
    except RecursionError:
        raise BundleRefused("同步包的内容嵌套层次过深，不是本程序写出的内容，拒绝导入。") from None
    except (KeyError, TypeError, ValueError, InvalidTag, lzma.LZMAError, UnicodeDecodeError):
        raise BundleRefused("无法解开同步包的内容：它不是用本机的密钥加密的，或者内容已损坏。") from None
    if not isinstance(payload, dict):
        raise BundleRefused("同步包的内容已损坏。")
    return payload


# Every byte as "0" if it is a digit, else ".": runs of digits are then found by bytes.find, in C
# (a regular expression scanning a township's 117 MB for them took a second).
_DIGIT_MAP = bytes(48 if 48 <= byte <= 57 else 46 for byte in range(256))
_TWENTY_DIGITS = b"0" * 20
_JSON_SPACE = b" \t\r\n"


def _long_integer(data: bytes) -> bool:
    """Might ``data`` hold an integer of 20 digits or more? A number's digits stand where JSON has
    a value: at the start, or after "[", "," or ":" (and spaces), behind an optional minus. Runs
    inside strings are passed over — a township's stepped row ids (hex text) hold them by chance,
    so looking for the run alone sent every large bundle to json. When unsure (a run behind a long
    stretch of spaces), it says yes: json then reads the text, slower but never wrong."""
    digits = data.translate(_DIGIT_MAP)
    start = digits.find(_TWENTY_DIGITS)
    while start >= 0:
        before = data[max(0, start - 64):start].removesuffix(b"-").rstrip(_JSON_SPACE)
        if not before or before[-1:] in (b"[", b",", b":"):
            return True
        end = digits.find(b".", start)
        if end < 0:
            return False
        start = digits.find(_TWENTY_DIGITS, end)
    return False


def _parsed(data: bytes) -> Any:
    """The payload's JSON, read by orjson (a township's 117 MB: 1.25 s against json's 1.76 s) when it
    reads it as json would. Where it might not — an integer of 20 digits or more could be beyond 64
    bits, which orjson turns into a float — or where it refuses (nesting past 1,024 levels, lone
    surrogates, NaN), json reads it, exactly as before: accepted, or refused with its reason."""
    if not _long_integer(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data.decode("utf-8"), parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON; no writer of bundles produces them."""
    raise ValueError(name)


def _declared_size(sealing: dict[str, Any]) -> int:
    """The size the manifest says the payload's JSON has (bundles of older versions say none)."""
    declared = sealing.get("json_size")
    if declared is None:
        return MAX_PAYLOAD_JSON
    if type(declared) is not int or not 0 <= declared <= MAX_PAYLOAD_JSON:
        raise BundleRefused("同步包清单中的内容大小不合理，拒绝导入。")
    return declared


def _decompress(compressed: bytes, limit: int) -> bytes:
    """The xz data, refused as soon as it grows past ``limit`` bytes (never inflated whole)."""
    decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    data = decompressor.decompress(compressed, max_length=limit + 1)
    if len(data) > limit:
        raise BundleRefused(f"同步包的内容解压后超过清单声明的大小（{limit} 字节），"
                            "可能是恶意构造的文件，拒绝导入。")
    if not decompressor.eof:
        raise lzma.LZMAError("the compressed payload ends too early")
    return data


def _payload_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=_INFO + ephemeral_public + recipient_public).derive(shared)
