"""Import: idempotent, all or nothing across files, and every kind of file."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import (
    Episode,
    Journal,
    day_id,
)
from twitchtrack.storage.interchange import (
    ImportSummary,
    InvalidImportError,
    apply_import,
    export_csv,
    read_import,
)

T0 = datetime(2024, 3, 1, 20, 15, tzinfo=timezone(timedelta(hours=1)))


def _dump(records: list[Any]) -> list[dict[str, Any]]:
    """Records as JSON-mode dicts by id, so offsets and None-vs-0 are compared too."""
    return sorted((r.model_dump(mode="json") for r in records), key=lambda r: r["id"])


# ---------------------------------------------------------------------------
# Idempotent import


def test_importing_the_same_export_twice_adds_nothing(tmp_path: Path) -> None:
    source = generate_demo(60, seed=2, end=date(2025, 3, 1), tz=UTC)
    export_csv(source, tmp_path)
    base = Journal(episodes=[Episode(at=T0, region="nose")])
    once, first = apply_import(base, read_import([tmp_path]))
    assert first == ImportSummary(
        episodes_new=len(source.episodes),
        days_new=len(source.days),
        updated=0,
        unchanged=0,
    )
    twice, second = apply_import(once, read_import([tmp_path]))
    assert second.episodes_new == second.days_new == second.updated == 0
    assert second.unchanged == len(source.episodes) + len(source.days)
    assert _dump(twice.episodes) == _dump(once.episodes)
    assert _dump(twice.days) == _dump(once.days)
    assert str(second) == f"Nothing new to import; {second.unchanged} already present"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_without_ids_or_timestamps_get_stable_ones(tmp_path: Path) -> None:
    sheet = _write(
        tmp_path / "mine.csv",
        "at,region,intensity,note\n"
        "2024-03-01T20:15:00+01:00,calf_left,4,first\n"
        "2024-03-01T21:00:00+01:00,Left calf,2,label instead of id\n",
    )
    days = _write(tmp_path / "checkins.csv", "date,sleep_h\n2024-03-01,5.5\n")
    first = read_import([sheet, days])
    again = read_import([sheet, days])
    assert first == again
    ep = min(first.episodes, key=lambda e: e.at)
    assert ep.created_at == ep.updated_at == ep.at
    assert ep.id.version == 5
    assert all(e.region == "calf_left" for e in first.episodes)
    (day,) = first.days
    assert day.id == day_id(date(2024, 3, 1))
    assert day.created_at == datetime(2024, 3, 1, tzinfo=UTC)
    merged, _ = apply_import(Journal(), first)
    _, summary = apply_import(merged, again)
    assert (summary.episodes_new, summary.days_new, summary.updated) == (0, 0, 0)


def test_derived_ids_follow_the_content(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", "at,region,note\n2024-03-01T20:15:00Z,nose,x\n")
    b = _write(
        tmp_path / "b.csv", "note,region,at,extra\nx,nose,2024-03-01T20:15:00Z,1\n"
    )
    c = _write(tmp_path / "c.csv", "at,region,note\n2024-03-01T20:15:00Z,nose,y\n")
    (ea,) = read_import([a]).episodes
    (eb,) = read_import([b]).episodes
    (ec,) = read_import([c]).episodes
    assert ea.id == eb.id
    assert ea.id != ec.id


def test_deleted_record_is_not_resurrected_by_an_old_export(tmp_path: Path) -> None:
    ep = Episode(at=T0, region="chin")
    export_csv(Journal(episodes=[ep]), tmp_path)
    base = Journal(episodes=[ep.tombstoned()])
    merged, summary = apply_import(base, read_import([tmp_path]))
    assert merged.live_episodes() == []
    assert summary == ImportSummary(0, 0, 0, 1)


def test_summary_reads_naturally() -> None:
    assert str(ImportSummary(120, 30, 0, 4)) == (
        "Imported 120 episodes, 30 days; 4 already present"
    )
    assert str(ImportSummary(1, 1, 2, 0)) == "Imported 1 episode, 1 day; 2 updated"
    assert str(ImportSummary(0, 0, 0, 0)) == "Nothing new to import"


def test_newer_import_updates_and_summary_counts_it(tmp_path: Path) -> None:
    ep = Episode(at=T0, region="chin", intensity=2)
    edited = ep.edited(intensity=6)
    brand_new = Episode(at=T0, region="nose")
    export_csv(Journal(episodes=[edited, brand_new]), tmp_path)
    merged, summary = apply_import(Journal(episodes=[ep]), read_import([tmp_path]))
    assert summary == ImportSummary(episodes_new=1, days_new=0, updated=1, unchanged=0)
    assert {e.id: e.intensity for e in merged.episodes} == {ep.id: 6, brand_new.id: 3}


# ---------------------------------------------------------------------------
# Files that are not what they seem


def test_unknown_files_and_folders_get_clear_errors(tmp_path: Path) -> None:
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    not_ours = _write(tmp_path / "other.json", '{"hello": 1}')
    with pytest.raises(InvalidImportError) as caught:
        read_import([empty_folder, binary, not_ours])
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "empty: folder has no episodes.csv or days.csv",
        "photo.jpg: is not a twitchtrack journal, episodes CSV or days CSV",
        'other.json: is not a twitchtrack journal (no "format": "twitchtrack-journal")',
    ]
    with pytest.raises(InvalidImportError, match="no files were chosen"):
        read_import([])


def test_bad_bytes_in_a_csv_are_located(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(b"date,note\n2024-03-01,ok\n2024-03-02,caf\xe9\n")
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    (error,) = caught.value.errors
    assert error.line == 3
    assert "not UTF-8" in error.message


def test_newer_and_broken_journal_files_are_refused(tmp_path: Path) -> None:
    newer = _write(
        tmp_path / "newer.json",
        json.dumps({"format": "twitchtrack-journal", "schema_version": 9}),
    )
    broken = _write(
        tmp_path / "broken.json", '{\n  "format": "twitchtrack-journal",\n  oops\n}'
    )
    bad_record = Journal(episodes=[Episode(at=T0, region="nose")]).model_dump(
        mode="json"
    )
    bad_record["episodes"][0]["region"] = "nowhere"
    invalid = _write(tmp_path / "invalid.json", json.dumps(bad_record))
    with pytest.raises(InvalidImportError) as caught:
        read_import([newer, broken, invalid])
    newer_e, broken_e, invalid_e = caught.value.errors
    assert "newer twitchtrack" in newer_e.message
    assert broken_e.line == 3
    assert "not valid JSON" in broken_e.message
    assert invalid_e.field == "episodes[0].region"
    assert "nowhere" in invalid_e.message
    assert str(bad_record["episodes"][0]["id"]) in invalid_e.message


def test_gzip_backup_imports(tmp_path: Path) -> None:
    journal = Journal(episodes=[Episode(at=T0, region="nose")])
    path = tmp_path / "journal.json.gz"
    path.write_bytes(gzip.compress(journal.model_dump_json().encode()))
    assert read_import([path]) == journal


def test_identical_rows_without_ids_count_once(tmp_path: Path) -> None:
    row = "2024-03-01T20:15:00+01:00,calf_left,4\n"
    path = _write(tmp_path / "e.csv", "at,region,intensity\n" + row + row)
    incoming = read_import([path])
    assert len(incoming.episodes) == 1
    _, summary = apply_import(Journal(), incoming)
    assert str(summary) == "Imported 1 episode, 0 days"
