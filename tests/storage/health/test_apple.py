"""Apple Health: export.zip (any name for the main XML) and export.xml."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from twitchtrack.storage.health import read_health
from twitchtrack.storage.health.apple import read as read_apple
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import APPLE_XML, BERLIN, FIXTURES, apple_zip, at, by_kind, hours, ids

IPHONE = "Apple Health: Sam\u2019s iPhone"
WATCH = "Apple Health: Sam\u2019s Apple Watch"


def test_export_zip_gives_the_nights_and_intakes(tmp_path: Path) -> None:
    read = read_health(apple_zip(tmp_path), tz=BERLIN)
    assert read is not None
    assert read.platform == "Apple Health"
    # Asleep segments only: InBed and Awake are left out and counted.
    assert len(read.sleeps) == 7
    assert read.skipped["not an asleep stage"] == 2
    watch = sorted((s for s in read.sleeps if s.source == WATCH), key=lambda s: s.start)
    assert [s.stages[0].stage for s in watch if s.stages] == [
        "core", "deep", "rem", "core",
    ]  # fmt: skip
    assert watch[0].start == at("2024-01-14T23:05:00+01:00")
    # The phone's record of the same night overlaps the watch's: both are kept.
    phone_night = [s for s in read.sleeps if s.source == IPHONE and s.end.month == 1]
    assert len(phone_night) == 1
    assert hours(phone_night[0]) == 7.5
    assert by_kind(read.intakes) == {
        "caffeine": [95.0, 63.0],  # mg, and 0.063 g
        "water": [250.0, 500.0, 236.588],  # mL, L, fl_oz_us
        "alcohol": [2.0],  # beverages counted as units
        "magnesium": [200.0],
    }
    assert read.skipped["unknown unit"] == 1  # caffeine in mmol
    # The food correlation repeats a top-level caffeine record: read once.
    assert read.skipped["duplicate record"] == 1
    assert read.skipped["not a kind twitchtrack reads"] == 2
    assert read.counts["Apple Health: Caffeine Log"]["caffeine"] == 2
    assert read.counts[WATCH]["sleep"] == 4
    assert read.counts[IPHONE] == {"sleep": 3, "water": 1, "alcohol": 1}


def test_dst_night_keeps_its_offsets(tmp_path: Path) -> None:
    read = read_health(APPLE_XML, tz=BERLIN)
    assert read is not None
    night = next(s for s in read.sleeps if s.end.month == 3)
    assert night.start == at("2024-03-30T23:30:00+01:00")
    assert night.end.utcoffset() is not None
    assert night.end.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert hours(night) == 6.5  # not 7.5: the clocks went forward


def test_localised_main_xml_is_found_by_its_root(tmp_path: Path) -> None:
    english = read_health(apple_zip(tmp_path), tz=BERLIN)
    (tmp_path / "de").mkdir()
    german = read_health(
        apple_zip(tmp_path / "de", "apple_health_export/Exportieren.xml"), tz=BERLIN
    )
    assert english is not None
    assert german is not None
    assert ids(german) == ids(english)


def test_reading_twice_gives_the_same_ids_and_stamps(tmp_path: Path) -> None:
    first = read_apple(APPLE_XML, tz=BERLIN)
    again = read_apple(APPLE_XML, tz=None)  # offsets are in the file: no zone needed
    assert ids(first) == ids(again)
    assert first.journal() == again.journal()


def test_truncated_xml_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidImportError) as err:
        read_health(FIXTURES / "apple" / "truncated_export.xml", tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.file.name == "truncated_export.xml"
    assert problem.line == 39
    assert "cut short" in problem.message


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    path = apple_zip(tmp_path)
    path.write_bytes(path.read_bytes()[:-200])  # the central directory is gone
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    assert err.value.errors[0].file == path
    assert "zip" in err.value.errors[0].message


def test_member_cut_short_inside_the_zip_names_member_and_line(tmp_path: Path) -> None:
    text = APPLE_XML.read_bytes()
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("apple_health_export/export.xml", text[: len(text) // 2])
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.line > 30
    assert "apple_health_export/export.xml" in problem.message


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "export.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<HealthData locale="en"><Record type="x" sourceName="&b;" '
        'startDate="2024-01-01 00:00:00 +0000" endDate="2024-01-01 00:00:00 +0000"/>'
        "</HealthData>\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidImportError) as err:
        read_health(bomb, tz=BERLIN)
    assert "entities" in err.value.errors[0].message


def test_other_xml_and_zips_are_not_apple_exports(tmp_path: Path) -> None:
    other = tmp_path / "notes.xml"
    other.write_text("<?xml version='1.0'?><notes/>", encoding="utf-8")
    assert read_health(other, tz=BERLIN) is None
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "hello")
    assert read_health(archive, tz=BERLIN) is None
