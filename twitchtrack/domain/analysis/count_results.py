"""What the count model reports, and the words for it (from the same figures)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["association", "no_clear_association", "insufficient_data"]
Op = Literal[">=", "<"]
Method = Literal["negative_binomial", "quasi_poisson", "none"]
# What the counts are: logged episodes, or sampling mode's answer scores.
Outcome = Literal["episodes", "sampling"]

ALPHA = 0.05
Z80 = 0.8416212335729143  # one-sided normal quantile for 80% power
TARGET_RATE_RATIO = 1.5  # the change "days needed" plans for
LABELS: dict[str, str] = {
    "caffeine_mg": "caffeine",
    "sleep_h": "sleep length",
    "water_ml": "water",
    "stress": "stress",
    "exercise_min": "exercise",
    "alcohol_units": "alcohol",
    "magnesium_mg": "magnesium",
}
_UNITS = {
    "caffeine_mg": "mg",
    "water_ml": "ml",
    "exercise_min": "min",
    "alcohol_units": "units",
    "magnesium_mg": "mg",
}
# The words for each reason a day was left out (``tracking.EXCLUSION_REASONS``),
# to follow a number of days: shared by every place that says what was left out.
REASONS: dict[str, str] = {
    "marked_off": "marked as not tracking",
    "no_count": "without a twitch count",
    "before_first_episode": "before your first twitch entry",
    "quiet_stretch": "in long stretches without twitch entries",
}


@dataclass(frozen=True)
class LagFit:
    """One lag's coefficient from the factor's joint fit (rate-ratio scale)."""

    lag: int
    rate_ratio: float
    ci_low: float
    ci_high: float
    p: float
    p_adjusted: float
    n: int


@dataclass(frozen=True)
class DoseResponse:
    """The continuous fit at the reported lag: rate ratio ``per`` step."""

    per: str
    rate_ratio: float
    ci_low: float
    ci_high: float
    p: float


@dataclass(frozen=True)
class ReverseCheck:
    """Next day's factor (its unit) per doubling of today's twitch count."""

    estimate: float
    ci_low: float
    ci_high: float
    p: float
    n: int


@dataclass(frozen=True)
class FactorResult:
    """One factor, reported once: at its strongest lag when linked, else lag 0."""

    factor: str
    status: Status
    lag: int
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    p_adjusted: float | None
    n: int
    cutoff_op: Op
    cutoff_value: float | None
    cutoff_source: Literal["guideline", "even_split"]
    days_meeting_cutoff: int
    days_other: int
    adjusted_for: tuple[str, ...]
    lags: tuple[LagFit, ...]
    dose_response: DoseResponse | None
    reverse: ReverseCheck | None
    direction_unclear: bool
    days_needed: int | None
    tests: int  # factor x lag tests in the Benjamini-Hochberg family
    sentence: str = ""


@dataclass(frozen=True)
class CountModelResult:
    """Everything one analysis found, plus what it left out and why."""

    days_analyzed: int
    days_excluded: dict[str, int]
    quiet_run: int
    method: Method
    dispersion: float | None
    tests: int
    factors: tuple[FactorResult, ...] = field(default=())

    def factor(self, name: str) -> FactorResult:
        """The result for one factor."""
        return next(f for f in self.factors if f.factor == name)

    def to_json(self) -> dict[str, Any]:
        """The ``insights --json`` shape of issue 16 (rate-ratio scale)."""
        rows = []
        for f in self.factors:
            row = asdict(f)
            row["adjusted_for"] = list(f.adjusted_for)
            row["lags"] = [asdict(x) for x in f.lags]
            rows.append(row)
        return {
            "days_analyzed": self.days_analyzed,
            "days_excluded": {
                "count": sum(self.days_excluded.values()),
                "reasons": dict(self.days_excluded),
            },
            "quiet_run_days": self.quiet_run,
            "method": self.method,
            "dispersion": self.dispersion,
            "tests": self.tests,
            "associations": rows,
        }


def days_needed(
    n: int, tests: float, se: float | None, share: float | None, weight: float | None
) -> int | None:
    """More tracked days for 80% power against a +50% change at the BH bar.

    ``tests`` is the number of tests over the lag's weight: a lone link must
    reach p < 0.05 / ``tests``.

    With a fit, from its own standard error ``se`` (which shrinks as
    1/sqrt(days)); without one, from the base model's mean Fisher weight of a
    day and the factor's ``share`` of days on the cut-off's side (a third when
    it was never logged). Rounded up to tens, never below ten: an estimate,
    never "one more day".
    """
    from scipy.special import ndtri

    z = float(ndtri(1 - ALPHA / (2 * max(tests, 1)))) + Z80
    target = math.log(TARGET_RATE_RATIO)
    if se is not None:
        total = n * (se * z / target) ** 2
    else:
        share = 1 / 3 if share is None else share
        if weight is None or weight <= 0 or not 0 < share < 1:
            return None
        total = z**2 / (target**2 * share * (1 - share) * weight)
    if total <= n:
        return None
    return max(10, 10 * math.ceil((total - n) / 10))


# ------------------------------------------------------------------ wording


def _num(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _side(r: FactorResult) -> str:
    """The cut-off's side, to follow 'days' ('with 300 mg of caffeine or more')."""
    assert r.cutoff_value is not None
    v, f = _num(r.cutoff_value), r.factor
    if f == "sleep_h":
        return f"after you slept under {v} h"
    if f == "stress":
        return f"with stress at {v} or more (out of 10)"
    unit = "unit" if _UNITS[f] == "units" and v == "1" else _UNITS[f]
    what = f"{v} {unit} of {LABELS[f]}"
    return f"with {what} or more" if r.cutoff_op == ">=" else f"with under {what}"


