"""Temp files of killed writers are removed by every command that takes the lock,
never a live writer's, never anything not ours (issue #13, item 6)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import ROOT, run
from tests.storage.conftest import episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.journal_store import BACKUP_DIR, JournalStore

# A writer that dies the way a killed save does: its temp file half written and
# claimed with an flock, as the durable write claims it, then SIGKILL.
_WRITER = """
import fcntl, os, signal, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
os.write(fd, b'{"format":"twitchtrack-journal","schema_ver')
sys.stdout.write("ready\\n")
sys.stdout.flush()
if sys.argv[2] == "die":
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.readline()  # a live writer: holds its temp file until told
"""


def _writer(path: Path, how: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    return proc


def _killed_temp(path: Path) -> Path:
    proc = _writer(path, "die")
    proc.communicate(timeout=60)  # also closes the pipes
    assert proc.returncode == -signal.SIGKILL
    assert path.exists()
    return path


@pytest.fixture
def journal_folder(data_dir: Path) -> Path:
    store = JournalStore(data_dir)
    store.save(Journal(episodes=[episode(0)]))
    store.backup("manual")
    return data_dir


def test_the_command_line_alone_removes_killed_writers_temp_files(
    journal_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = [
        _killed_temp(journal_folder / ".journal.json.0123456789ab.tmp"),
        _killed_temp(journal_folder / ".journal.json.ba9876543210.tmp"),
        _killed_temp(
            journal_folder
            / BACKUP_DIR
            / ".journal-20260101T000000Z-auto.json.00ff00ff00ff.tmp"
        ),
    ]
    code, _, err = run(["log", "chin"], capsys)  # a write: never a load()
    assert code == 0, err
    assert not [p for p in stale if p.exists()]
    assert len(JournalStore(journal_folder).load().live_episodes()) == 2


def test_a_live_writers_temp_file_stays(
    journal_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Its writer did not take the journal lock (an older version, say, or a
    # lock file a sync tool replaced): only its claim on the file protects it.
    live_path = journal_folder / ".journal.json.aaaaaaaaaaaa.tmp"
    live = _writer(live_path, "live")
    try:
        dead = _killed_temp(journal_folder / ".journal.json.bbbbbbbbbbbb.tmp")
        code, _, err = run(["day", "2026-03-01", "--stress", "3"], capsys)
        assert code == 0, err
        assert live_path.exists()
        assert not dead.exists()
    finally:
        live.communicate("done\n", timeout=60)
    JournalStore(journal_folder).save(JournalStore(journal_folder).load())
    assert not live_path.exists()  # stale now that its writer is gone


def test_only_our_names_in_our_folders_are_removed(
    journal_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = [
        journal_folder / ".notes.json.0123456789ab.tmp",
        journal_folder / ".journal.json.tmp",
        journal_folder / "journal.json.0123456789ab.tmp",
        journal_folder / BACKUP_DIR / "mine.tmp",
    ]
    for p in foreign:
        p.write_bytes(b"not ours")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    theirs = outside / ".journal.json.0123456789ab.tmp"
    theirs.write_bytes(b"outside the data folder")
    # A link named like our temp file is not a file of ours to remove.
    (journal_folder / ".journal.json.cccccccccccc.tmp").symlink_to(theirs)
    sub = journal_folder / "conflicts"
    sub.mkdir()
    nested = _killed_temp(sub / ".journal.json.dddddddddddd.tmp")
    code, _, err = run(["log", "chin"], capsys)
    assert code == 0, err
    assert all(p.exists() for p in foreign)
    assert theirs.read_bytes() == b"outside the data folder"
    assert (journal_folder / ".journal.json.cccccccccccc.tmp").is_symlink()
    assert nested.exists()  # only the data folder itself and backups/
