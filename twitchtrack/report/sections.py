"""The report's summary sections in reading order, then the full tables (appendix)."""

from __future__ import annotations

from twitchtrack.domain.analysis.count_model import MIN_DAYS
from twitchtrack.domain.analysis.count_results import (
    CountModelResult,
    FactorResult,
    change_range,
    compared_words,
    excluded_sentence,
    more_days_for_target,
)
from twitchtrack.domain.regions import group_label, region
from twitchtrack.domain.text import join_words, plural
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.report.appendix import day_table, episode_table
from twitchtrack.report.body_maps import draw_heat_maps, draw_legend, heat_map_height
from twitchtrack.report.content import (
    ReportData,
    format_count,
    format_date,
    format_flags,
    heat_bins,
)
from twitchtrack.report.experiment_page import experiment_page
from twitchtrack.report.figures import figure_strip
from twitchtrack.report.layout import Column, Flow, Row
from twitchtrack.report.styles import (
    S_BODY,
    S_CELL,
    S_CELL_HEAD,
    S_CHART,
    S_FIGURE,
    S_FIGURE_LABEL,
    S_H2,
    S_H3,
    S_LEAD,
    S_NOTE,
    S_SMALL,
    S_TITLE,
    TITLE,
)
from twitchtrack.report.timeline import draw_timeline, timeline_height, weekly
from twitchtrack.report.typeset import INK, Style, pt

__all__ = ["compose"]


def compose(flow: Flow, data: ReportData, geometry: BodyGeometry) -> None:
    """Lay out the whole report: the summary sections, then the full tables."""
    _title(flow, data)
    if data.empty:
        flow.paragraph(
            "Nothing was logged in this period: no episodes and no daily check-ins, "
            "so there is nothing to summarise.",
            S_LEAD,
        )
        flow.paragraph(
            "Choose a different period, or log twitches and daily check-ins in "
            "twitchtrack first.",
            S_NOTE,
        )
        return
    _key_figures(flow, data)
    _red_flags(flow, data)
    _flagged_episodes(flow, data)
    if data.episodes:
        # Maps and a timeline of nothing would only be noise.
        _where(flow, data, geometry)
        _when(flow, data)
    _associations(flow, data)
    experiment_page(flow, data)  # only when an experiment has a day analysed
    _notes(flow, data)
    episode_table(flow, data)
    day_table(flow, data)


def _title(flow: Flow, data: ReportData) -> None:
    flow.paragraph(TITLE, S_TITLE, after=3)
    days = data.days_in_period
    flow.paragraph(
        f"{data.period_text} ({plural(days, 'day')})",
        Style(11.0, leading=1.3),
        after=3,
    )
    flow.paragraph(
        "Kept by the patient in twitchtrack, a personal journal of muscle twitches. "
        "Counts are what was logged, not measurements; this report is not a "
        "diagnosis.",
        S_NOTE,
        after=10,
    )


def _key_figures(flow: Flow, data: ReportData) -> None:
    n = len(data.episodes)
    figures = [
        (format_count(n), "episodes logged"),
        (
            f"{data.per_week:,.1f}",
            f"episodes per week\n(over {plural(data.span_days, 'day')})",
        ),
        (
            f"{data.days_with_twitches:,}",
            f"days with twitches\nof {data.days_in_period:,} in the period",
        ),
        (f"{len(data.day_logs):,}", "days with a\ndaily check-in"),
        (
            f"{len(data.flagged):,}",
            f"episodes with a\nsymptom flag ({data.flagged_share})",
        ),
    ]
    figure_strip(flow, figures, S_FIGURE, S_FIGURE_LABEL, after=4)

    parts = []
    if data.top_areas:
        top = data.top_areas[:3]
        parts.append(
            "Most often logged at: "
            + join_words([f"{a.label.lower()} ({a.share})" for a in top], limit=3)
            + "."
        )
    if data.median_intensity is not None:
        parts.append(f"Median intensity {data.median_intensity:g} of 10.")
    kinds = _kind_mix(data)
    if kinds:
        parts.append(kinds)
    if parts:
        flow.paragraph(" ".join(parts), S_LEAD, after=2)


def _kind_mix(data: ReportData) -> str:
    counts: dict[str, int] = {}
    for e in data.episodes:
        counts[e.kind.value] = counts.get(e.kind.value, 0) + 1
    total = len(data.episodes)
    if not total:
        return ""
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])
    words = [f"{kind} {round(100 * k / total)}%" for kind, k in ordered if k]
    return "Logged as " + join_words(words, limit=4) + "."


