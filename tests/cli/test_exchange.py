"""Exchange commands: export and import round trip without duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from twitchtrack.storage.journal_store import JournalStore

from .helpers import run


def test_export_import_round_trip_is_idempotent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    assert run(["demo", "--days", "30", "--seed", "3"], capsys)[0] == 0
    before = JournalStore(data_dir).load()
    assert (
        run(["export", "--format", "csv", "-o", str(tmp_path / "csv")], capsys)[0] == 0
    )
    assert (
        run(["export", "--format", "json", "-o", str(tmp_path / "all.json")], capsys)[0]
        == 0
    )
    code, out, _ = run(["import", str(tmp_path / "csv")], capsys)
    assert code == 0
    assert "Nothing new to import" in out
    code, out, _ = run(["import", str(tmp_path / "all.json")], capsys)
    assert code == 0
    after = JournalStore(data_dir).load()
    assert len(after.live_episodes()) == len(before.live_episodes())
    assert len(after.live_days()) == len(before.live_days())
