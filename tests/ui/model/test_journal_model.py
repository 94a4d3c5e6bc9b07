"""JournalModel: undoable changes, off-thread saves, failures, other writers, locks."""

from __future__ import annotations

import gc
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import DayLog, Episode, Journal, SelfCheck, Units
from twitchtrack.storage.errors import SaveError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.model import JournalModel, acquire_instance_lock
from twitchtrack.ui.model.writer import Writer

from ..conftest import MakeModel, durable, on_disk

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def live_ids(journal: Journal) -> set[object]:
    return {e.id for e in journal.live_episodes()}


def test_logging_saves_and_undo_redo_reach_the_disk(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    with durable(qtbot, model):
        episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    assert live_ids(on_disk(data_dir)) == {episode.id}
    assert on_disk(data_dir).live_episodes()[0].intensity == 3  # the default

    with durable(qtbot, model):
        model.undo_stack.undo()
    disk = on_disk(data_dir)
    assert live_ids(disk) == set()
    assert [e.id for e in disk.episodes if e.deleted] == [episode.id]  # a tombstone

    with durable(qtbot, model):
        model.undo_stack.redo()
    assert live_ids(on_disk(data_dir)) == {episode.id}


def test_saving_happens_off_the_ui_thread(
    qtbot: QtBot, make_model: MakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = make_model()
    threads: list[object] = []
    real_save = model.store.save

    def spy(journal: Journal, base: Journal | None = None) -> Journal:
        threads.append(threading.current_thread())
        return real_save(journal, base)

    monkeypatch.setattr(model.store, "save", spy)
    with durable(qtbot, model):
        model.log_episode("calf_left", at=AT)
    assert threads
    assert threads[0] is not threading.main_thread()


def test_the_writer_sends_its_result_with_the_collector_still_off(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    # Sending a signal allocates, and any allocation on the writer thread could start
    # a collection there that destroys garbage Qt objects off the GUI thread.
    qtbot.waitUntil(gc.isenabled)  # no other worker holds it off right now
    model = make_model()
    seen: list[tuple[bool, bool]] = []

    def on_writer_thread(*_args: object) -> None:
        on_main = threading.current_thread() is threading.main_thread()
        seen.append((on_main, gc.isenabled()))

    model._saver.writer.save_finished.connect(
        on_writer_thread, Qt.ConnectionType.DirectConnection
    )
    with durable(qtbot, model):
        model.log_episode("calf_left", at=AT)
    # The model's own (queued) slot was connected first, so the save can be
    # reported here before the slot above has run on the writer thread. Stopping
    # the thread waits for it, so the look below never races it.
    model.close()
    assert seen == [(False, False)]


def test_slider_style_edits_merge_into_one_undo_step(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    episode = model.log_episode("thumb_right", at=AT)
    assert episode is not None
    for value in (4, 5, 6, 7):
        assert model.edit_episode(episode.id, merge=True, intensity=value) is None
    assert model.undo_stack.count() == 2  # log + one merged edit
    with durable(qtbot, model):
        model.undo_stack.undo()
    assert on_disk(data_dir).live_episodes()[0].intensity == 3
    with durable(qtbot, model):
        model.undo_stack.redo()
    assert on_disk(data_dir).live_episodes()[0].intensity == 7


def test_edits_of_different_fields_do_not_merge(make_model: MakeModel) -> None:
    model = make_model()
    episode = model.log_episode("thumb_right", at=AT)
    assert episode is not None
    model.edit_episode(episode.id, merge=True, intensity=5)
    model.edit_episode(episode.id, merge=True, note="after coffee")
    assert model.undo_stack.count() == 3
    model.undo_stack.undo()
    current = model.episode(episode.id)
    assert current is not None
    assert (current.intensity, current.note) == (5, "")


def test_a_refused_value_returns_a_message_and_changes_nothing(
    make_model: MakeModel,
) -> None:
    model = make_model()
    episode = model.log_episode("thumb_right", at=AT)
    assert episode is not None
    message = model.edit_episode(episode.id, intensity=11)
    assert message is not None
    assert "intensity" in message
    assert "10" in message
    assert model.episode(episode.id) == episode
    assert model.undo_stack.count() == 1
    assert model.set_day_values(date(2026, 3, 2), stress=12) is not None
    assert model.day(date(2026, 3, 2)) is None


def test_day_values_persist_and_undo(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    day = date(2026, 3, 2)
    with durable(qtbot, model):
        assert (
            model.set_day_values(day, caffeine_mg=190, medications=["Cetirizine"])
            is None
        )
    on_file = on_disk(data_dir).day(day)
    assert on_file is not None
    assert (on_file.caffeine_mg, on_file.medications) == (190, ["Cetirizine"])
    with durable(qtbot, model):
        model.set_day_values(day, caffeine_mg=285)
    with durable(qtbot, model):
        model.undo_stack.undo()
    on_file = on_disk(data_dir).day(day)
    assert on_file is not None
    assert on_file.caffeine_mg == 190


def test_undo_and_redo_always_move_updated_at_forward(make_model: MakeModel) -> None:
    model = make_model()
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    stamps = [episode.updated_at]
    for _ in range(20):
        model.undo_stack.undo()
        model.undo_stack.redo()
        current = model.episode(episode.id)
        assert current is not None
        stamps.append(current.updated_at)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)


def test_a_failed_save_keeps_the_change_and_retries(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = make_model()
    real_save = model.store.save

    def broken(journal: Journal, base: Journal | None = None) -> Journal:
        raise SaveError(f"writing {model.store.path} failed: No space left on device")

    monkeypatch.setattr(model.store, "save", broken)
    with qtbot.waitSignal(model.save_failed) as failed:
        episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    assert "No space left" in failed.args[0]
    assert model.is_dirty
    assert model.episode(episode.id) == episode
    assert not model.store.path.exists()

    monkeypatch.setattr(model.store, "save", real_save)
    with qtbot.waitSignal(model.saved, timeout=5_000):
        pass  # the retry timer saves without any new change
    assert not model.is_dirty
    assert model.last_error is None
    assert live_ids(on_disk(data_dir)) == {episode.id}


def test_flush_saves_pending_changes_at_once(
    make_model: MakeModel, data_dir: Path
) -> None:
    # A long delay: only flush (quitting) can have written this change.
    model = make_model(save_delay_ms=60_000)
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    assert not model.store.path.exists()
    assert model.close()
    assert live_ids(on_disk(data_dir)) == {episode.id}


def test_external_changes_merge_without_losing_unsaved_edits(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(save_delay_ms=60_000)  # our edit stays unsaved meanwhile
    mine = model.log_episode("calf_left", at=AT)
    assert mine is not None
    theirs = Episode(at=AT + timedelta(hours=1), region="thumb_left")
    JournalStore(data_dir).update(lambda j: j.with_records(episodes=[theirs]))

    with qtbot.waitSignal(model.external_change_merged) as merged:
        model.check_external()
    assert merged.args == [1]
    assert model.episode(theirs.id) == theirs
    assert model.episode(mine.id) == mine
    assert model.close()
    assert live_ids(on_disk(data_dir)) == {mine.id, theirs.id}


def test_the_file_watcher_notices_another_program(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    with durable(qtbot, model):
        model.log_episode("calf_left", at=AT)
    theirs = Episode(at=AT, region="eyelid_lower_left")
    with qtbot.waitSignal(model.external_change_merged, timeout=5_000):
        JournalStore(data_dir).update(lambda j: j.with_records(episodes=[theirs]))
    assert model.episode(theirs.id) == theirs


def test_a_newer_local_edit_beats_an_older_disk_version(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    with durable(qtbot, model):
        episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    # Another process wrote an edit first; ours is newer and must win on both sides.
    JournalStore(data_dir).update(
        lambda j: j.with_records(episodes=[episode.edited(note="theirs")])
    )
    with durable(qtbot, model):
        model.edit_episode(episode.id, note="mine")
    current = model.episode(episode.id)
    assert current is not None
    assert current.note == "mine"
    assert on_disk(data_dir).live_episodes()[0].note == "mine"


def test_writer_keeps_records_it_loaded_even_from_an_older_snapshot(
    qapp: object, data_dir: Path
) -> None:
    # The store only merges when the file differs from what it last read. After the
    # watcher's load, saving a snapshot taken before that load must not drop records.
    store = JournalStore(data_dir)
    old = Episode(at=AT, region="calf_left")
    store.save(Journal(episodes=[old]))
    snapshot = store.load()
    theirs = Episode(at=AT, region="thumb_left")
    JournalStore(data_dir).update(lambda j: j.with_records(episodes=[theirs]))
    writer = Writer(store, threading.Lock(), snapshot)
    found: list[object] = []
    writer.check_finished.connect(found.append)
    writer.check(snapshot)
    assert found
    assert [e.id for e in found[0].episodes] == [theirs.id]
    mine = Episode(at=AT, region="chin")
    writer.save(1, snapshot.with_records(episodes=[mine]))
    assert live_ids(on_disk(data_dir)) == {old.id, theirs.id, mine.id}


def test_read_only_model_refuses_changes_and_never_writes(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(read_only_reason="another window has it")
    with qtbot.waitSignal(model.edit_refused):
        assert model.log_episode("calf_left", at=AT) is None
    assert model.set_day_values(date(2026, 3, 2), caffeine_mg=100) is not None
    model.set_units(Units.US)
    assert model.undo_stack.count() == 0
    assert model.close()
    assert not (data_dir / "journal.json").exists()


def test_units_setting_is_saved_and_undoable(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    with durable(qtbot, model):
        model.set_units(Units.US)
    assert on_disk(data_dir).settings.units == Units.US
    with durable(qtbot, model):
        model.undo_stack.undo()
    assert on_disk(data_dir).settings.units == Units.METRIC


def test_delete_and_restore_are_tombstones(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    with durable(qtbot, model):
        assert model.delete_episodes([episode.id]) == 1
    assert live_ids(on_disk(data_dir)) == set()
    assert model.live_episode_count() == 0
    with durable(qtbot, model):
        assert model.restore_episodes([episode.id]) == 1
    assert live_ids(on_disk(data_dir)) == {episode.id}
    assert model.delete_episodes([]) == 0


def test_close_stops_the_writer_thread(make_model: MakeModel) -> None:
    model = make_model()
    thread: QThread = model._saver.writer_thread
    assert thread.isRunning()
    model.close()
    assert thread.isFinished()


def test_a_second_window_lock_is_refused_until_the_first_is_released(
    qapp: object, data_dir: Path
) -> None:
    first = acquire_instance_lock(data_dir)
    assert first is not None
    assert acquire_instance_lock(data_dir) is None
    first.unlock()
    again = acquire_instance_lock(data_dir)
    assert again is not None
    again.unlock()


def test_model_reads_days_by_date(make_model: MakeModel, data_dir: Path) -> None:
    day = date(2026, 1, 5)
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(day, stress=4)]))
    model = make_model()
    found = model.day(day)
    assert found is not None
    assert found.stress == 4
    assert model.day(day + timedelta(days=1)) is None


def test_model_accepts_a_given_journal(make_model: MakeModel) -> None:
    episode = Episode(at=AT, region="chin")
    model = make_model(journal=Journal(episodes=[episode]))
    assert isinstance(model, JournalModel)
    assert model.live_episode_count() == 1
    assert model.journal.live_episodes() == [episode]


def test_other_record_lists_are_kept_merged_and_undoable(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    check = SelfCheck(date=date(2026, 3, 1), weakness=False)
    JournalStore(data_dir).save(Journal(self_checks=[check]))
    model = make_model()
    with durable(qtbot, model):
        model.log_episode("calf_left", at=AT)
    assert on_disk(data_dir).self_checks == [check]  # not dropped by our save

    newer = SelfCheck(date=date(2026, 3, 8), falls=True)
    with qtbot.waitSignal(model.records_changed) as changed, durable(qtbot, model):
        assert model.put_record("self_checks", newer, "Weekly self-check")
    assert changed.args == ["self_checks", [newer.id]]
    assert {c.id for c in on_disk(data_dir).self_checks if not c.deleted} == {
        check.id,
        newer.id,
    }
    with durable(qtbot, model):
        model.undo_stack.undo()
    assert {c.id for c in on_disk(data_dir).self_checks if not c.deleted} == {check.id}

    theirs = SelfCheck(date=date(2026, 3, 15))
    JournalStore(data_dir).update(lambda j: j.with_records(self_checks=[theirs]))
    with qtbot.waitSignal(model.external_change_merged):
        model.check_external()
    assert theirs.id in {c.id for c in model.records("self_checks")}
    with pytest.raises(ValueError, match="other record lists"):
        model.put_record("episodes", newer, "nope")


def test_a_stale_save_request_never_overwrites_a_newer_flush(
    qapp: object, data_dir: Path
) -> None:
    # A request queued before quitting's synchronous flush may run after it; the
    # store would see its own file and write the older snapshot without merging.
    store = JournalStore(data_dir)
    writer = Writer(store, threading.Lock(), Journal())
    older = Journal(episodes=[Episode(at=AT, region="calf_left")])
    newer = older.with_records(episodes=[Episode(at=AT, region="chin")])
    writer.save(2, newer)
    writer.save(1, older)
    assert {e.region for e in on_disk(data_dir).live_episodes()} == {
        "calf_left",
        "chin",
    }


# ------------------------------------------------- one check-in, two programs


def _command_line_sets(data_dir: Path, day: date, **values: object) -> None:
    """What `twitchtrack day` does: load, change, save, all under the file lock."""

    def change(journal: Journal) -> Journal:
        current = journal.day(day)
        assert current is not None
        return journal.with_records(days=[current.edited(**values)])

    JournalStore(data_dir).update(change)


def test_the_window_and_the_command_line_editing_one_day_both_keep_their_field(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    day = date(2026, 3, 2)
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(day, caffeine_mg=100)]))
    model = make_model(watch=False)  # the clash happens before any watcher looks
    _command_line_sets(data_dir, day, sleep_h=6.5)
    with durable(qtbot, model):
        assert model.set_day_values(day, caffeine_mg=250) is None
    saved = on_disk(data_dir).day(day)
    assert saved is not None
    assert (saved.caffeine_mg, saved.sleep_h) == (250, 6.5)
    # The window shows the merged check-in too.
    qtbot.waitUntil(lambda: (shown := model.day(day)) is not None and shown == saved)


def test_a_change_found_by_the_watcher_merges_into_an_unsaved_edit(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    day = date(2026, 3, 2)
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(day, caffeine_mg=100)]))
    model = make_model(watch=False, save_delay_ms=60_000)  # the edit waits unsaved
    assert model.set_day_values(day, caffeine_mg=250) is None
    _command_line_sets(data_dir, day, sleep_h=6.5, water_ml=1500)
    with qtbot.waitSignal(model.external_change_merged):
        model.check_external()
    shown = model.day(day)
    assert shown is not None
    assert (shown.caffeine_mg, shown.sleep_h, shown.water_ml) == (250, 6.5, 1500)
    assert model.close()  # saves what is left
    saved = on_disk(data_dir).day(day)
    assert saved is not None
    assert (saved.caffeine_mg, saved.sleep_h, saved.water_ml) == (250, 6.5, 1500)
