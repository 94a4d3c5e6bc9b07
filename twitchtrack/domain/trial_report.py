"""A self-experiment from the journal: planning checks, the result and its words."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import format_range, plural
from twitchtrack.domain.trial import (
    MIN_PAIRS,
    Effect,
    TrialResult,
    analyse,
    last_day,
    registered_in_advance,
    schedule,
    status_on,
    target_words,
)

MAX_LEAD = timedelta(days=365)
# Reason -> (one day, several days).
_REASONS = {
    "washout": ("washout day", "washout days", "at the start of a period"),
    "untracked": ("day", "days", "with nothing logged or marked not tracking"),
    "deviation": ("day", "days", "with a recorded change to the plan"),
    "not_yet": ("day", "days", "still to come"),
    "after_stop": ("day", "days", "after the experiment was stopped"),
}


def plan_problem(exp: Experiment, journal: Journal, today: date) -> str | None:
    """Why this plan cannot be saved (one sentence), or None."""
    if exp.start > today + MAX_LEAD:
        return "the start is more than a year away; plan closer to the time"
    for other in journal.experiments:
        if other.deleted or other.id == exp.id or other.status == "stopped":
            continue
        if exp.start <= last_day(other) and other.start <= last_day(exp):
            return (
                f"it overlaps the {other.factor} experiment of "
                f"{format_range(other.start, last_day(other), year=True)}; stop that "
                "one first or start after it"
            )
    return None


def few_pairs_warning(pairs: int) -> str | None:
    """What a short plan cannot show, or None."""
    if pairs >= 5:
        return None
    floor = 1 / 2**pairs
    return (
        f"With {plural(pairs, 'pair')} the smallest p-value the randomisation test "
        f"can give is {floor:.2f}: even a large change cannot reach 0.05. Five pairs "
        "or more are needed for that."
    )


def current(journal: Journal) -> Experiment | None:
    """The newest live experiment."""
    live = [e for e in journal.experiments if not e.deleted]
    return max(live, key=lambda e: e.created_at) if live else None


def result_of(journal: Journal, exp: Experiment, today: date) -> TrialResult:
    """Analyse ``exp`` over the journal's days."""
    from twitchtrack.domain.analysis.journal_input import day_inputs

    if exp.outcome == "sampling":
        from twitchtrack.domain.analysis.sampling_input import sample_inputs

        days = sample_inputs(journal, today=today)
    else:
        days = day_inputs(journal, today=today)
    tags: dict[date, frozenset[str]] = {}
    for log in journal.live_days():
        tags[log.date] = frozenset(log.tags)
    return analyse(exp, days, tags, today=today)


def schedule_json(exp: Experiment, today: date) -> dict[str, Any]:
    """The ``experiment show --json`` shape."""
    a, b = target_words(exp)
    return {
        "id": str(exp.id),
        "factor": exp.factor,
        "target_a": a,
        "target_b": b,
        "pairs": exp.pairs,
        "period_days": exp.period_days,
        "washout_days": exp.washout_days,
        "outcome": exp.outcome,
        "expect": exp.expect,
        "seed": exp.seed,
        "status": status_on(exp, today),
        "registered": "in advance" if registered_in_advance(exp) else "after start",
        "periods": [
            {
                "pair": p.pair + 1,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "arm": p.arm,
            }
            for p in schedule(exp)
        ],
        "deviations": [
            {"date": d.date.isoformat(), "note": d.note} for d in exp.deviations
        ],
    }


def _effect_json(e: Effect) -> dict[str, Any]:
    return {
        "rate_ratio": e.rate_ratio,
        "ci_low": e.ci_low,
        "ci_high": e.ci_high,
        "p_randomization": e.p_randomization,
        "p_two_sided": e.p_two_sided,
        "days_used": e.days_used,
        "pairs_used": e.pairs_used,
    }


def result_json(exp: Experiment, r: TrialResult) -> dict[str, Any]:
    """The ``experiment report --json`` shape (intention to treat at the top)."""
    return {
        **_effect_json(r.itt),
        "days_excluded": {
            "count": sum(r.days_excluded.values()),
            "reasons": dict(r.days_excluded),
        },
        "adherence": dict(r.adherence),
        "per_protocol": _effect_json(r.per_protocol),
        "outcome": exp.outcome,
        "registered": "in advance" if registered_in_advance(exp) else "after start",
        "periods": [
            {
                "pair": x.period.pair + 1,
                "arm": x.period.arm,
                "start": x.period.start.isoformat(),
                "end": x.period.end.isoformat(),
                "days_used": x.days_used,
                "rate": x.rate,
                "adherence": x.adherence,
            }
            for x in r.periods
        ],
        "sentence": sentence(exp, r),
    }


def _change(rr: float, mass: bool) -> str:
    if rr >= 1:
        return f"{(rr - 1) * 100:.0f}% more"
    return f"{(1 - rr) * 100:.0f}% {'less' if mass else 'fewer'}"


def sentence(exp: Experiment, r: TrialResult) -> str:
    """The finding in plain words, for this person under these conditions."""
    a, b = target_words(exp)
    sampled = exp.outcome == "sampling"
    what = "twitching in your sampling answers" if sampled else "twitches"
    e = r.itt
    if e.rate_ratio is None or e.pairs_used < 2:
        text = (
            f"Not enough yet: {plural(e.pairs_used, 'pair')} of periods with days "
            f"in both arms so far (the plan has {exp.pairs})."
        )
    else:
        assert e.ci_low is not None
        assert e.ci_high is not None
        assert e.p_randomization is not None
        interval = f"95% CI {e.ci_low:.2f} to {e.ci_high:.2f} times"
        head = (
            f"In the {b} periods you logged {_change(e.rate_ratio, sampled)} "
            f"{what} than in the {a} periods "
            f"(rate ratio {e.rate_ratio:.2f}, {interval}; "
            f"randomisation test p = {e.p_randomization:.3f}; "
            f"{plural(e.pairs_used, 'pair')}, {plural(e.days_used, 'day')})."
        )
        if e.p_randomization <= 0.05:
            verdict = (
                " The order was randomised, so a difference this clear is unlikely "
                "to be chance or habit: for you, under the conditions of these "
                "weeks, the change itself went with this difference."
            )
        elif e.rate_ratio > 1:
            verdict = (
                " The plan tested for fewer twitches with the change; more is not "
                "what it can show, and a difference this size could well be chance."
            )
        else:
            verdict = (
                " A difference this size could well be chance; the experiment does "
                "not show that the change matters for you."
            )
        text = head + verdict
    if e.pairs_used and e.pairs_used < MIN_PAIRS:
        text += f" With under {MIN_PAIRS} pairs the test cannot be clear."
    if not registered_in_advance(exp):
        text += (
            " The plan was recorded after the experiment began, so it was not "
            "registered in advance."
        )
    return text


def excluded_words(r: TrialResult) -> str:
    """'Left out: 10 washout days ...' or ''."""
    parts = []
    for k, n in r.days_excluded.items():
        one, many, why = _REASONS[k]
        if n:
            parts.append(f"{n} {one if n == 1 else many} {why}")
    return ("Left out: " + "; ".join(parts) + ".") if parts else ""
