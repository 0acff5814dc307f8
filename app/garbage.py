"""When Python's cyclic garbage collector runs, decided in one place for the whole process.

Two needs meet here. A long job (a bundle merge, a roster import) makes hundreds of thousands of acyclic
objects that all live to its end; collecting young objects at the default rate walks them again and
again for nothing. And the desktop must never collect in a worker thread: a collection there can
delete Qt objects away from the thread that owns them, which crashes Qt. The desktop therefore
turns automatic collection off and collects on its UI thread (app/ui/garbage_collector.py); jobs
only ever raise the first threshold here, never switch the collector on or off, so they cannot
undo that. Jobs running at once share one setting: the thresholds in force before the first of
them are restored when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young objects a job lets pile up before a collection (the default is 700, or the UI's own).
JOB_THRESHOLD = 100_000
# Young collections before the middle generation is collected (the default is 10). Nearly every
# object a job makes survives to its end, so each middle collection walked them all again and
# pushed them towards full collections that walk the whole heap: a 30,000-household bundle import
# spent 1.9 s collecting (24 middle and 2 full collections), 0.8 s with this (measured with
# gc.callbacks, issue 23); the roster import 1.95 → 0.38 s.
JOB_MIDDLE_THRESHOLD = 100

_lock = threading.Lock()
_jobs = 0
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect young objects less often while this block runs; safe to nest and to use from any thread."""
    global _jobs, _saved
    with _lock:
        if _jobs == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_saved[0], JOB_THRESHOLD), max(_saved[1], JOB_MIDDLE_THRESHOLD), *_saved[2:])
        _jobs += 1
    try:
        yield
    finally:
        with _lock:
            _jobs -= 1
            if _jobs == 0:
                gc.set_threshold(*_saved)
