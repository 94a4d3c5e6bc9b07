"""Self-experiments (N-of-1 trials): the randomised schedule, adherence, and the
pre-registered comparison with its randomisation test.

A plan is ``pairs`` pairs of periods of ``period_days`` days; each pair runs its
two arms in a random order (AB or BA) drawn from the plan's seed. Arm A is the
usual condition, arm B the change. The first ``washout_days`` of every period
are lived but not analysed. The method is written out in docs/experiments.md.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from twitchtrack.domain.analysis.tracking import DayInput
from twitchtrack.domain.experiment import Experiment, PairOrder

Arm = Literal["A", "B"]
MIN_PAIRS = 3  # the plan's minimum (a warning below 5: floor 1 / 2^k > 0.05)
EXACT_UP_TO = 16  # pairs: beyond this the test samples sign patterns
SAMPLED_PATTERNS = 20_000
FACTORS: dict[str, str] = {
    "caffeine": "caffeine_mg",
    "alcohol": "alcohol_units",
    "magnesium": "magnesium_mg",
    "sleep": "sleep_h",
}
# The changed arm's default target, per factor (op, value, words).
DEFAULT_B: dict[str, tuple[str, float, str]] = {
    "caffeine": ("<", 50.0, "under 50 mg caffeine"),
    "alcohol": ("<", 0.5, "no alcohol"),
    "magnesium": (">=", 200.0, "at least 200 mg magnesium"),
    "sleep": (">=", 8.0, "at least 8 h in bed asleep"),
}
DEFAULT_WASHOUT: dict[str, int] = {"caffeine": 2, "alcohol": 1, "magnesium": 2}
_TARGET = re.compile(
    r"^\s*(?P<op>under|below|less than|<|at least|>=|over|above|more than|>|no|none)?"
    r"\s*(?P<value>\d+(?:\.\d+)?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Period:
    """One period of the schedule (``washout`` of its first days not analysed)."""

    pair: int
    arm: Arm
    start: date
    end: date
    washout: int

    def days(self) -> list[date]:
        """Every day of the period, washout included."""
        return [
            self.start + timedelta(days=k)
            for k in range((self.end - self.start).days + 1)
        ]

    def analysed(self) -> list[date]:
        """The days after the washout."""
        return self.days()[self.washout :]


def draw_order(pairs: int, seed: int) -> list[PairOrder]:
    """AB or BA for each pair, from the plan's seed (so the schedule can be checked)."""
    rng = random.Random(seed)
    return [rng.choice(("AB", "BA")) for _ in range(pairs)]


def schedule(exp: Experiment) -> list[Period]:
    """The periods in calendar order."""
    out = []
    for i, order in enumerate(exp.order):
        for j, arm in enumerate(order):
            start = exp.start + timedelta(days=(2 * i + j) * exp.period_days)
            end = start + timedelta(days=exp.period_days - 1)
            washout = min(exp.washout_days, exp.period_days - 1)
            out.append(Period(i, arm, start, end, washout))  # type: ignore[arg-type]
    return out


def last_day(exp: Experiment) -> date:
    """The schedule's last day."""
    return exp.start + timedelta(days=2 * exp.pairs * exp.period_days - 1)


def period_on(exp: Experiment, day: date) -> Period | None:
    """The period ``day`` falls in, or None outside the schedule."""
    for p in schedule(exp):
        if p.start <= day <= p.end:
            return p
    return None


def status_on(exp: Experiment, today: date) -> str:
    """planned, running, finished or stopped, as of ``today``."""
    if exp.status == "stopped":
        return "stopped"
    if today < exp.start:
        return "planned"
    return "finished" if today > last_day(exp) else "running"


def registered_in_advance(exp: Experiment) -> bool:
    """Whether the plan was recorded before its first day."""
    return exp.created_at.date() <= exp.start


# ------------------------------------------------------------ targets, adherence


@dataclass(frozen=True, slots=True)
class Target:
    """A measurable target: the day's factor ``op`` ``value`` (a tag: present)."""

    field: str  # a DayLog factor, or "tag:NAME"
    op: str  # "<" or ">="
    value: float

    def met(self, day: DayInput, tags: frozenset[str] | None) -> bool | None:
        """Whether the day met it; None when the factor was not logged (for a
        tag: when the day has no check-in, ``tags`` None)."""
        if self.field.startswith("tag:"):
            return self.field[4:] in tags if tags is not None else None
        v = day.factors.get(self.field)
        if v is None:
            return None
        return v < self.value if self.op == "<" else v >= self.value


def target_b(exp: Experiment) -> Target:
    """Arm B's target: from ``target_b`` when it names a number, else the default."""
    if exp.factor.startswith("tag:"):
        return Target(exp.factor, ">=", 1.0)
    op, value, _ = DEFAULT_B[exp.factor]
    m = _TARGET.match(exp.target_b or "")
    if m and m.group("value"):
        word = (m.group("op") or "").lower()
        value = float(m.group("value"))
        if word in ("under", "below", "less than", "<"):
            op = "<"
        elif word in ("at least", ">=", "over", "above", "more than", ">"):
            op = ">="
    elif m and (m.group("op") or "").lower() in ("no", "none"):
        op, value = "<", 0.5 if exp.factor == "alcohol" else 1.0
    return Target(FACTORS[exp.factor], op, value)


def target_words(exp: Experiment) -> tuple[str, str]:
    """What each arm means, in words (A, B)."""
    if exp.factor.startswith("tag:"):
        default_b = f"days tagged {exp.factor[4:]}"
    else:
        default_b = DEFAULT_B[exp.factor][2]
    return exp.target_a or "usual", exp.target_b or default_b


