"""QR codes drawn straight onto the canvas as filled runs: much faster than a graphics widget."""

from __future__ import annotations

from functools import cache
from itertools import groupby, zip_longest

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
    a new polynomial object per data byte (that recursion was a third of a card's time)."""
    num, gen = list(self.num), e.num
    width = len(gen)
    if len(num) < width:
        return self
    log, exp = qrencoder.LOG_TABLE, qrencoder.EXP_TABLE
    tail = [log[g] for g in gen[1:]]
    for i in range(len(num) - width + 1):
        if num[i]:
            ratio = log[num[i]] - log[gen[0]]
            for j, power in enumerate(tail, start=i + 1):
                num[j] ^= exp[(power + ratio) % 255]
    return qrencoder.QRPolynomial(num[len(num) - width + 1:], 0)


qrencoder.QRPolynomial.mod = _mod  # type: ignore[method-assign]


def qr_modules(value: str) -> list[list[bool]]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    base, positions, mask = _layout(code.version)
    modules = [row[:] for row in base]
    data = qrencoder.QRCode.createData(code.version, code.errorCorrectLevel, code.dataList)
    bits = [bool(byte & bit) for byte in data for bit in _BITS]
    # What QRCode.mapData does, with the positions and the mask computed once per version.
    for (col, row), dark in zip_longest(positions, bits, fillvalue=False):
        modules[row][col] = dark ^ mask[row][col]
    return modules


_BITS = (0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01)


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
    The caller keeps a blank margin around it (the quiet zone scanners need)."""
    modules = qr_modules(value)
    module = size / len(modules)
    height = f"{module + 0.1:.2f}"
    ops: list[str] = []
    for row, dark in enumerate(modules):
        bottom = f"{y + size - (row + 1) * module - 0.05:.2f}"
        column = 0
        for is_dark, run in groupby(dark):
            length = len(list(run))
            if is_dark:
                # A hair of overlap so viewers show no seams between neighbouring runs.
                ops.append(f"{x + column * module:.2f} {bottom} {length * module:.2f} {height} re")
            column += length
    # One literal path: reportlab's path object formats each number slowly, hundreds per code.
    canvas.addLiteral("q 0 g\n" + "\n".join(ops) + "\nf Q")
