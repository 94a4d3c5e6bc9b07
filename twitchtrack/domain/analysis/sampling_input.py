"""Sampling mode's answers as the count model's outcome (their own, never mixed
with logged episodes).

A day's outcome is the sum of its answers' scores (none 0, a few 1, many 2:
``sampling.SCORES``). The usual number of answers a day is the journal's most
common count; a day with fewer is marked ``some`` (its sum is a lower bound,
which the model gives its own term), a day without answers has no outcome, and
a day marked ``off`` stays off. The factors are the same as for episodes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from twitchtrack.domain.analysis.journal_input import day_inputs
from twitchtrack.domain.analysis.tracking import DayInput, Tracking
from twitchtrack.domain.models import Journal
from twitchtrack.domain.sampling import SCORES
from twitchtrack.domain.times import plausible_days


def usual_answers(per_day: Counter[date]) -> int:
    """The most common number of answers on a day with answers (ties: the larger)."""
    if not per_day:
        return 0
    counts = Counter(per_day.values())
    return max(counts, key=lambda k: (counts[k], k))


def sample_inputs(journal: Journal, *, today: date) -> tuple[DayInput, ...]:
    """One ``DayInput`` per day with answers or check-in values, outcome = scores."""
    scores: defaultdict[date, int] = defaultdict(int)
    answers: Counter[date] = Counter()
    for s in journal.samples:
        if s.deleted:
            continue
        day = s.at.date()  # the offset the person had, as Episode.local_day
        scores[day] += SCORES[s.answer]
        answers[day] += 1
    usual = usual_answers(answers)
    kept = set(plausible_days(answers, today))
    out: dict[date, DayInput] = {}
    for d in day_inputs(journal, today=today):
        # Factors come from the journal as for episodes; the count does not.
        out[d.day] = replace(d, episodes=None, tracking=_state(d, answers, usual))
    for day in kept:
        base = out.get(day, DayInput(day, None))
        out[day] = replace(
            base, episodes=scores[day], tracking=_state(base, answers, usual)
        )
    return tuple(out[k] for k in sorted(out))


def _state(d: DayInput, answers: Counter[date], usual: int) -> Tracking | None:
    if d.tracking == "off":
        return "off"
    n = answers.get(d.day, 0)
    if n == 0:
        return None
    return "all" if n >= usual else "some"
