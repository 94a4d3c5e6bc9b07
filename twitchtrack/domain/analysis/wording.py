"""Plain-language sentences and labels for association results (never causal)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from twitchtrack.domain.analysis.results import (
    MIN_PAIRED_DAYS,
    MIN_PER_SIDE,
    Association,
    Side,
)
from twitchtrack.domain.analysis.series import Outcome
from twitchtrack.domain.text import plural

FACTOR_LABELS: dict[str, str] = {
    "caffeine_mg": "caffeine",
    "sleep_h": "sleep length",
    "sleep_quality": "sleep quality",
    "water_ml": "water",
    "stress": "stress",
    "exercise_min": "exercise",
    "alcohol_units": "alcohol",
    "magnesium_mg": "magnesium",
}

# Words that claim a cause; no sentence may contain them (whole words, any case).
CAUSAL_WORDS: tuple[str, ...] = (
    "cause",
    "causes",
    "caused",
    "causing",
    "causal",
    "trigger",
    "triggers",
    "triggered",
    "triggering",
    "because",
    "due to",
    "leads to",
    "led to",
    "makes",
    "results in",
    "responsible for",
)

_CAUSAL_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in CAUSAL_WORDS) + r")\b", re.IGNORECASE
)


def causal_words_in(text: str) -> list[str]:
    """The causal words (see ``CAUSAL_WORDS``) that occur in ``text``."""
    return [m.group(0) for m in _CAUSAL_RE.finditer(text)]


_NIGHT_FACTORS = frozenset({"sleep_h", "sleep_quality"})
_LOG_NAMES: dict[str, str] = {**FACTOR_LABELS, "sleep_h": "sleep"}

_VARIES_AS: dict[str, str] = {
    "caffeine_mg": "amount",
    "sleep_h": "length",
    "sleep_quality": "rating",
    "water_ml": "amount",
    "stress": "level",
    "exercise_min": "amount",
    "alcohol_units": "amount",
    "magnesium_mg": "amount",
}

# (unit, substance) for factors measured as an amount on a day.
_AMOUNTS: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("mg", "caffeine"),
    "water_ml": ("ml", "water"),
    "exercise_min": ("min", "exercise"),
    "alcohol_units": ("units", "alcohol"),
    "magnesium_mg": ("mg", "magnesium"),
}


def _num(value: float) -> str:
    """A threshold for people: thousands separators, at most two decimals."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _comparison(side: Side, rule: Literal[">=", ">"]) -> str:
    """'or more' / 'more than' / 'under' / 'or less' for the chosen side."""
    if side == "high":
        return "or more" if rule == ">=" else "more than"
    return "under" if rule == ">=" else "or less"


def _condition(
    factor: str, side: Side, rule: Literal[">=", ">"], threshold: float
) -> str:
    """The condition of a side, worded to follow 'On days' / 'after a day'."""
    t = _num(threshold)
    word = _comparison(side, rule)
    if factor in _AMOUNTS:
        unit, substance = _AMOUNTS[factor]
        if unit == "units" and t == "1":
            unit = "unit"
        if threshold == 0 and rule == ">":
            return f"with any {substance}" if side == "high" else f"with no {substance}"
        amount = f"{t} {unit} of {substance}"
        if word in ("or more", "or less"):
            return f"with {amount} {word}"
        return f"with {word} {amount}"
    if factor == "stress":
        if word in ("or more", "or less"):
            return f"with stress at {t} {word} (out of 10)"
        return (
            f"with stress {'above' if word == 'more than' else 'under'} {t} (out of 10)"
        )
    if factor == "sleep_h":
        if word in ("or more", "or less"):
            return f"you slept {t} h {word}"
        return f"you slept {word} {t} h"
    # sleep_quality
    phrase = {
        "or more": f"{t} or higher",
        "more than": f"above {t}",
        "under": f"below {t}",
        "or less": f"{t} or lower",
    }[word]
    return f"a night you rated {phrase} (out of 5)"


def _opening(factor: str, lag: int, condition: str) -> str:
    if factor in _NIGHT_FACTORS:
        return ("On days after", "On the second day after", "On the third day after")[
            lag
        ] + f" {condition}"
    return ("On days", "On days after a day", "Two days after a day")[
        lag
    ] + f" {condition}"


def _timing(factor: str, lag: int) -> str:
    if factor in _NIGHT_FACTORS:
        return (
            "on the day after the night",
            "on the second day after the night",
            "on the third day after the night",
        )[lag]
    return ("on the same day", "on the next day", "two days later")[lag]


def _outcome_words(outcome: Outcome) -> tuple[str, str, str]:
    """(noun, word for more, word for less)."""
    if outcome == "episodes":
        return "twitches", "more", "fewer"
    return "twitch intensity", "higher", "lower"


def _signed(value: float, more: str, less: str) -> str:
    return f"{abs(value):.1f} {more if value >= 0 else less}"


def _days(k: int) -> str:
    return plural(k, "more day")


def with_sentence(a: Association) -> Association:
    return replace(a, sentence=_sentence(a))


