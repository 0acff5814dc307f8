"""The bundled CJK font, so Chinese renders on machines that have no Chinese fonts installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import resource_path

FONT_FILE = resource_path("fonts", "wqy-microhei.ttc")
# Big, clear text: grid workers read the screen in front of a household, often in poor light.
BASE_POINT_SIZE = 11


def register_font(app: QApplication) -> str:
    """Register the shipped font and make it the application's default; returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else app.font().family()
    font = QFont(family, BASE_POINT_SIZE)
    app.setFont(font)
    return family
