"""The PDF's self-experiment page: the plan, the sentence, the figures, the days
left out and whether it was registered in advance; no page without used days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import numpy as np

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.text import format_range
from twitchtrack.domain.trial import draw_order, last_day, schedule
from twitchtrack.domain.trial_report import excluded_words, result_of, sentence
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.report import build_report_data

from .conftest import Pdf, fold, make_report

TZ = timezone(timedelta(hours=1))
START = date(2026, 8, 3)


def _plan(created: date, pairs: int = 6) -> Experiment:
    saved = datetime.combine(created, time(8), TZ)
    return Experiment(
        factor="caffeine",
        target_b="under 50 mg caffeine",
        pairs=pairs,
        period_days=7,
        washout_days=2,
        start=START,
        seed=3,
        order=draw_order(pairs, 3),
        expect="fewer eyelid twitches",
        created_at=saved,
        updated_at=saved,
    )


def _journal(exp: Experiment, until: date) -> Journal:
    rng = np.random.default_rng(4)
    episodes, logs = [], []
    for p in schedule(exp):
        for day in p.days():
            if day >= until:
                continue
            b = p.arm == "B"
            kept = rng.random() < 0.85
            mg = (20.0 if b else 250.0) if kept else (150.0 if b else 30.0)
            logs.append(DayLog.for_day(day, caffeine_mg=mg))
            for _ in range(int(rng.poisson(1.2 if b else 4.0))):
                at = datetime.combine(day, time(12), TZ)
                episodes.append(Episode(at=at, region="calf_left"))
    return Journal().with_records(episodes, logs, experiments=[exp])


def _page(pdf: Pdf) -> str:
    return next(t for t in pdf.pages if "Self-experiment: caffeine" in t)


def test_the_page_holds_the_sentence_the_figures_and_the_days_left_out(
    tmp_path: Path, geometry: BodyGeometry
) -> None:
    exp = _plan(created=START - timedelta(days=2))
    today = last_day(exp) + timedelta(days=1)
    journal = _journal(exp, today)
    pdf = make_report(journal, tmp_path / "r.pdf", geometry, today=today)
    page = _page(pdf)
    found = result_of(journal, exp, today)
    itt, pp = found.itt, found.per_protocol
    assert itt.rate_ratio is not None
    assert itt.ci_low is not None
    assert itt.ci_high is not None
    assert itt.p_randomization is not None
    assert pp.rate_ratio is not None

    assert fold(sentence(exp, found)) in page
    assert f"{itt.rate_ratio:.2f}" in page
    assert f"{itt.ci_low:.2f} to {itt.ci_high:.2f}" in page
    assert f"{itt.p_randomization:.3f}" in page
    assert "randomisation test p (one-sided)" in page
    assert f"{itt.pairs_used} / {itt.days_used}" in page
    assert f"{pp.rate_ratio:.2f}" in page
    assert "(per protocol)" in page
    assert "(intention to treat)" in page
    a, b = found.adherence["A"], found.adherence["B"]
    assert a is not None
    assert b is not None
    assert f"arm A {a:.0%}, arm B {b:.0%}" in page
    assert fold(excluded_words(found)) in pdf.text
    assert "Registered in advance" in page
    assert "Expected beforehand: fewer eyelid twitches." in page
    # The plan and its schedule: every period's dates and arm.
    assert "6 pairs of 7-day periods" in page
    for period in schedule(exp):
        assert format_range(period.start, period.end, year=True) in pdf.text


def test_a_plan_saved_after_its_start_says_it_was_not_registered_in_advance(
    tmp_path: Path, geometry: BodyGeometry
) -> None:
    exp = _plan(created=START + timedelta(days=20), pairs=3)
    today = START + timedelta(days=30)
    pdf = make_report(_journal(exp, today), tmp_path / "r.pdf", geometry, today=today)
    page = _page(pdf)
    assert "Not registered in advance" in page
    assert "It is still running" in page


def test_no_page_before_any_day_is_analysed(
    tmp_path: Path, geometry: BodyGeometry
) -> None:
    exp = _plan(created=START - timedelta(days=2))
    today = START + timedelta(days=1)  # washout days only so far
    journal = _journal(exp, today)
    data = build_report_data(journal, today=today)
    assert data.experiment == exp
    assert data.trial is not None
    assert data.trial.itt.days_used == 0
    pdf = make_report(journal, tmp_path / "r.pdf", geometry, today=today)
    assert "Self-experiment" not in pdf.text
