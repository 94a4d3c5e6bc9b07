"""The report's appendix: every episode and every daily check-in, as full tables."""

from __future__ import annotations

from datetime import date

from twitchtrack.domain.regions import region
from twitchtrack.domain.text import plural
from twitchtrack.report.content import (
    DAY_COLUMNS,
    NOT_LOGGED,
    ReportData,
    format_date,
    format_duration,
    format_flags,
    format_value,
)
from twitchtrack.report.layout import Column, Flow, Row
from twitchtrack.report.styles import S_BODY, S_CELL, S_CELL_HEAD, S_H2, S_SMALL

__all__ = ["day_table", "episode_table"]

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


def episode_table(flow: Flow, data: ReportData) -> None:
    """Every episode of the period, oldest first, on pages of their own."""
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
                    format_flags(e.flags),
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


def day_table(flow: Flow, data: ReportData) -> None:
    """Every daily check-in of the period, with the day's episode count."""
    flow.new_page()
    flow.heading(f"Daily check-ins ({plural(len(data.day_rows), 'day')})", S_H2)
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
