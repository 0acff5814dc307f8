"""What a use case changed, brought to the screens: they update those rows instead of reloading.

Each unit of work that commits says which households, cases and warnings it touched
(``app.services.unit_of_work.Changed``). The feed hears it from whichever thread ran the use case
and hands it to the UI thread as a Qt signal (a queued delivery when it comes from a worker).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from app.services.context import ServiceContext
from app.services.unit_of_work import Changed, watch


class ChangeFeed(QObject):
    changed = Signal(object)  # Changed

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        feed = weakref.ref(self)

        def deliver(changed: Changed) -> None:
            # The window may be gone (closed, or a test's window deleted) before its database.
            alive = feed()
            if alive is not None and isValid(alive):
                alive.changed.emit(changed)

        self.stop = watch(ctx.db, deliver)
        self.destroyed.connect(self.stop)
