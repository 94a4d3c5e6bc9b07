"""What the report says: the period, summary figures, tables and findings (no Qt)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from twitchtrack.domain.analysis import daily_series
from twitchtrack.domain.analysis.count_model import fit_count_model
from twitchtrack.domain.analysis.count_results import (
    LABELS,
    CountModelResult,
    FactorResult,
)
from twitchtrack.domain.analysis.journal_input import day_inputs
from twitchtrack.domain.analysis.timing import TimingResult
from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.guidance import GuidanceItem, evaluate
from twitchtrack.domain.models import DAY_FACTORS, DayLog, Episode, Journal
from twitchtrack.domain.regions import region
from twitchtrack.domain.text import MONTHS
from twitchtrack.domain.times import plausible_days
from twitchtrack.domain.trial import TrialResult
from twitchtrack.domain.trial_report import current, result_of

FLAG_LABELS: dict[str, str] = {
    "weakness": "weakness",
    "numbness": "numbness or tingling",
    "speech_swallowing": "speech or swallowing trouble",
    "pain": "pain",
    "wasting": "thinner-looking muscle",
    "stiffness": "stiff muscles",
    "coordination": "clumsy movement",
    "eyelid_closing": "eyelid closing or drooping",
}

# Column order and headings of the daily-inputs table: (field, heading, unit).
DAY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("caffeine_mg", "Caffeine", "mg"),
    ("sleep_h", "Sleep", "h"),
    ("sleep_quality", "Sleep quality", "1\u20135"),
    ("water_ml", "Water", "ml"),
    ("stress", "Stress", "0\u201310"),
    ("exercise_min", "Exercise", "min"),
    ("alcohol_units", "Alcohol", "units"),
    ("magnesium_mg", "Magnesium", "mg"),
)

# Factors the timeline shows when no association singles any out: the ones the
# guidance and the literature talk about most.
DEFAULT_CHART_FACTORS = ("caffeine_mg", "sleep_h", "stress")
MAX_CHART_FACTORS = 3
TOP_AREAS = 8
# Without a start date the report covers the last year: enough history for a
# clinician, and a report of a many-year journal stays a readable length.
DEFAULT_PERIOD_DAYS = 365
# What an empty journal's analysis found.
NOTHING_FITTED = CountModelResult(
    days_analyzed=0,
    days_excluded={},
    quiet_run=0,
    method="none",
    dispersion=None,
    tests=0,
)
NOT_LOGGED = "\u2013"

assert {c[0] for c in DAY_COLUMNS} == set(DAY_FACTORS)


def format_date(day: date) -> str:
    """'3 Nov 2026': unambiguous in every country, unlike 03/11/2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_period(start: date, end: date) -> str:
    """'25 May 2026 to 20 Nov 2026' (one date when the period is a single day)."""
    if start == end:
        return format_date(start)
    return f"{format_date(start)} to {format_date(end)}"


def format_count(value: float, decimals: int = 0) -> str:
    """A number with thousands separators."""
    return f"{value:,.{decimals}f}"


def format_duration(seconds: float | None) -> str:
    """'12 s', '3 min', '2 min 30 s', '1 h 5 min'; empty when not logged."""
    if seconds is None:
        return ""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        minutes, secs = divmod(total, 60)
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    hours, rest = divmod(total, 3600)
    minutes = rest // 60
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


def format_value(value: float | None) -> str:
    """A check-in value for a table cell: at most one decimal, a dash if not logged."""
    if value is None:
        return NOT_LOGGED
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def format_flags(flags: tuple[str, ...]) -> str:
    """An episode's symptom flags in words: 'weakness, pain'."""
    return ", ".join(FLAG_LABELS[f] for f in flags)


def percent(part: int, whole: int) -> str:
    """'12%', '0.4%' or '<0.1%': small shares stay visible instead of '0%'."""
    if whole <= 0 or part <= 0:
        return "0%"
    share = 100.0 * part / whole
    if share >= 9.95:
        return f"{share:.0f}%"
    if share >= 0.05:
        return f"{share:.1f}%"
    return "<0.1%"


