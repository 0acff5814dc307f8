"""Previewing a PDF before it is printed or saved: pages rendered with pdfium, shown as images."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.scratch import ScratchFolder

PREVIEW_SCALE = 1.3  # 72 dpi × 1.3: an A4 page about as wide as a 1366-pixel screen allows
PRINT_SCALE = 300 / 72
MAX_PREVIEW_PAGES = 30


def render_page(document: pypdfium2.PdfDocument, index: int, scale: float) -> QImage:
    bitmap = document[index].render(scale=scale)
    # pdfium renders BGR(A); QImage wraps the buffer, so copy before the bitmap is freed.
    fmt = QImage.Format.Format_BGR888 if bitmap.n_channels == 3 else QImage.Format.Format_ARGB32
    return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()


class PdfPreview(QDialog):
    """Shows a PDF; one made in ``scratch`` (this run's private folder) is deleted when the preview closes."""

    def __init__(self, pdf: Path, suggested_name: str, parent: QWidget | None = None,
                 scratch: ScratchFolder | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.scratch = scratch
        self.suggested_name = suggested_name
        self.setWindowTitle(self.tr("打印预览 — {name}").format(name=suggested_name))
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        print_button = QPushButton(self.tr("打印…"))
        save_button = QPushButton(self.tr("另存为 PDF…"))
        close_button = QPushButton(self.tr("关闭"))
        print_button.clicked.connect(self.print_document)
        save_button.clicked.connect(self.save_as)
        close_button.clicked.connect(self.accept)
        self.pages_label = QLabel()
        buttons.addWidget(self.pages_label)
        buttons.addStretch()
        for button in (print_button, save_button, close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        pages = QWidget()
        self.pages_layout = QVBoxLayout(pages)
        scroll.setWidget(pages)
        layout.addWidget(scroll)
        self.resize(900, 720)
        self._show_pages()

    def _show_pages(self) -> None:
        document = pypdfium2.PdfDocument(str(self.pdf))
        try:
            total = len(document)
            for index in range(min(total, MAX_PREVIEW_PAGES)):
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(render_page(document, index, PREVIEW_SCALE)))
                label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                self.pages_layout.addWidget(label)
        finally:
            document.close()
        shown = min(total, MAX_PREVIEW_PAGES)
        self.pages_label.setText(self.tr("共 {n} 页").format(n=total) if shown == total
                                 else self.tr("共 {n} 页，预览前 {m} 页").format(n=total, m=shown))

    def done(self, result: int) -> None:
        super().done(result)
        if self.scratch is not None:
            self.scratch.discard(self.pdf)

    def save_as(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(Path.home() / self.suggested_name),
                                                self.tr("PDF 文件 (*.pdf)"))
        if target:
            shutil.copyfile(self.pdf, target)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        document = pypdfium2.PdfDocument(str(self.pdf))
        painter = QPainter(printer)
        try:
            for index in range(len(document)):
                if index:
                    printer.newPage()
                image = render_page(document, index, PRINT_SCALE)
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
        finally:
            painter.end()
            document.close()