def _sentence(a: Association) -> str:
    label = FACTOR_LABELS[a.factor]
    noun, more, less = _outcome_words(a.outcome)
    timing = _timing(a.factor, a.lag)
    if a.status == "insufficient_data":
        short_side = MIN_PER_SIDE - min(a.high_n, a.low_n)
        if a.n >= MIN_PAIRED_DAYS:
            return (
                f"{label.capitalize()} was about the same on most of the {a.n} days"
                f" you logged it, so there is nothing to compare yet: it takes at least"
                f" {_days(a.days_needed)} with a different {_VARIES_AS[a.factor]}."
            )
        at_least = "at least " if short_side > MIN_PAIRED_DAYS - a.n else ""
        return (
            f"Log {_LOG_NAMES[a.factor]} on {at_least}{_days(a.days_needed)} to see"
            f" whether it goes with your twitches {timing}."
        )
    if a.status == "no_clear_association":
        return f"No clear link between {label} and {noun} {timing} ({a.n} days)."
    # An association: describe the focus side in real units.
    assert a.threshold is not None
    assert a.difference is not None
    assert a.difference_ci is not None
    sign = 1.0 if a.focus == "high" else -1.0
    diff = sign * a.difference
    lo, hi = sorted((sign * a.difference_ci[0], sign * a.difference_ci[1]))
    opening = _opening(
        a.factor, a.lag, _condition(a.factor, a.focus, a.high_rule, a.threshold)
    )
    if round(abs(diff), 1) == 0.0:
        effect = (
            "you logged about the same number of twitches on average"
            if a.outcome == "episodes"
            else "your twitch intensity was about the same on average"
        )
    elif a.outcome == "episodes":
        effect = f"you logged {_signed(diff, more, less)} twitches on average"
    else:
        effect = (
            f"your total twitch intensity was {_signed(diff, more, less)} on average"
        )
    if lo >= 0 or hi <= 0:
        # Both ends on one side: plain magnitudes read like the estimate's words.
        near, far = sorted((abs(lo), abs(hi)))
        interval = f"95% CI {near:.1f} to {far:.1f}"
        text = f"{opening}, {effect} ({interval}; {a.n} days)"
    else:
        # The rank test found a steady link, but the two sides of the cut-off are
        # too uneven or noisy for a per-day number: say what the data do show
        # instead of quoting a difference whose interval spans zero.
        text = _trend_sentence(a, noun, more, timing)
    if a.direction_unclear:
        text += ", but the link runs both ways in your data, so which comes first"
        text += " is unclear"
    return text + "."


# factor -> (words for higher values, words for lower values), for trend sentences
_TREND_WORDS: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("More caffeine", "Less caffeine"),
    "sleep_h": ("Longer nights", "Shorter nights"),
    "sleep_quality": ("Better-rated nights", "Worse-rated nights"),
    "water_ml": ("More water", "Less water"),
    "stress": ("Higher stress", "Lower stress"),
    "exercise_min": ("More exercise", "Less exercise"),
    "alcohol_units": ("More alcohol", "Less alcohol"),
    "magnesium_mg": ("More magnesium", "Less magnesium"),
}


def _trend_sentence(a: Association, noun: str, more: str, timing: str) -> str:
    assert a.rho is not None
    assert a.rho_ci is not None
    assert a.threshold is not None
    direction = _TREND_WORDS[a.factor][0 if a.rho > 0 else 1]
    lo, hi = a.rho_ci
    opening = _opening(
        a.factor, a.lag, _condition(a.factor, a.focus, a.high_rule, a.threshold)
    )
    return (
        f"{direction} went with {more} {noun} {timing}"
        f" (rank correlation {a.rho:+.2f}, 95% CI {lo:+.2f} to {hi:+.2f}; {a.n} days),"
        f" though how many {more} {opening[0].lower()}{opening[1:]} is still uncertain"
    )


_UNITS: dict[str, str] = {
    "caffeine_mg": "mg",
    "sleep_h": "h",
    "sleep_quality": "",
    "water_ml": "ml",
    "stress": "",
    "exercise_min": "min",
    "alcohol_units": "units",
    "magnesium_mg": "mg",
}


def factor_unit(factor: str) -> str:
    """The stored unit of a factor ('' for ratings on a scale)."""
    return _UNITS[factor]


def focus_label(a: Association) -> str:
    """A short label for the side a sentence talks about: 'Sleep under 7 h'."""
    label = _LOG_NAMES[a.factor].capitalize()
    if a.threshold is None:
        return label
    if a.factor in _AMOUNTS and a.threshold == 0 and a.high_rule == ">":
        substance = _AMOUNTS[a.factor][1]
        return f"Any {substance}" if a.focus == "high" else f"No {substance}"
    unit = _UNITS[a.factor]
    value = _num(a.threshold)
    if unit == "units" and value == "1":
        unit = "unit"
    amount = f"{value} {unit}" if unit else value
    word = _comparison(a.focus, a.high_rule)
    phrase = (
        f"{amount} {word}" if word in ("or more", "or less") else f"{word} {amount}"
    )
    return f"{label} {phrase}"
