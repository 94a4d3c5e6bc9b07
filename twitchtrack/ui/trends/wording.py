"""What the Trends view writes: titles, axis labels, summaries and detail lines."""

from __future__ import annotations

from datetime import date

from twitchtrack.domain import analysis as an
from twitchtrack.domain.analysis.count_results import (
    LABELS,
    CountModelResult,
    FactorResult,
)
from twitchtrack.domain.text import format_day, format_range, plural

FACTOR_TITLES: dict[str, str] = {
    "caffeine_mg": "Caffeine (mg)",
    "sleep_h": "Sleep (hours)",
    "sleep_quality": "Sleep quality (1-5)",
    "water_ml": "Water (ml)",
    "stress": "Stress (0-10)",
    "exercise_min": "Exercise (minutes)",
    "alcohol_units": "Alcohol (units)",
    "magnesium_mg": "Magnesium (mg)",
}
# (lag, button text, object name)
LAG_BUTTONS: tuple[tuple[int, str, str], ...] = (
    (0, "Same day", "trendsLagSame"),
    (1, "Next day", "trendsLagNext"),
    (2, "Two days later", "trendsLagTwo"),
)
LONG_AVERAGE_DAYS = 28
_NIGHT = frozenset({"sleep_h", "sleep_quality"})

WORKING = "Working out what goes with your twitches..."
WAITING = "Working out your trends..."
NOTHING_YET = (
    "Nothing logged yet. Log a twitch on the body map or fill in a daily "
    "check-in, and your days will show up here."
)
CALM_HIDDEN = (
    "Hidden while the calm view is on. Turn off the calm map in the View menu "
    "to see counts and colours here."
)
NO_TWITCHES = "No twitches logged in this range."


def outcome_axis_label(factor: str, lag: int) -> str:
    """The y axis of the association chart in words (sleep is a night, not a day)."""
    if factor in _NIGHT:
        return (
            "Twitches on the day after the night",
            "Twitches two days after the night",
            "Twitches three days after the night",
        )[lag]
    return ("Twitches that day", "Twitches the next day", "Twitches two days later")[
        lag
    ]


def lag_phrase(lag: int) -> str:
    """How a lag reads in a subtitle."""
    return ("on the same day", "on the next day", "two days later")[lag]


def average_text(days: int) -> str:
    """The legend entry of the timeline's moving average."""
    if days == LONG_AVERAGE_DAYS:
        return "4-week average"
    return f"{days}-day average"


SUMMARY_SEPARATOR = "  ·  "


def summary_text(start: date, end: date, days: int, twitches: int | None) -> str:
    """The range bar's line: the dates, the days, and (unless calm) the twitches."""
    parts = [format_range(start, end, year=True), plural(days, "day")]
    if twitches is not None:
        parts.append(plural(twitches, "twitch", "twitches"))
    return SUMMARY_SEPARATOR.join(parts)


def nothing_in_range(start: date, end: date) -> str:
    """What the cards say when the range holds no tracked day."""
    return (
        f"Nothing logged between {format_day(start, year=True)} and "
        f"{format_day(end, year=True)}. Pick another range, or log twitches and "
        "check-ins on these days."
    )


def failed(message: str) -> str:
    """What the statistics cards say when a background job failed."""
    return f"The trends could not be worked out: {message}"


def not_logged(factor: str) -> str:
    """The association card when the factor has no day in the range."""
    name = an.FACTOR_LABELS[factor]
    return (
        f"You have not logged {name} in this range yet. Add it to your daily "
        "check-in and this chart will show how it goes with your twitches."
    )


def forest_waiting(days_needed: int | None) -> str:
    """The forest card while every factor still needs more days."""
    more = (
        f"about {plural(days_needed, 'more tracked day')}"
        if days_needed
        else "more tracked days"
    )
    return (
        f"Keep logging twitches and check-ins: with {more} this shows whether "
        "caffeine, sleep, water, stress, exercise, alcohol or magnesium go with "
        "your twitches."
    )


def forest_subtitle(result: CountModelResult) -> str:
    """The forest card's subtitle: what a row shows, and from how many days."""
    days = plural(result.days_analyzed, "tracked day")
    return (
        "Twitches per tracked day in each group against your other days, with the "
        f"likely range (95%): one model of {days}, allowing for weekday, slow "
        "trends and spells."
    )


FOREST_AXIS = "Twitches compared with other days"


