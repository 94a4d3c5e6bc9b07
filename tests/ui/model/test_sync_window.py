"""The window in a sync folder: conflict copies merged on open, on a watcher event and
before a save; the journal replaced underneath; this computer named in each change."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import filelock
import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.storage.conflicts import ARCHIVE_DIR, find_conflict_copies
from twitchtrack.storage.device import device_id
from twitchtrack.storage.journal_store import LOCK_FILE, JournalStore
from twitchtrack.ui.history.view import HistoryView
from twitchtrack.ui.model import INSTANCE_LOCK_FILE, JournalModel, acquire_instance_lock

from ..conftest import FAST, OpenWindow, durable, on_disk

HERE, THERE = "a3f9c0de1122a3f9", "77e1b0c0ffee51de"
AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
DAY = date(2026, 12, 1)
COPY = "journal.sync-conflict-20261201-101500-BBBBBBB.json"

SyncModel = Callable[..., JournalModel]


@pytest.fixture
def sync_model(qapp: object, data_dir: Path) -> Iterator[SyncModel]:
    """A JournalModel whose store knows this computer, as the app makes it."""
    models: list[JournalModel] = []

    def factory(**options: Any) -> JournalModel:
        store = JournalStore(data_dir, device=HERE)
        model = JournalModel(store, QUndoStack(), **{**FAST, **options})
        models.append(model)
        return model

    yield factory
    for model in reversed(models):
        model.close()


def _their_copy(folder: Path, *records: Episode | DayLog, name: str = COPY) -> Path:
    """What a sync tool leaves: the other computer's journal under a copy's name."""
    other = folder.parent / "other-computer"
    store = JournalStore(other, device=THERE)
    store.save(
        Journal().with_records(
            [r for r in records if isinstance(r, Episode)],
            [r for r in records if isinstance(r, DayLog)],
        )
    )
    target = folder / name
    os.replace(store.path, target)
    return target


def _archived(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / ARCHIVE_DIR).iterdir())


def test_a_copy_left_while_the_app_was_closed_is_merged_on_open(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    mine = Episode(at=AT, region="calf_left")
    JournalStore(data_dir, device=HERE).save(Journal(episodes=[mine]))
    theirs = [Episode(at=AT + timedelta(hours=n), region="chin") for n in (1, 2)]
    _their_copy(data_dir, *theirs)
    model = sync_model(watch=False)
    # Nothing was changed here: the copies alone make the window save.
    with qtbot.waitSignal(model.conflicts_merged) as told:
        pass
    assert told.args == ["Merged 2 entries from another computer's copy made on 1 Dec."]
    qtbot.waitUntil(lambda: all(model.episode(e.id) == e for e in theirs))
    assert {e.id for e in on_disk(data_dir).episodes} == {
        mine.id,
        *(e.id for e in theirs),
    }
    assert find_conflict_copies(model.store.path) == []
    assert _archived(data_dir)[0].endswith(COPY)


def test_a_copy_beside_an_unchanged_journal_is_seen_by_the_watcher(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    model = sync_model()
    with durable(qtbot, model):
        model.log_episode("calf_left", at=AT)
    theirs = Episode(at=AT, region="thumb_left")
    # Syncthing renames the older side to the copy; when that is the other
    # computer's, journal.json itself does not change here.
    with qtbot.waitSignal(model.conflicts_merged, timeout=10_000):
        _their_copy(data_dir, theirs)
    qtbot.waitUntil(lambda: model.episode(theirs.id) == theirs)
    assert theirs.id in {e.id for e in on_disk(data_dir).episodes}


def test_a_check_in_edited_here_and_in_a_copy_keeps_both_fields(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    model = sync_model(watch=False, save_delay_ms=60_000)  # our edit stays unsaved
    assert model.set_day_values(DAY, caffeine_mg=250) is None
    # The other computer made the same day's check-in on its own (same id).
    _their_copy(data_dir, DayLog.for_day(DAY, sleep_h=6.5))
    with qtbot.waitSignal(model.conflicts_merged):
        model.flush()  # before the save, the copy is merged in
    shown = model.day(DAY)
    assert shown is not None
    qtbot.waitUntil(lambda: (model.day(DAY) or shown).sleep_h == 6.5)
    shown = model.day(DAY)
    assert shown is not None
    assert (shown.caffeine_mg, shown.sleep_h) == (250, 6.5)
    saved = on_disk(data_dir).day(DAY)
    assert saved is not None
    assert (saved.caffeine_mg, saved.sleep_h) == (250, 6.5)


def test_a_read_only_window_merges_nothing(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    JournalStore(data_dir, device=HERE).save(Journal())
    copy = _their_copy(data_dir, Episode(at=AT, region="chin"))
    model = sync_model(read_only_reason="another window has it")
    model.check_external()
    assert model.close()
    assert copy.exists()


# ------------------------------------------------ replaced underneath by a sync tool


def _replace_with_older(folder: Path, journal: Journal) -> None:
    """Write the other computer's version to a temp file and rename it over the
    journal, keeping that computer's older modification time (as Syncthing does)."""
    other = folder.parent / "elsewhere"
    JournalStore(other, device=THERE).save(journal)
    tmp = folder / ".syncthing.journal.json.tmp"
    os.replace(other / "journal.json", tmp)
    old = (folder / "journal.json").stat().st_mtime - 3600
    os.utime(tmp, (old, old))
    os.replace(tmp, folder / "journal.json")


