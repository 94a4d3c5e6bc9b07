"""What else a sync folder does to the journal: foreign lock files, replacement by
rename with an older time."""

from __future__ import annotations

import os
from pathlib import Path

from tests.storage.conftest import FakeClock, episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.conflicts import resolve
from twitchtrack.storage.journal_store import LOCK_FILE, JournalStore


def _write(path: Path, journal: Journal) -> Path:
    path.write_text(journal.model_dump_json(), encoding="utf-8")
    return path


def _store(folder: Path, journal: Journal, clock: FakeClock) -> JournalStore:
    store = JournalStore(folder, clock=clock)
    store.save(journal)
    return store


def test_a_lock_file_from_another_computer_does_not_block(
    folder: Path, clock: FakeClock
) -> None:
    store = _store(folder, Journal(), clock)
    lock = folder / LOCK_FILE
    lock.unlink(missing_ok=True)
    # What a sync tool delivers: someone else's lock file, with their content.
    lock.write_text("12345 other-laptop\n")
    lock.chmod(0o644)
    os.utime(lock, (0, 0))
    fresh = JournalStore(folder, clock=clock, lock_timeout=0.5)
    fresh.save(Journal(episodes=[episode(1)]))
    _write(
        folder / "journal_conflict-20261201-101500.json", Journal(episodes=[episode(2)])
    )
    resolve(fresh, now=clock)
    assert len(store.load().episodes) == 2


def test_journal_replaced_by_rename_with_an_older_time_still_merges(
    folder: Path, clock: FakeClock
) -> None:
    store = _store(folder, Journal(episodes=[episode(0)]), clock)
    base = store.load()
    # A sync tool writes the other computer's version to a temp file and renames
    # it over the journal, keeping that computer's (older) modification time.
    tmp = _write(
        folder / ".syncthing.journal.json.tmp",
        Journal(episodes=[episode(0), episode(1)]),
    )
    before = store.path.stat().st_mtime
    os.utime(tmp, (before - 3600, before - 3600))
    os.replace(tmp, store.path)
    assert store.changed_on_disk()
    mine = base.with_records([episode(2)])
    saved = store.save(mine, base=base)
    assert {e.id for e in saved.episodes} == {episode(n).id for n in range(3)}
