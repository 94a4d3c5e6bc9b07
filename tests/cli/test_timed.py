"""`drink` and `sleep`: timed records from the command line, and `list --json`
showing them with the effective day values."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from twitchtrack.cli import parser, timed
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run


def _listed(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = run(["list", "--json", *extra], capsys)
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def test_drink_defaults_follow_the_documented_table() -> None:
    assert tuple(timed.DRINKS) == parser.DRINKS
    doc = timed.__doc__ or ""
    for name, drink in timed.DRINKS.items():
        row = next(line for line in doc.splitlines() if line.startswith(name + " "))
        assert f"{drink.amount:g}" in row, name
        if drink.serving_ml is not None:
            assert f"({drink.serving_ml:g} ml)" in row, name
            assert f"{drink.amount:g} mg x N / {drink.serving_ml:g}" in row, name


@pytest.mark.parametrize(
    ("argv", "kind", "amount", "label"),
    [
        (["coffee"], "caffeine", 95.0, "coffee"),
        (["espresso"], "caffeine", 63.0, "espresso"),
        (["tea", "--mg", "30"], "caffeine", 30.0, "tea"),
        (["coffee", "--ml", "480"], "caffeine", 190.0, "coffee"),
        (["cola"], "caffeine", 34.0, "cola"),
        (["energy"], "caffeine", 80.0, "energy drink"),
        (["water"], "water", 250.0, "water"),
        (["water", "--ml", "500"], "water", 500.0, "water"),
        (["alcohol", "--units", "2.5"], "alcohol", 2.5, "alcohol"),
    ],
)
def test_drink_stores_one_intake(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    argv: list[str],
    kind: str,
    amount: float,
    label: str,
) -> None:
    code, out, err = run(["drink", *argv, "--at", "2026-11-20T16:10+01:00"], capsys)
    assert (code, err) == (0, "")
    assert len(out.strip().splitlines()) == 1
    [intake] = JournalStore(data_dir).load().intakes
    assert (intake.kind, intake.amount, intake.label) == (kind, amount, label)
    assert intake.source == "manual"
    assert intake.at.isoformat() == "2026-11-20T16:10:00+01:00"
    assert intake.device is not None
    assert f"{amount:g}" in out
    assert str(intake.id) in out


def test_drink_without_at_is_now_and_a_naive_at_is_local_time(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    before = datetime.now().astimezone()
    assert run(["drink", "water"], capsys)[0] == 0
    assert run(["drink", "tea", "--at", "2026-11-20T08:30"], capsys)[0] == 0
    now, naive = sorted(
        JournalStore(data_dir).load().intakes, key=lambda i: i.kind, reverse=True
    )
    assert before <= now.at <= datetime.now().astimezone()
    assert naive.at == datetime(2026, 11, 20, 8, 30).astimezone()


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["water", "--mg", "5"], 2, "--mg is for caffeine"),
        (["coffee", "--units", "1"], 2, "--units is for alcohol"),
        (["alcohol", "--ml", "330"], 2, "--units"),
        (["coffee", "--mg", "5", "--ml", "5"], 2, "not allowed with"),
        (["juice"], 2, "invalid choice"),
        (["coffee", "--at", "tuesday"], 2, "not an ISO 8601 time"),
        (["coffee", "--mg", "-5"], 3, "--mg must be a number of 0 or more"),
        (["coffee", "--mg", "30000"], 3, "20000"),
        (["coffee", "--at", "1960-01-01T08:00"], 3, "--at: "),
    ],
)
def test_drink_refusals_are_one_line_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    argv: list[str],
    code: int,
    words: str,
) -> None:
    got, _, err = run(["drink", *argv], capsys)
    assert got == code
    lines = [line for line in err.splitlines() if line.startswith("twitchtrack")]
    assert len(lines) == 1
    assert words in err
    assert "Traceback" not in err
    assert not (data_dir / "journal.json").exists()


def test_sleep_stores_a_period_that_counts_on_the_day_it_ends(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run(
        [
            "sleep",
            "--start",
            "2026-11-20T23:10+01:00",
            "--end",
            "2026-11-21T06:40+01:00",
        ],
        capsys,
    )
    assert (code, err) == (0, "")
    assert len(out.strip().splitlines()) == 1
    assert "7 h 30 min" in out
    assert "2026-11-21" in out
    [period] = JournalStore(data_dir).load().sleeps
    assert period.start.isoformat() == "2026-11-20T23:10:00+01:00"
    assert period.end.isoformat() == "2026-11-21T06:40:00+01:00"
    assert (period.source, period.stages) == ("manual", None)
    [day] = _listed(capsys)["days"]
    assert day["date"] == "2026-11-21"
    assert (day["sleep_h"], day["derived"]) == (7.5, ["sleep_h"])


@pytest.mark.parametrize(
    ("start", "end", "code", "words"),
    [
        ("2026-11-21T07:00", "2026-11-21T06:00", 2, "is not after --start"),
        ("2026-11-21T07:00", "2026-11-21T07:00", 2, "is not after --start"),
        ("2026-11-19T07:00", "2026-11-20T07:01", 2, "at most 24 hours"),
        ("1960-11-19T23:00", "2026-11-20T07:00", 3, "--start: "),
        ("2026-11-19T23:00", "soon", 2, "not an ISO 8601 time"),
    ],
)
def test_sleep_refusals_are_one_line_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    start: str,
    end: str,
    code: int,
    words: str,
) -> None:
    got, _, err = run(["sleep", "--start", start, "--end", end], capsys)
    assert got == code
    # One error line (argparse puts its usage line before its own).
    lines = [line for line in err.splitlines() if line.startswith("twitchtrack")]
    assert len(lines) == 1
    assert words in err
    assert not (data_dir / "journal.json").exists()


def test_sleep_needs_both_ends(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sleep", "--start", "2026-11-20T23:00"], capsys)
    assert code == 2
    assert "--end" in err


def test_list_json_shows_intakes_sleeps_and_effective_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["drink", "coffee", "--at", "2026-11-20T08:00+01:00"],
        ["drink", "espresso", "--at", "2026-11-20T15:00+01:00"],
        ["drink", "water", "--at", "2026-11-20T12:00+01:00"],
        ["day", "2026-11-20", "--caffeine", "300", "--stress", "4"],
        [
            "sleep",
            "--start",
            "2026-11-20T23:00+01:00",
            "--end",
            "2026-11-21T07:00+01:00",
        ],
        ["drink", "alcohol", "--at", "2026-11-22T20:00+01:00"],
        ["log", "calf_left", "--at", "2026-11-22T21:00+01:00"],
    ):
        assert run(argv, capsys)[0] == 0, argv
    data = _listed(capsys)
    assert set(data) == {"episodes", "days", "intakes", "sleeps"}
    assert [i["label"] for i in data["intakes"]] == [
        "coffee",
        "water",
        "espresso",
        "alcohol",
    ]
    assert set(data["intakes"][0]) == {
        "id", "created_at", "updated_at", "deleted_at", "device",
        "at", "kind", "amount", "source", "label",
    }  # fmt: skip
    assert [s["end"] for s in data["sleeps"]] == ["2026-11-21T07:00:00+01:00"]
    days = {d["date"]: d for d in data["days"]}
    assert list(days) == ["2026-11-20", "2026-11-21", "2026-11-22"]
    # The typed caffeine wins; the water comes from the day's intake.
    typed = days["2026-11-20"]
    assert (typed["caffeine_mg"], typed["water_ml"], typed["stress"]) == (
        300.0,
        250.0,
        4,
    )
    assert typed["derived"] == ["water_ml"]
    assert "id" in typed
    assert "tracking" in typed  # every key of a check-in is still there
    # Days with only timed records appear with their date, values and sources.
    assert days["2026-11-21"] == {
        "date": "2026-11-21",
        "sleep_h": 8.0,
        "caffeine_mg": None,
        "water_ml": None,
        "alcohol_units": None,
        "magnesium_mg": None,
        "derived": ["sleep_h"],
    }
    assert days["2026-11-22"]["alcohol_units"] == 1.0
    # --from/--to: intakes by their day, sleeps by the day they end.
    part = _listed(capsys, "--from", "2026-11-21", "--to", "2026-11-21")
    assert (part["intakes"], len(part["sleeps"])) == ([], 1)
    assert [d["date"] for d in part["days"]] == ["2026-11-21"]


def test_list_text_names_derived_values_and_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(["drink", "coffee", "--at", "2026-11-20T08:00+01:00"], capsys)
    run(["sleep", "--start", "2026-11-20T01:00", "--end", "2026-11-20T07:00"], capsys)
    code, out, _ = run(["list"], capsys)
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("2026-11-20"))
    assert "95 mg caffeine (from intakes)" in line
    assert "6 h sleep (from sleep periods)" in line
    assert re.search(r"0 episodes, 0 check-ins, 1 intake, 1 sleep period", out)


def test_a_typed_total_is_said_to_win(capsys: pytest.CaptureFixture[str]) -> None:
    run(["day", "2026-11-20", "--caffeine", "0"], capsys)
    _, out, _ = run(["drink", "coffee", "--at", "2026-11-20T09:00"], capsys)
    assert "typed caffeine total" in out
    [day] = _listed(capsys)["days"]
    assert (day["caffeine_mg"], day["derived"]) == (0.0, [])
