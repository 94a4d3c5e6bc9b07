"""Journal commands: log, day, list and check; exit codes and concurrent writers."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from twitchtrack.domain.regions import REGIONS
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run, spawn


def test_log_writes_an_episode_a_fresh_store_sees(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run(
        [
            "log",
            "eyelid_upper_left",
            "--at",
            "2026-11-20T21:15:00+01:00",
            "--intensity",
            "4",
            "--duration",
            "12",
            "--kind",
            "flutter",
            "--pattern",
            "burst",
            "--flag",
            "pain",
            "--note",
            "reading, tired",
        ],
        capsys,
    )
    assert (code, err) == (0, "")
    assert "upper eyelid" in out
    [episode] = JournalStore(data_dir).load().live_episodes()
    assert episode.region == "eyelid_upper_left"
    assert episode.at.isoformat() == "2026-11-20T21:15:00+01:00"
    assert (episode.intensity, episode.duration_s, episode.kind, episode.pattern) == (
        4,
        12.0,
        "flutter",
        "burst",
    )
    assert episode.flags == ("pain",)
    assert episode.note == "reading, tired"


def test_day_merges_fields_into_the_same_check_in(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert (
        run(["day", "2026-11-20", "--caffeine", "190", "--sleep", "6.5"], capsys)[0]
        == 0
    )
    assert (
        run(
            ["day", "2026-11-20", "--water", "1250", "--medication", "Cetirizine"],
            capsys,
        )[0]
        == 0
    )
    [log] = JournalStore(data_dir).load().live_days()
    assert (log.caffeine_mg, log.sleep_h, log.water_ml, log.medications) == (
        190,
        6.5,
        1250,
        ["Cetirizine"],
    )
    assert log.stress is None  # not logged stays not logged


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["log", "calf_left", "--intensity", "11"], "intensity"),
        (["log", "calf_lft"], "did you mean calf_left"),
        (["day", "--sleep", "30"], "sleep_h"),
        (["day", "--stress", "-1"], "stress"),
        # A note typed in a terminal that is not UTF-8 (Latin-1 "café").
        (
            [
                "log",
                "calf_left",
                "--note",
                b"caf\xe9".decode("utf-8", "surrogateescape"),
            ],
            "note: is not valid text",
        ),
    ],
)
def test_bad_values_exit_3_with_one_line_and_write_nothing(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(argv, capsys)
    assert code == 3
    assert err.startswith("twitchtrack: error: ")
    assert needle in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not (data_dir / "journal.json").exists()


def test_invalid_journal_exits_3_and_is_left_byte_identical(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    bad = (
        b'{"format": "twitchtrack-journal", "schema_version": 1, "episodes": [\n'
        b'  {"oops": 1}]}'
    )
    (data_dir / "journal.json").write_bytes(bad)
    for argv in (["log", "calf_left"], ["list"], ["check"], ["day", "--caffeine", "5"]):
        code, _, err = run(argv, capsys)
        assert code == 3, argv
        assert "journal.json" in err
        assert "Traceback" not in err
    assert (data_dir / "journal.json").read_bytes() == bad


def test_list_json_filters_by_date(capsys: pytest.CaptureFixture[str]) -> None:
    for day in ("2026-11-01", "2026-11-10", "2026-11-20"):
        run(["log", "calf_right", "--at", f"{day}T08:00:00+00:00"], capsys)
        run(["day", day, "--caffeine", "100"], capsys)
    code, out, _ = run(
        ["list", "--json", "--from", "2026-11-05", "--to", "2026-11-15"], capsys
    )
    data = json.loads(out)
    assert code == 0
    assert [e["at"][:10] for e in data["episodes"]] == ["2026-11-10"]
    assert [d["date"] for d in data["days"]] == ["2026-11-10"]


def test_twenty_concurrent_log_processes_lose_nothing(data_dir: Path) -> None:
    regions = [r.id for r in REGIONS][:20]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda rid: spawn(["log", rid], data_dir), regions))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    logged = sorted(e.region for e in JournalStore(data_dir).load().live_episodes())
    assert logged == sorted(regions)


def test_list_escapes_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    from twitchtrack.domain.models import DayLog, Episode, Journal

    hostile = "a\x1b[31mred\x07b\x00c\u202ed\ne\rf"
    JournalStore(data_dir).save(
        Journal(
            episodes=[
                Episode(
                    at="2026-11-20T08:00:00+00:00", region="calf_left", note=hostile
                ),
                Episode(at="2026-11-20T09:00:00+00:00", region="calf_left"),
            ],
            days=[DayLog.for_day(date(2026, 11, 20), tags=["x\x1b]0;t\x07"])],
        )
    )
    code, out, _ = run(["list"], capsys)
    assert code == 0
    for bad in ("\x1b", "\x07", "\x00", "\u202e", "\r"):
        assert bad not in out
    assert "a\\x1b[31mred\\x07b\\x00c\\u202ed\\ne\\rf" in out
    entries = [line for line in out.splitlines() if "/10" in line]
    assert len(entries) == 2
    assert "tags: x\\x1b]0;t\\x07" in out


def test_several_flags_after_one_option(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(["log", "calf_left", "--flag", "weakness", "pain"], capsys)
    assert code == 0, err
    code, _, err = run(
        ["log", "calf_right", "--flag", "numbness", "--flag", "pain"], capsys
    )
    assert code == 0, err
    flags = sorted(e.flags for e in JournalStore(data_dir).load().live_episodes())
    assert flags == [("numbness", "pain"), ("weakness", "pain")]


def test_demo_reads_a_demo_journal_and_refuses_a_data_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    code, out, err = run(["--demo", "list"], capsys)
    assert code == 0, err
    assert "Nothing logged" not in out
    assert "episodes" in out
    assert not (data_dir / "journal.json").exists()
    code, _, err = run(["--demo", "--data-dir", str(tmp_path), "list"], capsys)
    assert code == 2
    assert "--demo" in err
    assert "--data-dir" in err
    # Writing to a journal that is thrown away would look like it worked.
    code, _, err = run(["--demo", "log", "calf_left"], capsys)
    assert code == 2
    assert not (data_dir / "journal.json").exists()


def test_day_without_fields_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(["day", "2026-11-29"], capsys)
    assert code == 2
    assert err.startswith("twitchtrack: error: ")
    assert not (data_dir / "journal.json").exists()


def test_counts_are_worded_in_the_singular(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(["log", "calf_left", "--at", "2026-11-20T08:00+00:00"], capsys)
    run(["day", "2026-11-20", "--caffeine", "90"], capsys)
    _, out, _ = run(["list"], capsys)
    assert "1 episode, 1 check-in" in out
    _, out, _ = run(["check"], capsys)
    assert "1 episode, 1 check-in" in out
    _, out, _ = run(
        ["export", "--format", "json", "-o", str(tmp_path / "a.json")], capsys
    )
    assert "1 episode and 1 check-in " in out
    _, out, _ = run(["demo", "--days", "1", "--force"], capsys)
    assert "over 1 day " in out
