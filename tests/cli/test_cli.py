"""The headless command line: the contract, exit codes, and concurrent writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from twitchtrack.cli import main
from twitchtrack.domain.regions import REGIONS
from twitchtrack.storage.journal_store import JournalStore

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def spawn(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "twitchtrack", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "TWITCHTRACK_DATA_DIR": str(data_dir)},
    )


def test_version_and_regions_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.startswith("twitchtrack ")
    code, out, _ = run(["regions", "--json"], capsys)
    rows = json.loads(out)
    assert code == 0
    assert len(rows) == len(REGIONS) >= 75
    assert {"id", "label", "view", "side", "group"} <= set(rows[0])
    assert {"tongue", "calf_left", "sole_right", "eyelid_lower_left"} <= {
        r["id"] for r in rows
    }


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


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["log", "calf_left", "--kind", "zap"], capsys)[0] == 2
    assert run(["log", "calf_left", "--at", "yesterday-ish"], capsys)[0] == 2
    assert run(["frobnicate"], capsys)[0] == 2


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


def test_export_import_round_trip_is_idempotent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    assert run(["demo", "--days", "30", "--seed", "3"], capsys)[0] == 0
    before = JournalStore(data_dir).load()
    assert (
        run(["export", "--format", "csv", "-o", str(tmp_path / "csv")], capsys)[0] == 0
    )
    assert (
        run(["export", "--format", "json", "-o", str(tmp_path / "all.json")], capsys)[0]
        == 0
    )
    code, out, _ = run(["import", str(tmp_path / "csv")], capsys)
    assert code == 0
    assert "Nothing new to import" in out
    code, out, _ = run(["import", str(tmp_path / "all.json")], capsys)
    assert code == 0
    after = JournalStore(data_dir).load()
    assert len(after.live_episodes()) == len(before.live_episodes())
    assert len(after.live_days()) == len(before.live_days())


def test_demo_refuses_to_replace_a_journal_without_force(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(["log", "calf_left"], capsys)
    [mine] = JournalStore(data_dir).load().live_episodes()
    code, _, err = run(["demo", "--days", "10"], capsys)
    assert code == 3
    assert "--force" in err
    assert JournalStore(data_dir).load().live_episodes() == [mine]
    assert run(["demo", "--days", "10", "--force"], capsys)[0] == 0
    live = JournalStore(data_dir).load().live_episodes()
    assert len(live) > 10
    assert mine.id not in {e.id for e in live}
    # replaced, not forgotten: a backup holds the user's own entry
    backups = JournalStore(data_dir).list_backups()
    assert any(
        mine.id in {e.id for e in JournalStore(data_dir).load_backup(b.path).episodes}
        for b in backups
    )


def test_twenty_concurrent_log_processes_lose_nothing(data_dir: Path) -> None:
    regions = [r.id for r in REGIONS][:20]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda rid: spawn(["log", rid], data_dir), regions))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    logged = sorted(e.region for e in JournalStore(data_dir).load().live_episodes())
    assert logged == sorted(regions)


def test_report_command_runs_headless(data_dir: Path, tmp_path: Path) -> None:
    assert spawn(["demo", "--days", "40", "--seed", "5"], data_dir).returncode == 0
    out = tmp_path / "report.pdf"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "twitchtrack", "report", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**env, "TWITCHTRACK_DATA_DIR": str(data_dir)},
    )
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("command", ["report", "insights", "list"])
def test_reversed_dates_are_a_usage_error_not_a_traceback(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = ["-o", str(tmp_path / "r.pdf")] if command == "report" else []
    code, _, err = run(
        [command, *extra, "--from", "2026-05-01", "--to", "2026-04-01"], capsys
    )
    assert code == 2
    assert err.startswith("twitchtrack: error: --from 2026-05-01 is after --to")
    assert "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_screenshot_command_renders_the_demo_and_exits(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shot.png"
    done = spawn(
        ["--demo", "screenshot", str(out), "--view", "history", "--size", "1024x700"],
        data_dir,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the demo never touches the real data folder
    assert not (data_dir / "journal.json").exists()
    bad = spawn(["screenshot", str(tmp_path / "x.png"), "--size", "big"], data_dir)
    assert bad.returncode == 2
