"""``backups`` and ``restore``: the window's restore, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from twitchtrack.domain.merge import merge
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run


def _two_states(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    """A journal with one episode backed up, then changed: the backup's path."""
    run(["log", "calf_left", "--at", "2026-11-20T08:00+00:00"], capsys)
    backup = JournalStore(data_dir).backup("manual")
    assert backup is not None
    run(["log", "calf_right", "--at", "2026-11-21T08:00+00:00"], capsys)
    run(["day", "2026-11-21", "--caffeine", "200"], capsys)
    return backup


def test_backups_lists_each_backup(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    backup = _two_states(capsys, data_dir)
    code, out, err = run(["backups"], capsys)
    assert code == 0, err
    assert backup.name in out
    assert "1 episode, 0 check-ins" in out
    code, out, _ = run(["backups", "--json"], capsys)
    assert code == 0
    [row] = json.loads(out)
    assert row["name"] == backup.name
    assert row["path"] == str(backup)
    assert (row["reason"], row["episodes"], row["days"], row["error"]) == (
        "manual",
        1,
        0,
        None,
    )


def test_backups_with_none_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["backups"], capsys)
    assert code == 0
    assert "No backups" in out


def test_restore_keeps_a_copy_and_wins_later_merges(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    backup = _two_states(capsys, data_dir)
    before = JournalStore(data_dir).load()
    code, out, err = run(["restore", backup.name], capsys)
    assert code == 0, err
    assert "Restored 1 episode, 0 days" in out
    after = JournalStore(data_dir).load()
    assert [e.region for e in after.live_episodes()] == ["calf_left"]
    assert after.live_days() == []
    # The journal as it was is a backup now.
    reasons = [b.reason for b in JournalStore(data_dir).list_backups()]
    assert "before-restore" in reasons
    # An older copy (another window, a sync folder) merging in does not undo it.
    again = merge(after, before)
    assert [e.region for e in again.live_episodes()] == ["calf_left"]
    assert again.live_days() == []


def test_restore_by_path_and_refusals(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    backup = _two_states(capsys, data_dir)
    code, _, err = run(["restore", str(backup)], capsys)
    assert code == 0, err
    unchanged = (data_dir / "journal.json").read_bytes()
    code, _, err = run(["restore", "journal-nope.json"], capsys)
    assert code == 3
    assert err.startswith("twitchtrack: error: ")
    assert err.count("\n") == 1
    damaged = tmp_path / "damaged.json"
    damaged.write_text("{not json")
    code, _, err = run(["restore", str(damaged)], capsys)
    assert code == 3
    assert err.count("\n") == 1
    assert (data_dir / "journal.json").read_bytes() == unchanged


def test_restore_over_a_damaged_journal_keeps_it_aside(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    backup = _two_states(capsys, data_dir)
    (data_dir / "journal.json").write_text("{damaged")
    code, out, err = run(["restore", backup.name], capsys)
    assert code == 0, err
    assert "journal-damaged-" in out
    [aside] = data_dir.glob("journal-damaged-*.json")
    assert aside.read_text() == "{damaged"
    assert len(JournalStore(data_dir).load().live_episodes()) == 1
