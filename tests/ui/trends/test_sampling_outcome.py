"""Trends in sampling mode: the Links tab fits the count model on the sampling
answers (their own outcome, worded so), where logged episodes would give nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from twitchtrack.domain.analysis import causal_words_in
from twitchtrack.domain.analysis.sampling_input import sample_inputs
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.sampling import Sample
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.trends.model_job import fit_range, model_input
from twitchtrack.ui.trends.view import TrendsView

from ..conftest import OpenWindow
from .conftest import END, TZ, MakeView

PROMPTS = (time(10), time(15), time(20))
DAYS = 120
START = END - timedelta(days=DAYS - 1)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


def sampled_journal() -> Journal:
    """Check-ins and three answers a day, no episodes; the answers run higher on
    days with 300 mg of caffeine or more."""
    rng = np.random.default_rng(16)
    samples, logs = [], []
    for k in range(DAYS):
        day = START + timedelta(days=k)
        caffeine = float(rng.choice([80.0, 160.0, 320.0, 400.0]))
        logs.append(DayLog.for_day(day, caffeine_mg=caffeine))
        p = [0.2, 0.45, 0.35] if caffeine >= 300 else [0.65, 0.3, 0.05]
        for t in PROMPTS:
            at = datetime.combine(day, t, TZ)
            answer = str(rng.choice(["none", "few", "many"], p=p))
            samples.append(Sample(at=at, answer=answer, prompted_at=at))
    return Journal(samples=samples, days=logs)


def test_model_input_reads_sampling_answers_when_asked() -> None:
    journal = sampled_journal()
    data = model_input(journal, END, outcome="sampling")
    assert data.outcome == "sampling"
    assert data.days == sample_inputs(journal, today=END)
    linked = fit_range(data, START, END).factor("caffeine_mg")
    assert linked.status == "association"
    assert linked.rate_ratio is not None
    assert linked.rate_ratio > 1
    assert linked.sentence.startswith("Your sampling answers showed")
    assert causal_words_in(linked.sentence) == []
    # The same journal read for episodes has none: nothing to link.
    episodes = fit_range(model_input(journal, END), START, END).factor("caffeine_mg")
    assert episodes.status != "association"


def fitted(qtbot: QtBot, view: TrendsView) -> None:
    qtbot.waitUntil(lambda: view.model_result() is not None, timeout=20_000)


def test_the_view_fits_the_sampling_outcome(qtbot: QtBot, make_view: MakeView) -> None:
    view = make_view()
    view.set_journal(sampled_journal())
    view.set_range("all")
    fitted(qtbot, view)
    result = view.model_result()
    assert result is not None
    assert result.factor("caffeine_mg").status != "association"
    view.set_outcome("sampling")
    fitted(qtbot, view)
    result = view.model_result()
    assert result is not None
    caffeine = result.factor("caffeine_mg")
    assert caffeine.status == "association"
    view.set_factor("caffeine_mg")
    assert view.sentence.text().startswith("Your sampling answers showed")


def test_sampling_mode_in_preferences_switches_the_window_s_trends(
    qtbot: QtBot,
    open_window: OpenWindow,
    settings: QSettings,
    data_dir: object,
) -> None:
    JournalStore(data_dir).save(sampled_journal())  # type: ignore[arg-type]
    Preferences(settings).sampling = True
    now = datetime.combine(END, time(21), TZ)
    window = open_window(clock=lambda: now).window
    window.show()
    qtbot.waitExposed(window)
    window.set_view("trends")
    view = window.trends_page.view
    assert view is not None
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        view.set_range("all")
    result = view.model_result()
    assert result is not None
    assert result.factor("caffeine_mg").status == "association"
    # Sampling mode off: logged episodes again (there are none).
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        window.extras.prefs.sampling = False
    result = view.model_result()
    assert result is not None
    assert result.factor("caffeine_mg").status != "association"
    assert date.today() >= END  # the days are all in the past
