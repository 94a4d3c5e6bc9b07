"""The report's type scale (one body size, two heading sizes, small print) and title."""

from __future__ import annotations

from twitchtrack.report.typeset import INK, MUTED, Style

TITLE = "Twitch journal report"

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
