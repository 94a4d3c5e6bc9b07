"""The cycle collector pause is one count shared by storage and the ui workers."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.storage.conftest import sample_journal
from twitchtrack.domain.models import Journal
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.parse import parse_journal
from twitchtrack.storage.serialize import JournalText


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    # Put the collector back as the test found it, whatever the test did to it.
    if was:
        gc.enable()
    else:
        gc.disable()


class _Holder:
    """A thread (as a ui worker) that takes the pause and keeps it until released."""

    def __init__(self) -> None:
        self.holding = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with paused_collector():
            self.holding.set()
            self.release.wait(10)

    def start(self) -> None:
        self.thread.start()
        assert self.holding.wait(10)

    def stop(self) -> None:
        self.release.set()
        self.thread.join(10)
        assert not self.thread.is_alive()


def test_a_parse_that_ends_leaves_another_threads_pause_in_place(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A ui worker takes its pause while storage is parsing (storage paused the
    # collector first); storage finishing must not switch the collector back on
    # under the worker's feet. (It did while storage had a pause of its own.)
    raw = sample_journal().model_dump_json().encode()
    holder = _Holder()
    validate = Journal.model_validate_json

    def validate_while_a_worker_starts(data: Any, **kwargs: Any) -> Journal:
        assert not gc.isenabled()  # storage's own pause is on
        holder.start()
        return validate(data, **kwargs)

    monkeypatch.setattr(Journal, "model_validate_json", validate_while_a_worker_starts)
    try:
        parse_journal(raw, tmp_path / "journal.json")
        assert not gc.isenabled(), "storage switched the collector on mid-pause"
    finally:
        holder.stop()
    assert gc.isenabled()  # and it comes back once the last holder is done


def test_storage_work_inside_a_workers_pause_leaves_it_off() -> None:
    holder = _Holder()
    holder.start()
    try:
        text = bytes(JournalText().serialize(sample_journal()))
        parse_journal(text, Path("journal.json"))
        assert not gc.isenabled()
    finally:
        holder.stop()
    assert gc.isenabled()


def test_overlapping_holders_keep_it_off_until_the_last_leaves() -> None:
    first, second = _Holder(), _Holder()
    first.start()
    second.start()
    first.stop()
    assert not gc.isenabled()
    second.stop()
    assert gc.isenabled()


def test_nested_pauses_on_one_thread_are_counted() -> None:
    with paused_collector():
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused_collector():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_pause_is_lifted_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), paused_collector():
        raise RuntimeError
    assert gc.isenabled()


_IMPORT_FROZEN = """
import gc, json, sys
gc.disable() if sys.argv[1] == "off" else gc.enable()
from twitchtrack.storage.gc_pause import import_frozen
runs = []
gc.callbacks.append(lambda phase, _: runs.append(1) if phase == "start" else None)
module = import_frozen("twitchtrack.storage.journal_store")
print(json.dumps([module.__name__, len(runs), gc.get_freeze_count(), gc.isenabled()]))
"""


@pytest.mark.parametrize("state", ["on", "off"])
def test_an_import_for_good_runs_no_collection_and_freezes_what_it_made(
    state: str,
) -> None:
    # In a process of its own: a freeze here would keep this test run's objects.
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_FROZEN, state],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    name, collections, frozen, enabled = json.loads(done.stdout)
    assert name == "twitchtrack.storage.journal_store"
    # pydantic and the models alone are tens of thousands of objects: unpaused,
    # they set off dozens of collections.
    assert collections == 0
    assert frozen > 10_000
    assert enabled is (state == "on")  # the collector is left as it was found
