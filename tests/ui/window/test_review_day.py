"""The review day: Trends and Guidance wait for it behind a calm note (with "Show
now anyway"), show on the day itself, and red flags are never held back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.window.main_window import MainWindow
from twitchtrack.ui.window.review import next_review

from ..conftest import OpenWindow

TZ = timezone(timedelta(hours=1))
SATURDAY = datetime(2026, 5, 9, 18, 0, tzinfo=TZ)
SUNDAY = SATURDAY + timedelta(days=1)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


def at(now: datetime, back: int) -> datetime:
    return (now - timedelta(days=back)).replace(hour=12)


def weakness_journal(now: datetime) -> Journal:
    """Calf twitches, one with weakness ticked: one red flag."""
    return Journal(
        episodes=[
            Episode(at=at(now, 5), region="calf_left"),
            Episode(at=at(now, 3), region="calf_left", weakness=True),
        ]
    )


def window_on(
    qtbot: QtBot,
    open_window: OpenWindow,
    settings: QSettings,
    now: datetime,
    review_day: int = 7,
) -> MainWindow:
    Preferences(settings).review_day = review_day
    window = open_window(clock=lambda: now).window
    window.guidance.set_delay(0)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_next_review_is_the_coming_weekday() -> None:
    saturday = SATURDAY.date()
    assert next_review(saturday, 7) == saturday + timedelta(days=1)
    assert next_review(saturday, 6) == saturday + timedelta(days=7)
    assert next_review(date(2026, 5, 11), 7) == date(2026, 5, 17)


def test_off_by_default_trends_show_every_day(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    window = window_on(qtbot, open_window, settings, SATURDAY, review_day=0)
    window.set_view("trends")
    assert window.review.placeholders["trends"].isHidden()
    assert window.trends_page.view is not None


def test_a_non_review_day_shows_the_placeholder_and_works_nothing_out(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    window = window_on(qtbot, open_window, settings, SATURDAY)
    window.set_view("trends")
    holder = window.review.placeholders["trends"]
    assert holder.isVisible()
    assert holder.heading.text() == "Your weekly review is on Sunday — see you then"
    assert "Sunday 10 May" in holder.text.text()
    assert not window.trends_page.scroll_area.isVisible()
    assert window.trends_page.view is None  # no charts built, nothing fitted
    # The page keeps its place in the window.
    assert window.pages["trends"] is window.trends_page
    assert window.current_view() == "trends"

    window.set_view("guidance")
    g_holder = window.review.placeholders["guidance"]
    assert g_holder.isVisible()
    assert "banner at the top of the window every day" in g_holder.text.text()
    assert not window.guidance.page.is_built()


def test_show_now_anyway_shows_it_for_the_rest_of_the_session(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    window = window_on(qtbot, open_window, settings, SATURDAY)
    window.set_view("trends")
    holder = window.review.placeholders["trends"]
    qtbot.mouseClick(holder.button, Qt.MouseButton.LeftButton)
    assert holder.isHidden()
    assert window.trends_page.view is not None
    assert window.trends_page.view.isVisible()
    window.set_view("log")
    window.set_view("trends")
    assert holder.isHidden()
    # Guidance is its own choice.
    window.set_view("guidance")
    assert window.review.placeholders["guidance"].isVisible()
    qtbot.mouseClick(
        window.review.placeholders["guidance"].button, Qt.MouseButton.LeftButton
    )
    assert window.guidance.page.is_built()
    assert window.guidance.page.view.isVisible()


def test_the_review_day_shows_the_summary(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    window = window_on(qtbot, open_window, settings, SUNDAY)
    window.set_view("trends")
    assert window.review.placeholders["trends"].isHidden()
    assert window.trends_page.view is not None
    assert window.trends_page.view.isVisible()
    window.set_view("guidance")
    assert window.review.placeholders["guidance"].isHidden()
    assert window.guidance.page.is_built()


def test_choosing_a_review_day_while_looking_applies_at_once(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    window = window_on(qtbot, open_window, settings, SATURDAY, review_day=0)
    window.set_view("guidance")
    assert window.guidance.page.view.isVisible()
    window.extras.prefs.review_day = 3
    holder = window.review.placeholders["guidance"]
    assert holder.isVisible()
    assert "Wednesday" in holder.heading.text()
    assert not window.guidance.page.view.isVisible()
    window.extras.prefs.review_day = 0
    assert holder.isHidden()
    assert window.guidance.page.view.isVisible()


def test_red_flags_are_never_held_back(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings, data_dir: Path
) -> None:
    JournalStore(data_dir).save(weakness_journal(SATURDAY))
    window = window_on(qtbot, open_window, settings, SATURDAY)
    hub = window.guidance
    if hub.report is None:
        with qtbot.waitSignal(hub.evaluated, timeout=10_000):
            pass
    assert hub.report is not None
    assert [i.id for i in hub.report.red_flags] == ["weakness"]
    for view in ("log", "trends", "history", "guidance"):
        window.set_view(view)
        assert hub.banner.isVisible(), view
    # Guidance waits for Sunday, so the banner stays on it too.
    assert window.review.placeholders["guidance"].isVisible()
    # Its Details open the note: the person asked for it.
    hub.open_item("weakness")
    assert window.current_view() == "guidance"
    assert window.review.placeholders["guidance"].isHidden()
    assert window.guidance.page.view.isVisible()
    assert "weakness" in window.guidance.page.view.item_ids()
