"""`experiment plan|show|report|stop`: the contract of issue 19."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.trial import schedule
from twitchtrack.domain.trial_report import current
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run

SHOW_KEYS = {
    "factor",
    "pairs",
    "period_days",
    "washout_days",
    "outcome",
    "periods",
    "status",
}
REPORT_KEYS = {
    "rate_ratio",
    "ci_low",
    "ci_high",
    "p_randomization",
    "days_used",
    "days_excluded",
    "adherence",
    "per_protocol",
}


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, err = run(argv, capsys)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_plan_show_and_refusals(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = date.today() + timedelta(days=3)
    code, _, err = run(
        [
            "experiment",
            "plan",
            "--factor",
            "caffeine",
            "--target-b",
            "under 50 mg",
            "--pairs",
            "6",
            "--start",
            start.isoformat(),
            "--seed",
            "9",
            "--expect",
            "fewer twitches",
        ],
        capsys,
    )
    assert code == 0, err
    shown = _json(["experiment", "show", "--json"], capsys)
    assert set(shown) >= SHOW_KEYS
    assert shown["status"] == "planned"
    assert shown["registered"] == "in advance"
    periods = shown["periods"]
    assert isinstance(periods, list)
    assert len(periods) == 12
    assert periods[0]["start"] == start.isoformat()
    assert {p["arm"] for p in periods[:2]} == {"A", "B"}
    # The same seed gives the same schedule.
    assert [p["arm"] for p in periods] == [
        p.arm
        for p in schedule(current(JournalStore(data_dir).load()))  # type: ignore[arg-type]
    ]
    # Overlapping the planned one, no pairs, a start over a year away.
    assert run(["experiment", "plan", "--factor", "alcohol"], capsys)[0] == 3
    assert (
        run(["experiment", "plan", "--factor", "alcohol", "--pairs", "0"], capsys)[0]
        == 2
    )
    far = (date.today() + timedelta(days=400)).isoformat()
    code, _, err = run(
        ["experiment", "plan", "--factor", "sleep", "--start", far], capsys
    )
    assert code == 3
    assert "more than a year away" in err
    assert run(["experiment", "plan", "--factor", "coffee"], capsys)[0] == 2
    assert run(["experiment", "stop"], capsys)[0] == 0
    assert _json(["experiment", "show", "--json"], capsys)["status"] == "stopped"


def test_a_past_experiment_reports_its_effect_and_says_it_was_not_registered(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = date.today() - timedelta(days=100)
    code, out, err = run(
        [
            "experiment",
            "plan",
            "--factor",
            "caffeine",
            "--pairs",
            "6",
            "--start",
            start.isoformat(),
            "--seed",
            "3",
        ],
        capsys,
    )
    assert code == 0, err
    assert "registered after start" in out
    store = JournalStore(data_dir)
    exp = current(store.load())
    assert exp is not None
    rng = np.random.default_rng(4)
    tz = datetime.now().astimezone().tzinfo
    episodes, logs = [], []
    for p in schedule(exp):
        for day in p.days():
            b = p.arm == "B"
            logs.append(DayLog.for_day(day, caffeine_mg=20.0 if b else 250.0))
            for _ in range(int(rng.poisson(1.2 if b else 4.0))):
                at = datetime.combine(day, time(12), tz)
                episodes.append(Episode(at=at, region="calf_left"))
    store.update(lambda j: j.with_records(episodes, logs))
    report = _json(["experiment", "report", "--json"], capsys)
    assert set(report) >= REPORT_KEYS
    assert isinstance(report["rate_ratio"], float)
    assert report["rate_ratio"] < 0.6
    assert report["p_randomization"] == pytest.approx(1 / 64)
    assert report["adherence"] == {"A": 1.0, "B": 1.0}
    assert report["registered"] == "after start"
    excluded = report["days_excluded"]
    assert isinstance(excluded, dict)
    assert excluded["reasons"] == {"washout": 24}
    assert report["days_used"] == 12 * 5
    code, text, _ = run(["experiment", "report"], capsys)
    assert code == 0
    assert "not registered in advance" in text
    assert "24 washout days" in text


def test_report_without_an_experiment_is_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    JournalStore(data_dir).save(Journal())
    code, _, err = run(["experiment", "report"], capsys)
    assert code == 3
    assert err.strip().count("\n") == 0
