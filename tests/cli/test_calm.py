"""Sampling mode and tracking holidays end to end through the command line:
answers stored, the analysis reading them as their own outcome, holiday days
left out."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest

from twitchtrack.domain.analysis import causal_words_in
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.sampling import Sample
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run

PROMPTS = (time(10), time(15), time(20))


def _sampled_journal(days: int, today: date) -> Journal:
    """Three answers a day; on days with 300 mg of caffeine or more they run higher."""
    rng = np.random.default_rng(16)
    samples, logs = [], []
    tz = datetime.now().astimezone().tzinfo
    for k in range(days):
        day = today - timedelta(days=days - k)
        caffeine = float(rng.choice([80.0, 160.0, 320.0, 400.0]))
        logs.append(DayLog.for_day(day, caffeine_mg=caffeine))
        p = [0.25, 0.45, 0.3] if caffeine >= 300 else [0.6, 0.35, 0.05]
        for t in PROMPTS:
            answer = str(rng.choice(["none", "few", "many"], p=p))
            at = datetime.combine(day, t, tz)
            samples.append(Sample(at=at, answer=answer, prompted_at=at))  # type: ignore[arg-type]
    return Journal(samples=samples, days=logs)


def test_sample_command_stores_one_answer(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["sample", "few", "--at", "2026-05-04T15:00"], capsys)
    assert code == 0, err
    assert "a few twitches" in out
    [sample] = JournalStore(data_dir).load().samples
    assert sample.answer == "few"
    assert sample.at.replace(tzinfo=None) == datetime(2026, 5, 4, 15)
    assert run(["sample", "lots"], capsys)[0] == 2


def test_sampling_answers_are_the_outcome_and_holidays_are_left_out(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = date.today()
    JournalStore(data_dir).save(_sampled_journal(150, today))
    start = today - timedelta(days=20)
    code, out, err = run(
        [
            "holiday",
            "--from",
            start.isoformat(),
            "--to",
            (start + timedelta(6)).isoformat(),
        ],
        capsys,
    )
    assert code == 0, err
    assert "7 days changed" in out
    journal = JournalStore(data_dir).load()
    off = [d for d in journal.live_days() if d.tracking == "off"]
    assert len(off) == 7
    assert all(
        d.caffeine_mg is not None for d in off
    )  # the check-ins kept their values

    code, out, err = run(["insights", "--outcome", "sampling", "--json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["days_excluded"]["reasons"].get("marked_off") == 7
    assert report["days_analyzed"] == 150 - 7
    caffeine = next(a for a in report["associations"] if a["factor"] == "caffeine_mg")
    assert caffeine["status"] == "association"
    assert caffeine["rate_ratio"] > 1
    assert caffeine["ci_low"] > 1

    code, text, err = run(["insights", "--outcome", "sampling"], capsys)
    assert code == 0, err
    assert "Your sampling answers showed" in text
    assert causal_words_in(text) == []
    # Episodes are their own outcome: none were logged, so nothing to compare.
    code, out, err = run(["insights", "--json"], capsys)
    assert code == 0, err
    assert all(a["status"] != "association" for a in json.loads(out)["associations"])


def test_a_holiday_ending_before_it_starts_is_one_clear_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        ["holiday", "--from", "2026-05-04", "--to", "2026-05-01"], capsys
    )
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "after --to" in err
