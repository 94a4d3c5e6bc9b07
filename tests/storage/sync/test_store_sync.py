"""The store in a sync folder: every write merges conflict copies under its lock, and
the journal last received from another computer is kept as the merge base."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.storage.conftest import T0, FakeClock, episode
from tests.storage.test_conflicts import NAMES
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.storage.backups import SYNCED_REASON, BackupName, backups_to_thin
from twitchtrack.storage.conflicts import ARCHIVE_DIR, BACKUP_REASON
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore

A, B, C = "a" * 16, "b" * 16, "c" * 16
DAY = date(2026, 12, 1)
COPY = "journal.sync-conflict-20261201-101500-BBBBBBB.json"


def _write(path: Path, journal: Journal) -> Path:
    path.write_text(journal.model_dump_json(), encoding="utf-8")
    return path


def _synced(store: JournalStore) -> list[Path]:
    return [b.path for b in store.list_backups() if b.reason == SYNCED_REASON]


def _mine_and_theirs() -> tuple[Journal, Journal]:
    """This computer's journal and another's copy: new episodes on both, and the
    same day's check-in made on each on its own (one id: it comes from the date)."""
    mine = Journal(episodes=[episode(0)], days=[DayLog.for_day(DAY, caffeine_mg=90)])
    theirs = Journal(
        episodes=[episode(1), episode(2)],
        days=[
            DayLog.for_day(
                DAY, sleep_h=6.5, created_at=T0, updated_at=T0 + timedelta(hours=1)
            )
        ],
    )
    return mine, theirs


def _assert_both_kept(journal: Journal) -> None:
    assert {e.id for e in journal.episodes} >= {episode(n).id for n in range(3)}
    day = journal.day(DAY)
    assert day is not None
    assert (day.caffeine_mg, day.sleep_h) == (90, 6.5)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_the_windows_save_merges_each_tools_copy(
    folder: Path, clock: FakeClock, name: str
) -> None:
    store = JournalStore(folder, clock=clock, device=A)
    mine, theirs = _mine_and_theirs()
    base = store.save(mine)
    copy = _write(folder / name, theirs)
    # The window saves its next change: the copy goes into that very write.
    saved = store.save(base.with_records([episode(3)]), base=base)
    _assert_both_kept(saved)
    on_disk = store.load()
    assert (on_disk.episodes, on_disk.days) == (saved.episodes, saved.days)
    assert not copy.exists()
    (archived,) = (folder / ARCHIVE_DIR).iterdir()
    assert archived.name.endswith(name)
    assert store.last_merge is not None
    assert store.last_merge.notice(today=DAY) == (
        "Merged 3 entries from another computer's copy made on 1 Dec."
    )
    assert [b.reason for b in store.list_backups()] == [BACKUP_REASON]


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_command_lines_update_sees_each_tools_copy_first(
    folder: Path, clock: FakeClock, name: str
) -> None:
    mine, theirs = _mine_and_theirs()
    JournalStore(folder, clock=clock).save(mine)
    _write(folder / name, theirs)
    seen: list[Journal] = []

    def change(journal: Journal) -> Journal:
        seen.append(journal)
        day = journal.day(DAY)
        assert day is not None
        return journal.with_records(days=[day.edited(stress=4)])

    store = JournalStore(folder, clock=clock, device=A)
    store.update(change)
    _assert_both_kept(seen[0])
    day = store.load().day(DAY)
    assert day is not None
    assert (day.caffeine_mg, day.sleep_h, day.stress) == (90, 6.5, 4)
    assert not (folder / name).exists()


def test_every_write_names_this_computer(folder: Path) -> None:
    JournalStore(folder, device=A).save(Journal())
    assert json.loads((folder / JOURNAL_FILE).read_bytes())["written_by"] == A
    JournalStore(folder, device=B).update(lambda j: j)
    assert json.loads((folder / JOURNAL_FILE).read_bytes())["written_by"] == B
    # A store that does not know its computer says so, rather than keep B's name.
    JournalStore(folder).update(lambda j: j)
    assert json.loads((folder / JOURNAL_FILE).read_bytes())["written_by"] is None


def test_a_journal_another_computer_wrote_is_kept_as_the_base(
    folder: Path, clock: FakeClock
) -> None:
    JournalStore(folder, clock=clock, device=B).save(Journal(episodes=[episode(0)]))
    raw = (folder / JOURNAL_FILE).read_bytes()
    store = JournalStore(folder, clock=clock, device=A)
    store.update(lambda j: j.with_records([episode(1)]))
    (kept,) = _synced(store)
    assert kept.read_bytes() == raw
    assert stat_mode(kept) == 0o600


def test_two_programs_reading_one_arrival_keep_one_base(
    folder: Path, clock: FakeClock
) -> None:
    JournalStore(folder, clock=clock, device=B).save(Journal(episodes=[episode(0)]))
    window = JournalStore(folder, clock=clock, device=A)
    window.load()  # the window's watcher reads what arrived
    clock.advance(minutes=1)
    # A command writes first: it keeps the arrival as the base.
    JournalStore(folder, clock=clock, device=A).update(lambda j: j)
    (kept,) = _synced(window)
    clock.advance(minutes=1)
    window.save(Journal(episodes=[episode(1)]))  # the same arrival: kept already
    assert _synced(window) == [kept]


def test_what_this_computer_wrote_is_no_base(folder: Path, clock: FakeClock) -> None:
    JournalStore(folder, clock=clock, device=A).save(Journal(episodes=[episode(0)]))
    store = JournalStore(folder, clock=clock, device=A)
    store.update(lambda j: j.with_records([episode(1)]))
    # Nor is a file whose writer is unknown (an older twitchtrack wrote it).
    JournalStore(folder, clock=clock).update(lambda j: j)
    store.update(lambda j: j)
    assert _synced(store) == []


