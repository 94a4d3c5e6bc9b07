"""Run slow work (reports, imports, reading backups) on a worker thread."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from twitchtrack.ui.state import no_cycle_collection


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a job returned or raised, where it ran and how long it took."""

    name: str
    value: Any
    error: Exception | None
    thread_id: int
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the job returned normally."""
        return self.error is None


class _Job(QRunnable):
    def __init__(
        self, runner: TaskRunner, number: int, name: str, job: Callable[[], Any]
    ) -> None:
        super().__init__()
        self._runner = runner
        self._number = number
        self._name = name
        self._job = job

    def run(self) -> None:
        start = time.perf_counter()
        value: Any = None
        error: Exception | None = None
        # Counted pause shared with the other workers (see state.no_cycle_collection),
        # held for the emit too: any allocation on this thread could start one.
        with no_cycle_collection():
            try:
                value = self._job()
            except Exception as err:
                error = err
            result = TaskResult(
                self._name,
                value,
                error,
                threading.get_ident(),
                time.perf_counter() - start,
            )
            # Emitted from this thread; the runner lives on the GUI thread, so the
            # slot runs there, queued. A runner already deleted (window closed) has
            # no use for the result.
            with contextlib.suppress(RuntimeError):
                self._runner._finished.emit(self._number, result)


class TaskRunner(QObject):
    """One worker thread; each job's callback runs back on the GUI thread.

    Jobs run one after another, so two of them never touch the same journal file
    at once. Jobs must not touch widgets; they get plain values and return them.
    """

    finished = Signal(object)  # TaskResult of every job, after its callback
    busy_changed = Signal(bool)

    _finished = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setObjectName("twitchtrack-tasks")
        self._numbers = itertools.count(1)
        self._callbacks: dict[int, Callable[[TaskResult], None]] = {}
        self._finished.connect(self._on_job_finished)
        self.last: TaskResult | None = None

    @property
    def busy(self) -> bool:
        """True while a job is queued or running."""
        return bool(self._callbacks)

    def run(
        self,
        name: str,
        job: Callable[[], Any],
        done: Callable[[TaskResult], None],
    ) -> None:
        """Run ``job()`` on the worker thread, then ``done(result)`` on this one."""
        number = next(self._numbers)
        was_busy = self.busy
        self._callbacks[number] = done
        self._pool.start(_Job(self, number, name, job))
        if not was_busy:
            self.busy_changed.emit(True)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for running jobs (on quit); their callbacks are not run."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_job_finished(self, number: int, result: TaskResult) -> None:
        done = self._callbacks.pop(number, None)
        self.last = result
        try:
            if done is not None:
                done(result)
        finally:
            if not self.busy:
                self.busy_changed.emit(False)
            self.finished.emit(result)
