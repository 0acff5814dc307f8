"""QR codes drawn straight onto the canvas as filled runs: much faster than a graphics widget."""

from __future__ import annotations

from functools import cache
from itertools import compress
from operator import xor

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

# Choosing the "best" of the eight masks builds the symbol eight more times; any mask is valid
# and scanners read all of them, so one fixed mask makes a card several times faster.
MASK_PATTERN = 0

# reportlab rebuilds the Reed–Solomon generator polynomial for every block of every code; it
# depends only on the block's length and is never modified, so build each one once.
qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(  # type: ignore[method-assign]
    cache(qrencoder.QRUtil.getErrorCorrectPolynomial))

REPORTLAB_MOD = qrencoder.QRPolynomial.mod


def _mod(self: qrencoder.QRPolynomial, e: qrencoder.QRPolynomial) -> qrencoder.QRPolynomial:
    """The Reed–Solomon remainder as QRPolynomial.mod gives it, in one loop over lists instead of
    a new polynomial object per data byte (that recursion was a third of a card's time), with
    the generator's multiples looked up rather than computed."""
    num, gen = list(self.num), e.num
    width = len(gen)
    if len(num) < width:
        return self
    multiples = _multiples(tuple(gen))
    tail = width - 1
    for i in range(len(num) - tail):
        lead = num[i]
        if lead:
            start = i + 1
            num[start:start + tail] = map(xor, num[start:start + tail], multiples[lead])
    return qrencoder.QRPolynomial(num[len(num) - tail:], 0)


@cache
def _multiples(gen: tuple[int, ...]) -> list[list[int]]:
    """For each leading coefficient c, what one step of the division subtracts: the generator's
    tail scaled by c / gen[0] in GF(256)."""
    log, exp = qrencoder.LOG_TABLE, qrencoder.EXP_TABLE
    tail = [log[g] for g in gen[1:]]
    rows: list[list[int]] = [[0] * len(tail)]
    for lead in range(1, 256):
        ratio = log[lead] - log[gen[0]]
        rows.append([exp[(power + ratio) % 255] for power in tail])
    return rows


qrencoder.QRPolynomial.mod = _mod  # type: ignore[method-assign]


LEVEL = qrencoder.QRErrorCorrectLevel.M
BYTE_MODE = 0b0100


def qr_modules(value: str) -> list[list[bool]]:
    """The symbol for ``value``, a row of booleans (True is dark) per row of modules."""
    count, flat = _symbol(value)
    return [[bool(v) for v in flat[row * count:(row + 1) * count]] for row in range(count)]


def _symbol(value: str) -> tuple[int, bytearray]:
    """The module count and the symbol, row after row, one byte per module (1 is dark). What
    QRCode.mapData does, with everything but the data bits prepared once per version: each data
    position already holds its mask, and a dark data bit flips it."""
    data = value.encode("utf-8")
    version = _version(len(data))
    count, blank, targets = _blank(version)
    flat = bytearray(blank)
    bits = [bit for byte in _codewords(data, version) for bit in _BYTE_BITS[byte]]
    for target in compress(targets, bits):
        flat[target] ^= 1
    return count, flat


@cache
def _blank(version: int) -> tuple[int, bytes, list[int]]:
    base, positions, mask = _layout(version)
    count = len(base)
    flat = bytearray(bool(module) for row in base for module in row)
    targets = [row * count + col for col, row in positions]
    for target in targets:
        flat[target] = mask[target // count][target % count]
    return count, bytes(flat), targets


@cache
def _capacity(version: int) -> int:
    """Data codewords a symbol of this version holds at level M."""
    return sum(block.dataCount for block in qrencoder.QRRSBlock.getRSBlocks(version, LEVEL))


@cache
def _version(length: int) -> int:
    """The smallest version that holds ``length`` bytes in byte mode."""
    for version in range(1, 41):
        if 4 + _count_bits(version) + 8 * length <= _capacity(version) * 8:
            return version
    raise ValueError(f"{length} bytes do not fit in a QR code")


def _count_bits(version: int) -> int:
    return 8 if version < 10 else 16


class _Buffer:
    """The one attribute QRCode.createBytes reads of its bit buffer."""

    def __init__(self, codewords: list[int]) -> None:
        self.buffer = codewords


def _codewords(data: bytes, version: int) -> list[int]:
    """The data and error-correction codewords, as QRCode.createData builds them bit by bit
    (a million method calls for two thousand cards), from one integer: byte mode, the count,
    the bytes, the terminator, then the pad codewords."""
    capacity = _capacity(version)
    count_bits = _count_bits(version)
    bits = (BYTE_MODE << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    terminator = min(4, capacity * 8 - length)
    bits <<= terminator
    length += terminator
    padding = -length % 8
    bits <<= padding
    length += padding
    codewords = list(bits.to_bytes(length // 8, "big"))
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    codewords.extend(pads[i % 2] for i in range(capacity - len(codewords)))
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, LEVEL)
    return qrencoder.QRCode.createBytes(_Buffer(codewords), blocks)


_BITS = (0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01)
_BYTE_BITS = [tuple(bool(byte & bit) for bit in _BITS) for byte in range(256)]


@cache
def _layout(version: int) -> tuple[list[list[bool]], list[tuple[int, int]], list[list[bool]]]:
    """The finder, timing and format patterns of a symbol of this version (all but the data,
    the same for every household), where its data bits go, and the mask over them."""
    code = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    count = code.moduleCount = version * 4 + 17
    code.modules = [[False] * count for _ in range(count)]
    code.setupPositionProbePattern(0, 0)
    code.setupPositionProbePattern(count - 7, 0)
    code.setupPositionProbePattern(0, count - 7)
    code.setupPositionAdjustPattern()
    code.setupTimingPattern()
    code.setupTypeInfo(False, MASK_PATTERN)
    if version >= 7:
        code.setupTypeNumber(False)
    masked = qrencoder.QRUtil.getMask(MASK_PATTERN)
    mask = [[bool(masked(row, col)) for col in range(count)] for row in range(count)]
    return code.modules, list(code.dataPosIterator()), mask


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw the code for ``value`` with its lower-left corner at (x, y), ``size`` points square.
    The caller keeps a blank margin around it (the quiet zone scanners need).

    The symbol is a one-bit stencil mask (an inline image, one bit per module) scaled to
    ``size``: a few hundred bytes instead of several hundred rectangles per card, and viewers
    and printers draw stencil masks with hard edges at any resolution."""
    count, flat = _symbol(value)
    # A stencil mask paints where a sample is 0 (its default decode array); rows are padded
    # to whole bytes with light samples.
    samples = flat.translate(_STENCIL).decode("ascii")
    padding = -count % 8
    pad = "1" * padding
    width = (count + padding) // 8
    rows = b"".join(int(samples[start:start + count] + pad, 2).to_bytes(width, "big")
                    for start in range(0, count * count, count))
    canvas.addLiteral(f"q 0 g {size:.2f} 0 0 {size:.2f} {x:.2f} {y:.2f} cm\n"
                      f"BI /W {count} /H {count} /IM true /BPC 1 /F /AHx ID\n"
                      f"{rows.hex()}>\nEI Q")


_STENCIL = bytes.maketrans(b"\x00\x01", b"10")
