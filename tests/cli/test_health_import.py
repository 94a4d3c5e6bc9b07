"""`twitchtrack import` of health-platform exports, end to end through the CLI."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.storage.health.helpers import FIXTURES, apple_zip, health_connect_zip
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run

Build = Callable[[Path], Path]


def _copy(relative: str) -> Build:
    def build(tmp: Path) -> Path:
        source = FIXTURES / relative
        target = tmp / source.name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
        return target

    return build


def _cut(build: Build, keep: float = 0.5) -> Build:
    """The same export with its (first) file cut short."""

    def damaged(tmp: Path) -> Path:
        path = build(tmp)
        files = (
            sorted(p for p in path.rglob("*") if p.is_file())
            if path.is_dir()
            else [path]
        )
        data = files[0].read_bytes()
        files[0].write_bytes(data[: int(len(data) * keep)])
        return path

    return damaged


# name -> (build, nights, intakes, damaged build)
CASES: dict[str, tuple[Build, int, int, Build]] = {
    "apple": (apple_zip, 7, 7, _copy("apple/truncated_export.xml")),
    "health_connect": (
        health_connect_zip,
        3,
        6,
        _cut(health_connect_zip, 0.6),
    ),
    "samsung": (
        _copy("samsung/samsunghealth_sam_20240402120000"),
        2,
        4,
        _copy("samsung/truncated"),
    ),
    "fitbit": (_copy("fitbit/Takeout"), 3, 0, _copy("fitbit/truncated")),
    "garmin": (_copy("garmin/DI_CONNECT"), 2, 0, _copy("garmin/truncated")),
    "oura": (
        _copy("oura/oura_sleep_2024-01-01_2024-04-02.csv"),
        3,
        0,
        _copy("oura/truncated/oura_sleep_2024-01-01_2024-04-02.csv"),
    ),
    "withings": (
        _copy("withings/de/sleep.csv"),
        2,
        0,
        _copy("withings/truncated/sleep.csv"),
    ),
}


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's zone is Berlin (times without an offset are read in it)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _listed(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, Any]:
    code, out, _ = run(["--data-dir", str(data), "list", "--json"], capsys)
    assert code == 0
    listed: dict[str, Any] = json.loads(out)
    return listed


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_lists_the_nights_and_intakes_and_twice_adds_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build, nights, intakes, _ = CASES[name]
    data = tmp_path / "data"
    export = build(tmp_path)
    code, out, _ = run(["--data-dir", str(data), "import", str(export)], capsys)
    assert code == 0, out
    assert f"Imported {nights} sleep period" in out
    listed = _listed(capsys, data)
    assert len(listed["sleeps"]) == nights
    assert len(listed["intakes"]) == intakes
    assert listed["episodes"] == []
    sources = {r["source"] for r in listed["sleeps"] + listed["intakes"]}
    assert all(s.split(":")[0] in out for s in sources)
    # Every night is a day with a derived sleep value.
    days = {d["date"]: d for d in listed["days"]}
    assert days
    saved = JournalStore(data).load()
    code, out, _ = run(["--data-dir", str(data), "import", str(export)], capsys)
    assert code == 0
    assert "No new sleep periods or intakes" in out
    assert f"({nights + intakes:,} already present)" in out
    assert JournalStore(data).load() == saved


@pytest.mark.parametrize("name", sorted(CASES))
def test_damaged_export_exits_3_with_one_line_and_imports_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    *_, damaged = CASES[name]
    data = tmp_path / "data"
    path = damaged(tmp_path)
    code, _, err = run(["--data-dir", str(data), "import", str(path)], capsys)
    assert code == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("; nothing was imported")
    assert "more problem" not in lines[0]
    # The file (inside a folder: the file itself) and the place: a line, or for a
    # zip the member or the zip's own damage.
    named = path.name if path.is_file() else next(p for p in path.rglob("*.*")).name
    assert named in lines[0]
    assert " line " in lines[0] or "zip" in lines[0]
    assert not (data / "journal.json").exists()
    assert JournalStore(data).load().sleeps == []


def test_dry_run_prints_per_kind_and_source_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    export = apple_zip(tmp_path)
    code, out, _ = run(
        ["--data-dir", str(data), "import", "--dry-run", str(export)], capsys
    )
    assert code == 0
    assert "Dry run: nothing was written." in out
    assert "Would add 7 sleep periods and 7 intakes:" in out
    assert "  Apple Health: Caffeine Log: 2 caffeine intakes" in out
    assert (
        "  Apple Health: Sam\u2019s iPhone: 3 sleep periods, 1 water intake and "
        "1 alcohol intake"
    ) in out
    assert "Skipped 6 records: " in out
    assert "2 not an asleep stage" in out
    assert "1 unknown unit" in out
    assert not data.exists()


def test_overlapping_sources_are_counted_once_in_the_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    run(["--data-dir", str(data), "import", str(apple_zip(tmp_path))], capsys)
    days = {d["date"]: d for d in _listed(capsys, data)["days"]}
    # Phone 23:10-06:40 and the watch's asleep segments 23:05-02:10, 02:25-06:45
    # overlap: their union is 23:05-06:45, not the sum of both.
    assert days["2024-01-15"]["sleep_h"] == pytest.approx(7 + 40 / 60, abs=0.01)
    assert days["2024-03-31"]["sleep_h"] == pytest.approx(6.5, abs=0.01)


def test_dry_run_of_a_journal_csv_says_would_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = tmp_path / "days.csv"
    days.write_text("date,caffeine_mg\n2024-01-14,200\n", encoding="utf-8")
    data = tmp_path / "data"
    code, out, _ = run(
        ["--data-dir", str(data), "import", "--dry-run", str(days)], capsys
    )
    assert code == 0
    assert out.splitlines()[:2] == [
        "Dry run: nothing was written.",
        "Would import 0 episodes, 1 day",
    ]
    assert not data.exists()
