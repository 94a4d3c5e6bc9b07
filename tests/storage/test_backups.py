"""Backups: when they are taken, how they are thinned, listing and restoring."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.storage.conftest import FakeClock, episode, sample_journal
from twitchtrack.domain.models import Journal
from twitchtrack.storage.backups import BackupInfo
from twitchtrack.storage.errors import JournalError, ReadOnlyJournalError
from twitchtrack.storage.journal_store import BACKUP_DIR, JOURNAL_FILE, JournalStore


def _names(store: JournalStore) -> list[str]:
    return [b.path.name for b in store.list_backups()]


def _store_with_file(folder: Path, clock: FakeClock) -> tuple[JournalStore, Journal]:
    store = JournalStore(folder, clock=clock)
    return store, store.save(Journal(episodes=[episode(0)]))


def test_first_save_of_a_new_journal_makes_no_backup(
    folder: Path, clock: FakeClock
) -> None:
    store, _ = _store_with_file(folder, clock)
    assert store.list_backups() == []
    assert not (folder / BACKUP_DIR).exists()


def test_at_most_one_automatic_backup_per_30_minutes(
    folder: Path, clock: FakeClock
) -> None:
    store, journal = _store_with_file(folder, clock)
    before = store.path.read_bytes()
    clock.advance(minutes=1)
    journal = store.save(journal.with_records([episode(1)]))
    (first,) = store.list_backups()
    assert first.reason == "auto"
    assert first.path.read_bytes() == before  # the state before that save
    assert first.path.name == "journal-20260302T090100Z-auto.json"
    for n in range(2, 6):  # saves at +6, +11, +16, +21 minutes: no new backup
        clock.advance(minutes=5)
        journal = store.save(journal.with_records([episode(n)]))
    assert len(store.list_backups()) == 1
    clock.advance(minutes=10)  # 30 minutes after the first backup
    before = store.path.read_bytes()
    store.save(journal.with_records([episode(9)]))
    # A new backup is taken; the first stays because it is less than a day old.
    second, older = store.list_backups()
    assert second.path.name == "journal-20260302T093100Z-auto.json"
    assert second.path.read_bytes() == before
    assert older.path == first.path
    # A day later only the newest backup of that day is kept.
    clock.advance(hours=25)
    store.save(journal.with_records([episode(10)]))
    names = _names(store)
    assert first.path.name not in names
    assert second.path.name in names


def test_no_automatic_backup_when_content_equals_the_newest_backup(
    folder: Path, clock: FakeClock
) -> None:
    store, journal = _store_with_file(folder, clock)
    manual = store.backup("manual")
    assert manual is not None
    clock.advance(hours=3)
    store.save(journal.with_records([episode(1)]))
    # The file before this save is exactly the newest backup: nothing new to keep.
    assert _names(store) == [manual.name]
    clock.advance(hours=3)
    store.save(journal.with_records([episode(1), episode(2)]))
    assert [b.reason for b in store.list_backups()] == ["auto", "manual"]


def test_backups_in_the_same_second_get_distinct_names(
    folder: Path, clock: FakeClock
) -> None:
    store, _ = _store_with_file(folder, clock)
    paths = [store.backup("before-import") for _ in range(3)]
    assert [p.name for p in paths if p] == [
        "journal-20260302T090000Z-before-import.json",
        "journal-20260302T090000Z-before-import-2.json",
        "journal-20260302T090000Z-before-import-3.json",
    ]
    assert _names(store) == [p.name for p in reversed(paths) if p]


def test_backup_of_a_missing_journal_is_none(folder: Path) -> None:
    assert JournalStore(folder).backup("manual") is None


def test_backup_reason_must_be_a_simple_word(folder: Path, clock: FakeClock) -> None:
    store, _ = _store_with_file(folder, clock)
    for bad in ("", "Auto", "before_import", "../x", "x-1"):
        with pytest.raises(ValueError, match="backup reason"):
            store.backup(bad)


def _bucketed(
    backups: list[BackupInfo], key: Callable[[datetime], Hashable], count: int
) -> set[Path]:
    """The newest backup of each of the ``count`` most recent buckets."""
    newest: dict[Hashable, BackupInfo] = {}
    for b in backups:
        k = key(b.created)
        if k not in newest or b.created > newest[k].created:
            newest[k] = b
    recent = sorted(newest.values(), key=lambda b: b.created, reverse=True)
    return {b.path for b in recent[:count]}


def _foreign_files(folder: Path, outside: Path) -> list[Path]:
    backups = folder / BACKUP_DIR
    backups.mkdir(parents=True, exist_ok=True)
    outside.write_text("someone else's file")
    files = [
        backups / "notes.txt",
        backups / "journal-foo.json",
        backups / "journal-20200101T000000Z-auto.json.bak",
        backups / "journal-20200101T000000Z-Auto.json",
        folder / "journal-20200104T000000Z-auto.json",
    ]
    for f in files:
        f.write_text("keep me")
    link = backups / "journal-20200102T000000Z-auto.json"
    link.symlink_to(outside)
    sub = backups / "journal-20200103T000000Z-auto.json"
    sub.mkdir()
    return [*files, link, sub, outside]


@pytest.mark.slow
def test_thinning_over_ten_months_keeps_12_daily_10_weekly_9_monthly(
    folder: Path, clock: FakeClock, tmp_path: Path
) -> None:
    foreign = _foreign_files(folder, tmp_path / "outside.txt")
    store, journal = _store_with_file(folder, clock)
    start = clock.now
    protected: Path | None = None
    n = 1
    for day in range(300):
        morning = start + timedelta(days=day)
        if day == 100:
            clock.now = morning - timedelta(hours=1)
            protected = store.backup("before-import")
        for hours in (0, 12) if day % 7 == 3 else (0,):
            clock.now = morning + timedelta(hours=hours)
            n += 1
            journal = store.save(journal.with_records([episode(n)]))
        if day == 120:
            assert protected is not None
            assert protected.exists()
    backups = store.list_backups()
    assert protected is not None
    assert not protected.exists()  # older than 30 days
    assert all(b.reason == "auto" for b in backups)
    expected = (
        _bucketed(backups, lambda t: t.date(), 12)
        | _bucketed(backups, lambda t: t.isocalendar()[:2], 10)
        | _bucketed(backups, lambda t: (t.year, t.month), 9)
    )
    assert {b.path for b in backups} == expected
    assert 20 <= len(backups) <= 31
    months = {(b.created.year, b.created.month) for b in backups}
    assert len(months) == 9
    # Newest first, and the newest is the state just before the last save.
    assert backups == sorted(backups, key=lambda b: b.created, reverse=True)
    assert backups[0].created == clock.now
    assert all(f.exists() or f.is_symlink() for f in foreign)
    assert (tmp_path / "outside.txt").read_text() == "someone else's file"


def test_named_backups_are_kept_30_days_then_thinned(
    folder: Path, clock: FakeClock
) -> None:
    store, journal = _store_with_file(folder, clock)
    kept = store.backup("before-restore")  # Monday 2 March
    assert kept is not None
    # Daily saves until 15 March: newer backups fill the 12 daily buckets, and
    # its week (2-8 March) and month have newer backups, so no rule keeps it.
    for n in range(1, 14):
        clock.advance(days=1)
        journal = store.save(journal.with_records([episode(n)]))
    assert kept.exists()  # protected: younger than 30 days
    twin = store.backups_dir / "journal-20260302T090000Z-auto.json"
    twin.write_bytes(kept.read_bytes())  # the same age, but automatic
    clock.advance(days=1)
    journal = store.save(journal.with_records([episode(14)]))
    assert kept.exists()
    assert not twin.exists()
    clock.advance(days=31)
    store.save(journal.with_records([episode(99)]))
    assert not kept.exists()


def test_list_backups_counts_live_records_and_flags_bad_ones(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock)
    store.save(sample_journal())
    good = store.backup("manual")
    assert good is not None
    bad = store.backups_dir / "journal-20200101T000000Z-auto.json"
    bad.write_text(
        '{"format": "twitchtrack-journal", "schema_version": 1, "episodes": 3}'
    )
    newer = store.backups_dir / "journal-20200102T000000Z-auto.json"
    data = json.loads(good.read_text())
    data["schema_version"] = 99
    newer.write_text(json.dumps(data))
    infos = {b.path: b for b in store.list_backups()}
    assert (infos[good].episodes, infos[good].days) == (2, 2)  # one is a tombstone
    assert infos[good].size == good.stat().st_size
    assert infos[good].error is None
    assert "episodes" in (infos[bad].error or "")
    assert "newer" in (infos[newer].error or "")
    assert store.newest_good_backup() == infos[good]
    assert store.load_backup(good) == sample_journal()
    with pytest.raises(JournalError):
        store.load_backup(bad)
    with pytest.raises(ReadOnlyJournalError):
        store.restore(newer)


def test_restore_backs_up_the_current_file_first(
    folder: Path, clock: FakeClock
) -> None:
    store, journal = _store_with_file(folder, clock)
    old = store.backup("manual")
    assert old is not None
    clock.advance(minutes=5)
    journal = store.save(journal.with_records([episode(1), episode(2)]))
    current = store.path.read_bytes()
    clock.advance(minutes=5)
    restored = store.restore(old)
    assert [e.id for e in restored.episodes] == [episode(0).id]
    assert JournalStore(folder).load() == restored
    before_restore = [b for b in store.list_backups() if b.reason == "before-restore"]
    assert len(before_restore) == 1
    assert before_restore[0].path.read_bytes() == current
    assert old.exists()
    # The store now works from the restored file: a save does not merge the
    # records the restore removed back in.
    again = store.save(restored.with_records([episode(3)]))
    assert {e.id for e in again.episodes} == {episode(0).id, episode(3).id}


def test_restore_over_a_damaged_file_keeps_it_aside(
    folder: Path, clock: FakeClock
) -> None:
    store, _ = _store_with_file(folder, clock)
    good = store.backup("manual")
    assert good is not None
    store.path.write_bytes(b'{"format": "twitchtrack-journal", "episodes": [')
    reader = JournalStore(folder, clock=clock)
    with pytest.raises(JournalError):
        reader.load()
    assert reader.newest_good_backup() is not None
    reader.restore(good)
    assert reader.set_aside is not None
    assert reader.set_aside.read_bytes().endswith(b'"episodes": [')
    assert reader.set_aside.parent == folder
    assert reader.set_aside.stat().st_mode & 0o777 == 0o600
    assert JournalStore(folder).load().episodes[0].id == episode(0).id
    # The damaged file is not a backup and does not count as one.
    assert all(b.reason != "before-restore" for b in reader.list_backups())


def test_restoring_a_damaged_backup_changes_nothing(
    folder: Path, clock: FakeClock
) -> None:
    store, _ = _store_with_file(folder, clock)
    before = store.path.read_bytes()
    bad = folder / "elsewhere.json"
    bad.write_text("not json")
    with pytest.raises(JournalError):
        store.restore(bad)
    with pytest.raises(JournalError, match="does not exist"):
        store.restore(folder / "missing.json")
    assert store.path.read_bytes() == before
    assert store.list_backups() == []


def test_an_automatic_backup_is_never_of_a_damaged_file(
    folder: Path, clock: FakeClock
) -> None:
    store, journal = _store_with_file(folder, clock)
    store.path.write_bytes(b"{}")
    clock.advance(hours=2)
    with pytest.raises(JournalError):
        store.save(journal.with_records([episode(1)]))
    assert store.list_backups() == []
    assert store.path.read_bytes() == b"{}"
    assert (folder / JOURNAL_FILE).exists()
