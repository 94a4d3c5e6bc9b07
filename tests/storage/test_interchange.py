"""Tests for CSV/JSON export and the all-or-nothing import."""

from __future__ import annotations

import gzip
import json
import stat
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import (
    DayLog,
    Episode,
    Journal,
    Kind,
    Pattern,
    Settings,
    TapPoint,
    Units,
    day_id,
)
from twitchtrack.domain.regions import REGIONS, View
from twitchtrack.storage.interchange import (
    DAY_COLUMNS,
    EPISODE_COLUMNS,
    ExportError,
    ImportSummary,
    InvalidImportError,
    RowError,
    apply_import,
    export_csv,
    export_json,
    read_import,
)

T0 = datetime(2024, 3, 1, 20, 15, tzinfo=timezone(timedelta(hours=1)))

# ---------------------------------------------------------------------------
# Strategies

_offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
_instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=_offsets
)
_tricky_text = st.sampled_from(
    [
        "",
        "plain",
        "commas, and more, commas",
        'she said "again"',
        "line one\nline two",
        "windows\r\nbreak",
        "  leading and trailing  ",
        "Ünïcödé — 眼瞼 🙂",
        ";semi;colons;",
        "back\\slash",
        "=1+2",
        "\x00nul",
        "'quoted",
        "''",
        "'=already guarded",
        "-dash",
        "+plus",
        "@mention",
    ]
)
_notes = st.one_of(
    _tricky_text, st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
)
# Tags and names are stored stripped; generate them that way, with awkward characters.
_items = st.one_of(
    st.sampled_from(["Cetirizine", "a;b", "x\\y", "end\\", ";", "café", "two words"]),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
).filter(lambda s: s.strip() == s and s != "")
_maybe_bool = st.none() | st.booleans()


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


_episodes = st.builds(
    Episode.model_validate,
    st.fixed_dictionaries(
        {
            "id": st.uuids(),
            "at": _instants,
            "created_at": _instants,
            "updated_at": _instants,
            "deleted_at": st.none() | st.none() | _instants,
            "region": st.sampled_from([r.id for r in REGIONS]),
            "tap": _opt(
                st.builds(
                    TapPoint,
                    view=st.sampled_from(list(View)),
                    x=_floats(0, 1),
                    y=_floats(0, 1),
                )
            ),
            "intensity": st.integers(1, 10),
            "duration_s": _opt(_floats(0, 86_400)),
            "kind": st.sampled_from(list(Kind)),
            "pattern": _opt(st.sampled_from(list(Pattern))),
            "at_rest": _maybe_bool,
            "seen": _maybe_bool,
            "weakness": st.booleans(),
            "numbness": st.booleans(),
            "speech_swallowing": st.booleans(),
            "pain": st.booleans(),
            "wasting": st.booleans(),
            "note": _notes,
            "tags": st.lists(_items, max_size=3),
        }
    ),
)


@st.composite
def _day_logs(draw: st.DrawFn) -> list[DayLog]:
    dates = draw(
        st.lists(st.dates(date(1990, 1, 1), date(2090, 1, 1)), unique=True, max_size=6)
    )
    out = []
    for d in dates:
        values = {
            "id": draw(st.just(day_id(d)) | st.uuids()),
            "date": d,
            "created_at": draw(_instants),
            "updated_at": draw(_instants),
            "deleted_at": draw(st.none() | st.none() | _instants),
            "caffeine_mg": draw(_opt(_floats(0, 5_000))),
            "sleep_h": draw(_opt(_floats(0, 24))),
            "sleep_quality": draw(_opt(st.integers(1, 5))),
            "water_ml": draw(_opt(_floats(0, 20_000))),
            "stress": draw(_opt(st.integers(0, 10))),
            "exercise_min": draw(_opt(_floats(0, 1_440))),
            "alcohol_units": draw(_opt(_floats(0, 100))),
            "magnesium_mg": draw(_opt(_floats(0, 5_000))),
            "medications": draw(st.lists(_items, max_size=3)),
            "tags": draw(st.lists(_items, max_size=3)),
            "note": draw(_notes),
        }
        out.append(DayLog.model_validate(values))
    return out


_journals = st.builds(
    lambda eps, days: Journal(episodes=eps, days=days),
    st.lists(_episodes, max_size=6, unique_by=lambda e: e.id),
    _day_logs(),
)


def _dump(records: list[Any]) -> list[dict[str, Any]]:
    """Records as JSON-mode dicts by id, so offsets and None-vs-0 are compared too."""
    return sorted((r.model_dump(mode="json") for r in records), key=lambda r: r["id"])


# ---------------------------------------------------------------------------
# Round trips


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journal=_journals)
def test_csv_round_trip_keeps_every_live_field(journal: Journal) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export_csv(journal, folder)
        back = read_import([folder])
    assert _dump(back.episodes) == _dump(journal.live_episodes())
    assert _dump(back.days) == _dump(journal.live_days())
    for mine, theirs in zip(
        sorted(back.episodes, key=lambda e: e.id),
        sorted(journal.live_episodes(), key=lambda e: e.id),
        strict=True,
    ):
        assert mine.at.utcoffset() == theirs.at.utcoffset()


