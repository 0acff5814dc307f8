"""QR codes drawn straight onto the canvas as filled runs: much faster than a graphics widget."""

from __future__ import annotations

from functools import cache

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

# Choosing the "best" of the eight masks builds the symbol eight more times; any mask is valid
# and scanners read all of them, so one fixed mask makes a card several times faster.
MASK_PATTERN = 0

# reportlab rebuilds the Reed–Solomon generator polynomial for every block of every code; it
# depends only on the block's length and is never modified, so build each one once.
qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(  # type: ignore[method-assign]
    cache(qrencoder.QRUtil.getErrorCorrectPolynomial))


def qr_modules(value: str) -> list[list[bool]]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    code.makeImpl(False, MASK_PATTERN)
    return code.modules


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw the code for ``value`` with its lower-left corner at (x, y), ``size`` points square.
    The caller keeps a blank margin around it (the quiet zone scanners need)."""
    modules = qr_modules(value)
    module = size / len(modules)
    ops: list[str] = []
    for row, dark in enumerate(modules):
        bottom = y + size - (row + 1) * module
        column, count = 0, len(dark)
        while column < count:
            if not dark[column]:
                column += 1
                continue
            start = column
            while column < count and dark[column]:
                column += 1
            # A hair of overlap so viewers show no seams between neighbouring runs.
            ops.append(f"{x + start * module:.2f} {bottom - 0.05:.2f} "
                       f"{(column - start) * module:.2f} {module + 0.1:.2f} re")
    # One literal path: reportlab's path object formats each number slowly, hundreds per code.
    canvas.addLiteral("q 0 g\n" + "\n".join(ops) + "\nf Q")
