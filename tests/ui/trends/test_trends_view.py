"""The Trends view: plotted data against the analysis, range / factor / lag controls,
empty and insufficient states, calm and dark modes, and off-thread analysis."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QTabBar,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from twitchtrack.domain.analysis import (
    daily_series,
    rolling_mean,
)
from twitchtrack.domain.analysis.tracking import MODEL_FACTORS
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.regions import GROUPS, region
from twitchtrack.ui.jobs import JobRunner
from twitchtrack.ui.trends.view import TrendsView

from .conftest import END, TZ, MakeView

ROOT = Path(__file__).resolve().parents[3]
DAY_S = 86_400.0


# The offscreen platform notes that it cannot pass size hints to a window manager
# whenever a top-level widget is shown; that is not a defect of the view.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def seconds(day: date) -> float:
    return (day - date(1970, 1, 1)).days * DAY_S


def bars(view: TrendsView) -> tuple[np.ndarray, np.ndarray]:
    x, height = view.timeline.bars.getData()
    return np.asarray(x, dtype=float), np.asarray(height, dtype=float)


def day_counts(journal: Journal) -> Counter[date]:
    return Counter(ep.at.date() for ep in journal.live_episodes())


# ----------------------------------------------------------------------- import


def test_module_import_does_not_load_pyqtgraph() -> None:
    code = (
        "import sys, json\n"
        "import twitchtrack.ui.trends.view as tv\n"
        "from twitchtrack.ui.jobs import ImmediateExecutor\n"
        "before = 'pyqtgraph' in sys.modules\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "view = tv.TrendsView(executor=ImmediateExecutor())\n"
        "print(json.dumps([before, 'pyqtgraph' in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    before, after = json.loads(result.stdout.strip().splitlines()[-1])
    assert before is False  # importing the module stays cheap
    assert after is True  # building the view is what loads it


# ------------------------------------------------------------------ over time


def test_bars_equal_daily_counts_and_average(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.set_range("all")
    series = daily_series(demo)
    x, height = bars(view)
    np.testing.assert_array_equal(height, series.episodes)
    first = series.first
    assert first is not None
    expected_x = [
        seconds(first + timedelta(days=i)) + DAY_S / 2 for i in range(len(series))
    ]
    np.testing.assert_allclose(x, expected_x)
    # The bars are the raw journal counts, not just the analysis' own numbers.
    counts = day_counts(demo)
    assert height.tolist() == [
        float(counts.get(first + timedelta(days=i), 0)) for i in range(len(series))
    ]
    ax, ay = view.timeline.average.getData()
    np.testing.assert_allclose(ax, x)
    np.testing.assert_array_equal(ay, rolling_mean(series.episodes, 7))


@pytest.mark.parametrize(
    ("button", "days"),
    [("trendsRange30d", 30), ("trendsRange90d", 90), ("trendsRange1y", 200)],
)
def test_range_buttons_change_plotted_days(
    qtbot: QtBot, make_view: MakeView, demo: Journal, button: str, days: int
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.show()
    view.set_range("all" if button != "trendsRangeAll" else "30d")
    qtbot.mouseClick(view.findChild(QAbstractButton, button), Qt.MouseButton.LeftButton)
    start = END - timedelta(days=days - 1)
    x, height = bars(view)
    assert height.size == days  # "1 year" of a 200-day journal: the 200 days
    counts = day_counts(demo)
    assert height.tolist() == [
        float(counts.get(start + timedelta(days=i), 0)) for i in range(days)
    ]
    assert x[0] == seconds(start) + DAY_S / 2
    # The visible dates are the range (plus a 1% margin), no more; "1 year" of a
    # 200-day journal starts at its first day, not at days nobody logged.
    lo, hi = view.timeline.x_range()
    margin = 0.011 * days * DAY_S
    assert seconds(start) - margin <= lo <= seconds(start)
    assert seconds(END) + DAY_S <= hi <= seconds(END) + DAY_S + margin
    assert view.span() == (start, END)
    assert f"{days} days" in view.summary.text()


def test_rolling_average_uses_days_before_the_range(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.set_range("30d")
    full = daily_series(demo)
    _, ay = view.timeline.average.getData()
    np.testing.assert_array_equal(ay, rolling_mean(full.episodes, 7)[-30:])
    assert np.isfinite(ay).all()  # day 1 of the range already has a week behind it


def test_ranges_over_a_year_use_a_four_week_average(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.set_range("custom", END - timedelta(days=449), END)  # 450 days > 400
    series = daily_series(demo)
    _, ay = view.timeline.average.getData()
    np.testing.assert_array_equal(ay, rolling_mean(series.episodes, 28))
    assert "4-week average" in view.timeline_legend.texts()
    view.set_range("90d")
    assert "7-day average" in view.timeline_legend.texts()


def test_custom_range_from_the_date_edits(make_view: MakeView, demo: Journal) -> None:
    view = make_view()
    view.set_journal(demo)
    view.from_edit.setDate(QDate(2026, 10, 1))
    view.to_edit.setDate(QDate(2026, 10, 14))
    assert view.range_key() == "custom"
    assert view.findChild(QAbstractButton, "trendsRangeCustom").isChecked()
    assert view.span() == (date(2026, 10, 1), date(2026, 10, 14))
    _, height = bars(view)
    counts = day_counts(demo)
    assert height.tolist() == [
        float(counts.get(date(2026, 10, 1) + timedelta(days=i), 0)) for i in range(14)
    ]
    # A start after the end is refused with a sentence; the charts keep their data.
    view.from_edit.setDate(QDate(2026, 10, 20))
    assert view.range_error.isVisibleTo(view)
    assert "after the end date" in view.range_error.text()
    assert bars(view)[1].size == 14
    view.set_range("30d")
    assert not view.range_error.isVisibleTo(view)


def test_factor_overlay_follows_the_selection(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.set_range("90d")
    series = daily_series(demo, END - timedelta(days=89), END)
    combo = view.findChild(QComboBox, "trendsOverlay")
    combo.setCurrentIndex(combo.findData("sleep_h"))
    ox, oy = view.timeline.overlay.getData()
    np.testing.assert_array_equal(oy, series.factors["sleep_h"])  # NaN = not logged
    assert np.isnan(oy).any()  # the demo skips some check-ins: gaps, not zeros
    np.testing.assert_allclose(ox, bars(view)[0])
    assert view.timeline_legend.texts()[-1] == "Sleep (hours), right-hand scale"
    combo.setCurrentIndex(combo.findData("water_ml"))
    np.testing.assert_array_equal(
        view.timeline.overlay.getData()[1], series.factors["water_ml"]
    )
    combo.setCurrentIndex(combo.findData(None))
    assert not view.timeline.has_overlay()
    assert not view.timeline.overlay.isVisible()
    assert len(view.timeline_legend.texts()) == 2


def test_timeline_zooms_and_pans_in_time_only(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    assert view.timeline.view.state["mouseEnabled"] == [True, False]
    limits = view.timeline.view.state["limits"]["xLimits"]
    lo, hi = seconds(END - timedelta(days=89)), seconds(END) + DAY_S
    assert limits[0] < lo
    assert limits[1] > hi
    # The week-by-area grid follows the timeline's dates.
    view.timeline.view.setXRange(lo, lo + 20 * DAY_S, padding=0)
    wlo, whi = view.week_areas.view.viewRange()[0]
    assert wlo == pytest.approx(lo)
    assert whi == pytest.approx(lo + 20 * DAY_S)


# -------------------------------------------------------------- what goes with it


def hand_pairs(
    journal: Journal, start: date, end: date, factor: str, lag: int
) -> tuple[list[float], list[float]]:
    """(factor on D, episodes on D + lag) straight from the journal records."""
    counts = day_counts(journal)
    days = [d.date for d in journal.live_days()]
    logged_days = [*days, *counts]
    first = max(start, min(logged_days))
    last = min(end, max(logged_days))
    xs: list[float] = []
    ys: list[float] = []
    day = first
    while day + timedelta(days=lag) <= last:
        log = journal.day(day)
        value = getattr(log, factor) if log is not None else None
        if value is not None:
            xs.append(float(value))
            ys.append(float(counts.get(day + timedelta(days=lag), 0)))
        day += timedelta(days=1)
    return xs, ys


def test_factor_selection_changes_the_association_chart(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    start = END - timedelta(days=89)
    combo = view.findChild(QComboBox, "trendsFactor")
    combo.setCurrentIndex(combo.findData("water_ml"))
    assert view.factor() == "water_ml"
    x, y = view.association.pairs()
    assert (x.tolist(), y.tolist()) == hand_pairs(demo, start, END, "water_ml", 0)
    assert "water" in view.sentence.text()
    assert view.association_card.title.text() == "Water and twitches"
    assert (
        view.association.plot.getPlotItem().getAxis("bottom").labelText == "Water (ml)"
    )


def test_clicking_a_forest_row_selects_that_factor(
    qtbot: QtBot, make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.show()
    view.tabs.setCurrentIndex(1)
    qtbot.waitExposed(view)
    plot = view.forest.plot
    index = list(MODEL_FACTORS).index("stress")
    scene_point = view.forest.view.mapViewToScene(QPointF(0.0, float(index)))
    point = plot.mapFromScene(scene_point)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.factor() == "stress"
    assert view.findChild(QComboBox, "trendsFactor").currentData() == "stress"
    lo, hi = view.forest.band.getRegion()
    assert (lo + hi) / 2 == pytest.approx(index)


def small_journal(days: int, start: date = date(2026, 3, 2)) -> Journal:
    """``days`` days with a check-in and one or two twitches each."""
    episodes = [
        Episode(
            at=datetime(d.year, d.month, d.day, 9 + k, tzinfo=TZ), region="calf_left"
        )
        for i in range(days)
        for d in [start + timedelta(days=i)]
        for k in range(1 + i % 2)
    ]
    logs = [
        DayLog.for_day(start + timedelta(days=i), caffeine_mg=100.0 * (i % 4))
        for i in range(days)
    ]
    return Journal(episodes=episodes, days=logs)


def test_empty_journal_and_empty_range(make_view: MakeView) -> None:
    view = make_view()
    view.set_journal(Journal())
    for card in (view.timeline_card, view.forest_card, view.hours_card):
        assert card.showing_message()
        assert "Log a twitch" in card.message.text()
    view.set_journal(small_journal(20))
    view.set_range("custom", date(2025, 1, 1), date(2025, 1, 31))
    for card in (view.timeline_card, view.forest_card, view.association_card):
        assert card.showing_message()
        assert "Nothing logged between 1 Jan 2025 and 31 Jan 2025" in (
            card.message.text()
        )
    assert view.hours_card.showing_message()


# ----------------------------------------------------------------- when & where


def test_time_of_day_grid_sums_to_episodes_in_range(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.set_range("30d")
    start = END - timedelta(days=29)
    grid = view.hour_grid.grid.counts()
    inside = [e for e in demo.live_episodes() if start <= e.at.date() <= END]
    assert grid.shape == (7, 24)
    assert int(grid.sum()) == len(inside)
    expected = Counter((e.at.weekday(), e.at.hour) for e in inside)
    assert {
        (r, c): int(grid[r, c]) for r in range(7) for c in range(24) if grid[r, c]
    } == dict(expected)
    assert view.hour_grid.row_labels == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    # The body map shows the same episodes as heat.
    assert view.body_panel.map.heat() == {
        rid: float(n) for rid, n in Counter(e.region for e in inside).items()
    }


def test_week_by_area_table_matches_hand_counts(make_view: MakeView) -> None:
    monday = date(2026, 6, 1)
    spec = [
        (monday, "eyelid_lower_left"),
        (monday + timedelta(days=2), "eyelid_lower_left"),
        (monday + timedelta(days=8), "calf_left"),
        (monday + timedelta(days=9), "thumb_right"),
        (monday + timedelta(days=16), "calf_right"),
        (monday + timedelta(days=17), "calf_left"),
        (monday + timedelta(days=18), "eyelid_upper_right"),
    ]
    episodes = [
        Episode(at=datetime(d.year, d.month, d.day, 20, tzinfo=TZ), region=r)
        for d, r in spec
    ]
    view = make_view()
    view.set_journal(Journal(episodes=episodes))
    view.set_range("all")
    counts = view.week_areas.grid.counts()
    # Rows in body order (eyes, hands, lower legs); columns = weeks of 1, 8, 15 June.
    assert view.week_areas.row_labels == [
        GROUPS["eyes"][0],
        GROUPS["hands"][0],
        GROUPS["lower_legs"][0],
    ]
    assert counts.tolist() == [[2, 0, 1], [0, 1, 0], [0, 1, 2]]
    edges = view.week_areas.grid.x_edges()
    assert edges.tolist() == [seconds(monday + timedelta(days=7 * k)) for k in range(4)]
    assert region("thumb_right").group == "hands"


def test_grid_cells_explain_themselves_on_hover(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    grid = view.hour_grid.grid
    assert grid.cell_at(20.5, 3.5) == (3, 20)
    count = int(grid.counts()[3, 20])
    assert count > 1
    assert grid.tooltip_at(20.5, 3.5) == f"Thu 20:00-21:00: {count} twitches"
    assert grid.tooltip_at(30.0, 3.5) == ""
    weeks = view.week_areas.grid
    first_week = float(weeks.x_edges()[0])
    text = weeks.tooltip_at(first_week + 3600.0, 0.5)
    assert text.startswith(f"{view.week_areas.row_labels[0]}, week of ")


# ------------------------------------------------------------------ modes, names


def test_calm_hides_counts_and_heat(make_view: MakeView, demo: Journal) -> None:
    view = make_view()
    view.set_journal(demo)
    assert "twitches" in view.summary.text()
    view.set_calm(True)
    assert view.hours_card.showing_message()
    assert view.weeks_card.showing_message()
    assert "calm" in view.hours_card.message.text()
    assert view.body_panel.map.calm()
    assert view.body_panel.map.heat() is None
    assert "twitches" not in view.summary.text()
    assert not view.forest_card.showing_message()  # the statistics stay
    view.set_calm(False)
    assert not view.hours_card.showing_message()
    assert view.body_panel.map.heat()


def test_dark_mode_recolours_charts_and_map(make_view: MakeView, demo: Journal) -> None:
    from twitchtrack.ui.trends.charts.theme import DARK, LIGHT

    view = make_view()
    view.set_journal(demo)
    plot = view.timeline.plot
    assert plot.backgroundBrush().color().name() == LIGHT.card
    view.set_dark(True)
    assert plot.backgroundBrush().color().name() == DARK.card
    assert view.forest.plot.backgroundBrush().color().name() == DARK.card
    assert view.body_panel.map.map_palette().dark
    assert view.timeline.bars.opts["brush"] == DARK.bar
    view.set_dark(False)
    assert plot.backgroundBrush().color().name() == LIGHT.card


def test_every_control_has_names(make_view: MakeView, demo: Journal) -> None:
    view = make_view()
    view.set_journal(demo)
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QDateEdit, QTabWidget)
        for w in view.findChildren(kind)
        # a tab bar's scroll arrows are Qt's own
        if not isinstance(w.parent(), QTabBar)
    ]
    assert len(controls) >= 14
    for widget in controls:
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()
    for plot in (view.timeline.plot, view.association.plot, view.forest.plot):
        assert plot.objectName()
        assert plot.accessibleName()


def test_bad_range_arguments_are_refused(make_view: MakeView) -> None:
    view = make_view()
    with pytest.raises(ValueError, match="unknown range"):
        view.set_range("week")
    with pytest.raises(ValueError, match="start and an end"):
        view.set_range("custom", date(2026, 1, 1))
    with pytest.raises(ValueError, match="unknown factor"):
        view.set_factor("coffee")
    with pytest.raises(ValueError, match="lag"):
        view.set_lag(5)


# ------------------------------------------------------------ off the UI thread


def test_a_job_keeps_the_collector_off_on_its_thread_until_its_result_is_sent(
    qtbot: QtBot,
) -> None:
    # A collection on the worker could destroy garbage Qt objects (old charts,
    # closed windows) off the GUI thread; paused, it runs later on the GUI thread.
    qtbot.waitUntil(gc.isenabled)  # no other worker holds it off right now
    runner = JobRunner(thread_name="twitchtrack-trends")  # as the view runs its jobs
    sent: list[tuple[object, bool]] = []
    runner._delivered.connect(
        lambda _ticket, result: sent.append((result.value, gc.isenabled())),
        Qt.ConnectionType.DirectConnection,  # runs on the worker, as it emits
    )
    runner.run("prepare", gc.isenabled)
    assert runner.wait(10_000)  # the job, and the slot above, have run
    assert sent == [(False, False)]  # off while the job ran and while it reported
    runner.shutdown()
    runner.deleteLater()


class ManualExecutor(Executor):
    """Holds jobs until the test runs them, in any order."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        assert not kwargs
        self.jobs.append((fn, args))
        return Future()

    def run(self, index: int) -> None:
        fn, args = self.jobs[index]
        fn(*args)


