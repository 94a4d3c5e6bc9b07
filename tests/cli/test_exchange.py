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


def test_an_import_that_changes_nothing_writes_no_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    run(["log", "calf_left", "--at", "2026-11-20T08:00+00:00"], capsys)
    out_file = tmp_path / "all.json"
    assert run(["export", "--format", "json", "-o", str(out_file)], capsys)[0] == 0
    assert JournalStore(data_dir).list_backups() == []
    code, out, _ = run(["import", str(out_file)], capsys)
    assert code == 0
    assert "Nothing new to import" in out
    assert JournalStore(data_dir).list_backups() == []
    code, out, _ = run(["import", str(out_file)], capsys)
    assert JournalStore(data_dir).list_backups() == []


def test_import_of_an_edited_row_without_updated_at_says_it_differs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    run(
        ["log", "calf_left", "--at", "2026-11-20T08:00+00:00", "--intensity", "2"],
        capsys,
    )
    [mine] = JournalStore(data_dir).load().live_episodes()
    sheet = tmp_path / "episodes.csv"
    sheet.write_text(
        f"id,at,region,intensity\n{mine.id},2026-11-20T08:00+00:00,calf_left,7\n",
        encoding="utf-8",
    )
    code, out, _ = run(["import", str(sheet)], capsys)
    assert code == 0
    assert "already present" not in out
    assert "differs" in out
    assert JournalStore(data_dir).load().live_episodes() == [mine]
