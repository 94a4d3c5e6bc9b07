"""Timing-aware caffeine (case-crossover), calibrated on simulated journals."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from tests.domain.analysis.timing_sim import START, simulate_timing
from twitchtrack.domain.analysis import causal_words_in
from twitchtrack.domain.analysis.timing import (
    conditional_fit,
    fit_timing,
    known_days,
    matched_sets,
)
from twitchtrack.domain.models import DayLog, Journal

TRACKED = {START + timedelta(days=k) for k in range(240)}


def test_the_estimate_is_statsmodels_conditional_logit() -> None:
    from statsmodels.discrete.conditional_models import ConditionalLogit

    sets, _, _ = matched_sets(simulate_timing(3, odds=1.6), TRACKED)
    informative = [s for s in sets if any(r != s[0] for r in s[1])]
    endog, exog, groups = [], [], []
    for g, (case, refs, _) in enumerate(informative):
        endog += [1] + [0] * len(refs)
        exog += [case, *refs]
        groups += [g] * (len(refs) + 1)
    ref = ConditionalLogit(
        np.asarray(endog, float),
        np.asarray(exog, float)[:, None],
        groups=np.asarray(groups),
    ).fit(disp=False)
    b, _ = conditional_fit(informative)
    assert b == pytest.approx(float(ref.params[0]), abs=1e-4)  # its tolerance


def test_known_days_need_a_timed_intake_or_a_typed_zero() -> None:
    journal = simulate_timing(1, days=240)
    known = known_days(journal)
    with_intakes = {i.at.date() for i in journal.intakes}
    zeros = {d.date for d in journal.days if d.caffeine_mg == 0}
    assert known == with_intakes | zeros
    assert len(known) < 240  # some coffee-free days said nothing


def test_without_timed_caffeine_there_is_no_figure() -> None:
    journal = simulate_timing(2, days=60).model_copy(update={"intakes": []})
    r = fit_timing(journal, TRACKED)
    assert r.status == "insufficient_data"
    assert r.odds_ratio is None
    assert "quick-add" in r.sentence
    empty = fit_timing(Journal(days=[DayLog.for_day(START, caffeine_mg=0)]), TRACKED)
    assert empty.status == "insufficient_data"


@pytest.mark.slow
def test_false_links_power_and_coverage() -> None:
    def runs(odds: float, n: int, offset: int) -> list:  # type: ignore[type-arg]
        return [
            fit_timing(simulate_timing(offset + s, odds=odds), TRACKED)
            for s in range(n)
        ]

    null = runs(1.0, 200, 10_000)
    false = np.mean([r.status == "association" for r in null])
    covered = np.mean([r.ci_low <= 1.0 <= r.ci_high for r in null])
    planted = runs(1.5, 60, 20_000)
    found = np.mean([r.status == "association" and r.odds_ratio > 1 for r in planted])
    strong = runs(2.0, 60, 30_000)
    cover2 = np.mean([r.ci_low <= 2.0 <= r.ci_high for r in strong])
    print(
        f"\n[calibration] timing: false={false:.1%} null_cover={covered:.1%} "
        f"power_1.5={found:.0%} cover_2.0={cover2:.0%}"
    )
    assert false <= 0.05
    assert covered >= 0.95
    assert found >= 0.7
    assert cover2 >= 0.9
    for r in [*null[:5], *planted[:5]]:
        assert causal_words_in(r.sentence) == []