def _when(r: FactorResult) -> str:
    """'on days with 300 mg of caffeine or more' and the like, at the lag."""
    side = _side(r)
    if r.factor == "sleep_h":
        night = ("on days", "on the second day", "on the third day")[r.lag]
        return f"{night} {side}"
    return ("on days", "on days after a day", "two days after a day")[
        r.lag
    ] + f" {side}"


def _timing(r: FactorResult) -> str:
    if r.factor == "sleep_h":
        return (
            "on the day after the night",
            "on the second day after the night",
            "on the third day after the night",
        )[r.lag]
    return ("on the same day", "on the next day", "two days later")[r.lag]


def _pct(x: float) -> str:
    """A positive percentage that never rounds to 0 (nor, for 'fewer', to 100)."""
    if x >= 99.5 and x < 100:
        return f"{x:.1f}"
    return f"{x:,.0f}" if x >= 1 else f"{x:.1g}"


def _change(rr: float) -> str:
    """A signed change for 'rules out' sentences: '+35%', '-25%', '3.1 times'."""
    if rr >= 2:
        return f"{rr:.1f} times"
    if rr == 1:
        return "0%"
    return f"+{_pct((rr - 1) * 100)}%" if rr > 1 else f"-{_pct((1 - rr) * 100)}%"


def effect_words(r: FactorResult, noun: str = "twitches") -> tuple[str, str]:
    """('40% more twitches', '95% CI 15% to 70%'): one fit, one direction."""
    assert r.rate_ratio is not None
    assert r.ci_low is not None
    assert r.ci_high is not None
    rr, lo, hi = r.rate_ratio, r.ci_low, r.ci_high
    if rr >= 1:
        if rr >= 2 and lo >= 1.2:
            return (
                f"{rr:.1f} times as much {noun}"
                if noun == "twitching"
                else f"{rr:.1f} times as many {noun}",
                f"95% CI {lo:.1f} to {hi:.1f} times",
            )
        low = f"{_pct((lo - 1) * 100)}%" if lo > 1 else _change(lo)
        return (
            f"{_pct((rr - 1) * 100)}% more {noun}",
            f"95% CI {low} to {_pct((hi - 1) * 100)}%",
        )
    near = f"{_pct((1 - hi) * 100)}%" if hi < 1 else _change(hi)
    return (
        f"{_pct((1 - rr) * 100)}% {'less' if noun == 'twitching' else 'fewer'} {noun}",
        f"95% CI {near} to {_pct((1 - lo) * 100)}%",
    )


def _needed(r: FactorResult, lead: str, what: str = "a +50% change") -> str:
    if r.days_needed is None:
        return ""
    return (
        f"{lead}about {r.days_needed} more tracked days with it logged would find"
        f" {what} with 80% chance (from how much your own counts vary)"
    )


