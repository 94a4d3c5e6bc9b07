"""Journal commands: log, day, list and check; exit codes and concurrent writers."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
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
