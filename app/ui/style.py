"""The application's look: large type, calm colours, clear focus — readable on a cheap laptop screen."""

STYLE_SHEET = """
QWidget { font-size: 11pt; }
QLabel#pageTitle { font-size: 16pt; font-weight: bold; padding: 4px 0; }
QLabel#dialogTitle { font-size: 14pt; font-weight: bold; }
QLabel#bigFigure { font-size: 22pt; font-weight: bold; color: #0d47a1; }
QLabel#emphasis { font-size: 12pt; font-weight: bold; }
QListWidget#navigation { font-size: 13pt; background: #f3f6fa; border: none; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #0d47a1; color: white; }
QPushButton { padding: 5px 14px; }
QTableView { gridline-color: #dde3ea; }
QHeaderView::section { padding: 4px; background: #eef2f7; border: none; border-right: 1px solid #dde3ea; }
QGroupBox { font-weight: bold; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
"""
