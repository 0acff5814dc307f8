"""Qt translations: source strings are Chinese; English comes from resources/i18n/fangpin_en.qm.

In the Chinese UI, Qt's own dialogs (file dialogs, message box and button box buttons) use Qt's own
``qtbase_zh_CN.qm``, found where PySide6 keeps its translations (build.spec ships that one file).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resource_path

TRANSLATIONS = resource_path("i18n")
QT_CHINESE = "qtbase_zh_CN"
_installed: list[QTranslator] = []


def qt_translation_folders() -> list[str]:
    """Where Qt's own .qm files are: Qt's configured folder, and PySide6's folder inside a build."""
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        folders.append(str(Path(frozen_root) / "PySide6" / "Qt" / "translations"))
    return folders


def install_language(app: QCoreApplication, language: str) -> None:
    """Switch the application's language; Chinese is the source language and needs no file of ours."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language.startswith("zh"):
        candidates = [(QT_CHINESE, folder) for folder in qt_translation_folders()]
    else:
        candidates = [(f"fangpin_{language}", str(TRANSLATIONS))]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
            break