def test_one_side_of_a_conflict_is_no_base(folder: Path, clock: FakeClock) -> None:
    # Beside a conflict copy, journal.json is one computer's side of the conflict,
    # not a version both had: as a base it would make the other side's edits look
    # like the only ones.
    JournalStore(folder, clock=clock, device=B).save(Journal(episodes=[episode(0)]))
    _write(folder / COPY, Journal(episodes=[episode(1)]))
    store = JournalStore(folder, clock=clock, device=A)
    store.update(lambda j: j)
    assert _synced(store) == []
    assert {e.id for e in store.load().episodes} == {episode(0).id, episode(1).id}


def test_a_newer_base_replaces_one_kept_minutes_before(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock, device=A)
    for n in range(3):
        JournalStore(folder, clock=clock, device=B).save(Journal(episodes=[episode(n)]))
        clock.advance(minutes=10)
        store.update(lambda j: j)
    clock.advance(minutes=40)
    JournalStore(folder, clock=clock, device=B).save(Journal(episodes=[episode(9)]))
    store.update(lambda j: j)
    # One per half hour, like automatic backups; the newest is always the base.
    kept = _synced(store)
    assert len(kept) == 2
    newest = store.load_backup(kept[0])
    assert episode(9).id in {e.id for e in newest.episodes}


def test_thinning_always_keeps_the_newest_base() -> None:
    now = T0 + timedelta(days=400)
    names = [
        BackupName(Path(f"/b/{n}"), T0 + timedelta(days=n), reason, 1)
        for n, reason in ((3, "auto"), (2, SYNCED_REASON), (1, SYNCED_REASON))
    ]
    names += [
        BackupName(Path(f"/b/{n}"), T0 + timedelta(days=3, hours=n), "auto", 1)
        for n in range(1, 20)
    ]
    names.sort(key=lambda b: b.created, reverse=True)
    dropped = {b.path for b in backups_to_thin(names, now)}
    assert Path("/b/2") not in dropped  # the newest base stays
    assert Path("/b/1") not in dropped  # its day's newest: kept by the daily rule
    older_bases = [
        BackupName(Path(f"/s/{n}"), T0 + timedelta(hours=n), SYNCED_REASON, 1)
        for n in range(3, 0, -1)
    ]
    dropped = {b.path for b in backups_to_thin(older_bases, now)}
    # Older bases of one day thin like automatic backups (not kept for 30 days).
    assert dropped == {Path("/s/2"), Path("/s/1")}


def test_the_kept_base_lets_both_computers_field_edits_merge(tmp_path: Path) -> None:
    """Two folders stand for two computers; copying a file is what sync does."""
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    shared = Journal(
        episodes=[episode(0)],
        days=[DayLog.for_day(DAY, stress=3, created_at=T0, updated_at=T0)],
    )
    JournalStore(laptop, device=A).save(shared)
    desktop.mkdir()
    shutil.copy2(laptop / JOURNAL_FILE, desktop / JOURNAL_FILE)

    def edit(**values: object) -> object:
        def change(journal: Journal) -> Journal:
            day = journal.day(DAY)
            assert day is not None
            return journal.with_records(days=[day.edited(**values)])

        return change

    # The desktop's command line reads what the laptop wrote: its base from now on.
    JournalStore(desktop, device=B).update(edit(sleep_h=6.5))  # type: ignore[arg-type]
    JournalStore(laptop, device=A).update(edit(caffeine_mg=300))  # type: ignore[arg-type]
    # Sync finds both changed: the laptop's version arrives as a conflict copy.
    shutil.copy2(laptop / JOURNAL_FILE, desktop / COPY)
    store = JournalStore(desktop, device=B)
    store.update(lambda j: j.with_records([episode(5)]))
    day = store.load().day(DAY)
    assert day is not None
    assert (day.stress, day.caffeine_mg, day.sleep_h) == (3, 300, 6.5)
    # Without that base the newer version would have won whole.
    assert len(_synced(store)) == 1


def test_a_copy_that_cannot_be_read_is_told_once_and_not_read_again(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock, device=A)
    journal = store.save(Journal(episodes=[episode(0)]))
    bad = folder / COPY
    bad.write_text("{")
    assert store.sync.waiting()
    journal = store.save(journal.with_records([episode(1)]))
    assert store.last_merge is not None
    (failed,) = store.last_merge.bad
    assert "not valid JSON" in (failed.problem or "")
    # Unchanged, it is no news, and the watcher need not ask for a save again.
    assert not store.sync.waiting()
    store.save(journal.with_records([episode(2)]))
    assert store.last_merge is None
    assert bad.read_text() == "{"
    # Once the sync tool rewrites it, it is looked at again.
    _write(bad, Journal(episodes=[episode(7)]))
    os.utime(bad, ns=(1, 1))
    assert store.sync.waiting()
    saved = store.save(store.load())
    assert episode(7).id in {e.id for e in saved.episodes}
    assert not bad.exists()


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_merged_copy_that_cannot_be_put_away_is_not_merged_on_every_save(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock, device=A)
    journal = store.save(Journal(episodes=[episode(0)]))
    (folder / ARCHIVE_DIR).write_text("not a folder")  # conflicts/ cannot be made
    copy = _write(folder / COPY, Journal(episodes=[episode(1)]))
    journal = store.save(journal)
    assert store.last_merge is not None
    (result,) = store.last_merge.merged
    assert result.archive_problem is not None
    assert copy.exists()
    # Its entries are in; the watcher need not ask again, and saving says nothing.
    assert not store.sync.waiting()
    on_disk = store.path.read_bytes()
    store.save(journal)
    assert store.last_merge is None
    assert store.path.read_bytes() == on_disk
