"""Automatic backups with a wrong clock: a backup from the future, a clock that jumps
back (issue #13, item 4). The store's clock is injected; nothing sleeps."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from tests.storage.conftest import T0, FakeClock, episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.backups import AUTO_REASON
from twitchtrack.storage.journal_store import JournalStore

SAVES_PER_DAY = 8  # one every three hours: each may take an automatic backup


def _autos(store: JournalStore) -> list[Path]:
    return [b.path for b in store.list_backups() if b.reason == AUTO_REASON]


def _save_for_days(store: JournalStore, clock: FakeClock, days: int) -> None:
    journal = store.load()
    n = len(journal.episodes)
    for _ in range(days * SAVES_PER_DAY):
        clock.advance(hours=24 / SAVES_PER_DAY)
        n += 1
        journal = store.save(journal.with_records([episode(n)]))


def test_a_backup_from_the_future_does_not_stop_automatic_backups(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock)
    store.save(Journal(episodes=[episode(0)]))
    # A backup synced from a computer whose clock runs years ahead.
    (folder / "backups").mkdir(mode=0o700)
    future = folder / "backups" / "journal-20300101T000000Z-auto.json"
    shutil.copyfile(store.path, future)
    _save_for_days(store, clock, 60)  # 480 saves over 60 days
    autos = _autos(store)
    assert future in autos  # never thinned: its age cannot be told
    made = [p for p in autos if p != future]
    # Thinned to the daily/weekly/monthly policy, but taken all along.
    assert len(made) >= 12
    newest = max(b.created for b in store.list_backups() if b.path != future)
    assert clock.now - newest <= timedelta(hours=3)


def test_one_save_with_the_clock_years_ahead_does_not_stop_later_backups(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock)
    journal = store.save(Journal(episodes=[episode(0)]))
    clock.now = T0 + timedelta(days=5 * 365)
    store.save(journal.with_records([episode(1)]))  # backs up at the wrong time
    clock.now = T0 + timedelta(minutes=1)  # the clock is put right again
    _save_for_days(store, clock, 60)
    made = [b for b in store.list_backups() if b.created < T0 + timedelta(days=365)]
    assert len(made) >= 12
    assert clock.now - made[0].created <= timedelta(hours=3)


def test_a_clock_that_jumps_back_days_keeps_backups_going(
    folder: Path, clock: FakeClock
) -> None:
    store = JournalStore(folder, clock=clock)
    journal = store.save(Journal(episodes=[episode(0)]))
    for n in range(1, 4):
        clock.advance(minutes=31)
        journal = store.save(journal.with_records([episode(n)]))
    before = _autos(store)
    assert len(before) == 3
    clock.advance(days=-3)  # the clock is corrected backwards
    _save_for_days(store, clock, 2)
    after = _autos(store)
    assert set(before) <= set(after)  # the ones now "in the future" are kept
    made = [p for p in after if p not in before]
    # Every backup of the last day is kept, and one of the day before.
    assert len(made) >= SAVES_PER_DAY + 1