def resolve_period(
    journal: Journal, start: date | None, end: date | None, today: date
) -> tuple[date, date]:
    """The report's first and last day.

    ``end`` defaults to today, or to the last entry when entries run past today
    (a journal kept in another time zone, or demo data); ``start`` defaults to the
    first entry, but at most ``DEFAULT_PERIOD_DAYS`` days before ``end``. Entries
    no one could have logged (before 1970, or more than a day ahead: an older
    version let them in) never set a default end (``domain.times``).
    """
    logged = [e.local_day for e in journal.live_episodes()]
    logged += [d.date for d in journal.live_days() if not d.is_empty]
    logged = plausible_days(logged, today)
    if end is None:
        end = max([today, *(d for d in logged if start is None or d >= start)])
    if start is None:
        earlier = [d for d in logged if d <= end]
        year_back = end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        start = max(min(earlier), year_back) if earlier else end
    if start > end:
        raise ValueError(
            f"the start date {start.isoformat()} is after"
            f" the end date {end.isoformat()}"
        )
    return start, end


@dataclass(frozen=True, slots=True)
class AreaCount:
    """Episodes logged at one body region in the period."""

    region_id: str
    label: str
    count: int
    share: str


@dataclass(frozen=True, slots=True)
class DayRow:
    """One row of the daily-inputs table."""

    day: date
    episodes: int
    values: tuple[float | None, ...]  # in DAY_COLUMNS order
    medications: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note the user wrote, on a check-in or on an episode."""

    day: date
    where: str  # 'Check-in' or 'Left calf, 21:15'
    text: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """Per-day counts and factor values over the whole period (NaN = not logged)."""

    start: date
    counts: np.ndarray
    factors: dict[str, np.ndarray]
    chart_factors: tuple[str, ...]
    # The cut-off each charted factor was compared at (drawn dashed).
    cutoffs: dict[str, float] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """Number of days on the x axis."""
        return int(self.counts.size)


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed once from the journal."""

    start: date
    end: date
    generated: date
    episodes: list[Episode]
    day_logs: list[DayLog]
    days_in_period: int
    days_logged: int
    days_with_twitches: int
    span_days: int  # first to last entry inside the period (the analysis span)
    region_counts: dict[str, int]
    top_areas: list[AreaCount]
    flagged: list[Episode]
    median_intensity: float | None
    model: CountModelResult
    timing: TimingResult | None  # timed caffeine before twitches, when logged
    red_flags: list[GuidanceItem]
    timeline: Timeline
    day_rows: list[DayRow]
    notes: list[NoteRow]
    # The journal's self-experiment and its result as of ``generated`` (its page).
    experiment: Experiment | None = None
    trial: TrialResult | None = None

    @property
    def empty(self) -> bool:
        """True when nothing at all was logged in the period."""
        return not self.episodes and not self.day_rows

    @property
    def period_text(self) -> str:
        """The period as people read it."""
        return format_period(self.start, self.end)

    @property
    def per_week(self) -> float:
        """Episodes per week over the days from the first to the last entry."""
        if self.span_days <= 0:
            return 0.0
        return 7.0 * len(self.episodes) / self.span_days

    @property
    def flagged_share(self) -> str:
        """Share of episodes with at least one symptom flag."""
        return percent(len(self.flagged), len(self.episodes))

    def clear_associations(self) -> list[FactorResult]:
        """The factors reported as linked, strongest (largest log ratio) first."""
        found = [f for f in self.model.factors if f.status == "association"]
        return sorted(found, key=lambda f: -abs(math.log(f.rate_ratio or 1.0)))

    def factors_without_link(self) -> list[FactorResult]:
        """Factors fitted with no clear link: each says what its days rule out."""
        return [f for f in self.model.factors if f.status == "no_clear_association"]

    def factors_needing_days(self) -> list[tuple[str, int | None]]:
        """Factors too rarely logged to fit, and the tracked days a fit would take."""
        return [
            (LABELS[f.factor], f.days_needed)
            for f in self.model.factors
            if f.status == "insufficient_data"
        ]


def _chart_factors(
    model: CountModelResult, factors: dict[str, np.ndarray]
) -> tuple[str, ...]:
    """The factors to draw under the timeline: linked ones first."""
    chosen: list[str] = []
    for f in sorted(
        (f for f in model.factors if f.status == "association"),
        key=lambda f: -abs(math.log(f.rate_ratio or 1.0)),
    ):
        if f.factor not in chosen:
            chosen.append(f.factor)
    logged = {f: int(np.count_nonzero(~np.isnan(v))) for f, v in factors.items()}
    for factor in DEFAULT_CHART_FACTORS:
        if factor not in chosen and logged.get(factor, 0) > 0:
            chosen.append(factor)
    return tuple(f for f in chosen if logged.get(f, 0) > 0)[:MAX_CHART_FACTORS]


