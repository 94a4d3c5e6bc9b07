"""End to end: two computers' command lines write one journal through real Syncthing;
the conflict copy it makes is merged by the next `twitchtrack log`, field by field,
and nothing from either computer is lost on either."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cli.helpers import run
from tests.storage.sync.harness import Daemon, Deadline, settle, settled
from twitchtrack.storage.conflicts import ARCHIVE_DIR, find_conflict_copies
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore

LIMIT_S = 150
SHARED_DAY = date(2026, 11, 30)
NEW_DAY = date(2026, 12, 1)


@pytest.mark.slow
def test_two_command_lines_through_syncthing_lose_nothing(
    syncthing_pair: tuple[Daemon, Daemon],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop, desktop = syncthing_pair
    deadline = Deadline(
        LIMIT_S, lambda: "\n".join(d.log_tail() for d in (laptop, desktop))
    )

    def on(computer: Daemon, *argv: str) -> str:
        """`twitchtrack ARGV` on one computer: its data folder, its own config."""
        monkeypatch.setenv("TWITCHTRACK_CONFIG_DIR", str(computer.home / "app"))
        code, out, err = run(["--data-dir", str(computer.folder), *argv], capsys)
        assert (code, err) == (0, ""), (computer.name, argv, out)
        return out

    deadline.wait_for(
        "both daemons to answer", lambda: laptop.alive() and desktop.alive()
    )
    deadline.wait_for(
        "the two daemons to connect over 127.0.0.1",
        lambda: laptop.connected_to(desktop) and desktop.connected_to(laptop),
    )

    # 1. Both computers use the journal for a while: each receives the other's.
    on(laptop, "log", "calf_left", "--note", "shared")
    on(laptop, "day", SHARED_DAY.isoformat(), "--stress", "3")
    laptop.scan()
    settle(deadline, laptop, desktop, "the laptop's journal to reach the desktop")
    on(desktop, "log", "thumb_left", "--note", "from the desktop")
    desktop.scan()
    settle(deadline, laptop, desktop, "the desktop's entry to reach the laptop")
    on(laptop, "log", "chin", "--note", "laptop again")
    laptop.scan()
    settle(deadline, laptop, desktop, "the laptop's next entry to reach the desktop")

    # 2. Offline (the folder paused on both), each logs and edits one check-in.
    for d in (laptop, desktop):
        d.set_paused(True)
    deadline.wait_for(
        "the folder to pause on both",
        lambda: laptop.folder_paused() and desktop.folder_paused(),
    )
    on(laptop, "day", SHARED_DAY.isoformat(), "--caffeine", "300")
    on(laptop, "log", "eyelid_upper_left", "--note", "laptop offline")
    on(laptop, "day", NEW_DAY.isoformat(), "--water", "1500")
    on(desktop, "day", SHARED_DAY.isoformat(), "--sleep", "6.5")
    on(desktop, "log", "eyelid_lower_right", "--note", "desktop offline")
    on(desktop, "day", NEW_DAY.isoformat(), "--sleep", "7.25")

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

    # 4. The next command that writes, on the desktop, merges the copy.
    out = on(desktop, "log", "calf_right", "--note", "after the trip")
    assert "from another computer's copy" in out.splitlines()[0]
    assert find_conflict_copies(desktop.folder / JOURNAL_FILE) == []
    assert len(list((desktop.folder / ARCHIVE_DIR).iterdir())) == 1
    desktop.scan()
    settle(deadline, laptop, desktop, "the merged journal to reach the laptop")

    # 5. The laptop has nothing left to merge: sync removed its copy too.
    assert find_conflict_copies(laptop.folder / JOURNAL_FILE) == []
    assert "Conflict copy" not in on(laptop, "check")

    notes = {
        "shared",
        "from the desktop",
        "laptop again",
        "laptop offline",
        "desktop offline",
        "after the trip",
    }
    for d in (laptop, desktop):
        journal = JournalStore(d.folder).load()
        assert {e.note for e in journal.live_episodes()} == notes, d.name
        shared = journal.day(SHARED_DAY)
        assert shared is not None
        # Each computer's field survives: the desktop merged against the journal
        # it last received from the laptop, a version both had.
        assert (shared.stress, shared.caffeine_mg, shared.sleep_h) == (3, 300, 6.5)
        both = journal.day(NEW_DAY)
        assert both is not None
        assert (both.water_ml, both.sleep_h) == (1500, 7.25), d.name
    assert deadline.elapsed() < LIMIT_S
