"""What the Trends view writes: titles, axis labels, summaries and detail lines."""

from __future__ import annotations

from datetime import date

from twitchtrack.domain import analysis as an
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


def forest_waiting(days_needed: int) -> str:
    """The forest card while every factor still needs more days."""
    return (
        f"Log a check-in on {plural(days_needed, 'more day')} to see which of "
        "caffeine, sleep, water, stress, exercise, alcohol and magnesium go "
        "with your twitches."
    )


def forest_subtitle(lag: int) -> str:
    """The forest card's subtitle for a lag."""
    return (
        "More (right of 0) or fewer (left) twitches per day on days in each group "
        f"than on other days, {lag_phrase(lag)}. Each line shows the likely "
        "range (95%)."
    )


def detail_text(a: an.Association) -> str:
    """The small print under the association sentence: split, days, interval, p."""
    if a.status == "insufficient_data" or a.threshold is None:
        return f"{plural(a.n, 'day')} with {an.FACTOR_LABELS[a.factor]} so far."
    cut = "a health guideline" if a.threshold_kind == "health" else "your median"
    parts = [f"Split at {an.focus_label(a).lower()} ({cut})"]
    parts.append(f"{a.high_n} days on the high side, {a.low_n} on the low side")
    if a.n_effective is not None and a.n_effective < 0.95 * a.n:
        # Said plainly: the interval below is wider than the day count suggests.
        parts.append(
            "neighbouring days are much alike, so they weigh as about "
            f"{plural(round(a.n_effective), 'independent day')}"
        )
    if a.rho is not None and a.rho_ci is not None:
        parts.append(
            f"rank correlation {a.rho:+.2f} (95% CI {a.rho_ci[0]:+.2f} to "
            f"{a.rho_ci[1]:+.2f})"
        )
    if a.p_adjusted is not None:
        p = "p < 0.001" if a.p_adjusted < 0.001 else f"p = {a.p_adjusted:.3f}"
        parts.append(f"{p} after allowing for every comparison")
    return "; ".join(parts) + "."
