"""CSV and JSON export: round trips, the format people see, safe writing."""

from __future__ import annotations

import stat
import tempfile
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
    export_csv,
    export_json,
    read_import,
)

T0 = datetime(2024, 3, 1, 20, 15, tzinfo=timezone(timedelta(hours=1)))

# ---------------------------------------------------------------------------
# Strategies

_offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
_instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2025, 12, 31), timezones=_offsets
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
        st.lists(
            st.dates(date(1990, 1, 1), date(2025, 12, 31)), unique=True, max_size=6
        )
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