def test_stale_results_are_dropped(
    qtbot: QtBot, make_view: MakeView, demo: Journal
) -> None:
    manual = ManualExecutor()
    view = make_view(executor=manual)
    older = small_journal(40, start=date(2026, 9, 1))
    view.set_journal(older)  # job 0
    view.set_journal(demo)  # job 1
    assert len(manual.jobs) == 2
    manual.run(1)  # the newer journal arrives first and asks for statistics (job 2)
    assert len(manual.jobs) == 3
    demo_bars = bars(view)[1].tolist()
    assert len(demo_bars) == 90
    with qtbot.assertNotEmitted(view.analysis_finished):
        manual.run(0)  # the older journal comes late: dropped
    assert bars(view)[1].tolist() == demo_bars
    view.set_range("30d")  # job 3
    assert view.model_result() is None  # the 90-day statistics are no longer wanted
    with qtbot.assertNotEmitted(view.analysis_finished):
        manual.run(2)
    assert view.model_result() is None
    assert view.forest_card.showing_message()  # "working out..." until job 3 lands
    with qtbot.waitSignal(view.analysis_finished, timeout=1000):
        manual.run(3)
    fit = view.model_result()
    assert fit is not None
    assert fit.days_analyzed == 30


def test_a_failing_job_is_reported_in_words(make_view: MakeView) -> None:
    view = make_view()
    # A journal whose episodes cannot be read: the view says so instead of raising.
    journal = Journal()
    object.__setattr__(journal, "episodes", None)
    view.set_journal(journal)
    assert view.last_error()
    assert view.forest_card.showing_message()
    assert view.forest_card.message.text().startswith(
        "The trends could not be worked out"
    )
