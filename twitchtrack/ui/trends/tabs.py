"""The Trends tabs: the cards and charts of each section, and how each is drawn.

Imports pyqtgraph (through the charts): the view loads this module only when it is
built, never on start-up.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain import analysis as an
from twitchtrack.domain.analysis.tracking import MODEL_FACTORS
from twitchtrack.domain.regions import GROUPS
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.ui.log.body_map.panel import BodyMapPanel
from twitchtrack.ui.trends import wording as w
from twitchtrack.ui.trends.charts.association import AssociationChart
from twitchtrack.ui.trends.charts.common import ChartCard, Legend
from twitchtrack.ui.trends.charts.forest import ForestChart
from twitchtrack.ui.trends.charts.grid import HourWeekdayChart, WeekAreaChart
from twitchtrack.ui.trends.charts.theme import ChartTheme, theme_for
from twitchtrack.ui.trends.charts.timeline import TimelineChart


def _page(
    parent: QWidget, name: str, *, horizontal: bool = False
) -> tuple[QWidget, QHBoxLayout | QVBoxLayout]:
    page = QWidget(parent)
    page.setObjectName(name)
    page.setProperty("trendsPage", "true")
    layout = QHBoxLayout(page) if horizontal else QVBoxLayout(page)
    layout.setContentsMargins(0, 10, 0, 0)
    layout.setSpacing(12)
    return page, layout


class TrendsTabs(QTabWidget):
    """Over time, What goes with it, When & where: every card and chart of the view.

    The view decides what to show (range, factor, lag, calm) and hands over the
    data; the tabs draw it. Choices made here come out as signals.
    """

    overlay_chosen = Signal(object)  # a factor name, or None for nothing
    factor_chosen = Signal(str)
    lag_chosen = Signal(int)

    def __init__(
        self,
        body_geometry: BodyGeometry | None,
        *,
        factor: str,
        overlay: str | None,
        lag: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trendsTabs")
        self.setAccessibleName("Trends sections")
        self.setDocumentMode(True)
        # The base line of a document-mode tab bar ignores the palette (a white
        # rule in dark mode); the pane draws the rule instead.
        self.tabBar().setDrawBase(False)
        self.theme: ChartTheme = theme_for(False)
        self._build_time(overlay)
        self._build_links(factor, lag)
        self._build_places(body_geometry)

    # ------------------------------------------------------------ building
    def _build_time(self, overlay: str | None) -> None:
        page, row = _page(self, "trendsPageTime")
        self.timeline_card = ChartCard("trendsTimelineCard", "Twitches per day", page)
        self.overlay_combo = QComboBox(self.timeline_card)
        self.overlay_combo.setObjectName("trendsOverlay")
        self.overlay_combo.setAccessibleName("Check-in value shown alongside")
        self.overlay_combo.setToolTip("Draw a check-in value on the right-hand axis")
        self.overlay_combo.addItem("Nothing", None)
        for factor in an.FACTORS:
            self.overlay_combo.addItem(w.FACTOR_TITLES[factor], factor)
        self.overlay_combo.setCurrentIndex(self.overlay_combo.findData(overlay))
        self.overlay_combo.currentIndexChanged.connect(self._on_overlay_combo_changed)
        shown_with = QLabel("Show alongside", self.timeline_card)
        shown_with.setProperty("role", "muted")
        shown_with.setBuddy(self.overlay_combo)
        self.timeline_card.header.addWidget(shown_with)
        self.timeline_card.header.addWidget(self.overlay_combo)
        self.timeline_legend = Legend("trendsTimelineLegend", self.timeline_card)
        self.timeline = TimelineChart(self.timeline_card)
        # The main chart of the page gets the room; the week grid scrolls in time.
        self.timeline.plot.setMinimumHeight(250)
        # Two set lines, not word wrap: a wrapped label's height depends on its
        # width, which the tab pages do not pass on, and the chart got squeezed.
        self.timeline_note = QLabel(
            "Scroll to zoom, drag to move.\nA gap in the dashed line: no check-in.",
            self.timeline_card,
        )
        self.timeline_note.setObjectName("trendsTimelineNote")
        self.timeline_note.setProperty("role", "hint")
        self.timeline_note.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.timeline_legend, 0)
        legend_row.addWidget(self.timeline_note, 1)
        self.timeline_card.body_layout.addLayout(legend_row)
        self.timeline_card.body_layout.addWidget(self.timeline, 1)

        self.weeks_card = ChartCard("trendsWeeksCard", "Where, week by week", page)
        self.weeks_card.set_subtitle(
            "Twitches in each body area per week: a row filling up shows twitches "
            "moving or spreading to that area."
        )
        # One line (it fits from the smallest window up): a wrapped one made the
        # tab page share its height by preferred sizes and squeezed the chart above.
        self.weeks_card.subtitle.setWordWrap(False)
        self.week_areas = WeekAreaChart(self.weeks_card)
        self.week_areas.view.setXLink(self.timeline.view)
        self.weeks_card.body_layout.addWidget(self.week_areas, 1)
        row.addWidget(self.timeline_card, 3)
        row.addWidget(self.weeks_card, 2)
        self.addTab(page, "Over time")

    def _build_links(self, factor: str, lag: int) -> None:
        page, row = _page(self, "trendsPageLinks", horizontal=True)
        self.association_card = ChartCard(
            "trendsAssociationCard", "One factor, day by day", page
        )
        self.factor_combo = QComboBox(self.association_card)
        self.factor_combo.setObjectName("trendsFactor")
        self.factor_combo.setAccessibleName("Factor to compare with twitches")
        for name in MODEL_FACTORS:
            self.factor_combo.addItem(w.FACTOR_TITLES[name], name)
        self.factor_combo.setCurrentIndex(self.factor_combo.findData(factor))
        self.factor_combo.currentIndexChanged.connect(self._on_factor_combo_changed)
        self.association_card.header.addWidget(self.factor_combo)
        lag_row = QHBoxLayout()
        lag_row.setSpacing(0)
        lag_label = QLabel("Twitches counted", self.association_card)
        lag_label.setProperty("role", "muted")
        lag_row.addWidget(lag_label)
        lag_row.addSpacing(8)
        self.lag_buttons = QButtonGroup(self)
        self.lag_buttons.setExclusive(True)
        for i, (days, text, name) in enumerate(w.LAG_BUTTONS):
            button = QPushButton(text, self.association_card)
            button.setObjectName(name)
            button.setAccessibleName(f"Compare with twitches: {text.lower()}")
            button.setCheckable(True)
            button.setChecked(days == lag)
            button.setProperty(
                "segment", "first" if i == 0 else "last" if i == 2 else "middle"
            )
            self.lag_buttons.addButton(button, days)
            lag_row.addWidget(button)
        lag_row.addStretch(1)
        self.lag_buttons.idClicked.connect(self.lag_chosen)
        self.association_card.body_layout.addLayout(lag_row)
        self.association_legend = Legend(
            "trendsAssociationLegend", self.association_card
        )
        self.association = AssociationChart(self.association_card)
        self.sentence = QLabel("", self.association_card)
        self.sentence.setObjectName("trendsSentence")
        self.sentence.setProperty("role", "sentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.detail = QLabel("", self.association_card)
        self.detail.setObjectName("trendsDetail")
        self.detail.setProperty("role", "hint")
        self.detail.setWordWrap(True)
        body = self.association_card.body_layout
        body.addWidget(self.association_legend)
        body.addWidget(self.association, 1)
        body.addWidget(self.sentence)
        body.addWidget(self.detail)

        self.forest_card = ChartCard(
            "trendsForestCard", "All factors at a glance", page
        )
        self.forest = ForestChart(self.forest_card)
        self.forest.row_clicked.connect(self.factor_chosen)
        self.forest_legend = Legend("trendsForestLegend", self.forest_card)
        self.forest_note = QLabel(
            "A link is clear when it holds after allowing for the many comparisons "
            "made here. A link in your data is not proof that one brings on the "
            "other. Click a row to see that factor day by day.",
            self.forest_card,
        )
        # What the model left out (untracked stretches), said once for the page.
        self.excluded = QLabel("", self.forest_card)
        self.excluded.setObjectName("trendsExcluded")
        self.excluded.setProperty("role", "hint")
        self.excluded.setWordWrap(True)
        self.excluded.setVisible(False)
        # Timed caffeine in the hours before twitches, when drinks have times.
        self.timing = QLabel("", self.forest_card)
        self.timing.setObjectName("trendsTiming")
        self.timing.setProperty("role", "hint")
        self.timing.setWordWrap(True)
        self.timing.setVisible(False)
        self.forest_note.setObjectName("trendsForestNote")
        self.forest_note.setProperty("role", "hint")
        self.forest_note.setWordWrap(True)
        self.forest_card.body_layout.addWidget(self.forest_legend)
        self.forest_card.body_layout.addWidget(self.forest, 1)
        self.forest_card.body_layout.addWidget(self.excluded)
        self.forest_card.body_layout.addWidget(self.timing)
        self.forest_card.body_layout.addWidget(self.forest_note)
        row.addWidget(self.association_card, 1)
        row.addWidget(self.forest_card, 1)
        self.addTab(page, "What goes with it")

    def _build_places(self, body_geometry: BodyGeometry | None) -> None:
        page, row = _page(self, "trendsPagePlaces", horizontal=True)
        self.hours_card = ChartCard("trendsHoursCard", "Time of day and weekday", page)
        self.hours_card.set_subtitle(
            "Twitches logged in each hour of each weekday; deeper colour and a "
            "larger number mean more."
        )
        self.hour_grid = HourWeekdayChart(self.hours_card)
        self.hours_card.body_layout.addWidget(self.hour_grid, 1)
        self.body_card = ChartCard("trendsBodyCard", "Where on the body", page)
        self.body_card.set_subtitle("Deeper colour: more twitches in the range.")
        self.body_panel = BodyMapPanel(body_geometry, self.body_card)
        self.body_panel.setObjectName("trendsBodyMap")
        self.body_panel.setAccessibleName("Body map of twitches in the range")
        self.body_panel.legend.set_title("Twitches per place in the range")
        self.body_card.body_layout.addWidget(self.body_panel, 1)
        row.addWidget(self.hours_card, 3)
        row.addWidget(self.body_card, 2)
        self.addTab(page, "When && where")

    # ------------------------------------------------------------- choices
    def show_overlay(self, factor: str | None) -> None:
        """Put ``factor`` in the overlay box without emitting ``overlay_chosen``."""
        self.overlay_combo.blockSignals(True)
        self.overlay_combo.setCurrentIndex(self.overlay_combo.findData(factor))
        self.overlay_combo.blockSignals(False)

    def show_factor(self, factor: str) -> None:
        """Put ``factor`` in the factor box without emitting ``factor_chosen``."""
        self.factor_combo.blockSignals(True)
        self.factor_combo.setCurrentIndex(self.factor_combo.findData(factor))
        self.factor_combo.blockSignals(False)

    def show_lag(self, lag: int) -> None:
        """Check the button of ``lag``."""
        button = self.lag_buttons.button(lag)
        if button is not None:
            button.setChecked(True)

    def _on_overlay_combo_changed(self, index: int) -> None:
        self.overlay_chosen.emit(self.overlay_combo.itemData(index))

    def _on_factor_combo_changed(self, index: int) -> None:
        self.factor_chosen.emit(str(self.factor_combo.itemData(index)))

    # ---------------------------------------------------------------- looks
    def apply_theme(self, theme: ChartTheme) -> None:
        """Draw every chart, the body map and the legends in ``theme``."""
        self.theme = theme
        for chart in (
            self.timeline,
            self.association,
            self.forest,
            self.hour_grid,
            self.week_areas,
        ):
            chart.set_theme(theme)
        self.body_panel.set_dark(theme.dark)
        for legend in (
            self.timeline_legend,
            self.association_legend,
            self.forest_legend,
        ):
            legend.set_entries(legend.entries(), theme)

    # -------------------------------------------------------------- messages
    def show_empty(self, text: str) -> None:
        """Every card says ``text`` (nothing logged yet, or still working)."""
        for card in (
            self.timeline_card,
            self.weeks_card,
            self.association_card,
            self.forest_card,
            self.hours_card,
        ):
            card.show_message(text)
        self.body_panel.set_heat(None)

    def show_nothing_in_range(self, text: str) -> None:
        """The day-by-day cards say ``text`` (the range holds no tracked day)."""
        for card in (self.timeline_card, self.association_card, self.forest_card):
            card.show_message(text)

    def show_failure(self, text: str) -> None:
        """The statistics cards say why they are missing."""
        for card in (self.association_card, self.forest_card):
            card.show_message(text)

    # --------------------------------------------------------------- drawing
    def draw_timeline(
        self,
        sl: an.DailySeries,
        rolling: npt.NDArray[np.float64],
        span: tuple[date, date],
        overlay: str | None,
        average_days: int,
    ) -> None:
        """Bars per day, the moving average and (optionally) a check-in value."""
        self.timeline_card.show_chart()
        values = sl.factors[overlay] if overlay is not None else None
        title = w.FACTOR_TITLES[overlay] if overlay is not None else ""
        self.timeline.set_data(sl.days, sl.episodes, rolling, values, title)
        self.timeline.set_span(*span)
        entries = [
            ("bar", "bar", "Twitches logged each day"),
            ("line", "accent", w.average_text(average_days)),
        ]
        if overlay is not None:
            if self.timeline.has_overlay():
                entries.append(("dots-line", "overlay", f"{title}, right-hand scale"))
            else:
                entries.append(
                    ("dots-line", "muted_mark", f"{title}: not logged in this range")
                )
        self.timeline_legend.set_entries(entries, self.theme)

    def draw_places(
        self, table: an.EpisodeTable, span: tuple[date, date], calm: bool
    ) -> None:
        """The hour-by-weekday grid, the week-by-area grid and the body map heat."""
        start, end = span
        if calm or not len(table):
            text = w.CALM_HIDDEN if calm else w.NO_TWITCHES
            self.hours_card.show_message(text)
            self.weeks_card.show_message(text)
            self.body_panel.set_heat(None)
            return
        self.hours_card.show_chart()
        self.weeks_card.show_chart()
        self.hour_grid.set_counts(table.hour_weekday_counts(), an.WEEKDAYS)
        weeks = table.week_group_counts(start, end)
        mondays = [date.fromisoformat(str(week)) for week in weeks.weeks]
        labels = [GROUPS[g][0] for g in weeks.groups]
        self.week_areas.set_counts(weeks.counts, mondays, labels)
        self.body_panel.set_heat(
            {k: float(v) for k, v in table.region_counts().items()}
        )
