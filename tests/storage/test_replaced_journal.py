"""A sync tool puts another computer's journal in place (issue #13, item 2, the
command-line side): what only this computer had comes back with the next write."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.storage.conftest import episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore


def _replace_like_a_sync_tool(folder: Path, version: Path) -> None:
    """Rename another computer's file over the journal, with its older time."""
    incoming = folder / ".syncthing.journal.json.tmp"
    shutil.copy2(version, incoming)
    os.utime(incoming, (1_600_000_000, 1_600_000_000))
    os.replace(incoming, folder / JOURNAL_FILE)


@pytest.fixture
def other_computer(tmp_path: Path) -> Path:
    """The version the other computer has: an older state plus one of its own."""
    return tmp_path / "other"


def test_an_episode_logged_just_before_a_replacement_survives(
    data_dir: Path, other_computer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    JournalStore(data_dir).save(Journal(episodes=[episode(0)]))
    # The other computer got that version, then logged one of its own.
    theirs = episode(1, region="thumb_left")
    JournalStore(other_computer).save(Journal(episodes=[episode(0), theirs]))
    code, _, err = run(["log", "chin"], capsys)
    assert code == 0, err
    mine = JournalStore(data_dir).load().live_episodes()
    logged = next(e for e in mine if e.region == "chin")
    _replace_like_a_sync_tool(data_dir, other_computer / JOURNAL_FILE)
    assert logged.id not in {e.id for e in JournalStore(data_dir).load().episodes}

    code, _, err = run(["day", "2026-03-01", "--stress", "2"], capsys)
    assert code == 0, err
    after = JournalStore(data_dir).load()
    assert {e.id for e in after.live_episodes()} == {
        episode(0).id,
        theirs.id,
        logged.id,
    }
    assert after.day(date(2026, 3, 1)) is not None

    # Merged once: the next write finds its own file again and merges nothing.
    code, _, err = run(["log", "calf_left"], capsys)
    assert code == 0, err
    assert len(JournalStore(data_dir).load().live_episodes()) == 4


def test_a_newer_version_from_the_other_computer_still_wins(
    data_dir: Path, other_computer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = episode(0)
    JournalStore(data_dir).save(Journal(episodes=[first]))
    code, _, err = run(["log", "chin"], capsys)
    assert code == 0, err
    edited = first.edited(note="changed on the other computer")
    JournalStore(other_computer).save(Journal(episodes=[edited]))
    _replace_like_a_sync_tool(data_dir, other_computer / JOURNAL_FILE)
    code, _, err = run(["log", "calf_left"], capsys)
    assert code == 0, err
    after = {e.id: e for e in JournalStore(data_dir).load().live_episodes()}
    assert after[first.id].note == "changed on the other computer"
    assert len(after) == 3


def test_a_deleted_journal_starts_empty_as_before(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["log", "chin"], capsys)
    assert code == 0, err
    (data_dir / JOURNAL_FILE).unlink()
    code, _, err = run(["log", "calf_left"], capsys)
    assert code == 0, err
    assert [e.region for e in JournalStore(data_dir).load().live_episodes()] == [
        "calf_left"
    ]
