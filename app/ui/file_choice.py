"""A file to open, typed or chosen: a line edit with a 选择… button beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class FileChoice(QWidget):
    """``edit`` holds the path; 选择… opens a file dialog titled ``title`` showing ``pattern``."""

    def __init__(self, title: str, pattern: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.pattern = title, pattern
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        button = QPushButton(self.tr("选择…"))
        button.clicked.connect(self.choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(button)
        self.setFocusProxy(self.edit)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title, str(Path.home()), self.pattern)
        if path:
            self.edit.setText(path)

    def path(self) -> Path | None:
        """The path typed or chosen, or None when the field is empty."""
        text = self.edit.text().strip()
        return Path(text) if text else None
