"""Import says what happened: rows that differ from the journal, ids used twice in a
JSON file, identical rows merged, and times no one could have logged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.interchange import (
    InvalidImportError,
    apply_import,
    read_import,
    read_import_report,
)

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _sheet(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_row_that_differs_without_updated_at_is_reported_not_called_present(
    tmp_path: Path,
) -> None:
    mine = Episode(at=T0, region="calf_left", intensity=2, updated_at=T0)
    sheet = _sheet(
        tmp_path / "episodes.csv",
        f"id,at,region,intensity\n{mine.id},{T0.isoformat()},calf_left,7\n",
    )
    incoming, notes = read_import_report([sheet])
    merged, summary = apply_import(Journal(episodes=[mine]), incoming, notes)
    assert merged.episodes == [mine]  # the journal's version stays
    assert (summary.differing, summary.unchanged) == (1, 0)
    text = str(summary)
    assert "already present" not in text
    assert "1 differs from the journal" in text
    assert "updated_at" in text


def test_the_same_row_again_is_still_already_present(tmp_path: Path) -> None:
    mine = Episode(at=T0, region="calf_left", intensity=2)
    sheet = _sheet(
        tmp_path / "episodes.csv",
        f"id,at,region,intensity\n{mine.id},{T0.isoformat()},calf_left,2\n",
    )
    _, summary = apply_import(Journal(episodes=[mine]), read_import([sheet]))
    assert (summary.differing, summary.unchanged) == (0, 1)
    assert str(summary) == "Nothing new to import; 1 already present"


def test_a_json_file_with_one_id_twice_is_refused(tmp_path: Path) -> None:
    first = Episode(at=T0, region="calf_left", intensity=2)
    second = first.model_copy(update={"intensity": 9})
    raw = json.loads(Journal(episodes=[first]).model_dump_json())
    raw["episodes"].append(json.loads(second.model_dump_json()))
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    message = str(caught.value)
    assert "episodes[1].id" in message
    assert "episodes[0]" in message
    assert str(first.id) in message


def test_identical_rows_without_id_are_merged_and_said_so(tmp_path: Path) -> None:
    row = f"{T0.isoformat()},calf_left,3"
    sheet = _sheet(tmp_path / "episodes.csv", f"at,region,intensity\n{row}\n{row}\n")
    incoming, notes = read_import_report([sheet])
    assert len(incoming.episodes) == 1
    _, summary = apply_import(Journal(), incoming, notes)
    assert len(summary.merged_rows) == 1
    assert "identical" in str(summary)
    assert "line 3" in str(summary)


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59+00:00", "1900-01-01T00:00+00:00", "0001-01-01T00:00"]
)
def test_csv_rows_with_implausible_times_are_refused(tmp_path: Path, when: str) -> None:
    sheet = _sheet(tmp_path / "episodes.csv", f"at,region\n{when},calf_left\n")
    with pytest.raises(InvalidImportError) as caught:
        read_import([sheet])
    assert "1 Jan 1970 up to one day from now" in str(caught.value)


def test_csv_days_with_implausible_dates_are_refused(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path / "days.csv", "date,caffeine_mg\n9999-12-31,100\n")
    with pytest.raises(InvalidImportError) as caught:
        read_import([sheet])
    assert "line 2: date" in str(caught.value)


def test_json_records_with_implausible_times_are_refused(tmp_path: Path) -> None:
    odd = Episode(at=datetime(9999, 12, 30, tzinfo=UTC), region="calf_left")
    fine = Episode(at=datetime.now(UTC) - timedelta(days=1), region="calf_left")
    path = tmp_path / "backup.json"
    path.write_text(Journal(episodes=[fine, odd]).model_dump_json(), encoding="utf-8")
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    assert "episodes[1].at" in str(caught.value)
    assert str(odd.id) in str(caught.value)
