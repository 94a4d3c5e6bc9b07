"""JournalStore: round trips, merging, versions, locks, permissions."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import filelock
import pytest

from tests.storage.conftest import T0, FakeClock, edited, episode, sample_journal
from twitchtrack.domain.models import SCHEMA_VERSION, DayLog, Journal, Settings
from twitchtrack.storage.errors import (
    JournalError,
    JournalLockedError,
    ReadOnlyJournalError,
    SaveError,
)
from twitchtrack.storage.journal_store import (
    BACKUP_DIR,
    JOURNAL_FILE,
    LOCK_FILE,
    JournalStore,
)
from twitchtrack.storage.places import default_data_dir


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.tmp"))


# -- round trips ---------------------------------------------------------------


def test_missing_file_loads_empty_and_creates_no_file(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.load()
    assert journal == Journal()
    assert not store.path.exists()
    assert not store.read_only
    assert store.changed_on_disk() is False


def test_save_then_load_round_trips_every_field(folder: Path) -> None:
    journal = sample_journal()
    store = JournalStore(folder)
    store.load()
    written = store.save(journal)
    assert written == journal
    assert JournalStore(folder).load() == journal
    # The file is plain JSON a person or another tool can read.
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["format"] == "twitchtrack-journal"
    assert data["schema_version"] == SCHEMA_VERSION
    assert len(data["episodes"]) == 3


def test_save_without_load_merges_with_the_existing_file(folder: Path) -> None:
    first = JournalStore(folder)
    first.save(Journal(episodes=[episode(1)]))
    second = JournalStore(folder)  # never loaded
    result = second.save(Journal(episodes=[episode(2)]))
    ids = {e.id for e in JournalStore(folder).load().episodes}
    assert ids == {episode(1).id, episode(2).id} == {e.id for e in result.episodes}


def test_a_save_with_its_base_keeps_another_process_edit_of_other_fields(
    folder: Path,
) -> None:
    """A window edits caffeine while the command line sets sleep on the same day."""
    window = JournalStore(folder)
    day = DayLog.for_day(T0.date(), caffeine_mg=100.0)
    base = window.save(Journal(days=[day]))
    # The command line: load, change, save (under the lock, as `twitchtrack day`).
    JournalStore(folder).update(
        lambda j: j.with_records(days=[j.days[0].edited(sleep_h=6.5)])
    )
    mine = Journal(days=[base.days[0].edited(caffeine_mg=250.0)])
    saved = window.save(mine, base=base)
    on_disk = JournalStore(folder).load().days[0]
    assert (on_disk.caffeine_mg, on_disk.sleep_h) == (250.0, 6.5)
    assert saved.days[0] == on_disk


def test_saving_unchanged_content_does_not_rewrite_the_file(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    before = os.stat(store.path)
    store.save(journal)
    after = os.stat(store.path)
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_default_data_dir_honours_the_environment(tmp_path: Path) -> None:
    assert default_data_dir({"TWITCHTRACK_DATA_DIR": str(tmp_path)}) == tmp_path
    fallback = default_data_dir({})
    assert fallback.is_absolute()
    assert fallback.name == "twitchtrack"


# -- merging with another process's save ---------------------------------------


def test_two_stores_saving_in_turn_keep_both_records(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    a.save(ja.with_records([episode(1)]))
    assert b.changed_on_disk()
    merged = b.save(jb.with_records([episode(2)]))
    on_disk = JournalStore(folder).load()
    assert {e.id for e in on_disk.episodes} == {episode(1).id, episode(2).id}
    assert merged == on_disk
    assert not b.changed_on_disk()


@pytest.mark.parametrize("other_is_newer", [True, False])
def test_newer_edit_wins_whichever_process_saves_last(
    folder: Path, other_is_newer: bool
) -> None:
    base = episode(1, intensity=3)
    seed = JournalStore(folder)
    seed.save(Journal(episodes=[base]))
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    t = base.updated_at
    newer, older = t + timedelta(hours=2), t + timedelta(hours=1)
    a_edit = edited(base, newer if other_is_newer else older, intensity=9)
    b_edit = edited(base, older if other_is_newer else newer, intensity=1)
    a.save(ja.with_records([a_edit]))
    b.save(jb.with_records([b_edit]))
    (final,) = JournalStore(folder).load().episodes
    assert final.intensity == (9 if other_is_newer else 1)


def test_tombstone_wins_over_an_older_edit(folder: Path) -> None:
    base = episode(1)
    JournalStore(folder).save(Journal(episodes=[base]))
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    t = base.updated_at
    gone = edited(base, t + timedelta(hours=2), deleted_at=t + timedelta(hours=2))
    a.save(ja.with_records([gone]))
    b.save(jb.with_records([edited(base, t + timedelta(hours=1), intensity=8)]))
    (final,) = JournalStore(folder).load().episodes
    assert final.deleted
    assert final.intensity == base.intensity


def test_settings_come_from_the_saving_process(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    a.save(ja.with_records([episode(1)]))
    mine = jb.model_copy(update={"settings": Settings(default_intensity=6)})
    result = b.save(mine)
    assert result.settings.default_intensity == 6
    assert len(result.episodes) == 1


def test_update_applies_a_change_to_the_fresh_file(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    a.load()
    a.update(lambda j: j.with_records([episode(1)]))
    result = b.update(lambda j: j.with_records([episode(2)]))
    assert {e.id for e in result.episodes} == {episode(1).id, episode(2).id}
    assert JournalStore(folder).load() == result


def test_update_with_a_backup_reason_backs_up_first(folder: Path) -> None:
    store = JournalStore(folder)
    store.save(Journal(episodes=[episode(1)]))
    before = store.path.read_bytes()
    store.update(lambda j: j.with_records([episode(2)]), backup_reason="before-import")
    backups = store.list_backups()
    assert [b.reason for b in backups] == ["before-import"]
    assert backups[0].path.read_bytes() == before
    with pytest.raises(ValueError, match="backup reason"):
        store.update(lambda j: j, backup_reason="Before Import!")


# -- schema versions ---------------------------------------------------------------


def _newer_file() -> bytes:
    data = json.loads(sample_journal().model_dump_json())
    data["schema_version"] = SCHEMA_VERSION + 1
    data["attachments"] = []
    data["episodes"][0]["mood"] = "fine"
    data["episodes"][1]["region"] = "left_little_toe_nail"
    return json.dumps(data).encode()


def test_newer_schema_opens_read_only_and_is_never_rewritten(folder: Path) -> None:
    folder.mkdir()
    raw = _newer_file()
    (folder / JOURNAL_FILE).write_bytes(raw)
    store = JournalStore(folder)
    journal = store.load()
    assert store.read_only
    assert store.read_only_reason is not None
    assert f"schema {SCHEMA_VERSION + 1}" in store.read_only_reason
    assert "1 record could not be shown" in store.read_only_reason
    # What this version understands is shown: unknown fields are dropped.
    assert len(journal.episodes) == 2
    assert len(journal.days) == 2
    with pytest.raises(ReadOnlyJournalError, match="newer version"):
        store.save(journal)
    with pytest.raises(ReadOnlyJournalError):
        store.update(lambda j: j.with_records([episode(4)]))
    assert (folder / JOURNAL_FILE).read_bytes() == raw
    assert _temps(folder) == []


def test_a_newer_file_written_by_another_process_stops_our_save(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    raw = _newer_file()
    store.path.write_bytes(raw)
    with pytest.raises(ReadOnlyJournalError):
        store.save(journal.with_records([episode(7)]))
    assert store.read_only
    assert store.path.read_bytes() == raw


def test_validate_all_reports_the_journal_and_each_backup(folder: Path) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    good = store.backup("manual")
    assert good is not None
    bad = good.with_name("journal-20200101T000000Z-manual.json")
    bad.write_bytes(b"{")
    journal, results = store.validate_all()
    assert journal == sample_journal()
    assert results[0] == (store.path, None)
    by_path = dict(results)
    assert by_path[good] is None
    assert isinstance(by_path[bad], JournalError)
    store.path.write_bytes(_newer_file())
    store.validate_all()
    assert store.read_only


# -- locking, temp files, permissions ----------------------------------------------


def test_lock_timeout_raises_and_writes_nothing(folder: Path) -> None:
    store = JournalStore(folder, lock_timeout=0.05)
    journal = store.save(sample_journal())
    raw = store.path.read_bytes()
    held = filelock.FileLock(folder / LOCK_FILE)
    with held:
        with pytest.raises(JournalLockedError, match="locked"):
            store.save(journal.with_records([episode(3)]))
        with pytest.raises(JournalLockedError):
            store.update(lambda j: j)
        # Reading needs no lock.
        assert JournalStore(folder).load() == journal
    assert store.path.read_bytes() == raw
    store.save(journal.with_records([episode(3)]))


def test_stale_temp_files_are_removed_on_load_but_not_foreign_ones(
    folder: Path,
) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    store.backup("manual")
    stale = [
        folder / ".journal.json.0123456789ab.tmp",
        folder / BACKUP_DIR / ".journal-20260101T000000Z-auto.json.ba9876543210.tmp",
    ]
    foreign = [folder / ".notes.tmp", folder / BACKUP_DIR / "mine.tmp"]
    for p in stale + foreign:
        p.write_bytes(b"partial")
    # While another process holds the lock (it may be mid-save), nothing goes.
    with filelock.FileLock(folder / LOCK_FILE):
        JournalStore(folder).load()
        assert all(p.exists() for p in stale)
    JournalStore(folder).load()
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in foreign)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.usefixtures("umask_022")
def test_new_files_and_folders_are_private(folder: Path) -> None:
    store = JournalStore(folder)
    store.load()
    assert _mode(folder) == 0o700
    store.save(sample_journal())
    backup = store.backup("manual")
    assert backup is not None
    assert _mode(store.path) == 0o600
    assert _mode(folder / LOCK_FILE) == 0o600
    assert _mode(store.backups_dir) == 0o700
    assert _mode(backup) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_an_existing_folder_keeps_its_permissions(folder: Path) -> None:
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    JournalStore(folder).save(sample_journal())
    assert _mode(folder) == 0o755
    assert _mode(folder / JOURNAL_FILE) == 0o600


def test_changed_on_disk_follows_other_writers(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    a.load()
    assert not a.changed_on_disk()
    b.save(sample_journal())
    assert a.changed_on_disk()
    a.load()
    assert not a.changed_on_disk()
    a.path.unlink()
    assert a.changed_on_disk()


def test_a_file_in_place_of_the_folder_fails_the_save_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    store = JournalStore(blocker)
    with pytest.raises(JournalError, match="Not a directory"):
        store.load()
    with pytest.raises(SaveError, match="not a folder"):
        store.save(sample_journal())


def test_clock_may_be_naive_or_any_zone(folder: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 10, 0))  # naive: taken as UTC
    store = JournalStore(folder, clock=clock)
    store.save(sample_journal())
    path = store.backup("manual")
    assert path is not None
    assert path.name == "journal-20260302T100000Z-manual.json"


def test_locked_keeps_this_process_s_other_threads_out(tmp_path: Path) -> None:
    # Encryption rewrites every file while holding ``locked()``; the window's
    # writer thread must not save a plain copy in between (the file lock alone
    # is re-entrant within a process, so it would let that thread through).
    import threading

    store = JournalStore(tmp_path)
    store.save(Journal())
    saved = threading.Event()

    def writer() -> None:
        store.save(Journal(episodes=[episode(region="calf_left")]))
        saved.set()

    with store.locked():
        thread = threading.Thread(target=writer)
        thread.start()
        assert not saved.wait(0.3)  # held off while the folder is being rewritten
        assert store.path.read_bytes().count(b"calf_left") == 0
    thread.join(10)
    assert saved.is_set()
    assert b"calf_left" in store.path.read_bytes()


def test_append_keeps_records_of_every_list(tmp_path: Path) -> None:
    # append() once split records into episodes, days and self-checks only: a
    # sampling answer (or an intake) appended to a new journal was dropped.
    from twitchtrack.domain.sampling import Sample

    store = JournalStore(tmp_path)
    answer = Sample(at=T0, answer="few")
    store.append(lambda _settings: [answer])
    assert [s.id for s in JournalStore(tmp_path).load().samples] == [answer.id]
    # ...and to a journal this program wrote last (the trusted, text-only path).
    second = Sample(at=T0, answer="none")
    store.append(lambda _settings: [second])
    loaded = JournalStore(tmp_path).load().samples
    assert {s.id for s in loaded} == {answer.id, second.id}
