"""Cyclic garbage is collected on the UI thread only.

When Python collects in whichever thread happens to allocate, a worker (printing a batch of cards,
merging a bundle) can end up deleting a Qt wrapper created on the UI thread, and Qt crashes the
process ("Garbage-collecting" in a worker's stack). Automatic collection is switched off and this
timer runs the same generational collection from the event loop instead. Jobs that want fewer
collections raise the threshold through app.garbage, which this collector reads at every tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        """Collect each generation whose count has passed its threshold, as automatic collection would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