def _red_flags(flow: Flow, data: ReportData) -> None:
    flow.heading("Points to discuss (red flags)", S_H2)
    when = format_date(data.end)
    if not data.red_flags:
        flow.paragraph(
            f"None of the app's red-flag rules matched the records up to {when} "
            "(twitching on and off for over two weeks, twitches in several body "
            "areas, weakness, numbness, speech or swallowing trouble, a "
            "thinner-looking muscle, stiffness, clumsy movement, an eyelid closing "
            "or drooping, pain on several days, tongue twitches, eyelid twitching "
            "reaching the face, a new medicine).",
            S_BODY,
        )
        return
    flow.paragraph(
        f"The app's own rules (not clinical criteria) found these in the records up "
        f"to {when}, including any the user had dismissed in the app:",
        S_NOTE,
        after=6,
    )
    for item in data.red_flags:
        flow.paragraph(item.title, S_H3, after=1)
        flow.paragraph(item.detail, S_BODY, indent=0, after=1)
        extra = [t for t in (item.urgent, item.why) if t]
        flow.paragraph(item.action, S_NOTE, after=1 if extra else 7)
        for i, text in enumerate(extra):
            flow.paragraph(text, S_NOTE, after=7 if i == len(extra) - 1 else 1)


def _flagged_episodes(flow: Flow, data: ReportData) -> None:
    flow.heading("Episodes with a symptom flag", S_H2)
    if not data.flagged:
        flow.paragraph(
            "No episode in this period was logged with a symptom flag (weakness, "
            "numbness or tingling, speech or swallowing trouble, pain, a "
            "thinner-looking muscle, stiffness, clumsy movement, or an eyelid "
            "closing or drooping).",
            S_BODY,
        )
        return
    flow.paragraph(
        f"Every episode in the period the user ticked a symptom for "
        f"({len(data.flagged):,}):",
        S_NOTE,
        after=3,
    )
    columns = [
        Column("Date", 62, fit=True),
        Column("Time", 30, fit=True),
        Column("Body region", 100),
        Column("Symptom flags", 110),
        Column("Intensity", 46, "right", fit=True),
        Column("Note", 147),
    ]
    rows = [
        Row(
            [
                format_date(e.local_day),
                e.at.strftime("%H:%M"),
                region(e.region).label,
                format_flags(e.flags),
                f"{e.intensity}/10",
                e.note.strip(),
            ]
        )
        for e in data.flagged
    ]
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD)


def _where(flow: Flow, data: ReportData, geometry: BodyGeometry) -> None:
    flow.heading("Where: episodes by body region", S_H2)
    columns = [
        Column("Most affected regions", 170),
        Column("Episodes", 50, "right", fit=True),
        Column("Share", 45, "right", fit=True),
        Column("Body area", 230),
    ]
    rows = [
        Row([a.label, format_count(a.count), a.share, _area_text(a.region_id)])
        for a in data.top_areas
    ]
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD)
    flow.space(14)

    heat_h = pt(heat_map_height(flow.page.content_width, geometry))
    maps_h = heat_h + flow.ts.line_height(S_CHART) + pt(2)
    legend_h = flow.ts.line_height(S_SMALL)
    caption = flow.ts.prepare(_MAP_CAPTION, S_SMALL, flow.width)
    # The maps, their legend and caption stay together on one page.
    flow.ensure(
        flow.ts.line_height(S_H3) + pt(4) + maps_h + pt(6) + legend_h + caption.height
    )
    flow.paragraph("Body map of the period", S_H3, after=4)
    bins = heat_bins(max(data.region_counts.values(), default=0))
    counts = dict(data.region_counts)
    flow.place(
        maps_h,
        lambda painter, rect: draw_heat_maps(
            painter, rect, geometry, counts, bins, flow.ts, S_CHART
        ),
    )
    flow.space(6)
    flow.place(
        legend_h,
        lambda painter, rect: draw_legend(painter, rect, bins, flow.ts, S_SMALL),
    )
    flow.paragraph(_MAP_CAPTION, S_SMALL, after=4)


_MAP_CAPTION = (
    "Darker means more episodes; numbers are episode counts (a few small regions of "
    "the body views have no room for one: see the table above). R and L are the "
    "person's own right and left. The face is drawn larger than the body."
)


def _area_text(region_id: str) -> str:
    return group_label(region(region_id).group)


def _when(flow: Flow, data: ReportData) -> None:
    timeline = data.timeline
    chart_h = timeline_height(timeline)
    flow.heading("When: episodes over time", S_H2, keep=chart_h + 20)
    flow.place(
        pt(chart_h),
        lambda painter, rect: draw_timeline(painter, rect, timeline, flow.ts, S_CHART),
    )
    flow.space(3)
    unit = "week" if weekly(timeline) else "day"
    parts = [f"Bars: episodes per {unit}."]
    if not weekly(timeline) and timeline.days >= 21:
        parts.append("Black line: 7-day average.")
    if timeline.chart_factors and weekly(timeline):
        parts.append(
            "Below: four-week averages of the daily check-in values (gaps where too "
            "few days were logged); dashed lines mark the cut-offs used in the "
            "analysis."
        )
    elif timeline.chart_factors:
        parts.append(
            "Below: daily check-in values as dots (gaps are days not logged) and "
            "their 7-day average; dashed lines mark the cut-offs used in the "
            "analysis."
        )
    flow.paragraph(" ".join(parts), S_SMALL, after=4)


