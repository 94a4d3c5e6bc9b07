"""The one counted pause of Python's cycle collector, shared by every thread."""

from __future__ import annotations

import contextlib
import gc
import importlib
import threading
from collections.abc import Iterator
from types import ModuleType


class _Pause:
    """How many holders need the (process-wide) cycle collector paused."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False


# The collector is one per process, so its pause count must be too: two
# independent pauses could each switch it back on while the other still needs it.
_PAUSE = _Pause()


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Keep the cycle collector off for the block; safe to overlap and nest.

    Two kinds of caller need it. Storage builds hundreds of thousands of objects
    and no cycles when it validates or writes a big journal; the collector would
    scan them again and again, which more than doubled load time (measured).
    Worker threads of the window must not run a collection: it could destroy
    garbage Qt objects (widgets, watchers) off the GUI thread; paused, it simply
    runs a moment later on the GUI thread.

    The pause is counted across all threads: the collector comes back when the
    last holder leaves, and only if it was on when the first one came.
    """
    with _PAUSE.lock:
        if _PAUSE.holders == 0:
            _PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSE.holders += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.holders -= 1
            if _PAUSE.holders == 0 and _PAUSE.was_enabled:
                gc.enable()


def import_frozen(name: str) -> ModuleType:
    """Import module ``name`` with the collector paused, then freeze every object
    that exists: what a start-up imports lives as long as the process.

    An import makes tens of thousands of objects (functions, classes, pydantic's
    schemas, Qt's wrappers) and next to no garbage cycles, yet every 700 of them
    set off a collection that scans the young ones again: 98 collections, about
    15 ms of the window's start (counted). Frozen, they are never scanned again either.
    """
    with paused_collector():
        module = importlib.import_module(name)
        gc.freeze()
    return module
