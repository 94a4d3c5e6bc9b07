"""The demo command: it never replaces a journal with entries unasked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from twitchtrack.storage.journal_store import JournalStore

from .helpers import run


def test_demo_refuses_to_replace_a_journal_without_force(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(["log", "calf_left"], capsys)
    [mine] = JournalStore(data_dir).load().live_episodes()
    code, _, err = run(["demo", "--days", "10"], capsys)
    assert code == 3
    assert "--force" in err
    assert JournalStore(data_dir).load().live_episodes() == [mine]
    assert run(["demo", "--days", "10", "--force"], capsys)[0] == 0
    live = JournalStore(data_dir).load().live_episodes()
    assert len(live) > 10
    assert mine.id not in {e.id for e in live}
    # replaced, not forgotten: a backup holds the user's own entry
    backups = JournalStore(data_dir).list_backups()
    assert any(
        mine.id in {e.id for e in JournalStore(data_dir).load_backup(b.path).episodes}
        for b in backups
    )


def test_a_short_range_is_called_short(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["demo", "--days", "60"], capsys)[0] == 0
    today = date.today()
    code, out, _ = run(
        [
            "insights",
            "--from",
            (today - timedelta(days=1)).isoformat(),
            "--to",
            today.isoformat(),
        ],
        capsys,
    )
    assert code == 0
    assert "more days" not in out
    assert "range" in out
    assert "short" in out
    assert "2 days analysed" in out
