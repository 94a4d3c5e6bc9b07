"""The backup a save takes is the replaced file itself (a hard link), never a file
that could differ from what was read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.storage.conftest import FakeClock, episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.backups import BackupFolder
from twitchtrack.storage.durable import file_sig
from twitchtrack.storage.journal_store import JournalStore


def _saved(folder: Path, clock: FakeClock, n: int = 40) -> Path:
    JournalStore(folder, clock=clock).save(
        Journal(episodes=[episode(i) for i in range(n)])
    )
    return folder / "journal.json"


def _save_one_more(folder: Path, clock: FakeClock) -> None:
    store = JournalStore(folder, clock=clock)
    journal = store.load()
    store.save(journal.with_records([episode(999)]))


def _only_backup(folder: Path) -> Path:
    (backup,) = (folder / "backups").iterdir()
    return backup


def test_the_automatic_backup_is_the_replaced_file_itself(
    folder: Path, clock: FakeClock
) -> None:
    path = _saved(folder, clock)
    before = os.stat(path)
    raw = path.read_bytes()
    _save_one_more(folder, clock)
    backup = _only_backup(folder)
    st = os.stat(backup)
    assert st.st_ino == before.st_ino  # no 2nd copy written
    assert os.stat(path).st_ino != before.st_ino  # the journal is a new file
    assert backup.read_bytes() == raw
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert st.st_nlink == 1  # only the backup still names the old file


def test_a_journal_others_may_read_is_copied_into_a_private_backup(
    folder: Path, clock: FakeClock
) -> None:
    path = _saved(folder, clock)
    path.chmod(0o644)
    before = os.stat(path)
    raw = path.read_bytes()
    _save_one_more(folder, clock)
    st = os.stat(_only_backup(folder))
    assert st.st_ino != before.st_ino
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert _only_backup(folder).read_bytes() == raw


def test_a_journal_with_a_name_elsewhere_is_copied(
    folder: Path, clock: FakeClock, tmp_path: Path
) -> None:
    path = _saved(folder, clock)
    os.link(path, tmp_path / "someone-elses-name.json")  # could be written in place
    os.link(path, tmp_path / "and-another.json")
    before = os.stat(path)
    _save_one_more(folder, clock)
    assert os.stat(_only_backup(folder)).st_ino != before.st_ino


def test_a_file_changed_since_it_was_read_is_never_linked(
    folder: Path, clock: FakeClock
) -> None:
    path = _saved(folder, clock)
    read_then = path.read_bytes()
    sig_then = file_sig(os.stat(path))
    # Changed in place after the read (same inode, other size and time).
    with path.open("ab") as f:
        f.write(b" ")
    backups = BackupFolder(folder / "backups", clock)
    made = backups.write(read_then, "auto", (path, sig_then))
    assert made.read_bytes() == read_then
    assert os.stat(made).st_ino != os.stat(path).st_ino
