"""Self-experiments on simulated journals: the planted effect is found, a null is
found at about the nominal rate, washout and untracked days are left out, and the
randomisation test matches brute force over the possible schedules."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from twitchtrack.domain.analysis.tracking import DayInput
from twitchtrack.domain.experiment import Deviation, Experiment
from twitchtrack.domain.trial import (
    analyse,
    draw_order,
    period_on,
    randomization_p,
    registered_in_advance,
    schedule,
    status_on,
    target_b,
)

START = date(2026, 1, 5)


def _plan(pairs: int = 6, seed: int = 1, **fields: object) -> Experiment:
    values: dict[str, object] = {
        "factor": "caffeine",
        "pairs": pairs,
        "period_days": 7,
        "washout_days": 2,
        "start": START,
        "seed": seed,
        "order": draw_order(pairs, seed),
        "created_at": datetime(2026, 1, 1, 9).astimezone(),
    }
    values.update(fields)
    return Experiment.model_validate(values)


def simulate(
    exp: Experiment,
    seed: int,
    b_ratio: float,
    *,
    adherence: float = 0.9,
    phi: float = 0.7,
    sd: float = 0.2,
) -> list[DayInput]:
    """Twitch counts over the schedule: spells (a latent AR(1) log-rate), NB noise,
    the B arm's rate times ``b_ratio`` after a day of washout, caffeine logged to
    match the arm on ``adherence`` of the days."""
    rng = np.random.default_rng(seed)
    periods = schedule(exp)
    days = [d for p in periods for d in p.days()]
    level = 0.0
    out = []
    for day in days:
        p = period_on(exp, day)
        assert p is not None
        level = phi * level + rng.normal(0, sd)
        in_b = p.arm == "B" and (day - p.start).days >= 1
        rate = 3.0 * np.exp(level) * (b_ratio if in_b else 1.0)
        alpha = 0.3
        lam = rng.gamma(1 / alpha, rate * alpha)
        keeps = rng.random() < adherence
        caffeine = (
            rng.uniform(0, 40) if (p.arm == "B") == keeps else rng.uniform(150, 400)
        )
        out.append(
            DayInput(day, int(rng.poisson(lam)), None, {"caffeine_mg": caffeine})
        )
    return out


TODAY = START + timedelta(days=400)


def test_the_schedule_is_randomised_per_pair_from_the_seed() -> None:
    exp = _plan(pairs=6, seed=11)
    assert draw_order(6, 11) == draw_order(6, 11)
    periods = schedule(exp)
    assert len(periods) == 12
    for i in range(6):
        arms = {periods[2 * i].arm, periods[2 * i + 1].arm}
        assert arms == {"A", "B"}
    assert periods[0].start == START
    assert periods[-1].end == START + timedelta(days=83)
    assert len(periods[0].analysed()) == 5  # two washout days
    orders = {tuple(draw_order(6, s)) for s in range(50)}
    assert len(orders) > 20  # not a fixed pattern
    assert registered_in_advance(exp)
    assert not registered_in_advance(
        _plan(created_at=datetime(2026, 2, 1, 9).astimezone())
    )
    assert status_on(exp, START - timedelta(days=1)) == "planned"
    assert status_on(exp, START + timedelta(days=3)) == "running"
    assert status_on(exp, START + timedelta(days=84)) == "finished"


def test_randomization_p_matches_brute_force_over_the_schedules() -> None:
    exp = _plan(pairs=4, seed=3)
    days = simulate(exp, 5, 0.6)
    observed = analyse(exp, days, {}, today=TODAY).itt
    assert observed.rate_ratio is not None
    # Every schedule the randomisation could have drawn, analysed afresh from
    # the same days: how many give a ratio at least as far from 1?
    stats = []
    for order in itertools.product(("AB", "BA"), repeat=4):
        other = exp.model_copy(update={"order": list(order)})
        rr = analyse(other, days, {}, today=TODAY).itt.rate_ratio
        assert rr is not None
        stats.append(float(np.log(rr)))
    mine = float(np.log(observed.rate_ratio))
    # One-sided, as registered: schedules giving a ratio at least as low.
    assert observed.p_randomization == pytest.approx(
        np.mean([s <= mine + 1e-9 for s in stats])
    )
    assert observed.p_two_sided == pytest.approx(
        np.mean([abs(s) >= abs(mine) - 1e-9 for s in stats])
    )
    assert randomization_p([]) is None
    assert randomization_p([-1.0] * 6) == pytest.approx(1 / 64)
    assert randomization_p([-1.0] * 6, two_sided=True) == pytest.approx(2 / 64)
    assert randomization_p([1.0] * 6) == 1.0


def test_a_planted_b_arm_effect_is_found_with_the_right_sign() -> None:
    found = 0
    for seed in range(40):
        exp = _plan(pairs=6, seed=seed)
        r = analyse(exp, simulate(exp, 1000 + seed, 0.5), {}, today=TODAY).itt
        assert r.rate_ratio is not None
        assert r.p_randomization is not None
        found += r.rate_ratio < 1 and r.p_randomization <= 0.05
    # Measured 70% on 100 seeds (59% with stronger spells, phi 0.8): a halving
    # is found in most six-pair experiments; see docs/experiments.md.
    assert found / 40 >= 0.6


@pytest.mark.slow
def test_a_null_is_found_at_about_the_nominal_rate() -> None:
    hits = 0
    runs = 1000
    covered = 0
    for seed in range(runs):
        exp = _plan(pairs=6, seed=seed)
        r = analyse(exp, simulate(exp, 5000 + seed, 1.0), {}, today=TODAY).itt
        assert r.p_randomization is not None
        hits += r.p_randomization <= 0.05
        assert r.ci_low is not None
        assert r.ci_high is not None
        covered += r.ci_low <= 1.0 <= r.ci_high
    # Six pairs, one-sided: the exact test's level is 3/64 = 4.7% (measured 5.6%).
    assert hits / runs <= 0.07
    assert covered / runs >= 0.92


def test_washout_untracked_and_deviation_days_are_left_out() -> None:
    exp = _plan(pairs=2, seed=2)
    days = simulate(exp, 7, 1.0)
    first = schedule(exp)[0]
    off_day = first.start + timedelta(days=3)
    gone_day = first.start + timedelta(days=4)
    marked = [
        replace(d, tracking="off") if d.day == off_day else d
        for d in days
        if d.day != gone_day  # nothing logged at all that day
    ]
    deviated = _plan(
        pairs=2,
        seed=2,
        deviations=[Deviation(date=first.start + timedelta(days=5), note="party")],
    )
    r = analyse(deviated, marked, {}, today=TODAY)
    assert r.days_excluded == {"washout": 8, "untracked": 2, "deviation": 1}
    assert r.periods[0].days_used == 7 - 2 - 3
    # The untracked days are not zeros: the period's rate is its used days' mean.
    kept = {first.analysed()[0], first.analysed()[4]}
    assert r.periods[0].total == sum(d.episodes or 0 for d in marked if d.day in kept)
    partway = analyse(exp, days, {}, today=START + timedelta(days=10))
    assert partway.days_excluded["not_yet"] == 28 - 11


def test_adherence_comes_from_the_logged_values() -> None:
    exp = _plan(pairs=3, seed=4)
    days = simulate(exp, 9, 1.0, adherence=1.0)
    r = analyse(exp, days, {}, today=TODAY)
    assert r.adherence == {"A": 1.0, "B": 1.0}
    assert target_b(exp).op == "<"
    assert target_b(exp).value == 50.0
    # A B-period day with 200 mg logged breaks the arm; one with nothing logged
    # is unknown, not a break.
    b_period = next(p for p in schedule(exp) if p.arm == "B")
    broken, unknown = b_period.analysed()[:2]
    changed = [
        replace(d, factors={"caffeine_mg": 200.0})
        if d.day == broken
        else replace(d, factors={})
        if d.day == unknown
        else d
        for d in days
    ]
    r = analyse(exp, changed, {}, today=TODAY)
    assert r.adherence["B"] == pytest.approx(13 / 14)
    assert r.per_protocol.days_used == r.itt.days_used - 2
    # A custom tag: B days are the days with the tag in their check-in.
    tagged = _plan(pairs=3, seed=4, factor="tag:decaf")
    tags = {
        d.day: frozenset({"decaf"}) for d in days if period_on(tagged, d.day).arm == "B"
    }  # type: ignore[union-attr]
    tags.update({d.day: frozenset() for d in days if d.day not in tags})
    assert analyse(tagged, days, tags, today=TODAY).adherence == {"A": 1.0, "B": 1.0}