def build_report_data(
    journal: Journal,
    start: date | None = None,
    end: date | None = None,
    *,
    today: date,
) -> ReportData:
    """Compute every figure, table and finding of the report for one period."""
    first, last = resolve_period(journal, start, end, today)
    episodes = [e for e in journal.live_episodes() if first <= e.local_day <= last]
    logs = [d for d in journal.live_days() if first <= d.date <= last]
    # One check-in per date, the newest (Journal.day's rule), and only real ones.
    newest: dict[date, DayLog] = {}
    for log in logs:
        have = newest.get(log.date)
        if have is None or log.updated_at > have.updated_at:
            newest[log.date] = log
    day_logs = [newest[d] for d in sorted(newest) if not newest[d].is_empty]

    per_day = Counter(e.local_day for e in episodes)
    logged_days = set(per_day) | {d.date for d in day_logs}
    region_counts = Counter(e.region for e in episodes)
    total = len(episodes)
    top = [
        AreaCount(rid, region(rid).label, n, percent(n, total))
        for rid, n in sorted(region_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ][:TOP_AREAS]
    flagged = [e for e in episodes if e.flags]
    intensities = [e.intensity for e in episodes]

    series = daily_series(journal, first, last)
    # The Trends view's model over the same days: the report never disagrees
    # with the window about what goes with what.
    inputs = day_inputs(journal, today=today)
    model = fit_count_model(inputs, start=first, end=last) if inputs else NOTHING_FITTED
    # Dismissing a flag in the app stops reminders; a clinician still sees it.
    red_flags = evaluate(journal, today=last, dismissed={}).red_flags

    size = (last - first).days + 1
    counts = np.zeros(size, dtype=np.float64)
    factors = {f: np.full(size, np.nan) for f in DAY_FACTORS}
    if series.first is not None:
        offset = (series.first - first).days
        counts[offset : offset + len(series)] = series.episodes
        for f in DAY_FACTORS:
            factors[f][offset : offset + len(series)] = series.factors[f]
    timing = None
    if any(i.kind == "caffeine" and not i.deleted for i in journal.intakes):
        from twitchtrack.domain.analysis.timing import fit_timing, tracked_dates

        inside = {d for d in tracked_dates(inputs) if first <= d <= last}
        timing = fit_timing(journal, inside)
    cutoffs = {
        f.factor: f.cutoff_value for f in model.factors if f.cutoff_value is not None
    }
    timeline = Timeline(first, counts, factors, _chart_factors(model, factors), cutoffs)

    day_rows = [
        DayRow(
            day=d.date,
            episodes=per_day.get(d.date, 0),
            values=tuple(getattr(d, c[0]) for c in DAY_COLUMNS),
            medications=tuple(d.medications),
            tags=tuple(d.tags),
        )
        for d in day_logs
    ]
    notes = [NoteRow(d.date, "Check-in", d.note.strip()) for d in day_logs if d.note]
    notes += [
        NoteRow(
            e.local_day,
            f"{region(e.region).label}, {e.at.strftime('%H:%M')}",
            e.note.strip(),
        )
        for e in episodes
        if e.note.strip()
    ]
    notes.sort(key=lambda n: (n.day, n.where != "Check-in", n.where))
    experiment = current(journal)

    return ReportData(
        start=first,
        end=last,
        generated=today,
        episodes=episodes,
        day_logs=day_logs,
        days_in_period=size,
        days_logged=len(logged_days),
        days_with_twitches=len(per_day),
        span_days=len(series),
        region_counts=dict(region_counts),
        top_areas=top,
        flagged=flagged,
        median_intensity=(float(np.median(intensities)) if intensities else None),
        model=model,
        timing=timing,
        red_flags=red_flags,
        timeline=timeline,
        day_rows=day_rows,
        notes=notes,
        experiment=experiment,
        trial=result_of(journal, experiment, today) if experiment else None,
    )


def heat_bins(max_count: int, steps: int = 5) -> list[tuple[int, int]]:
    """Count ranges for the heat-map legend, finer at the low end.

    The upper bounds follow a square-root ramp (like the app's heat colours), so a
    region with a handful of episodes is not lumped together with untouched ones.
    """
    if max_count <= 0:
        return []
    uppers: list[int] = []
    for k in range(1, steps + 1):
        bound = max(1, math.ceil(max_count * (k / steps) ** 2))
        if not uppers or bound > uppers[-1]:
            uppers.append(bound)
    uppers[-1] = max_count
    bins = []
    low = 1
    for up in uppers:
        if up >= low:
            bins.append((low, up))
            low = up + 1
    return bins


def bin_of(count: int, bins: list[tuple[int, int]]) -> int | None:
    """Index of the legend bin holding ``count``, None for zero."""
    for index, (low, high) in enumerate(bins):
        if low <= count <= high:
            return index
    return None
