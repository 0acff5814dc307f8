"""Nothing personal outside the store: a day's main flows through the desktop, then every file the application
wrote outside the encrypted database is searched for the demo's names and ID numbers."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pypdfium2
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from sqlalchemy import select

from app.services.listing import HouseholdFilter, HouseholdListing
from app.store.models import Member
from app.ui import crash, tasks
from app.ui.dialogs.visit_dialog import VisitDialog
from app.ui.main_window import MainWindow
from app.ui.pdf_preview import PdfPreview
from app.ui.settings import APP_NAME, Settings
from app.ui.unlock import UnlockDialog

TYPED_NOTE = "邻居说户主最近住院了"


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system temporary folder, as the application sees it, is one of the test's own."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    for variable in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def _secrets(ctx) -> set[str]:
    with ctx.db.read() as session:
        rows = session.execute(select(Member.name, Member.id_number)).all()
    found = {name for name, _number in rows if len(name) >= 2} | {number for _name, number in rows if number}
    assert len(found) > 100  # the demo has people to look for
    return found


def _texts(path: Path) -> list[str]:
    """What a file says, in every spelling a name could take inside it."""
    data = path.read_bytes()
    texts = [data.decode("utf-8", errors="ignore"), data.decode("utf-16-le", errors="ignore"),
             data.decode("latin-1")]
    if data.startswith(b"%PDF"):  # a PDF's names are glyph numbers of an embedded font: read its text
        document = pypdfium2.PdfDocument(data)
        try:
            texts.extend(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
    return texts


def _escaped(secret: str) -> str:
    return json.dumps(secret)[1:-1]  # as JSON with ensure_ascii writes it: \u5f20\u4e09


def _hits(folders: list[Path], secrets: set[str]) -> list[tuple[str, str]]:
    hits = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            texts = _texts(path)
            hits.extend((str(path), secret) for secret in secrets
                        if any(secret in text or _escaped(secret) in text for text in texts))
    return hits


def _written_folders(tmp_path: Path) -> list[Path]:
    profile = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).parents[2]  # …/home/profile/<kind>/<app>
    return [profile, tmp_path]


def test_the_scan_finds_a_name_left_in_a_file(tmp_path: Path) -> None:
    (tmp_path / "left.json").write_text(json.dumps({"name": "曾国强"}), encoding="utf-8")
    (tmp_path / "other.txt").write_text("131122196503040113", encoding="utf-8")
    assert sorted(s for _p, s in _hits([tmp_path], {"曾国强", "131122196503040113", "王芳"})) == [
        "131122196503040113", "曾国强"]


def test_main_flows_leave_no_name_or_id_number_outside_the_database(
        qtbot, demo_ctx, ui_app, messages, private_temp: Path, tmp_path: Path, monkeypatch) -> None:
    secrets = _secrets(demo_ctx)
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter())[0].id
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    window.open_household(household_id)
    qtbot.waitUntil(lambda: window.household.visits.detail is not None)

    # A visit started from the household page, typed into, left with 稍后继续.
    steps: list[str] = []

    def type_then_continue_later() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, VisitDialog):
            steps.append(f"not a visit dialog: {dialog!r}")
            if dialog is not None:
                dialog.reject()
            return
        try:
            editor = next(w for w in dialog.findChildren(QWidget)
                          if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit)
                          and w.isVisibleTo(dialog) and w.isEnabled() and not w.isReadOnly())
            editor.insert(TYPED_NOTE) if isinstance(editor, QLineEdit) else editor.insertPlainText(TYPED_NOTE)
            dialog.save_draft()
            crash.handle_exception(RuntimeError, RuntimeError("出错了"), None)  # a crash rescues the draft
            steps.append("typed")
        finally:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, type_then_continue_later)
    window.household.visits.start_visit()
    assert steps == ["typed"]

    # The household's card, previewed and closed.
    previews: list[Path] = []

    def preview(dialog: PdfPreview) -> int:
        previews.append(dialog.pdf)
        assert dialog.pdf.exists()
        dialog.accept()
        return 0

    monkeypatch.setattr(PdfPreview, "exec", preview)
    window.print_card(household_id, "卡")
    window.printing.make()
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    tasks.wait_all()

    # Locked and unlocked with the password.
    monkeypatch.setattr(UnlockDialog, "exec", lambda _dialog: UnlockDialog.DialogCode.Accepted)
    window.lock()
    window.close()
    QApplication.processEvents()

    hits = _hits(_written_folders(tmp_path), secrets)
    assert hits == [], f"personal data outside the database: {hits[:10]}"


def test_a_crash_keeps_the_visit_being_typed_in_the_database_not_in_a_file(
        qtbot, demo_ctx, ui_app, messages, tmp_path: Path) -> None:
    from app.services.drafts import DraftService
    from app.services.households import HouseholdService

    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter())[0].id
    dialog = VisitDialog(demo_ctx, HouseholdService(demo_ctx).get(household_id))
    qtbot.addWidget(dialog)
    dialog.show()
    editor = next(w for w in dialog.findChildren(QLineEdit)
                  if w.isVisibleTo(dialog) and w.isEnabled() and not w.isReadOnly() and w.validator() is None
                  and not w.inputMask() and not w.text())
    editor.insert(TYPED_NOTE)
    assert DraftService(demo_ctx).load(household_id, "visit") is None  # the autosave has not run yet
    crash.handle_exception(RuntimeError, RuntimeError("出错了"), None)
    draft = DraftService(demo_ctx).load(household_id, "visit")
    assert draft is not None and TYPED_NOTE in json.dumps(draft.answers, ensure_ascii=False)
    assert "走访" in messages.texts()  # the crash message says the visit was kept as a draft
    assert _hits(_written_folders(tmp_path), {TYPED_NOTE}) == []
    dialog.reject()
