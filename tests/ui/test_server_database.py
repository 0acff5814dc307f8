"""The desktop application on a county center's PostgreSQL database."""

from __future__ import annotations

from app.ui.app import main_window, open_session
from app.ui.settings import Settings


def test_a_server_database_opens_without_a_password_and_never_shows_its_password(
        qtbot, ui_app, messages, postgres, postgres_templates) -> None:
    address = postgres.create_database("ui_county", template=postgres_templates["county"])
    settings = Settings(database=address.replace("fangpin@", "fangpin:geheim@"))
    ctx = open_session(settings)  # no unlock dialog: the server checks who connects
    assert ctx is not None and ctx.db.dialect == "postgresql"
    window = main_window(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.database_label.text() == f"数据库：ui_county@{postgres.socket_dir}"
        assert "geheim" not in window.database_label.toolTip() and "***" in window.database_label.toolTip()
        window.lock()  # nothing to unlock with: the window stays usable
        assert window.centralWidget().isVisible()
    finally:
        window.close()
        ctx.db.close()


def test_an_unreachable_server_is_a_plain_message(qtbot, ui_app, messages, postgres) -> None:
    settings = Settings(database=postgres.url("no_such_database"))
    assert open_session(settings) is None
    assert "无法打开数据库" in messages.texts()
