"""The Trends view in the main window: built on first show, fed the model's journal,
refreshed on changes, calm with the window, and in the screenshot command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import Journal
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import Session
from twitchtrack.ui.trends.view import TrendsView
from twitchtrack.ui.window.main_window import MainWindow
from twitchtrack.ui.window.screenshot import render_screenshot

from ..conftest import OpenWindow

ROOT = Path(__file__).resolve().parents[3]
TZ = timezone(timedelta(hours=1))
END = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 20, 0, tzinfo=TZ)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(scope="module")
def demo() -> Journal:
    return generate_demo(days=60, seed=3, end=END, tz=TZ)


def opened(
    qtbot: QtBot, open_window: OpenWindow, journal: Journal | None, folder: Path
) -> tuple[Session, MainWindow]:
    if journal is not None:
        JournalStore(folder).save(journal)
    session = open_window(clock=lambda: NOW)
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    return session, window


def show_trends(qtbot: QtBot, window: MainWindow) -> TrendsView:
    """Switch to Trends and wait until its charts and statistics are in."""
    page = window.trends_page
    built: list[TrendsView] = []
    page.view_built.connect(built.append)
    if page.view is not None:
        with qtbot.waitSignal(page.view.analysis_finished, timeout=20_000):
            window.set_view("trends")
        return page.view
    window.set_view("trends")
    assert len(built) == 1
    view = built[0]
    # The view was made just now: wait for its statistics on the model's journal.
    qtbot.waitUntil(lambda: view.model_result() is not None, timeout=20_000)
    return view


def bars(view: TrendsView) -> tuple[np.ndarray, np.ndarray]:
    x, height = view.timeline.bars.getData()
    return np.asarray(x, dtype=float), np.asarray(height, dtype=float)


def counts_by_day(journal: Journal, first: date, last: date) -> list[float]:
    counts = Counter(e.at.date() for e in journal.live_episodes())
    days = (last - first).days + 1
    return [float(counts.get(first + timedelta(days=i), 0)) for i in range(days)]


# ------------------------------------------------------------------ lazy


def test_pyqtgraph_loads_only_when_trends_is_first_shown(tmp_path: Path) -> None:
    code = f"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from twitchtrack.ui.app import make_application, open_session
app = make_application()
folder = Path({str(tmp_path)!r})
settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
session = open_session(folder / "journal", settings, watch=False)
window = session.window
window.show()
app.processEvents()
heavy = ("pyqtgraph", "scipy", "statsmodels")
out = {{"start": sorted(m for m in heavy if m in sys.modules)}}
out["view_at_start"] = window.trends_page.view is not None
window.set_view("history")
out["after_history"] = "pyqtgraph" in sys.modules
window.set_view("trends")
out["after_trends"] = "pyqtgraph" in sys.modules
out["view_after"] = window.trends_page.view is not None
out["inside"] = window.trends_page.view.parent() is not None
window.close()
session.close()
print(json.dumps(out))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {
        "start": [],
        "view_at_start": False,
        "after_history": False,
        "after_trends": True,
        "view_after": True,
        "inside": True,
    }


def test_the_view_is_made_once_and_uses_the_windows_body_geometry(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, demo: Journal
) -> None:
    _, window = opened(qtbot, open_window, demo, data_dir)
    assert window.trends_page.view is None
    view = show_trends(qtbot, window)
    assert window.pages["trends"] is window.trends_page
    assert view.isVisible()
    assert view.body_panel.map.geometry_model is window.body_map.geometry_model
    window.set_view("log")
    window.set_view("trends")
    assert window.trends_page.view is view


# ------------------------------------------------------------------ data


def test_trends_plot_the_models_journal(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, demo: Journal
) -> None:
    session, window = opened(qtbot, open_window, demo, data_dir)
    view = show_trends(qtbot, window)
    # The range ends on the window's today (its clock), not the computer's.
    assert view.span() == (END - timedelta(days=59), END)
    _, height = bars(view)
    journal = session.model.journal
    assert height.tolist() == counts_by_day(journal, END - timedelta(days=59), END)
    assert height.sum() == len(journal.live_episodes())
    insights = view.model_result()
    assert insights is not None
    assert "60 days" in view.summary.text()


def test_logging_an_episode_refreshes_the_shown_trends(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, demo: Journal
) -> None:
    session, window = opened(qtbot, open_window, demo, data_dir)
    view = show_trends(qtbot, window)
    before = bars(view)[1]
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        session.model.log_episode("calf_left", at=NOW - timedelta(hours=2))
        session.model.log_episode("calf_right", at=NOW - timedelta(hours=1))
    after = bars(view)[1]
    assert after[-1] == before[-1] + 2
    assert after[:-1].tolist() == before[:-1].tolist()

    # Undo while Trends is shown refreshes it too.
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        session.model.undo_stack.undo()
    assert bars(view)[1][-1] == before[-1] + 1


def test_changes_made_while_trends_is_hidden_show_when_it_returns(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, demo: Journal
) -> None:
    session, window = opened(qtbot, open_window, demo, data_dir)
    view = show_trends(qtbot, window)
    before = bars(view)[1]
    window.set_view("log")
    session.model.log_episode("shin_left", at=NOW - timedelta(minutes=5))
    assert window.trends_page.is_stale()
    assert bars(view)[1].tolist() == before.tolist()  # no work while hidden
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        window.set_view("trends")
    assert not window.trends_page.is_stale()
    assert bars(view)[1][-1] == before[-1] + 1


def test_an_empty_journal_says_what_to_log(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session, window = opened(qtbot, open_window, None, data_dir)
    window.set_view("trends")
    view = window.trends_page.view
    assert view is not None
    # First the empty journal: nothing to show, and the view says so.
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        pass
    assert view.span() is None
    card = view.timeline_card
    assert card.stack.currentWidget() is card.message
    assert "Nothing logged yet" in card.message.text()
    with qtbot.waitSignal(view.analysis_finished, timeout=20_000):
        session.model.log_episode("calf_left", at=NOW - timedelta(hours=1))
    assert view.span() == (END, END)
    assert bars(view)[1].tolist() == [1.0]


# ------------------------------------------------------------------ calm


def test_calm_mode_reaches_the_trends(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, demo: Journal
) -> None:
    _, window = opened(qtbot, open_window, demo, data_dir)
    window.calm_action.setChecked(True)
    view = show_trends(qtbot, window)
    # Calm hides counts and heat maps: no twitch total in the summary, no heat.
    assert "twitch" not in view.summary.text()
    assert view.body_panel.map.calm()
    window.calm_action.setChecked(False)
    assert "twitches" in view.summary.text()
    assert not view.body_panel.map.calm()


# ------------------------------------------------------------------ screenshots


@pytest.mark.parametrize("name", ["trends", "guidance"])
def test_screenshot_of_trends_and_guidance_views(
    qapp: Any, tmp_path: Path, name: str
) -> None:
    out = render_screenshot(None, tmp_path / f"{name}.png", name, (1280, 800), True)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_dark_mode_reaches_the_trends_even_before_they_are_built(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, demo: Journal
) -> None:
    from twitchtrack.ui.trends.charts.theme import theme_for

    _, window = opened(qtbot, open_window, demo, data_dir)
    window.trends_page.set_dark(True)
    view = show_trends(qtbot, window)
    assert theme_for(True).page in view.styleSheet()
    window.trends_page.set_dark(False)
    assert theme_for(True).page not in view.styleSheet()
    assert theme_for(False).page in view.styleSheet()
