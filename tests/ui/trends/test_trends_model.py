"""Trends and the count model (issue 16): the forest plot and day-by-day chart show
the model's figures, in calm words, computed off the GUI thread and kept per range."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from twitchtrack.domain.analysis import causal_words_in
from twitchtrack.domain.analysis.count_model import fit_count_model
from twitchtrack.domain.analysis.count_results import (
    CountModelResult,
    excluded_sentence,
)
from twitchtrack.domain.analysis.tracking import MODEL_FACTORS, tracked_days
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.ui.trends.links import STALE_OPACITY
from twitchtrack.ui.trends.model_job import day_inputs, tracked_pairs

from .conftest import END, TZ, MakeView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def reference(journal: Journal, days: int) -> CountModelResult:
    """The model fitted here, from the journal, for the last ``days`` days."""
    return fit_count_model(
        day_inputs(journal, today=END), start=END - timedelta(days=days - 1), end=END
    )


def test_forest_has_one_row_per_factor_with_the_models_numbers(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    fit = reference(demo, 90)
    shown = view.model_result()
    assert shown is not None
    assert shown.days_analyzed == fit.days_analyzed
    rows = view.forest.rows()
    assert [r.factor for r in rows] == list(MODEL_FACTORS)
    for row in rows:
        f = fit.factor(row.factor)
        assert f.status != "insufficient_data"  # plenty of data in the demo
        assert row.estimate == pytest.approx(f.rate_ratio)
        assert (row.low, row.high) == pytest.approx((f.ci_low, f.ci_high))
        assert row.clear == (f.status == "association")
        assert f"{f.n} days" in row.note  # the days behind the figure
        if f.lag:
            assert "day" in row.label  # "(next day)": reported at its lag
    clear = [i for i, r in enumerate(rows) if r.clear]
    assert clear  # the demo plants links
    # Drawn on a log rate-ratio axis: a point sits at log(rate ratio), and the
    # line of "no change" at log(1) = 0.
    cx, cy = view.forest.clear_points.getData()
    assert sorted(cy.tolist()) == clear
    for i, x in zip(cy.tolist(), cx.tolist(), strict=True):
        assert x == pytest.approx(math.log(rows[int(i)].estimate or 0))
    ix, _ = view.forest.clear_intervals.getData()
    assert ix.tolist() == pytest.approx(
        [math.log(v or 0) for i in clear for v in (rows[i].low, rows[i].high)]
    )
    assert view.forest.zero.value() == 0
    ticks = {round(x, 6): text for x, text in view.forest.x_ticks()}
    assert ticks[0.0] == "same"
    assert ticks[round(math.log(2.0), 6)] == "2\u00d7"
    left = view.forest.plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert [text for _, text in left] == [r.label for r in rows]
    assert rows[0].label == "Caffeine 300 mg or more"


def test_the_day_by_day_chart_agrees_with_the_model(
    make_view: MakeView, demo: Journal
) -> None:
    view = make_view()
    view.set_journal(demo)
    view.set_factor("caffeine_mg")
    fit = reference(demo, 90).factor("caffeine_mg")
    assert view.lag() == fit.lag  # the chart opens at the lag the model reports
    assert view.sentence.text() == fit.sentence
    x, y = view.association.pairs()
    assert x.size == fit.n  # the tracked days the model read
    assert fit.cutoff_value is not None
    # The two sides: the other days' rate, and that rate times the model's ratio.
    mx, my = view.association.means.getData()
    other, meets = float(my[0]), float(my[2])
    assert fit.rate_ratio is not None
    assert meets / other == pytest.approx(fit.rate_ratio)
    assert fit.cutoff_value in mx.tolist()
    on_side = x >= fit.cutoff_value
    assert other == pytest.approx(float(y[~on_side].mean()))
    assert view.association.intervals.isVisible()
    # Dose-response for a number like caffeine: the model's line, not a fit of dots.
    cx, cy = view.association.trend.getData()
    assert fit.dose_response is not None
    step = cy[-1] / cy[0]
    assert step == pytest.approx(
        fit.dose_response.rate_ratio ** ((cx[-1] - cx[0]) / 100.0)
    )
    detail = view.detail.text()
    assert "weekday" in detail
    assert "split at 300 mg or more (a health guideline)" in detail
    # Another lag: the chart says which lag the sentence is about.
    view.set_lag(2 if fit.lag != 2 else 1)
    assert "where the evidence is" in view.detail.text()
    assert view.sentence.text() == fit.sentence


def test_no_text_uses_a_causal_verb(make_view: MakeView, demo: Journal) -> None:
    view = make_view()
    view.set_journal(demo)
    texts = [view.forest_card.subtitle.text(), view.tabs.forest_note.text()]
    for factor in MODEL_FACTORS:
        view.set_factor(factor)
        for lag in (0, 1, 2):
            view.set_lag(lag)
            texts += [view.sentence.text(), view.detail.text()]
    texts += [r.label + " " + r.note for r in view.forest.rows()]
    texts += view.tabs.association_legend.texts() + view.tabs.forest_legend.texts()
    assert all(texts)
    for text in texts:
        assert causal_words_in(text) == [], text


def untracked_journal() -> Journal:
    """120 days of twitches and check-ins; no twitch entries on days 60-89."""
    start = END - timedelta(days=119)
    episodes = []
    logs = []
    for i in range(120):
        day = start + timedelta(days=i)
        logs.append(DayLog.for_day(day, caffeine_mg=100.0 * (i % 5)))
        if 60 <= i < 90:
            continue
        for k in range((i * 7) % 5):
            episodes.append(
                Episode(at=datetime(day.year, day.month, day.day, 8 + k, tzinfo=TZ),
                        region="calf_left")
            )  # fmt: skip
    return Journal(episodes=episodes, days=logs)


def test_days_left_out_are_said_once(make_view: MakeView) -> None:
    journal = untracked_journal()
    view = make_view()
    view.set_journal(journal)
    view.set_range("all")
    fit = view.model_result()
    assert fit is not None
    assert fit.days_excluded.get("quiet_stretch", 0) >= 30
    said = excluded_sentence(fit.days_excluded)
    assert "No twitches today" in said
    assert view.tabs.excluded.text() == said
    assert not view.tabs.excluded.isHidden()
    others = [view.sentence.text(), view.detail.text(), view.tabs.forest_note.text()]
    assert all("Left out" not in t for t in others)
    # The untracked stretch gives the chart no dots either.
    x, _ = view.association.pairs()
    assert x.size == fit.factor("caffeine_mg").n
    assert x.size <= 120 - 30


def test_too_few_days_say_how_many_are_needed(make_view: MakeView) -> None:
    start = END - timedelta(days=9)
    episodes = [
        Episode(at=datetime(d.year, d.month, d.day, 9, tzinfo=TZ), region="calf_left")
        for i in range(10)
        for d in [start + timedelta(days=i)]
    ]
    logs = [
        DayLog.for_day(start + timedelta(days=i), caffeine_mg=100.0 * (i % 4))
        for i in range(10)
    ]
    view = make_view()
    view.set_journal(Journal(episodes=episodes, days=logs))
    view.set_range("all")
    assert view.forest_card.showing_message()
    assert "more tracked days" in view.forest_card.message.text()
    fit = view.model_result()
    assert fit is not None
    assert view.sentence.text() == fit.factor("caffeine_mg").sentence
    assert "one more day" not in view.sentence.text()
    assert view.association.means.getData()[0] is None  # no lines through 10 days


# ------------------------------------------------------------ off the GUI thread


class RecordingExecutor(ThreadPoolExecutor):
    """A real worker thread that notes which thread ran each job."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.idents: list[int] = []

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        def job() -> Any:
            self.idents.append(threading.get_ident())
            return fn(*args, **kwargs)

        return super().submit(job)


