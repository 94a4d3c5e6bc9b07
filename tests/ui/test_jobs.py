"""JobRunner: work off the GUI thread, results back on it, stale ones dropped."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from pytestqt.qtbot import QtBot

from twitchtrack.ui.jobs import ImmediateExecutor, JobResult, JobRunner


class ManualExecutor(Executor):
    """Holds jobs until the test runs them, in any order, on the test's thread."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], Any]] = []
        self.stopped = False

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        self.jobs.append(lambda: fn(*args, **kwargs))
        return Future()

    def run(self, index: int) -> None:
        self.jobs[index]()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.stopped = True


class ThreadExecutor(Executor):
    """Runs each job on a fresh thread and joins it before ``submit`` returns.

    After the join everything the job did on its thread, including any slot
    connected directly to what it emitted, has finished: no waiting by time.
    """

    def __init__(self) -> None:
        self.thread_ids: list[int] = []

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()

        def work() -> None:
            self.thread_ids.append(threading.get_ident())
            future.set_result(fn(*args, **kwargs))

        worker = threading.Thread(target=work, name="test-worker")
        worker.start()
        worker.join()
        return future


@pytest.fixture
def runner(qapp: object) -> Iterator[JobRunner]:
    made = JobRunner()
    yield made
    assert made.wait(10_000)
    made.shutdown()
    made.deleteLater()


def test_a_job_runs_on_a_worker_and_reports_on_the_gui_thread(
    qtbot: QtBot, runner: JobRunner
) -> None:
    results: list[JobResult] = []
    callers: list[int] = []

    def done(result: JobResult) -> None:
        callers.append(threading.get_ident())
        results.append(result)

    with qtbot.waitSignal(runner.finished, timeout=10_000) as finished:
        runner.run("answer", lambda: 6 * 7, done)
    main = threading.get_ident()
    assert callers == [main]
    [result] = results
    assert finished.args == [result]
    assert (result.name, result.value, result.error, result.ok) == (
        "answer",
        42,
        None,
        True,
    )
    assert result.message == ""
    assert result.thread_id != main
    assert result.seconds >= 0
    assert runner.last is result


def test_an_error_is_handed_to_done_not_raised(qtbot: QtBot, runner: JobRunner) -> None:
    results: list[JobResult] = []

    def broken() -> None:
        raise OSError("disk on fire")

    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.run("broken", broken, results.append)
    [result] = results
    assert not result.ok
    assert isinstance(result.error, OSError)
    assert result.message == "disk on fire"


def test_an_error_without_words_is_named_by_its_type(qapp: object) -> None:
    runner = JobRunner(executor=ImmediateExecutor())
    results: list[JobResult] = []

    def broken() -> None:
        raise KeyError

    runner.run("broken", broken, results.append)
    assert results[0].message == "KeyError"


def test_the_immediate_executor_reports_before_run_returns(qapp: object) -> None:
    runner = JobRunner(executor=ImmediateExecutor())
    results: list[JobResult] = []
    runner.run("now", lambda: "done", results.append)
    assert [r.value for r in results] == ["done"]
    assert results[0].thread_id == threading.get_ident()
    assert not runner.busy


def test_busy_changes_once_each_way(qtbot: QtBot, runner: JobRunner) -> None:
    changes: list[bool] = []
    runner.busy_changed.connect(changes.append)
    release = threading.Event()
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.run("first", release.wait)
        runner.run("second", lambda: None)
        assert runner.busy
        release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    assert changes == [True, False]


def test_a_newer_job_on_a_channel_makes_the_older_result_stale(
    qtbot: QtBot, qapp: object
) -> None:
    manual = ManualExecutor()
    runner = JobRunner(executor=manual)
    results: list[object] = []
    runner.run("old", lambda: "old", lambda r: results.append(r.value), channel="a")
    runner.run("new", lambda: "new", lambda r: results.append(r.value), channel="a")
    other = runner.run("b", lambda: "b", lambda r: results.append(r.value), channel="b")
    plain = runner.run("plain", lambda: "plain", lambda r: results.append(r.value))
    assert runner.is_current(other)
    assert runner.is_current(plain)
    manual.run(1)  # the newer one arrives first
    with qtbot.assertNotEmitted(runner.finished):
        manual.run(0)  # the older one comes late: dropped unseen
    assert results == ["new"]
    assert runner.last is not None
    assert runner.last.value == "new"
    assert runner.busy  # two jobs are still out
    manual.run(2)
    manual.run(3)
    assert results == ["new", "b", "plain"]
    assert not runner.busy