# ------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class Effect:
    """Arm B against arm A over the pairs used: a rate ratio and its test."""

    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_randomization: float | None  # one-sided: fewer with the change (B)
    p_two_sided: float | None
    days_used: int
    pairs_used: int


@dataclass(frozen=True)
class PeriodResult:
    """One period's days and rate."""

    period: Period
    days_used: int
    total: float
    adherence: float | None  # share of days with the factor logged meeting the arm

    @property
    def rate(self) -> float | None:
        """Outcome per used day."""
        return self.total / self.days_used if self.days_used else None


@dataclass(frozen=True)
class TrialResult:
    """What a self-experiment found (intention to treat, and per protocol)."""

    itt: Effect
    per_protocol: Effect
    periods: tuple[PeriodResult, ...]
    days_excluded: dict[str, int] = field(default_factory=dict)
    adherence: dict[str, float | None] = field(default_factory=dict)


def _pair_logs(
    periods: Sequence[tuple[Period, float, int]],
) -> list[float]:
    """log(B rate / A rate) per pair with both arms used (0.5 added to each total)."""
    by_pair: dict[int, dict[str, tuple[float, int]]] = {}
    for p, total, n in periods:
        if n:
            by_pair.setdefault(p.pair, {})[p.arm] = (total, n)
    out = []
    for arms in by_pair.values():
        if "A" in arms and "B" in arms:
            (ta, na), (tb, nb) = arms["A"], arms["B"]
            out.append(math.log((tb + 0.5) / nb) - math.log((ta + 0.5) / na))
    return out


def randomization_p(d: Sequence[float], *, two_sided: bool = False) -> float | None:
    """p of the pairs' mean difference over every AB/BA relabelling.

    Swapping a pair's order flips the sign of its difference, so the schedule's
    possible permutations are the 2^k sign patterns (sampled beyond
    ``EXACT_UP_TO`` pairs, with a fixed seed). One-sided by default, in the
    direction every plan registers in advance: fewer twitches with the change
    (arm B); the floor is then 1 / 2^k.
    """
    k = len(d)
    if k == 0:
        return None
    observed = sum(d)

    def extreme(total: float) -> bool:
        if two_sided:
            return abs(total) >= abs(observed) - 1e-12
        return total <= observed + 1e-12

    if k <= EXACT_UP_TO:
        hits = sum(
            extreme(sum(s * x for s, x in zip(signs, d, strict=True)))
            for signs in itertools.product((1.0, -1.0), repeat=k)
        )
        return hits / (1 << k)
    rng = random.Random(k)
    hits = 1  # the observed pattern itself
    for _ in range(SAMPLED_PATTERNS):
        hits += extreme(sum(x if rng.random() < 0.5 else -x for x in d))
    return hits / (SAMPLED_PATTERNS + 1)


def _effect(periods: Sequence[tuple[Period, float, int]]) -> Effect:
    from scipy.stats import t as student_t

    d = _pair_logs(periods)
    used = sum(n for _, _, n in periods)
    k = len(d)
    if k == 0:
        return Effect(None, None, None, None, None, used, 0)
    mean = sum(d) / k
    rr = math.exp(mean)
    lo = hi = None
    if k >= 2:
        sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (k - 1))
        half = float(student_t.ppf(0.975, k - 1)) * sd / math.sqrt(k)
        lo, hi = math.exp(mean - half), math.exp(mean + half)
    return Effect(
        rr, lo, hi, randomization_p(d), randomization_p(d, two_sided=True), used, k
    )


def analyse(
    exp: Experiment,
    days: Sequence[DayInput],
    tags: dict[date, frozenset[str]],
    *,
    today: date,
) -> TrialResult:
    """The trial's result from the journal's days (``days``: episodes or sampling
    scores per day; ``tags``: each day's check-in tags).

    A day is used when it is in a period, after the washout, up to ``today`` and
    the stop date, without a recorded deviation, and tracked: marked ``all`` or
    ``some``, or unmarked with an episode or a check-in (days marked ``off``, and
    days with nothing recorded, are left out, never counted as zero).
    """
    by_day = {d.day: d for d in days}
    deviated = {dv.date for dv in exp.deviations}
    stop = exp.stopped_on
    target = target_b(exp)
    excluded: dict[str, int] = {}
    itt: list[tuple[Period, float, int]] = []
    pp: list[tuple[Period, float, int]] = []
    results = []
    met_by_arm: dict[str, list[bool]] = {"A": [], "B": []}

    def skip(reason: str) -> None:
        excluded[reason] = excluded.get(reason, 0) + 1

    for p in schedule(exp):
        total = pp_total = 0.0
        n = pp_n = 0
        met: list[bool] = []
        for k, day in enumerate(p.days()):
            if day > today:
                skip("not_yet")
                continue
            if stop is not None and day > stop:
                skip("after_stop")
                continue
            if k < p.washout:
                skip("washout")
                continue
            if day in deviated:
                skip("deviation")
                continue
            d = by_day.get(day)
            if d is None or d.tracking == "off" or d.episodes is None:
                skip("untracked")
                continue
            total += d.episodes
            n += 1
            hit = target.met(d, tags.get(day))
            if hit is not None:
                kept = hit if p.arm == "B" else not hit
                met.append(kept)
                if kept:
                    pp_total += d.episodes
                    pp_n += 1
        itt.append((p, total, n))
        pp.append((p, pp_total, pp_n))
        met_by_arm[p.arm] += met
        share = sum(met) / len(met) if met else None
        results.append(PeriodResult(p, n, total, share))
    adherence = {arm: (sum(v) / len(v) if v else None) for arm, v in met_by_arm.items()}
    return TrialResult(_effect(itt), _effect(pp), tuple(results), excluded, adherence)