@pytest.fixture
def recording() -> Iterator[RecordingExecutor]:
    executor = RecordingExecutor()
    yield executor
    executor.shutdown(wait=True)


def test_the_fit_runs_off_the_gui_thread(
    qtbot: QtBot, make_view: MakeView, demo: Journal, recording: RecordingExecutor
) -> None:
    view = make_view(executor=recording)
    delivered: list[int] = []
    view.analysis_finished.connect(lambda: delivered.append(threading.get_ident()))
    with qtbot.waitSignal(view.analysis_finished, timeout=30_000):
        view.set_journal(demo)
    main = threading.get_ident()
    assert len(recording.idents) == 2  # the journal's days, then the fit
    assert all(ident != main for ident in recording.idents)
    assert delivered == [main]  # the result is drawn on the GUI thread
    assert view.model_result() is not None
    with qtbot.waitSignal(view.analysis_finished, timeout=30_000):
        view.set_range("30d")
    assert len(recording.idents) == 3
    fit = view.model_result()
    assert fit is not None
    assert fit.days_analyzed <= 30


class ManualExecutor(Executor):
    """Holds jobs until the test runs them."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], Any]] = []

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        self.jobs.append(lambda: fn(*args, **kwargs))
        return Future()

    def run_all(self) -> None:
        while self.jobs:
            self.jobs.pop(0)()


def test_a_range_change_uses_the_cache_and_dims_until_the_fit_arrives(
    make_view: MakeView, demo: Journal
) -> None:
    manual = ManualExecutor()
    view = make_view(executor=manual)
    view.set_journal(demo)
    manual.run_all()  # the days, then the 90-day fit
    ninety = view.model_result()
    assert ninety is not None
    assert view.forest.plot.getPlotItem().opacity() == 1.0
    view.set_range("30d")
    # Until the 30-day fit arrives, the 90-day figures stay, dimmed.
    assert len(manual.jobs) == 1
    assert view.model_result() is None
    assert not view.forest_card.showing_message()
    assert view.forest.plot.getPlotItem().opacity() == STALE_OPACITY
    assert not view.sentence.isEnabled()
    manual.run_all()
    thirty = view.model_result()
    assert thirty is not None
    assert thirty is not ninety
    assert view.forest.plot.getPlotItem().opacity() == 1.0
    assert view.sentence.isEnabled()
    # Back to 90 days: the kept fit, at once, with no new job.
    view.set_range("90d")
    assert manual.jobs == []
    assert view.model_result() is ninety
    assert view.forest.plot.getPlotItem().opacity() == 1.0
    assert len(view.cached_ranges()) == 2
    # A new journal makes the kept fits stale.
    view.set_journal(demo.model_copy())
    manual.run_all()
    assert view.model_result() is not ninety
    assert len(view.cached_ranges()) == 1


def test_the_chart_only_counts_tracked_days() -> None:
    journal = untracked_journal()
    days = day_inputs(journal, today=END)
    td = tracked_days(days)
    start, end = days[0].day, days[-1].day
    x, y = tracked_pairs(td, "caffeine_mg", 1, start, end)
    # Every day has a check-in: the pairs are the kept outcome days after day 0.
    assert x.size == int(td.kept[1:].sum())
    assert x.size < len(td) - 30
    assert np.all(y >= 0)
