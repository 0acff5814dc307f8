"""The QR code drawn on cards is exactly what reportlab's encoder makes, only faster."""

from __future__ import annotations

import pytest
from reportlab.graphics.barcode import qrencoder

from app.printing.qr import MASK_PATTERN, REPORTLAB_MOD, qr_modules


@pytest.mark.parametrize("value", [
    "x",
    "fangpin:household:0193a1b2-c3d4-7e5f-8a9b-0123456789ab",
    "fangpin:household:" + "a" * 120,  # version 7 and up carry a version block
])
def test_modules_match_reportlab(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = qr_modules(value)
    monkeypatch.setattr(qrencoder.QRPolynomial, "mod", REPORTLAB_MOD)
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    code.makeImpl(False, MASK_PATTERN)
    assert code.version >= 1 and ours == code.modules
