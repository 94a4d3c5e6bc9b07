"""Times from the command line: implausible ones refused at entry, local time read
and shown on this computer's clock, and default ranges that ignore outliers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set this process's local time zone for one test (and put it back)."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "calf_right", "--at", "9999-12-31T23:59:59+00:00"],
        ["log", "calf_right", "--at", "1900-01-01"],
        ["log", "calf_right", "--at", "0001-01-01T00:00"],
        ["log", "calf_right", "--at", "9999-12-31T23:59"],
        ["day", "0001-01-01", "--caffeine", "100"],
        ["day", "9999-12-31", "--caffeine", "100"],
        ["day", "1969-12-31", "--caffeine", "100"],
    ],
)
def test_implausible_times_are_refused_with_the_allowed_range(
    argv: list[str], capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 3, (out, err)
    assert err.startswith("twitchtrack: error: ")
    assert err.count("\n") == 1
    assert "_parse" not in err  # no internal names
    assert "1 Jan 1970 up to one day from now" in err
    assert not (data_dir / "journal.json").exists()


def test_a_time_just_ahead_is_accepted_two_days_ahead_is_not(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat(timespec="minutes")
    later = (datetime.now(UTC) + timedelta(hours=30)).isoformat(timespec="minutes")
    assert run(["log", "calf_right", "--at", soon], capsys)[0] == 0
    assert run(["log", "calf_right", "--at", later], capsys)[0] == 3
    assert (
        run(
            ["day", (date.today() + timedelta(days=1)).isoformat(), "--stress", "2"],
            capsys,
        )[0]
        == 0
    )
    assert (
        run(
            ["day", (date.today() + timedelta(days=2)).isoformat(), "--stress", "2"],
            capsys,
        )[0]
        == 3
    )
    journal = JournalStore(data_dir).load()
    assert len(journal.live_episodes()) == 1
    assert len(journal.live_days()) == 1


def test_a_time_the_clocks_skipped_is_refused(
    zone: object, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    zone("Europe/Berlin")  # type: ignore[operator]
    code, _, err = run(["log", "calf_right", "--at", "2026-03-29T02:30"], capsys)
    assert code == 3
    assert "does not exist in this computer's time zone" in err
    assert err.count("\n") == 1
    assert not (data_dir / "journal.json").exists()
    # An hour the clocks repeat is logged, and the offset stored is said.
    code, out, _ = run(["log", "calf_right", "--at", "2026-10-25T02:30"], capsys)
    assert code == 0
    assert "2026-10-25 02:30 +02:00" in out
    [episode] = JournalStore(data_dir).load().live_episodes()
    assert episode.at.isoformat() == "2026-10-25T02:30:00+02:00"


def test_a_time_without_offset_is_local_and_help_says_so(
    zone: object, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    zone("America/New_York")  # type: ignore[operator]
    assert run(["log", "calf_right", "--at", "2026-11-20T08:00"], capsys)[0] == 0
    [episode] = JournalStore(data_dir).load().live_episodes()
    assert episode.at.isoformat() == "2026-11-20T08:00:00-05:00"
    code, out, _ = run(["log", "--help"], capsys)
    assert code == 0
    assert "local time" in " ".join(out.split())


def test_list_shows_local_times_in_instant_order(
    zone: object, capsys: pytest.CaptureFixture[str]
) -> None:
    # Logged while travelling: the later instant has the earlier wall clock.
    run(["log", "calf_left", "--at", "2026-12-01T20:01-08:00"], capsys)  # 04:01Z
    run(["log", "calf_right", "--at", "2026-12-02T10:01+09:00"], capsys)  # 01:01Z
    zone("UTC")  # type: ignore[operator]
    code, out, _ = run(["list"], capsys)
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("2026-")]
    assert [line[:16] for line in lines] == ["2026-12-02 01:01", "2026-12-02 04:01"]


def _with_outliers(data_dir: Path) -> None:
    today = datetime.now(UTC)
    journal = Journal(
        episodes=[
            Episode(at=today - timedelta(days=3), region="calf_left"),
            Episode(at=today - timedelta(days=2), region="calf_left"),
            # What an older version let in; the journal must still load.
            Episode(at=datetime(9999, 12, 30, tzinfo=UTC), region="calf_left"),
            Episode(at=datetime(1, 1, 2, tzinfo=UTC), region="calf_left"),
        ],
        days=[DayLog.for_day(date(9999, 12, 31), caffeine_mg=100.0)],
    )
    JournalStore(data_dir).save(journal)


def test_insights_default_range_leaves_outliers_out(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _with_outliers(data_dir)
    code, out, err = run(["insights"], capsys)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith(("2 days analysed", "3 days analysed", "4 days analysed"))


def test_list_still_loads_a_journal_with_outliers(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _with_outliers(data_dir)
    code, out, err = run(["list"], capsys)
    assert code == 0, err
    assert "9999-12-30" in out


def test_csv_time_without_offset_is_local(
    zone: object, capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    zone("America/New_York")  # type: ignore[operator]
    sheet = tmp_path / "episodes.csv"
    sheet.write_text("at,region\n2026-11-20T08:00,calf_left\n", encoding="utf-8")
    code, _out, err = run(["import", str(sheet)], capsys)
    assert code == 0, err
    [episode] = JournalStore(data_dir).load().live_episodes()
    assert episode.at.isoformat() == "2026-11-20T08:00:00-05:00"
