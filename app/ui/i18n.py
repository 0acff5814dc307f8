"""Qt translations: source strings are Chinese; English comes from resources/i18n/fangpin_en.qm."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resource_path

TRANSLATIONS = resource_path("i18n")
_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, language: str) -> None:
    """Switch the application's language; Chinese is the source language and needs no file."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language.startswith("zh"):
        # Qt's own dialogs (buttons such as OK/Cancel) in Chinese too.
        qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [("qtbase_zh_CN", qt_path)]
    else:
        candidates = [(f"fangpin_{language}", str(TRANSLATIONS))]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
