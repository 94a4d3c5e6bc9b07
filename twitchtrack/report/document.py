"""The report's pages: sections laid out with the typesetter and painted into a PDF."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
)
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from twitchtrack import __version__
from twitchtrack.domain.analysis import MIN_PAIRED_DAYS
from twitchtrack.domain.guidance import join_words
from twitchtrack.domain.models import Journal, now_local
from twitchtrack.domain.regions import group_label, region
from twitchtrack.report.body.geometry import BodyGeometry
from twitchtrack.report.charts import (
    draw_heat_maps,
    draw_legend,
    draw_timeline,
    heat_map_height,
    timeline_height,
    weekly,
)
from twitchtrack.report.content import (
    DAY_COLUMNS,
    FLAG_LABELS,
    NOT_LOGGED,
    ReportData,
    build_report_data,
    format_count,
    format_date,
    format_duration,
    format_value,
    heat_bins,
    resolve_period,
)
from twitchtrack.report.layout import (
    HAIRLINE,
    INK,
    MUTED,
    RESOLUTION,
    Column,
    Flow,
    PageGeometry,
    Row,
    Style,
    Typesetter,
    pt,
)
from twitchtrack.storage.journal_store import atomic_write

TITLE = "Twitch journal report"

PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "a4": QPageSize.PageSizeId.A4,
    "letter": QPageSize.PageSizeId.Letter,
}
_PAGE_NAMES = {"a4": "A4", "letter": "Letter"}
CELL_NOTE_CHARS = 160

# Points per daily-inputs column: wide enough for the heading word at 7.3 pt.
DAY_COLUMN_WIDTHS: dict[str, float] = {
    "caffeine_mg": 42,
    "sleep_h": 30,
    "sleep_quality": 38,
    "water_ml": 36,
    "stress": 32,
    "exercise_min": 42,
    "alcohol_units": 36,
    "magnesium_mg": 48,
}

# Type scale: one body size, two heading sizes, small print for tables and captions.
S_TITLE = Style(19.0, bold=True, leading=1.2)
S_H2 = Style(12.0, bold=True, leading=1.2)
S_H3 = Style(9.5, bold=True)
S_BODY = Style(9.0)
S_LEAD = Style(9.5, leading=1.4)
S_SMALL = Style(7.8, color=MUTED)
S_NOTE = Style(8.3, color=MUTED, leading=1.35)
S_FIGURE = Style(17.0, bold=True, leading=1.1)
S_FIGURE_LABEL = Style(7.6, color=MUTED, leading=1.25)
S_CELL = Style(7.6, leading=1.25)
S_CELL_HEAD = Style(7.3, bold=True, color=MUTED, leading=1.2)
S_CHART = Style(7.0, color=INK, leading=1.2)
S_MARGIN = Style(7.0, color=MUTED, leading=1.2)


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What :func:`write_report` produced."""

    path: Path | None
    pages: int
    start: date
    end: date
    page_size: str  # "A4" or "Letter"
    episodes: int
    days_logged: int
    size_bytes: int


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one when none exists.

    Fonts and the PDF writer need a QGuiApplication; the command line has none.
    Without a display (a server, CI, ssh) Qt would abort on start-up, so the
    offscreen platform is chosen when no display is reachable.
    """
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if app is not None:
        raise RuntimeError(
            "a non-GUI Qt application is running; the report needs QGuiApplication"
        )
    if (
        sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "twitchtrack"])


def default_page_size(locale: QLocale | None = None) -> str:
    """'Letter' where US paper is the norm (the US system of measurement), else 'A4'."""
    system = (locale or QLocale()).measurementSystem()
    return "Letter" if system == QLocale.MeasurementSystem.ImperialUSSystem else "A4"


def _page_key(page_size: str | None) -> str:
    key = (page_size or default_page_size()).strip().lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page size must be A4 or Letter, not {page_size!r}")
    return key


def render_report(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    page_size: str | None = None,
    today: date | None = None,
    geometry: BodyGeometry | None = None,
) -> tuple[bytes, ReportSummary]:
    """The report as PDF bytes, and a summary (its ``path`` is None).

    Needs a QGuiApplication (see :func:`ensure_gui_app`); uses QtGui only, so it
    also runs in a worker thread of the GUI.
    """
    key = _page_key(page_size)
    today = today or now_local().date()
    data = build_report_data(journal, start, end, today=today)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    size = QPageSize(PAGE_SIZES[key])
    writer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{TITLE}, {data.period_text}")
    writer.setCreator(f"twitchtrack {__version__}")

    page = PageGeometry.for_size(_PAGE_NAMES[key], size)
    flow = Flow(page, Typesetter(writer))
    _compose(flow, data, geometry or BodyGeometry())

    painter = QPainter(writer)
    try:
        total = len(flow.pages)
        for index, ops in enumerate(flow.pages):
            if index:
                writer.newPage()
            _margins(painter, flow, data, index + 1, total)
            for op in ops:
                op(painter)
    finally:
        painter.end()
    buffer.close()
    raw = bytes(QByteArray(buffer.data()).data())
    return raw, ReportSummary(
        path=None,
        pages=len(flow.pages),
        start=data.start,
        end=data.end,
        page_size=_PAGE_NAMES[key],
        episodes=len(data.episodes),
        days_logged=data.days_logged,
        size_bytes=len(raw),
    )


def write_report(
    journal: Journal,
    out: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    page_size: str | None = None,
    today: date | None = None,
    geometry: BodyGeometry | None = None,
) -> ReportSummary:
    """Write the PDF report for ``start``..``end`` to ``out`` (0600, atomically).

    ``start`` defaults to the first entry and ``end`` to today (or the last entry
    when entries run later), ``page_size`` ('A4' or 'Letter') to the locale's paper.
    Raises ValueError for a bad page size or a start after the end, and
    ``twitchtrack.storage.errors.SaveError`` when the file cannot be written.
    """
    # Bad options fail before any work, and before a Qt application exists.
    _page_key(page_size)
    resolve_period(journal, start, end, today or now_local().date())
    app = ensure_gui_app()
    raw, summary = render_report(
        journal,
        start=start,
        end=end,
        page_size=page_size,
        today=today,
        geometry=geometry,
    )
    atomic_write(Path(out), raw)
    del app  # kept alive until the PDF is written
    return ReportSummary(
        path=Path(out),
        pages=summary.pages,
        start=summary.start,
        end=summary.end,
        page_size=summary.page_size,
        episodes=summary.episodes,
        days_logged=summary.days_logged,
        size_bytes=summary.size_bytes,
    )


# --------------------------------------------------------------------------- margins


def _footer_text(data: ReportData) -> str:
    return (
        f"Generated by twitchtrack {__version__} on {format_date(data.generated)}; "
        "not a diagnosis"
    )


def _margins(
    painter: QPainter, flow: Flow, data: ReportData, number: int, total: int
) -> None:
    """Running header (title, period, generation date) and footer (page numbers)."""
    ts = flow.ts
    left, width = flow.left, flow.width
    head_y = pt(30)
    left_text = ts.prepare(f"{TITLE}  |  {data.period_text}", S_MARGIN, width)
    right_text = ts.prepare(
        f"Generated {format_date(data.generated)}", S_MARGIN, width, "right"
    )
    left_text.draw(painter, left, head_y)
    right_text.draw(painter, left, head_y)
    rule_y = head_y + ts.line_height(S_MARGIN) + pt(3)
    painter.setPen(QPen(HAIRLINE, pt(0.5)))
    painter.drawLine(QPointF(left, rule_y), QPointF(left + width, rule_y))

    foot_y = pt(flow.page.height - 36)
    painter.drawLine(
        QPointF(left, foot_y - pt(4)), QPointF(left + width, foot_y - pt(4))
    )
    ts.prepare(_footer_text(data), S_MARGIN, width).draw(painter, left, foot_y)
    ts.prepare(f"Page {number} of {total}", S_MARGIN, width, "right").draw(
        painter, left, foot_y
    )


# --------------------------------------------------------------------------- sections


def _compose(flow: Flow, data: ReportData, geometry: BodyGeometry) -> None:
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
    _notes(flow, data)
    _episode_table(flow, data)
    _day_table(flow, data)


def _title(flow: Flow, data: ReportData) -> None:
    flow.paragraph(TITLE, S_TITLE, after=3)
    days = data.days_in_period
    flow.paragraph(
        f"{data.period_text} ({days:,} day{'s' if days != 1 else ''})",
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
            f"episodes per week\n(over {_days(data.span_days)})",
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
    ts = flow.ts
    col_w = flow.width / len(figures)
    blocks = [
        (
            ts.prepare(value, S_FIGURE, col_w - pt(8)),
            ts.prepare(label, S_FIGURE_LABEL, col_w - pt(8)),
        )
        for value, label in figures
    ]
    height = max(v.height + pt(2) + lab.height for v, lab in blocks) + pt(6)

    def draw(painter: QPainter, rect: QRectF) -> None:
        painter.setPen(QPen(INK, pt(0.8)))
        painter.drawLine(rect.topLeft(), rect.topRight())
        for i, (value, label) in enumerate(blocks):
            x = rect.left() + i * col_w
            value.draw(painter, x, rect.top() + pt(6))
            label.draw(painter, x, rect.top() + pt(6) + value.height + pt(2))

    flow.place(height + pt(6), draw)
    flow.space(4)

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


def _days(n: int) -> str:
    return f"{n:,} day" if n == 1 else f"{n:,} days"


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
            "(twitching on most days for over two weeks, twitches in several body "
            "areas, weakness, numbness, speech or swallowing trouble, a "
            "thinner-looking muscle, tongue twitches, a new medicine).",
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
        flow.paragraph(item.action, S_NOTE, after=7)


def _flag_text(flags: tuple[str, ...]) -> str:
    return ", ".join(FLAG_LABELS[f] for f in flags)


def _flagged_episodes(flow: Flow, data: ReportData) -> None:
    flow.heading("Episodes with a symptom flag", S_H2)
    if not data.flagged:
        flow.paragraph(
            "No episode in this period was logged with a symptom flag (weakness, "
            "numbness or tingling, speech or swallowing trouble, pain, or a "
            "thinner-looking muscle).",
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
                _flag_text(e.flags),
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
    # Keep the findings table on the page of its heading when it is short.
    keep = min(320.0, 70.0 + 28.0 * len(data.clear_associations()))
    flow.heading("What went with more or fewer twitches", S_H2, keep=keep)
    flow.paragraph(
        f"Each daily check-in factor was compared with the number of episodes on "
        f"the same day and one and two days later, over {_days(data.span_days)} "
        f"(Spearman rank correlation; a factor needs at least {MIN_PAIRED_DAYS} "
        f"logged days; intervals and p-values count neighbouring days, which tend "
        f"to be alike, as fewer independent ones (Bartlett's effective sample "
        f"size); p-values adjusted for the {len(data.insights.associations)} "
        f"tests with Benjamini-Hochberg). Findings are worded as the app shows them "
        f"to its user.",
        S_NOTE,
        after=5,
    )
    clear = data.clear_associations()
    if clear:
        columns = [
            Column("Finding", 290),
            Column("Spearman \u03c1\n(95% CI)", 105, "right", fit=True),
            Column("Days", 35, "right", fit=True),
            Column("Adjusted\np", 50, "right", fit=True),
        ]
        rows = []
        for a in clear:
            assert a.rho is not None
            ci = a.rho_ci or (float("nan"), float("nan"))
            rows.append(
                Row(
                    [
                        a.sentence,
                        f"{a.rho:+.2f} ({ci[0]:+.2f} to {ci[1]:+.2f})",
                        f"{a.n:,}",
                        _p_text(a.p_adjusted),
                    ]
                )
            )
        flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=3)
        flow.space(6)
    else:
        flow.paragraph(
            "No factor showed a clear association with the number of episodes.",
            S_BODY,
        )
    none = data.factors_without_link()
    if none:
        flow.paragraph(
            "No clear link at any of the three timings: "
            + join_words(none, limit=8)
            + ".",
            S_BODY,
            after=3,
        )
    needed = data.factors_needing_days()
    if needed:
        flow.paragraph(
            "Not enough logged days to compare yet: "
            + join_words([f"{name} ({k} more days)" for name, k in needed], limit=8)
            + ".",
            S_BODY,
            after=3,
        )
    flow.paragraph(
        "Association is not cause. These links are in this person's own records: a "
        "factor and twitching can rise and fall together because of something else "
        "(a stressful month, an illness), the days are treated as independent, and "
        "the person chose what to log.",
        Style(8.3, italic=True, color=INK, leading=1.35),
        after=4,
    )


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


def _episode_table(flow: Flow, data: ReportData) -> None:
    flow.new_page()
    flow.heading(f"All episodes, oldest first ({len(data.episodes):,})", S_H2)
    if not data.episodes:
        flow.paragraph("No episodes in this period.", S_BODY)
        return
    columns = [
        Column("Date", 56, fit=True),
        Column("Time", 26, fit=True),
        Column("Body region", 94),
        Column("Kind", 34, fit=True),
        Column("Pattern", 44, fit=True),
        Column("Int.", 20, "right", fit=True),
        Column("Duration", 48, "right", fit=True),
        Column("At rest", 31, fit=True),
        Column("Seen", 25, fit=True),
        Column("Symptom flags", 50),
        Column("Note and tags", 67),
    ]
    rows = []
    previous: date | None = None
    for e in data.episodes:
        day = e.local_day
        note = e.note.strip()
        if len(note) > CELL_NOTE_CHARS:
            # The full text is in the notes section; a narrow column would turn
            # it into a page-long row.
            note = note[:CELL_NOTE_CHARS].rstrip() + "\u2026 (see notes)"
        if e.tags:
            note = (note + " " if note else "") + " ".join(f"#{t}" for t in e.tags)
        rows.append(
            Row(
                [
                    format_date(day) if day != previous else "",
                    e.at.strftime("%H:%M"),
                    region(e.region).label,
                    e.kind.value,
                    e.pattern.value if e.pattern is not None else "",
                    str(e.intensity),
                    format_duration(e.duration_s),
                    _yes_no(e.at_rest),
                    _yes_no(e.seen),
                    _flag_text(e.flags),
                    note,
                ],
                group_start=day != previous,
            )
        )
        previous = day
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=1.6)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


def _day_table(flow: Flow, data: ReportData) -> None:
    flow.new_page()
    flow.heading(f"Daily check-ins ({len(data.day_rows):,} days)", S_H2)
    if not data.day_rows:
        flow.paragraph("No daily check-ins in this period.", S_BODY)
        return
    flow.paragraph(
        f"A dash ({NOT_LOGGED}) means not logged, which is not the same as zero. Sleep "
        "on a date is the night that ended that morning.",
        S_SMALL,
        after=3,
    )
    columns = [Column("Date", 56, fit=True), Column("Episodes", 40, "right", fit=True)]
    columns += [
        Column(f"{title}\n{unit}", DAY_COLUMN_WIDTHS[field], "right", fit=True)
        for field, title, unit in DAY_COLUMNS
    ]
    columns.append(Column("Medicines and tags", 95))
    rows = []
    for r in data.day_rows:
        extra = ", ".join(r.medications)
        if r.tags:
            extra = (extra + " " if extra else "") + " ".join(f"#{t}" for t in r.tags)
        rows.append(
            Row(
                [
                    format_date(r.day),
                    str(r.episodes),
                    *(format_value(v) for v in r.values),
                    extra,
                ]
            )
        )
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=1.6)
