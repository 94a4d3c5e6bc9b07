"""Timing-aware caffeine: was caffeine taken in the hours before a twitch more
often than at the same clock time on other days? (issue 18)

A time-stratified case-crossover design (each twitch is compared with itself,
in a sense): for every logged twitch, the exposure is any caffeine intake in the
``WINDOW`` before it; its referents are the same clock time on the same weekday
one, two and three weeks before and after (whatever was logged then: a referent
is a time, not a twitch-free time, which would bias the ratio upwards).
Comparing the same clock time and weekday keeps the daily rhythm (coffee in the
morning, twitches noticed in the evening) and weekly habits out of the
comparison. The odds ratio maximises the conditional likelihood of the matched
sets (``conditional_fit``).

Only days whose caffeine timing is known take part: a day with at least one
timed caffeine intake, or whose check-in says 0 mg; the window's days must all
be known, and the twitch's day must be a tracked day. Every twitch counts
(thinning bursts to one would bias the ratio towards 1: an exposed hour holds
more twitches); the standard error is clustered by day, as twitches of one day
share its exposures (conservative in simulation: 1.5% false links at 5%).
Documented in docs/statistics.md ("Timing-aware caffeine").
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from twitchtrack.domain.analysis.tracking import DayInput, tracked_days
from twitchtrack.domain.models import Journal
from twitchtrack.domain.timed import Intake

WINDOW = timedelta(hours=6)
REFERENT_WEEKS = (-3, -2, -1, 1, 2, 3)
MIN_DISCORDANT = 20  # matched sets whose case and referents differ in exposure
Z975 = 1.959963984540054
Status = Literal["association", "no_clear_association", "insufficient_data"]


@dataclass(frozen=True)
class TimingResult:
    """Caffeine in the ``WINDOW`` before a twitch against matched times."""

    status: Status
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    twitches_used: int
    referents: int
    informative_sets: int
    days_known: int
    sentence: str = ""

    def to_json(self) -> dict[str, object]:
        """The ``timing`` entry of ``insights --json``."""
        return {
            "exposure": "caffeine_within_6h_before",
            "design": "time-stratified case-crossover",
            "status": self.status,
            "odds_ratio": self.odds_ratio,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p": self.p,
            "twitches_used": self.twitches_used,
            "referents": self.referents,
            "informative_sets": self.informative_sets,
            "days_known": self.days_known,
            "sentence": self.sentence,
        }


def known_days(journal: Journal) -> set[date]:
    """Days whose caffeine timing is known (see the module docstring)."""
    days = {
        i.at.date()
        for i in journal.intakes
        if not i.deleted and i.kind == "caffeine" and i.amount > 0
    }
    for log in journal.live_days():
        if log.caffeine_mg == 0:
            days.add(log.date)
    return days


def _exposed(times: Sequence[datetime], at: datetime) -> bool:
    """Any caffeine intake in [at - WINDOW, at)."""
    k = bisect_left(times, at - WINDOW)
    return k < len(times) and times[k] < at


def matched_sets(
    journal: Journal, tracked: set[date]
) -> tuple[list[tuple[int, list[int], date]], int, int]:
    """(case exposure, referent exposures) per twitch used, and the counts of
    twitches used and of known days."""
    intakes = sorted(
        i.at
        for i in journal.intakes
        if isinstance(i, Intake) and not i.deleted and i.kind == "caffeine"
        if i.amount > 0
    )
    known = known_days(journal)
    all_twitches = sorted(e.at for e in journal.live_episodes())

    def usable(at: datetime) -> bool:
        first = (at - WINDOW).date()
        return at.date() in tracked and first in known and at.date() in known

    sets = []
    for at in all_twitches:
        if not usable(at):
            continue
        refs = [at + timedelta(weeks=w) for w in REFERENT_WEEKS]
        refs = [r for r in refs if usable(r)]
        if refs:
            sets.append(
                (
                    int(_exposed(intakes, at)),
                    [int(_exposed(intakes, r)) for r in refs],
                    at.date(),
                )
            )
    return sets, len(sets), len(known & tracked)


def conditional_fit(
    sets: Sequence[tuple[int, list[int], date]],
) -> tuple[float, float]:
    """Log odds ratio and its standard error, clustered by the twitch's day.

    The conditional likelihood of a binary exposure in matched sets (what
    statsmodels' ConditionalLogit maximises: the test checks they agree), with
    a sandwich variance summing each day's scores first, since twitches of one
    day share its exposures. Newton steps from 0.
    """
    import numpy as np

    case = np.array([c for c, _, _ in sets], float)
    exposed = np.array([c + sum(r) for c, r, _ in sets], float)
    size = np.array([1 + len(r) for _, r, _ in sets], float)
    _, day = np.unique([d.toordinal() for _, _, d in sets], return_inverse=True)
    b = 0.0
    for _ in range(50):
        share = exposed * math.exp(b) / (exposed * math.exp(b) + size - exposed)
        score = case - share
        info = float(np.sum(share * (1 - share)))
        if info <= 0:
            return b, math.inf
        step = float(score.sum()) / info
        b += max(-2.0, min(2.0, step))
        if abs(step) < 1e-10:
            break
    share = exposed * math.exp(b) / (exposed * math.exp(b) + size - exposed)
    info = float(np.sum(share * (1 - share)))
    by_day = np.bincount(day, weights=case - share)
    return b, math.sqrt(float(np.sum(by_day**2))) / info


def fit_timing(journal: Journal, tracked: set[date]) -> TimingResult:
    """The case-crossover odds ratio for caffeine in the 6 hours before a twitch."""
    sets, used, days_known = matched_sets(journal, tracked)
    referents = sum(len(r) for _, r, _ in sets)
    informative = [s for s in sets if any(x != s[0] for x in s[1])]
    if len(informative) < MIN_DISCORDANT:
        result = TimingResult(
            "insufficient_data",
            None,
            None,
            None,
            None,
            used,
            referents,
            len(informative),
            days_known,
        )
        return _worded(result)
    b, se = conditional_fit(informative)
    if not math.isfinite(se) or se <= 0 or se > 3:
        result = TimingResult(
            "insufficient_data",
            None,
            None,
            None,
            None,
            used,
            referents,
            len(informative),
            days_known,
        )
        return _worded(result)
    p = math.erfc(abs(b / se) / math.sqrt(2))
    lo, hi = math.exp(b - Z975 * se), math.exp(b + Z975 * se)
    status: Status = "association" if p < 0.05 else "no_clear_association"
    result = TimingResult(
        status, math.exp(b), lo, hi, p, used, referents, len(informative), days_known
    )
    return _worded(result)


def _worded(r: TimingResult) -> TimingResult:
    from dataclasses import replace

    return replace(r, sentence=timing_sentence(r))


def timing_sentence(r: TimingResult) -> str:
    """The finding in words, from the same fit."""
    if r.status == "insufficient_data" or r.odds_ratio is None:
        return (
            "Not enough timed caffeine yet to compare the hours before twitches "
            f"with the same times on other days ({r.informative_sets} of the "
            f"{MIN_DISCORDANT} twitches needed whose usual times differ in "
            "caffeine). Adding drinks with the check-in's quick-add buttons "
            "records their time."
        )
    assert r.ci_low is not None
    assert r.ci_high is not None
    figures = (
        f"odds ratio {r.odds_ratio:.2f}, 95% CI {r.ci_low:.2f} to {r.ci_high:.2f}; "
        f"{r.twitches_used} twitches against the same times one to three weeks "
        "away"
    )
    if r.status == "association":
        more = "more" if r.odds_ratio > 1 else "less"
        return (
            f"Caffeine in the 6 hours before was {more} common before your "
            f"twitches than at the same clock time on other days ({figures})."
        )
    return (
        "No clear difference between caffeine in the 6 hours before your twitches "
        f"and at the same clock time on other days ({figures})."
    )


def tracked_dates(days: Sequence[DayInput]) -> set[date]:
    """The dates the tracked-day rule keeps (``tracking.tracked_days``)."""
    if not days:
        return set()
    td = tracked_days(days)
    return {td.start + timedelta(days=int(k)) for k in td.kept.nonzero()[0]}
