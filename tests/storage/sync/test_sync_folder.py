"""What else a sync folder does to the journal: foreign lock files, replacement by
rename with an older time."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.conftest import FakeClock, episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.conflicts import resolve
from twitchtrack.storage.journal_store import LOCK_FILE, JournalStore

ROOT = Path(__file__).resolve().parents[3]


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
    resolve(fresh)
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


def test_a_lock_file_that_arrived_as_a_link_does_not_block(
    folder: Path, clock: FakeClock, tmp_path: Path
) -> None:
    store = _store(folder, Journal(), clock)
    lock = folder / LOCK_FILE
    lock.unlink()
    # Syncthing syncs links as links: the other computer's lock, pointing nowhere.
    lock.symlink_to(tmp_path / "elsewhere" / LOCK_FILE)
    store.save(Journal(episodes=[episode(1)]))
    assert not lock.is_symlink()
    assert [e.id for e in store.load().episodes] == [episode(1).id]


def _without_root_powers() -> list[str]:
    """A prefix that runs a command without root's power to open any file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs setpriv (util-linux) for this test")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def test_a_read_only_lock_file_from_another_computer_does_not_block(
    folder: Path, clock: FakeClock
) -> None:
    _store(folder, Journal(episodes=[episode(0)]), clock)
    lock = folder / LOCK_FILE
    lock.write_text("4242 laptop\n")
    lock.chmod(0o444)  # how it may arrive (a tool that syncs modes, or a share)
    command = ["-m", "twitchtrack", "--data-dir", str(folder), "log", "calf_left"]
    done = subprocess.run(
        [*_without_root_powers(), sys.executable, *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    assert len(JournalStore(folder).load().episodes) == 2