@settings(max_examples=30, deadline=None)
@given(journal=_journals)
def test_json_round_trip_gives_an_equal_journal(journal: Journal) -> None:
    journal = journal.model_copy(
        update={"settings": Settings(units=Units.US, dismissed_guidance={"g": "f"})}
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = export_json(journal, Path(tmp) / "backup.json")
        back = read_import([path])
    assert back == journal
    assert back.model_dump_json() == journal.model_dump_json()


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_kept_as_text(
    tmp_path: Path,
) -> None:
    risky = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "'quoted"]
    episodes = [
        Episode(at=T0 + timedelta(minutes=i), region="calf_left", note=note)
        for i, note in enumerate(risky)
    ]
    day = DayLog.for_day(T0.date(), tags=["=cmd", "fine"], medications=["-x"])
    journal = Journal(episodes=episodes, days=[day])
    export_csv(journal, tmp_path)
    text = (tmp_path / "episodes.csv").read_text(encoding="utf-8")
    for note in risky:
        assert "'" + note.replace('"', '""') in text
    days = (tmp_path / "days.csv").read_text(encoding="utf-8")
    assert "'=cmd; fine" in days
    assert ",'-x," in days
    back = read_import([tmp_path])
    assert sorted(e.note or "" for e in back.episodes) == sorted(risky)
    assert back.days[0].tags == ["=cmd", "fine"]
    assert back.days[0].medications == ["-x"]


def test_csv_leaves_deleted_records_out_and_json_keeps_them(tmp_path: Path) -> None:
    keep = Episode(at=T0, region="calf_left")
    gone = Episode(at=T0, region="calf_right").tombstoned()
    day_gone = DayLog.for_day(date(2024, 3, 1), sleep_h=7.0).tombstoned()
    journal = Journal(episodes=[keep, gone], days=[day_gone])
    episodes_csv, days_csv = export_csv(journal, tmp_path / "csv")
    assert str(gone.id) not in episodes_csv.read_text(encoding="utf-8")
    assert days_csv.read_text(encoding="utf-8").strip() == ",".join(DAY_COLUMNS)
    back = read_import([export_json(journal, tmp_path / "j.json")])
    assert {e.id for e in back.episodes if e.deleted} == {gone.id}


def test_demo_journal_round_trips_through_csv(tmp_path: Path) -> None:
    journal = generate_demo(200, seed=9, end=date(2025, 1, 31), tz=UTC)
    export_csv(journal, tmp_path)
    back = read_import([tmp_path / "episodes.csv", tmp_path / "days.csv"])
    assert _dump(back.episodes) == _dump(journal.live_episodes())
    assert _dump(back.days) == _dump(journal.live_days())


def test_csv_files_are_private_and_written_without_leftovers(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "export"
    paths = export_csv(Journal(episodes=[Episode(at=T0, region="nose")]), folder)
    assert paths == (folder / "episodes.csv", folder / "days.csv")
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == ["days.csv", "episodes.csv"]
    json_path = export_json(Journal(), tmp_path / "backup.json")
    assert stat.S_IMODE(json_path.stat().st_mode) == 0o600


def test_csv_format_is_readable_for_people(tmp_path: Path) -> None:
    episode = Episode(
        at=T0,
        region="eyelid_lower_left",
        intensity=4,
        duration_s=12.0,
        pattern=Pattern.BURST,
        tags=["screen", "a;b"],
        note='after "coffee", tired',
    )
    day = DayLog.for_day(
        date(2024, 3, 1),
        caffeine_mg=0.0,
        sleep_h=6.5,
        medications=["Cetirizine", "Ibu"],
    )
    episodes_csv, days_csv = export_csv(
        Journal(episodes=[episode], days=[day]), tmp_path
    )
    ep_lines = episodes_csv.read_bytes().decode("utf-8").split("\r\n")
    assert ep_lines[0] == ",".join(EPISODE_COLUMNS)
    assert ep_lines[0].startswith(
        "id,at,region,intensity,duration_s,kind,pattern,weakness,numbness,"
        "speech_swallowing,pain,wasting,note"
    )
    assert (
        f"{episode.id},2024-03-01T20:15:00+01:00,eyelid_lower_left,4,12,twitch,burst,"
        'false,false,false,false,false,"after ""coffee"", tired",,,screen; a\\;b,,,,'
    ) in ep_lines[1]
    day_lines = days_csv.read_text(encoding="utf-8").splitlines()
    assert day_lines[1].startswith("2024-03-01,0,6.5,,,,,,,Cetirizine; Ibu,,,")


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
        ",2024-03-01 20:18,calf_left,3,,\n"  # 6: no offset
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
    assert "UTC offset" in at_error.message
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


def test_gzip_backup_imports(tmp_path: Path) -> None:
    journal = Journal(episodes=[Episode(at=T0, region="nose")])
    path = tmp_path / "journal.json.gz"
    path.write_bytes(gzip.compress(journal.model_dump_json().encode()))
    assert read_import([path]) == journal


def test_export_to_an_unusable_place_raises_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="Could not write"):
        export_csv(Journal(), blocker / "sub")
    with pytest.raises(ExportError, match="Could not write") as caught:
        export_json(Journal(), blocker / "j.json")
    assert caught.value.filename == str(blocker / "j.json")
    assert caught.value.strerror
    assert (
        str(caught.value)
        == f"Could not write {blocker / 'j.json'}: {caught.value.strerror}"
    )
    assert blocker.read_text() == "x"


def test_identical_rows_without_ids_count_once(tmp_path: Path) -> None:
    row = "2024-03-01T20:15:00+01:00,calf_left,4\n"
    path = _write(tmp_path / "e.csv", "at,region,intensity\n" + row + row)
    incoming = read_import([path])
    assert len(incoming.episodes) == 1
    _, summary = apply_import(Journal(), incoming)
    assert str(summary) == "Imported 1 episode, 0 days"