def test_replaced_underneath_while_edits_wait_unsaved(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    shared = DayLog.for_day(DAY, stress=3)
    JournalStore(data_dir, device=HERE).save(Journal(days=[shared]))
    model = sync_model(watch=False, save_delay_ms=60_000)
    mine = model.log_episode("calf_left", at=AT)
    assert mine is not None
    assert model.set_day_values(DAY, caffeine_mg=250) is None
    theirs = Episode(at=AT, region="chin")
    _replace_with_older(
        data_dir,
        Journal(episodes=[theirs], days=[shared.edited(sleep_h=6.5, device=THERE)]),
    )
    with qtbot.waitSignal(model.external_change_merged):
        model.check_external()
    assert model.close()
    journal = on_disk(data_dir)
    assert {e.id for e in journal.episodes} == {mine.id, theirs.id}
    day = journal.day(DAY)
    assert day is not None
    assert (day.stress, day.caffeine_mg, day.sleep_h) == (3, 250, 6.5)


def test_replaced_underneath_while_a_save_is_under_way(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    JournalStore(data_dir, device=HERE).save(Journal())
    model = sync_model(watch=False)
    theirs = Episode(at=AT, region="chin")
    # Another program holds the journal's lock: the window's save waits for it.
    other = filelock.FileLock(data_dir / LOCK_FILE, timeout=5)
    with other:
        mine = model.log_episode("calf_left", at=AT)
        assert mine is not None
        # Meanwhile the sync tool (which takes no lock) replaces the file.
        _replace_with_older(data_dir, Journal(episodes=[theirs]))
    with durable(qtbot, model):
        pass
    qtbot.waitUntil(lambda: model.episode(theirs.id) == theirs)
    assert {e.id for e in on_disk(data_dir).episodes} == {mine.id, theirs.id}


# ------------------------------------------------------------- this computer's name


def test_every_change_the_window_makes_names_this_computer(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    JournalStore(data_dir, device=THERE).save(
        Journal(episodes=[Episode(at=AT, region="chin", device=THERE)])
    )
    model = sync_model()
    (old,) = model.episodes()
    with durable(qtbot, model):
        logged = model.log_episode("calf_left", at=AT)
        model.edit_episode(old.id, note="seen here")
        model.set_day_values(DAY, caffeine_mg=100)
    assert logged is not None
    assert {e.device for e in model.episodes()} == {HERE}
    day = model.day(DAY)
    assert day is not None
    assert day.device == HERE
    with durable(qtbot, model):
        model.undo_stack.undo()  # undo is a new version made here too
    assert (model.day(DAY) or day).device == HERE
    assert {e.device for e in on_disk(data_dir).episodes} == {HERE}


def test_history_says_which_computer_changed_the_selected_episode(
    qtbot: QtBot, sync_model: SyncModel, data_dir: Path
) -> None:
    here = Episode(at=AT, region="calf_left", device=HERE, updated_at=AT)
    there = Episode(at=AT + timedelta(hours=1), region="chin", device=THERE)
    unknown = Episode(at=AT + timedelta(hours=2), region="thumb_left")
    JournalStore(data_dir).save(Journal(episodes=[here, there, unknown]))
    view = HistoryView(sync_model())
    qtbot.addWidget(view)
    view.load()
    label = view.changed
    assert view.select_episode(here.id)
    local = AT.astimezone()
    assert label.text() == (
        f"Last changed {local.day} Dec at {local:%H:%M} on this computer."
    )
    assert view.select_episode(there.id)
    assert label.text().endswith("on another computer (…51de).")
    assert view.select_episode(unknown.id)
    assert "computer" not in label.text()
    view.table.clearSelection()
    assert label.text() == ""


def test_a_window_lock_file_from_another_computer_does_not_lock_this_one(
    qapp: object, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    # A sync tool brought the laptop's lock file (its window is open there).
    (data_dir / INSTANCE_LOCK_FILE).write_text(
        f"{os.getpid()}\ntwitchtrack\nthe-laptop\n0123456789abcdef\n"
    )
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    assert lock.isLocked()
    # A second window on this computer is still refused.
    assert acquire_instance_lock(data_dir) is None
    lock.unlock()


def test_the_window_says_what_it_merged_in_its_status_bar(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    JournalStore(data_dir).save(Journal())
    _their_copy(data_dir, Episode(at=AT, region="chin"))
    session = open_window()
    bar = session.window.statusBar()
    qtbot.waitUntil(
        lambda: (
            bar.currentMessage()
            == "Merged 1 entry from another computer's copy made on 1 Dec."
        )
    )
    # The window's store knows this computer, as the command line's does.
    assert session.store.device == device_id()