def cut_words(r: FactorResult) -> str:
    """'300 mg or more', 'under 7 h', 'any': the side of the model's cut-off."""
    if r.cutoff_value is None:
        return ""
    value = f"{r.cutoff_value:,.2f}".rstrip("0").rstrip(".")
    unit = {"sleep_h": " h", "stress": "", "exercise_min": " min"}.get(
        r.factor, " " + FACTOR_TITLES[r.factor].split("(")[-1].rstrip(")")
    )
    if r.factor == "alcohol_units" and value == "1":
        unit = " unit"
    if r.cutoff_op == "<":
        return f"under {value}{unit}"
    if r.cutoff_source == "even_split" and 0 < r.cutoff_value <= 1:
        return "any"  # a factor that is zero on most days: any against none
    return f"{value}{unit} or more"


def cutoff_words(r: FactorResult) -> str:
    """'Caffeine 300 mg or more', 'Sleep under 7 h': a forest row's label."""
    name = LABELS[r.factor].capitalize().replace(" length", "")
    cut = cut_words(r)
    if not cut:
        return name
    return f"{name}: any" if cut == "any" else f"{name} {cut}"


def forest_label(r: FactorResult) -> str:
    """A forest row's label: the cut-off, and the lag when it is not the same day."""
    lag = ("", " (next day)", " (2 days later)")[r.lag]
    return cutoff_words(r) + lag


def forest_note(r: FactorResult) -> str:
    """The words right of a forest row: the verdict and the days behind it."""
    if r.status == "insufficient_data" or r.rate_ratio is None:
        if r.days_needed:
            return f"needs ~{r.days_needed} more days"
        return "not logged yet" if r.n == 0 else "too few days"
    if r.status == "association" and r.direction_unclear:
        return f"{plural(r.n, 'day')}, order unclear"
    return plural(r.n, "day")


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _ratio(rr: float) -> str:
    if rr >= 1:
        return f"{(rr - 1) * 100:.0f}% more"
    return f"{(1 - rr) * 100:.0f}% fewer"


def _interval(lo: float, hi: float) -> str:
    """'95% CI 11% to 30% more', '95% CI 5% fewer to 20% more'."""
    if lo >= 1:
        return f"95% CI {(lo - 1) * 100:.0f}% to {_ratio(hi)}"
    if hi < 1:
        return f"95% CI {(1 - hi) * 100:.0f}% to {_ratio(lo)}"
    return f"95% CI {_ratio(lo)} to {_ratio(hi)}"


def _when(factor: str, lag: int) -> str:
    if factor in _NIGHT:
        return (
            "on the day after the night",
            "on the second day after the night",
            "on the third day after the night",
        )[lag]
    return lag_phrase(lag)


def model_detail(r: FactorResult, lag: int) -> str:
    """The small print under the model's sentence, for the lag the chart shows."""
    parts: list[str] = []
    others = [LABELS[a] for a in r.adjusted_for if a in LABELS]
    parts.append(
        "Allowing for weekday, slow trends and twitchy spells"
        + (f", and for {' and '.join(others)}" if others else "")
    )
    if r.cutoff_value is not None:
        why = (
            "a health guideline"
            if r.cutoff_source == "guideline"
            else "where your days divide evenly"
        )
        parts.append(
            f"split at {cut_words(r)} ({why}): "
            f"{r.days_meeting_cutoff} days on that side, {r.days_other} on the other"
        )
    if r.p is not None and r.p_adjusted is not None:
        adjusted = "below 0.001" if r.p_adjusted < 0.001 else f"{r.p_adjusted:.3f}"
        parts.append(
            f"{_p(r.p)} ({adjusted} after allowing for {plural(r.tests, 'comparison')})"
        )
    dose = r.dose_response
    if dose is not None and r.status != "insufficient_data":
        parts.append(
            f"as a number: {_ratio(dose.rate_ratio)} twitches {dose.per} "
            f"({_interval(dose.ci_low, dose.ci_high)})"
        )
    fit = next((f for f in r.lags if f.lag == lag), None)
    if lag != r.lag and fit is not None:
        parts.append(
            f"the chart shows twitches {_when(r.factor, lag)}: "
            f"{_ratio(fit.rate_ratio)} ({_interval(fit.ci_low, fit.ci_high)}; "
            f"{plural(fit.n, 'day')}); the sentence is about twitches "
            f"{_when(r.factor, r.lag)}, where the evidence is"
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
