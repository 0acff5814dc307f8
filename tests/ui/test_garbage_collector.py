"""Cyclic garbage is collected on the UI thread only, and long jobs never switch automatic collection back on."""

from __future__ import annotations

import gc
import threading

from app.garbage import JOB_MIDDLE_THRESHOLD, JOB_THRESHOLD, fewer_collections
from app.ui.garbage_collector import UiThreadCollector


def test_the_application_collects_on_its_own_thread(ui_app) -> None:
    assert not gc.isenabled()
    assert len(ui_app.findChildren(UiThreadCollector)) == 1
    collector = ui_app.findChild(UiThreadCollector)
    assert collector.timer.isActive()
    garbage = [[]]
    garbage[0].append(garbage)  # a cycle only the collector can free
    gc.set_threshold(0, *gc.get_threshold()[1:])
    try:
        collector.collect()
        assert gc.get_count()[0] <= 1
    finally:
        gc.set_threshold(700, *gc.get_threshold()[1:])


def test_jobs_in_threads_share_one_setting_and_restore_it(ui_app) -> None:
    before = gc.get_threshold()
    inside: list[tuple[int, ...]] = []
    entered, release = threading.Barrier(3), threading.Event()

    def job() -> None:
        with fewer_collections():
            entered.wait()
            inside.append(gc.get_threshold())
            release.wait()

    workers = [threading.Thread(target=job) for _ in range(2)]
    for worker in workers:
        worker.start()
    entered.wait()
    release.set()
    for worker in workers:
        worker.join()
    assert all(threshold[0] >= JOB_THRESHOLD and threshold[1] >= JOB_MIDDLE_THRESHOLD for threshold in inside)
    assert gc.get_threshold() == before and not gc.isenabled()
