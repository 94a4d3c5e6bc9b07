"""The one background-job helper: work off the GUI thread, results back on it."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from twitchtrack.storage.gc_pause import paused_collector

Done = Callable[["JobResult"], None]


@dataclass(frozen=True, slots=True)
class JobResult:
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

    @property
    def message(self) -> str:
        """The error as a sentence for the window ('' when the job worked)."""
        if self.error is None:
            return ""
        return str(self.error) or type(self.error).__name__


class ImmediateExecutor(Executor):
    """Runs each job at once in the caller's thread (tests, benchmarks, screenshots)."""

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # kept in the future, as a real executor does
            future.set_exception(err)
        return future


class _Pool:
    """The executor: the injected one, or a one-thread pool made (and owned) here.

    Plain Python, so it can still be shut down after its runner's Qt half is gone.
    """

    def __init__(self, executor: Executor | None, thread_name: str) -> None:
        self._executor = executor
        self._owned = executor is None
        self._thread_name = thread_name
        self._futures: set[Future[Any]] = set()

    def submit(self, work: Callable[[], None]) -> None:
        if self._executor is None:
            # One thread: jobs run one after another, so two of them never touch
            # the same file at once.
            self._executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=self._thread_name
            )
        future = self._executor.submit(work)
        if isinstance(future, Future) and not future.done():
            self._futures.add(future)
            future.add_done_callback(self._futures.discard)

    def wait(self, seconds: float | None) -> bool:
        futures = list(self._futures)
        if not futures:
            return True
        _, not_done = wait(futures, timeout=seconds)
        return not not_done

    def shutdown(self) -> None:
        if self._owned and self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


@dataclass(slots=True)
class _Pending:
    done: Done | None
    channel: str | None
    current: bool = True  # False once stale: the result will be dropped


class JobRunner(QObject):
    """Runs jobs on a worker; each job's ``done(result)`` runs back on this thread.

    Jobs get plain values and return them; they never touch widgets. The cycle
    collector is paused while a job runs and while it reports (any allocation on
    the worker could start a collection there, destroying garbage Qt objects off
    the GUI thread; paused, it runs a moment later on the GUI thread).

    A job may name a ``channel``: a newer job on the same channel, or
    :meth:`drop`, makes the older one's result stale, and a stale result is
    dropped unseen (no ``done``, no ``finished``). :meth:`shutdown` drops every
    pending result. The executor is injectable (``ImmediateExecutor`` runs jobs
    at once, in the caller's thread, so ``done`` runs before ``run`` returns);
    by default a one-thread pool is made on first use, owned here, and stopped
    by :meth:`shutdown` or when this object is destroyed.
    """

    finished = Signal(object)  # JobResult of every delivered job, after ``done``
    busy_changed = Signal(bool)

    # Emitted on the worker; this object lives on the GUI thread, so the slot
    # runs there, queued (or at once, when the job ran on this thread).
    _delivered = Signal(int, object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        executor: Executor | None = None,
        thread_name: str = "twitchtrack-jobs",
    ) -> None:
        super().__init__(parent)
        self._pool = _Pool(executor, thread_name)
        self._tickets = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._delivered.connect(self._on_delivered)
        self.last: JobResult | None = None
        pool = self._pool
        # A closure over the pool only: the runner is gone when this fires.
        self.destroyed.connect(lambda *_: pool.shutdown())

    @property
    def busy(self) -> bool:
        """True while a job is queued or running (stale ones too, until they end)."""
        return bool(self._pending)

    def run(
        self,
        name: str,
        job: Callable[[], Any],
        done: Done | None = None,
        *,
        channel: str | None = None,
    ) -> int:
        """Run ``job()`` on the worker, then ``done(result)`` here; returns a ticket.

        With a ``channel``, the jobs of that channel still under way become stale:
        their results will be dropped.
        """
        if channel is not None:
            self.drop(channel)
        ticket = next(self._tickets)
        was_busy = self.busy
        self._pending[ticket] = _Pending(done, channel)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.submit(_Work(self, ticket, name, job))
        return ticket

    def drop(self, channel: str | None = None) -> None:
        """Make the pending results of ``channel`` (None: of every job) stale."""
        for pending in self._pending.values():
            if channel is None or pending.channel == channel:
                pending.current = False

    def is_current(self, ticket: int) -> bool:
        """True while the result of ``ticket`` is still wanted (pending, not stale)."""
        pending = self._pending.get(ticket)
        return pending is not None and pending.current

    def wait(self, msecs: int = -1) -> bool:
        """Wait for queued and running jobs (on quit); their callbacks are not run.

        False if a job was still running when ``msecs`` ran out (-1: no limit).
        """
        return self._pool.wait(None if msecs < 0 else msecs / 1000)

    def shutdown(self) -> None:
        """Drop every pending result and stop the pool made here.

        An injected executor is left alone; a later :meth:`run` starts a new pool.
        """
        self.drop()
        self._pool.shutdown()

    @Slot(int, object)
    def _on_delivered(self, ticket: int, result: JobResult) -> None:
        pending = self._pending.pop(ticket, None)
        try:
            if pending is not None and pending.current:
                self.last = result
                try:
                    if pending.done is not None:
                        pending.done(result)
                finally:
                    self.finished.emit(result)
        finally:
            if not self.busy:
                self.busy_changed.emit(False)


class _Work:
    """One job as the executor sees it: a callable taking nothing."""

    __slots__ = ("_job", "_name", "_runner", "_ticket")

    def __init__(
        self, runner: JobRunner, ticket: int, name: str, job: Callable[[], Any]
    ) -> None:
        self._runner = runner
        self._ticket = ticket
        self._name = name
        self._job = job

    def __call__(self) -> None:
        start = time.perf_counter()
        value: Any = None
        error: Exception | None = None
        # Held for the emit too: it allocates, and so could start a collection.
        with paused_collector():
            try:
                value = self._job()
            except Exception as err:  # handed to ``done``, never a traceback
                error = err
            result = JobResult(
                self._name,
                value,
                error,
                threading.get_ident(),
                time.perf_counter() - start,
            )
            # RuntimeError: the runner went away (window closed) while the job
            # ran; nobody is left to tell.
            with contextlib.suppress(RuntimeError):
                self._runner._delivered.emit(self._ticket, result)