def test_drop_makes_a_channel_stale_without_a_new_job(
    qtbot: QtBot, qapp: object
) -> None:
    manual = ManualExecutor()
    runner = JobRunner(executor=manual)
    results: list[object] = []
    first = runner.run("a", lambda: "a", lambda r: results.append(r.value), channel="a")
    runner.run("b", lambda: "b", lambda r: results.append(r.value), channel="b")
    runner.drop("a")
    assert not runner.is_current(first)
    with qtbot.assertNotEmitted(runner.finished):
        manual.run(0)
    manual.run(1)
    assert results == ["b"]


def test_shutdown_drops_every_pending_result_and_leaves_an_injected_executor(
    qtbot: QtBot, qapp: object
) -> None:
    manual = ManualExecutor()
    runner = JobRunner(executor=manual)
    results: list[object] = []
    runner.run("a", lambda: "a", lambda r: results.append(r.value), channel="a")
    runner.run("plain", lambda: "plain", lambda r: results.append(r.value))
    runner.shutdown()
    with qtbot.assertNotEmitted(runner.finished):
        manual.run(0)
        manual.run(1)
    assert results == []
    assert not manual.stopped  # not ours to stop
    runner.run("again", lambda: "again", lambda r: results.append(r.value), channel="a")
    manual.run(2)
    assert results == ["again"]


def test_the_owned_pool_is_stopped_by_shutdown_and_made_again_by_run(
    qtbot: QtBot, runner: JobRunner
) -> None:
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.run("one", lambda: 1)
    pool = runner._pool._executor
    assert isinstance(pool, ThreadPoolExecutor)
    runner.shutdown()
    assert runner._pool._executor is None
    with pytest.raises(RuntimeError, match="shutdown"):
        pool.submit(lambda: None)  # really stopped
    with qtbot.waitSignal(runner.finished, timeout=10_000) as finished:
        runner.run("two", lambda: 2)
    assert finished.args[0].value == 2


def test_destroying_the_parent_stops_the_owned_pool(qtbot: QtBot, qapp: object) -> None:
    parent = QObject()
    runner = JobRunner(parent)
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.run("one", lambda: 1)
    pool = runner._pool._executor
    assert isinstance(pool, ThreadPoolExecutor)
    with qtbot.waitSignal(runner.destroyed):
        parent.deleteLater()
    with pytest.raises(RuntimeError, match="shutdown"):
        pool.submit(lambda: None)


def test_a_result_for_a_runner_that_is_gone_is_dropped_quietly(
    qtbot: QtBot, qapp: object
) -> None:
    release = threading.Event()
    started = threading.Event()
    runner = JobRunner()

    def job() -> str:
        started.set()
        release.wait()
        return "late"

    runner.run("late", job)
    assert started.wait(10)
    pool = runner._pool
    with qtbot.waitSignal(runner.destroyed):
        runner.deleteLater()
    release.set()
    assert pool.wait(10)  # the job ended; its emit on a deleted object raised nothing


def test_wait_says_whether_the_jobs_ended_in_time(
    qtbot: QtBot, runner: JobRunner
) -> None:
    release = threading.Event()
    runner.run("held", release.wait)
    assert not runner.wait(50)
    release.set()
    assert runner.wait(10_000)
    assert runner.wait(0)  # nothing left


def test_the_collector_stays_off_on_the_worker_until_the_result_is_sent(
    qtbot: QtBot, qapp: object
) -> None:
    # A collection on the worker could destroy garbage Qt objects (old charts,
    # closed windows) off the GUI thread; paused, it runs later on the GUI thread.
    qtbot.waitUntil(gc.isenabled)  # no other worker holds it off right now
    executor = ThreadExecutor()
    runner = JobRunner(executor=executor)
    sent: list[tuple[bool, bool]] = []
    runner._delivered.connect(
        lambda _ticket, result: sent.append((result.value, gc.isenabled())),
        Qt.ConnectionType.DirectConnection,  # runs on the worker, as it emits
    )
    results: list[JobResult] = []
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.run("collector", gc.isenabled, results.append)
    # submit() joined the worker, so the direct slot above has run by now.
    assert sent == [(False, False)]  # off while the job ran and while it reported
    assert results[0].thread_id == executor.thread_ids[0] != threading.get_ident()
    assert gc.isenabled()  # and back on afterwards