def sentence(r: FactorResult, outcome: Outcome = "episodes") -> str:
    """The words for one factor, from the same fit as its figures.

    ``outcome`` "sampling": the counts are sampling mode's answer scores.
    """
    label = LABELS[r.factor]
    if r.status == "insufficient_data":
        if r.n == 0:
            return (
                f"Log {label} in the check-in to see whether it goes with your twitches"
                + _needed(r, "; ")
                + "."
            )
        if r.cutoff_value is None or min(r.days_meeting_cutoff, r.days_other) == 0:
            if r.cutoff_value is None:
                what = "it was the same every time"
            elif r.days_meeting_cutoff == 0:
                what = f"none was a day {_side(r)}"
            else:
                what = f"every one was a day {_side(r)}"
            return (
                f"Not enough data yet for {label}: of the {_plural(r.n, 'tracked day')}"
                f" you logged it, {what}, so there is nothing to compare it with yet."
            )
        return (
            f"Not enough data yet for {label}: {_plural(r.n, 'tracked day')} with it"
            " logged so far" + _needed(r, "; ") + "."
        )
    assert r.ci_low is not None
    assert r.ci_high is not None
    sampling = outcome == "sampling"
    effect, interval = effect_words(r, "twitching" if sampling else "twitches")
    adjusted = [LABELS[a] for a in r.adjusted_for if a in LABELS]
    allowing = f"; allowing for {' and '.join(adjusted)}" if adjusted else ""
    figures = f"({interval}; {_plural(r.n, 'day')}{allowing})"
    if r.status == "association":
        lead = "Your sampling answers showed" if sampling else "You logged"
        text = f"{lead} {effect} {_when(r)} {figures}"
        if r.direction_unclear:
            text += (
                ", but twitch counts also go with the next day's"
                f" {label} in your data, so which comes first is unclear"
            )
        return text + "."
    if r.ci_low > 1 or r.ci_high < 1:
        return (
            f"Not a clear link yet: {effect} {_when(r)} {figures}, but with"
            f" {r.tests} comparisons made a difference this size can turn up by chance."
        )
    text = (
        f"No clear link between {label} and twitches {_timing(r)}: your"
        f" {_plural(r.n, 'day')} make a change bigger than {_change(r.ci_high)} or"
        f" below {_change(r.ci_low)} unlikely"
    )
    if r.ci_high < TARGET_RATE_RATIO:
        return text + "."  # a +50% change is already outside the interval
    return (
        text
        + _needed(r, "; a +50% change is not ruled out yet: ", "one that size")
        + "."
    )


def excluded_sentence(days_excluded: dict[str, int], *, advice: bool = True) -> str:
    """What the analysis left out, or '' when it left nothing out.

    ``advice`` adds what the person can do about it (not for a clinician's report).
    """
    parts = [f"{_plural(n, 'day')} {REASONS[k]}" for k, n in days_excluded.items() if n]
    if not parts:
        return ""
    text = "Left out of the statistics: " + "; ".join(parts)
    quiet = days_excluded.get("quiet_stretch") or days_excluded.get(
        "before_first_episode"
    )
    if advice and quiet:
        text += ". Mark such days 'No twitches today' if that is what happened"
    return text + "."


def compared_words(r: FactorResult) -> str:
    """The comparison in a few words: 'under 7 h sleep, the day after the night'."""
    label = LABELS[r.factor]
    if r.cutoff_value is None:
        return label
    v = _num(r.cutoff_value)
    unit = {"sleep_h": " h", "stress": " of 10"}.get(r.factor)
    if unit is None:
        unit = f" {_UNITS[r.factor]}"
    op = "under" if r.cutoff_op == "<" else "at least"
    return f"{label} {op} {v}{unit}, {_timing(r).removeprefix('on ')}"


def more_days_for_target(r: FactorResult) -> int | None:
    """Further tracked days to find a +50% change; None once it is ruled out."""
    if r.ci_high is not None and r.ci_high < TARGET_RATE_RATIO:
        return None
    return r.days_needed


def change_range(r: FactorResult) -> str:
    """The interval as changes in the rate: '-23% to +32%' ('' without a fit)."""
    if r.ci_low is None or r.ci_high is None:
        return ""
    return f"{_change(r.ci_low)} to {_change(r.ci_high)}"
