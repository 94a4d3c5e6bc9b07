"""A laptop and a desktop edit the journal apart; real Syncthing makes a conflict copy;
the app merges it: every entry from both computers ends up on both, none lost."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.storage.sync.harness import FOLDER_ID, Daemon, Deadline, settle, settled
from twitchtrack.domain.models import DayLog, Episode, Journal, now_local
from twitchtrack.storage.conflicts import (
    ARCHIVE_DIR,
    find_conflict_copies,
    resolve,
)
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore

LIMIT_S = 120
SHARED_DAY = date(2026, 11, 30)
NEW_DAY = date(2026, 12, 1)


def _episode(note: str, minutes: int) -> Episode:
    at = datetime(2026, 11, 30, 8, 0).astimezone() + timedelta(minutes=minutes)
    return Episode(at=at, region="eyelid_upper_left", note=note)


def _assert_loopback_only(d: Daemon) -> None:
    """Listening and dialling on 127.0.0.1 only, no discovery, our ignores loaded."""
    status = d.api("GET", "/rest/system/status")
    for address in (*status["connectionServiceStatus"], *status["lastDialStatus"]):
        assert address.startswith("tcp://127.0.0.1:"), address
    assert d.api("GET", "/rest/system/discovery") == {}
    ignores = d.api("GET", f"/rest/db/ignores?folder={FOLDER_ID}")
    assert {".journal.lock", "/backups", "/conflicts"} <= set(ignores["ignore"])


@pytest.mark.slow
def test_conflict_copy_from_real_syncthing_is_merged_without_loss(
    syncthing_pair: tuple[Daemon, Daemon],
) -> None:
    laptop, desktop = syncthing_pair
    deadline = Deadline(
        LIMIT_S, lambda: "\n".join(d.log_tail() for d in (laptop, desktop))
    )
    deadline.wait_for(
        "both daemons to answer", lambda: laptop.alive() and desktop.alive()
    )
    deadline.wait_for(
        "the two daemons to connect over 127.0.0.1",
        lambda: laptop.connected_to(desktop) and desktop.connected_to(laptop),
    )

    for d in (laptop, desktop):
        _assert_loopback_only(d)

    # 1. The laptop starts the journal; the desktop receives it.
    shared_eps = [_episode(f"shared {n}", n) for n in range(3)]
    shared_day = DayLog.for_day(SHARED_DAY, stress=3)
    JournalStore(laptop.folder).save(Journal(episodes=shared_eps, days=[shared_day]))
    laptop.scan()
    settle(deadline, laptop, desktop, "the first journal to reach the desktop")
    # What the desktop's app last received through the folder: the version both
    # computers share, and so the base for a field-by-field merge later.
    desktop_store = JournalStore(desktop.folder)
    received = desktop_store.load()
    assert {e.id for e in received.episodes} == {e.id for e in shared_eps}

    # 2. Both computers log while the folder is paused on both (offline).
    for d in (laptop, desktop):
        d.set_paused(True)
    deadline.wait_for(
        "the folder to pause on both",
        lambda: laptop.folder_paused() and desktop.folder_paused(),
    )
    laptop_store = JournalStore(laptop.folder)
    on_laptop = laptop_store.load()
    laptop_eps = [_episode(f"laptop {n}", 60 + n) for n in range(2)]
    laptop_store.save(
        on_laptop.with_records(
            [*laptop_eps, shared_eps[0].tombstoned()],
            [
                on_laptop.days[0].edited(caffeine_mg=300.0),
                DayLog.for_day(NEW_DAY, water_ml=1500.0),
            ],
        )
    )
    on_desktop = desktop_store.load()
    desktop_eps = [_episode(f"desktop {n}", 120 + n) for n in range(2)]
    desktop_store.save(
        on_desktop.with_records(
            [*desktop_eps, shared_eps[1].edited(note="seen by the doctor")],
            [
                on_desktop.days[0].edited(sleep_h=6.5),
                DayLog.for_day(NEW_DAY, sleep_h=7.25),
            ],
        )
    )

    # 3. Back online: Syncthing keeps one journal.json and makes a conflict copy.
    for d in (laptop, desktop):
        d.set_paused(False)

    def conflicted() -> bool:
        return bool(
            find_conflict_copies(laptop.folder / JOURNAL_FILE)
            and find_conflict_copies(desktop.folder / JOURNAL_FILE)
            and settled(laptop, desktop)
        )

    deadline.wait_for("a conflict copy on both computers", conflicted)
    (copy,) = find_conflict_copies(desktop.folder / JOURNAL_FILE)
    assert copy.tool == "Syncthing"
    assert copy.made_by in (laptop.device_id[:7], desktop.device_id[:7])

    # 4. The desktop's app merges it (on open, on a watcher event or before a
    #    save), then the merged journal syncs to the laptop.
    plan = resolve(desktop_store, bases=[received])
    (merged,) = plan.merged
    assert merged.archived_to is not None
    assert merged.archived_to.parent == desktop.folder / ARCHIVE_DIR
    assert plan.entries >= 3
    notice = plan.notice(today=now_local().date()) or ""
    assert notice.startswith(f"Merged {plan.entries} entries from another computer's")
    desktop.scan()
    settle(deadline, laptop, desktop, "the merged journal to reach the laptop")

    # 5. The laptop's app finds nothing left to merge: sync removed its copy.
    assert find_conflict_copies(laptop.folder / JOURNAL_FILE) == []
    assert resolve(JournalStore(laptop.folder)).results == ()
    assert not (laptop.folder / ARCHIVE_DIR).exists()

    every_episode = {e.id for e in (*shared_eps, *laptop_eps, *desktop_eps)}
    for d in (laptop, desktop):
        journal = JournalStore(d.folder).load()
        assert {e.id for e in journal.episodes} == every_episode, d.name
        by_id = {e.id: e for e in journal.episodes}
        assert by_id[shared_eps[0].id].deleted, d.name
        assert by_id[shared_eps[1].id].note == "seen by the doctor", d.name
        shared = journal.day(SHARED_DAY)
        assert shared is not None
        assert (shared.stress, shared.caffeine_mg, shared.sleep_h) == (3, 300, 6.5)
        both = journal.day(NEW_DAY)
        assert both is not None
        assert (both.water_ml, both.sleep_h) == (1500, 7.25), d.name
    assert deadline.elapsed() < LIMIT_S