def _associations(flow: Flow, data: ReportData) -> None:
    model = data.model
    clear = data.clear_associations()
    # Keep the findings table on the page of its heading when it is short.
    keep = min(320.0, 70.0 + 28.0 * len(clear))
    flow.heading("What went with more or fewer twitches", S_H2, keep=keep)
    flow.paragraph(_method_note(model), S_NOTE, after=5)
    left_out = excluded_sentence(model.days_excluded, advice=False)
    if left_out:
        flow.paragraph(left_out, S_NOTE, after=5)
    if clear:
        columns = [
            Column("Finding", 290),
            Column("Rate ratio\n(95% CI)", 105, "right", fit=True),
            Column("Days\nwith / without", 50, "right", fit=True),
            Column("Adjusted\np", 50, "right", fit=True),
        ]
        rows = [
            Row(
                [
                    f.sentence,
                    _ratio_text(f),
                    f"{f.days_meeting_cutoff:,} / {f.days_other:,}",
                    _p_text(f.p_adjusted),
                ]
            )
            for f in clear
        ]
        flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=3)
        flow.space(6)
    else:
        flow.paragraph(
            "No factor showed a clear association with the number of episodes.",
            S_BODY,
        )
    _null_results(flow, data.factors_without_link())
    if data.timing is not None:
        flow.paragraph(
            "Timed caffeine (drinks logged with their time; each twitch against the "
            "same clock time and weekday one to three weeks away, a case-crossover "
            f"comparison): {data.timing.sentence}",
            S_BODY,
            after=4,
        )
    needed = data.factors_needing_days()
    if needed:
        flow.paragraph(
            "Not enough tracked days to compare yet: "
            + join_words(
                [f"{name} (about {k} more days)" if k else name for name, k in needed],
                limit=8,
            )
            + ".",
            S_BODY,
            after=3,
        )
    flow.paragraph(
        "Association is not cause. These links are in this person's own records: a "
        "factor and twitching can rise and fall together because of something else "
        "(a stressful month, an illness), and the person chose what to log. A "
        "self-experiment (alternating periods on and off) is the way to a causal "
        "answer for one person.",
        Style(8.3, italic=True, color=INK, leading=1.35),
        after=4,
    )


def _null_results(flow: Flow, results: list[FactorResult]) -> None:
    """Factors with no clear link, each with the range of changes its days allow."""
    if not results:
        return
    flow.paragraph(
        "No clear link. The interval is the range of changes in the daily rate the "
        "days are consistent with; anything outside it is unlikely. The last "
        "column estimates the further tracked days that would find a +50% change "
        "with 80% chance (a dash: the interval already leaves it out).",
        S_NOTE,
        after=3,
    )
    columns = [
        Column("Compared", 230),
        Column("Rate ratio\n(95% CI)", 105, "right", fit=True),
        Column("Change the days\nallow", 90, "right", fit=True),
        Column("Days", 35, "right", fit=True),
        Column("More days\nfor +50%", 60, "right", fit=True),
    ]
    rows = [
        Row(
            [
                compared_words(f).capitalize(),
                _ratio_text(f),
                change_range(f),
                f"{f.n:,}",
                f"{k:,}" if (k := more_days_for_target(f)) else "-",
            ]
        )
        for f in results
    ]
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=3)
    flow.space(6)


def _method_note(model: CountModelResult) -> str:
    """How the findings were made, in one paragraph for a clinician."""
    if model.method == "none":
        return (
            f"Too few tracked days ({model.days_analyzed}) for the analysis: it "
            f"needs at least {MIN_DAYS} days on which twitches were being logged."
        )
    family = (
        "negative binomial" if model.method == "negative_binomial" else "quasi-Poisson"
    )
    return (
        f"One {family} model of the daily number of episodes over "
        f"{plural(model.days_analyzed, 'tracked day')}, with terms for the "
        "weekday, a smooth trend over time and the level of the previous weeks. "
        "Each check-in factor is compared at a cut-off (a guideline value where "
        "one exists, else the middle of the person's own values) on the same day "
        "and one and two days later, in one "
        "fit, allowing for other factors that went with it; intervals allow for "
        "day-to-day correlation, and p-values are adjusted for the "
        f"{model.tests} comparisons (weighted Benjamini-Hochberg). Rate ratio: "
        "episodes per day on days meeting the cut-off over the other days. Days on "
        "which twitches were not being logged are left out, never read as "
        "twitch-free."
    )


def _ratio_text(f: FactorResult) -> str:
    if f.rate_ratio is None or f.ci_low is None or f.ci_high is None:
        return "-"
    return f"{f.rate_ratio:.2f} ({f.ci_low:.2f} to {f.ci_high:.2f})"


def _p_text(p: float | None) -> str:
    if p is None:
        return "-"
    if p < 0.001:
        return "<0.001"
    return f"{p:.3f}"


def _notes(flow: Flow, data: ReportData) -> None:
    flow.heading("Notes written by the user", S_H2)
    if not data.notes:
        flow.paragraph("No notes in this period.", S_BODY)
        return
    columns = [
        Column("Date", 62, fit=True),
        Column("Written on", 135),
        Column("Note", 298),
    ]
    rows = [Row([format_date(n.day), n.where, n.text]) for n in data.notes]
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD)
