"""Words the experiment screens share: factors, arms, the running line (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.text import format_range, plural
from twitchtrack.domain.trial import (
    DEFAULT_B,
    Effect,
    Period,
    last_day,
    period_on,
    schedule,
    target_words,
)

# The factors the wizard offers, in order (a tag of one's own comes last).
FACTOR_LABELS: dict[str, str] = {
    "caffeine": "Caffeine",
    "alcohol": "Alcohol",
    "magnesium": "Magnesium",
    "sleep": "Sleep opportunity",
}
TAG = "tag"
OUTCOME_LABELS: dict[str, str] = {
    "episodes": "Twitches logged per tracked day",
    "sampling": "Your sampling-mode answers",
}


def factor_name(factor: str) -> str:
    """'caffeine', or the tag's own name for 'tag:NAME'."""
    return factor[4:] if factor.startswith("tag:") else factor


def default_b_words(factor: str) -> str:
    """What arm B means when the person does not say (the domain's default)."""
    if factor.startswith("tag:"):
        return f"days tagged {factor[4:]}" if factor[4:] else ""
    return DEFAULT_B[factor][2]


def unit_word(exp: Experiment) -> str:
    """'week' for 7-day periods, else 'period'."""
    return "week" if exp.period_days == 7 else "period"


def arm_label(exp: Experiment, arm: str) -> str:
    """'B (under 50 mg caffeine)' or 'A (usual)'."""
    a, b = target_words(exp)
    return f"{arm} ({b if arm == 'B' else a})"


def span_words(exp: Experiment) -> str:
    """'5 pairs of 7 days, 4 Dec 2026 to 11 Feb 2027'."""
    span = format_range(exp.start, last_day(exp), year=True)
    return f"{plural(exp.pairs, 'pair')} of {plural(exp.period_days, 'day')}, {span}"


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One row of the schedule table."""

    pair: str
    dates: str
    arm: str
    washout: str


def schedule_rows(exp: Experiment) -> list[ScheduleRow]:
    """The schedule as the wizard's table and the PDF show it."""
    rows = []
    for p in schedule(exp):
        wash = (
            f"first {plural(p.washout, 'day')} (not counted)" if p.washout else "none"
        )
        rows.append(
            ScheduleRow(
                str(p.pair + 1),
                format_range(p.start, p.end, year=True),
                arm_label(exp, p.arm),
                wash,
            )
        )
    return rows


def running_words(exp: Experiment, today: date) -> str | None:
    """'Week 3 of 10: B week (under 50 mg caffeine), day 2', or None outside it."""
    period = period_on(exp, today)
    if period is None:
        return None
    periods = schedule(exp)
    index = next(i for i, p in enumerate(periods) if p == period)
    unit = unit_word(exp)
    a, b = target_words(exp)
    words = b if period.arm == "B" else a
    head = (
        f"{unit.capitalize()} {index + 1} of {len(periods)}: "
        f"{period.arm} {unit} ({words})"
    )
    day = (today - period.start).days + 1
    if day <= period.washout:
        return (
            f"{head}. Washout day {day} of {period.washout}: keep to the plan; "
            "these days are not counted"
        )
    return f"{head}, day {day}"


def period_label(p: Period) -> str:
    """'1 B': the pair and the arm, as the chart's axis shows them."""
    return f"{p.pair + 1} {p.arm}"


def ratio_text(e: Effect) -> str:
    """'0.42' or a dash."""
    return f"{e.rate_ratio:.2f}" if e.rate_ratio is not None else "\u2013"


def interval_text(e: Effect) -> str:
    """'0.30 to 0.61' or a dash."""
    if e.ci_low is None or e.ci_high is None:
        return "\u2013"
    return f"{e.ci_low:.2f} to {e.ci_high:.2f}"


def p_text(p: float | None) -> str:
    """'0.016' or a dash."""
    if p is None:
        return "\u2013"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def share_text(share: float | None) -> str:
    """'90%' or 'not logged'."""
    return "not logged" if share is None else f"{share:.0%}"
