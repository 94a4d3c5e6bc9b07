"""Detection, the journal importer's hook, and the words of a health import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twitchtrack.domain.models import Journal
from twitchtrack.storage.health import read_health
from twitchtrack.storage.health.summary import (
    describe_new,
    describe_skipped,
    new_by_source,
    read_paths,
)
from twitchtrack.storage.interchange import (
    InvalidImportError,
    apply_import,
    read_import,
    read_import_report,
)

from .helpers import BERLIN, FIXTURES, apple_zip, health_connect_zip

SAMSUNG = FIXTURES / "samsung" / "samsunghealth_sam_20240402120000"


def test_journal_importer_reads_health_exports_and_folders(tmp_path: Path) -> None:
    journal = read_import(
        [apple_zip(tmp_path), SAMSUNG, FIXTURES / "garmin" / "DI_CONNECT"]
    )
    assert len(journal.sleeps) == 7 + 2 + 2
    assert len(journal.intakes) == 7 + 4
    assert journal.episodes == []
    _, summary = apply_import(Journal(), journal)
    assert summary.changed


def test_journal_importer_refuses_a_damaged_export_with_the_others(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "sleep.csv"
    shutil.copy(FIXTURES / "withings" / "truncated" / "sleep.csv", bad)
    with pytest.raises(InvalidImportError) as err:
        read_import([apple_zip(tmp_path), bad])
    assert [(e.file, e.line) for e in err.value.errors] == [(bad, 2)]


def test_not_health_exports_go_to_the_journal_importer(tmp_path: Path) -> None:
    days = tmp_path / "days.csv"
    days.write_text("date,caffeine_mg\n2024-01-14,200\n", encoding="utf-8")
    assert read_health(days, tz=BERLIN) is None
    assert read_health(tmp_path / "missing.json", tz=BERLIN) is None
    journal, _, reads = read_paths(
        [days, health_connect_zip(tmp_path)], read_import_report
    )
    assert len(journal.days) == 1
    assert [r.platform for r in reads] == ["Health Connect"]
    assert len(journal.sleeps) == 3


def test_new_records_are_counted_per_source_and_kind(tmp_path: Path) -> None:
    read = read_health(SAMSUNG, tz=BERLIN)
    assert read is not None
    new = new_by_source(Journal(), read.journal())
    assert describe_new(new, 0) == [
        "Imported 2 sleep periods and 4 intakes:",
        "  Samsung Health: 2 sleep periods, 1 caffeine intake and 2 water intakes",
        "  Samsung Health: com.example.coffeeapp: 1 caffeine intake",
    ]
    assert new_by_source(read.journal(), read.journal()) == {}
    assert describe_new({}, 6) == [
        "No new sleep periods or intakes (6 already present)"
    ]
    assert describe_skipped([read]) == (
        "Skipped 2 records: 1 zero amount, 1 ends before it starts"
    )


def test_a_deleted_import_stays_deleted(tmp_path: Path) -> None:
    read = read_health(SAMSUNG, tz=BERLIN)
    assert read is not None
    first = read.journal()
    gone = first.model_copy(update={"sleeps": [s.tombstoned() for s in first.sleeps]})
    merged, _ = apply_import(gone, read.journal())
    assert all(s.deleted for s in merged.sleeps)
    again = new_by_source(gone, read.journal())
    assert all(kinds["sleep"] == 0 for kinds in again.values())
