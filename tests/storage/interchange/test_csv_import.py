"""CSV import: every bad row listed with its line, spreadsheet spellings read."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from twitchtrack.domain.models import (
    Kind,
    TapPoint,
)
from twitchtrack.domain.regions import View
from twitchtrack.storage.interchange import (
    InvalidImportError,
    RowError,
    read_import,
)

T0 = datetime(2024, 3, 1, 20, 15, tzinfo=timezone(timedelta(hours=1)))


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------
# Bad input: every bad row listed, nothing imported


def _days_csv(rows: list[str]) -> str:
    return "date,caffeine_mg,sleep_h,stress\n" + "".join(r + "\n" for r in rows)


def test_one_bad_row_among_good_ones_refuses_the_whole_file(tmp_path: Path) -> None:
    rows = [f"2024-03-{i:02d},100,7,3" for i in range(1, 13)]
    rows.insert(12, "2024-04-01,100,30,3")  # line 14: header is line 1
    path = _write(tmp_path / "days.csv", _days_csv(rows))
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    (error,) = caught.value.errors
    assert error == RowError(path, 14, "sleep_h", "must be between 0 and 24 (got 30)")
    assert str(error) == "days.csv line 14: sleep_h: must be between 0 and 24 (got 30)"
    assert "1 problem found; nothing was imported" in str(caught.value)


def test_every_bad_row_is_listed_with_its_line(tmp_path: Path) -> None:
    sheet = (
        "id,at,region,intensity,note,pain\n"
        f"{uuid.uuid4()},2024-03-01T20:15:00+01:00,calf_left,3,fine,false\n"  # 2
        f'{uuid.uuid4()},2024-03-01T20:16:00+01:00,calf_left,3,"two\nlines",\n'  # 3-4
        "7d3f0c52-2a55-4c0e-9a3b-5a0d5b1f6f11,2024-03-01T20:17:00+01:00,elbow_x,3,,\n"
        ",2024-03-01 25:18,calf_left,3,,\n"  # 6: no such hour
        ",2024-03-01T20:19:00Z,calf_left,11,,maybe\n"  # 7: two problems
        ",2024-03-01T20:20:00Z,,3,,\n"  # 8: region missing
    )
    path = _write(tmp_path / "export.csv", sheet)
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    found = {(e.line, e.field) for e in caught.value.errors}
    assert found == {
        (5, "region"),
        (6, "at"),
        (7, "pain"),
        (7, "intensity"),
        (8, "region"),
    }
    region_error = next(e for e in caught.value.errors if e.line == 5)
    assert "elbow_x" in region_error.message
    assert "7d3f0c52-2a55-4c0e-9a3b-5a0d5b1f6f11" in region_error.message
    at_error = next(e for e in caught.value.errors if e.line == 6)
    assert "ISO 8601" in at_error.message
    assert "5 problems found" in str(caught.value)


def test_errors_from_several_files_are_gathered(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.csv", _days_csv(["2024-03-01,100,7,3"]))
    bad = _write(tmp_path / "bad.csv", _days_csv(["2024-03-02,lots,7,3"]))
    other = _write(tmp_path / "notes.txt", "hello, world\n")
    with pytest.raises(InvalidImportError) as caught:
        read_import([good, bad, other, tmp_path / "missing.csv"])
    messages = [str(e) for e in caught.value.errors]
    assert messages[0] == "bad.csv line 2: caffeine_mg: must be a number (got lots)"
    assert messages[1].startswith("notes.txt line 1: is not a twitchtrack journal")
    assert messages[2] == "missing.csv: file not found"
    assert len(messages) == 3


def test_duplicate_dates_in_days_csv_are_row_errors(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.csv",
        _days_csv(["2024-03-01,100,7,3", "2024-03-02,1,7,3", "2024-03-01,200,6,3"]),
    )
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    (error,) = caught.value.errors
    assert (error.line, error.field) == (4, "date")
    assert "already on line 2" in error.message


def test_duplicate_ids_in_episodes_csv_are_row_errors(tmp_path: Path) -> None:
    same = uuid.uuid4()
    path = _write(
        tmp_path / "e.csv",
        f"id,at,region\n{same},2024-03-01T20:15:00Z,nose\n{same},2024-03-02T20:15:00Z,nose\n",
    )
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "id")]


def test_many_problems_are_summarised_in_the_message(tmp_path: Path) -> None:
    rows = [f"2024-03-{i:02d},-5,7,3" for i in range(1, 21)]
    path = _write(tmp_path / "d.csv", _days_csv(rows))
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    assert len(caught.value.errors) == 20
    text = str(caught.value)
    assert text.startswith("20 problems found; nothing was imported.")
    assert "and 15 more" in text
    assert "d.csv line 2: caffeine_mg: must be between 0 and 5000 (got -5)" in text


# ---------------------------------------------------------------------------
# Files from spreadsheets and other tools


def test_excel_style_bom_and_crlf_import(tmp_path: Path) -> None:
    text = (
        "date,caffeine_mg,sleep_h,medications,note\r\n"
        '2024-03-01,200,6.5,Cetirizine;Ibuprofen,"first\r\nsecond"\r\n'
        "2024-03-02,,7,,\r\n"
    )
    path = tmp_path / "days.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    days = read_import([path]).live_days()
    assert [d.date for d in days] == [date(2024, 3, 1), date(2024, 3, 2)]
    assert days[0].medications == ["Cetirizine", "Ibuprofen"]
    assert days[0].note == "first\r\nsecond"
    assert days[1].caffeine_mg is None
    assert days[1].sleep_h == 7.0


def test_header_decides_the_kind_and_unknown_columns_are_ignored(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path / "episodes.csv",  # the name says episodes, the header says days
        " Date , Mood ,Sleep_H,deleted_at\n2024-03-01,good,8,2024-03-05T00:00:00Z\n",
    )
    journal = read_import([path])
    assert journal.episodes == []
    (day,) = journal.days
    assert (day.date, day.sleep_h, day.deleted) == (date(2024, 3, 1), 8.0, False)


def test_semicolon_csv_with_decimal_commas(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "days.csv",
        'date;sleep_h;water_ml;medications\n2024-03-01;6,5;1500;"A;B"\n',
    )
    (day,) = read_import([path]).days
    assert (day.sleep_h, day.water_ml, day.medications) == (6.5, 1500.0, ["A", "B"])


def test_spreadsheet_spellings_of_numbers_and_booleans(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "e.csv",
        "at,region,intensity,pain,at_rest,kind,tap_view,tap_x,tap_y\n"
        "2024-03-01T20:15:00+01:00,calf_left,4.0,TRUE,No,Cramp,back,0.5,0.75\n",
    )
    (ep,) = read_import([path]).episodes
    assert (ep.intensity, ep.pain, ep.at_rest, ep.kind) == (4, True, False, Kind.CRAMP)
    assert ep.tap == TapPoint(view=View.BACK, x=0.5, y=0.75)


# ---------------------------------------------------------------------------
# Schema 3: the day's tracking, and ids that stay the same across the upgrade


def test_days_csv_reads_tracking_and_an_empty_cell_is_not_said(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "days.csv",
        "date,tracking,caffeine_mg\n2024-03-01,All,100\n2024-03-02, off ,\n"
        "2024-03-03,,50\n",
    )
    days = {d.date.day: d for d in read_import([path]).days}
    assert {n: d.tracking for n, d in days.items()} == {1: "all", 2: "off", 3: None}


def test_an_unknown_tracking_value_is_a_row_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "days.csv", "date,tracking\n2024-03-01,mostly\n")
    with pytest.raises(InvalidImportError) as caught:
        read_import([path])
    (error,) = caught.value.errors
    assert (error.line, error.field) == (2, "tracking")


def test_a_csv_row_keeps_the_id_it_had_before_records_named_their_computer(
    tmp_path: Path,
) -> None:
    # The id of a row without one comes from its content. Fields added since (the
    # record's device) must not change it, or importing the same sheet again after
    # the upgrade would duplicate every episode.
    path = _write(
        tmp_path / "episodes.csv",
        "at,region,intensity,note\n2026-03-01T21:15:00+01:00,calf_left,4,after tea\n",
    )
    (episode,) = read_import([path]).episodes
    assert episode.id == uuid.UUID("ba6c5de7-c27b-549f-b8ca-036f71ceab59")
