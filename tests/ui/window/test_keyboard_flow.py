"""The whole logging flow with the keyboard alone, and the shortcuts around it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from twitchtrack.domain.regions import region
from twitchtrack.ui.window.main_window import VIEWS, MainWindow

from ..conftest import OpenWindow, durable, on_disk

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def active(window: MainWindow, qtbot: QtBot) -> MainWindow:
    window.show()
    qtbot.waitExposed(window)
    # Window shortcuts need an active window with the focus inside it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """Press a key where the keyboard focus is, as a user would."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    if modifier is None:
        qtbot.keyClick(target, k)
    else:
        qtbot.keyClick(target, k, modifier)


def test_log_set_intensity_and_undo_with_the_keyboard_alone(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window(clock=lambda: NOW)
    window = active(session.window, qtbot)
    model = session.model
    window.set_view("history")

    key(qtbot, Qt.Key.Key_L, CTRL)  # to the body map
    assert window.current_view() == "log"
    assert window.body_map.hasFocus()
    key(qtbot, Qt.Key.Key_Down)  # the first arrow puts the ring on a region
    start = window.body_map.focused_region()
    assert start is not None
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Left)
    chosen = window.body_map.focused_region()
    assert chosen is not None
    assert chosen != start
    assert window.body_map.accessibleName() == region(chosen).label  # read out

    with durable(qtbot, model):
        key(qtbot, Qt.Key.Key_Return)  # logs at the focused place
    (episode,) = on_disk(data_dir).live_episodes()
    assert episode.region == chosen
    assert episode.intensity == 3
    assert window.details.episode_id == episode.id

    key(qtbot, Qt.Key.Key_E, CTRL)  # to the episode's details
    assert window.details.intensity.hasFocus()
    with durable(qtbot, model):
        key(qtbot, Qt.Key.Key_Right)
        key(qtbot, Qt.Key.Key_Right)
    assert on_disk(data_dir).live_episodes()[0].intensity == 5
    assert "5" in window.details.intensity_value.text()

    with durable(qtbot, model):
        key(qtbot, Qt.Key.Key_Z, CTRL)  # both key presses were one change
    assert on_disk(data_dir).live_episodes()[0].intensity == 3
    with durable(qtbot, model):
        key(qtbot, Qt.Key.Key_Z, CTRL)
    assert on_disk(data_dir).live_episodes() == []
    with durable(qtbot, model):
        key(qtbot, Qt.Key.Key_Y, CTRL)  # redo
    assert [e.region for e in on_disk(data_dir).live_episodes()] == [chosen]


def test_ctrl_number_keys_switch_views(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = active(open_window().window, qtbot)
    window.body_map.setFocus()
    for number, name in reversed(list(enumerate(VIEWS, start=1))):
        key(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
        assert window.current_view() == name
        assert window.nav_buttons[name].isChecked()


def test_ctrl_d_opens_todays_check_in_ready_to_type(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window(clock=lambda: NOW)
    window = active(session.window, qtbot)
    window.set_view("trends")
    window.nav_buttons["trends"].setFocus()
    window.checkin.set_date(NOW.date().replace(day=1))
    key(qtbot, Qt.Key.Key_D, CTRL)
    assert window.current_view() == "log"
    assert window.checkin.shown_date == NOW.date()
    caffeine = window.checkin.numbers["caffeine_mg"].edit
    assert caffeine.hasFocus()
    with durable(qtbot, session.model):
        qtbot.keyClicks(caffeine, "180")
        key(qtbot, Qt.Key.Key_Return)
    day = on_disk(data_dir).day(NOW.date())
    assert day is not None
    assert day.caffeine_mg == 180


def test_ctrl_f_searches_the_history(qtbot: QtBot, open_window: OpenWindow) -> None:
    session = open_window()
    session.model.log_episode("calf_left", note="after the run")
    session.model.log_episode("eyelid_upper_left")
    window = active(session.window, qtbot)
    window.body_map.setFocus()
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert window.current_view() == "history"
    search = window.history.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "run")
    assert window.history.proxy.rowCount() == 1


def test_every_shortcut_is_unique(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window().window
    seen: dict[str, str] = {}
    for action in window.findChildren(type(window.undo_action)):
        for sequence in action.shortcuts():
            text = sequence.toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {action.text()}"
            seen[text] = action.text()
    assert {"Ctrl+,", "Ctrl+D", "Ctrl+E", "Ctrl+F", "Ctrl+L", "Ctrl+1"} <= set(seen)


def test_after_ctrl_number_only_the_shown_view_looks_selected(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    # The nav buttons draw a ring while focused: a new window put the keyboard on
    # Log's, and it stayed there after Ctrl+2, so two tabs looked selected (#12).
    window = active(open_window().window, qtbot)
    assert QApplication.focusWidget() is window.body_map  # where the Log view starts

    def check(name: str, *, on_tab: bool) -> None:
        assert window.current_view() == name
        focused = QApplication.focusWidget()
        assert focused is not None
        others = [b for n, b in window.nav_buttons.items() if n != name]
        assert focused not in others, f"{focused.objectName()} keeps the focus"
        if on_tab:  # a keyboard user on the tabs stays on the tabs
            assert focused is window.nav_buttons[name]
        else:  # otherwise the keyboard goes into the view just shown
            assert window.stack.currentWidget().isAncestorOf(focused)

    for number, name in [(2, "history"), (3, "trends"), (4, "guidance"), (1, "log")]:
        key(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
        check(name, on_tab=False)
    window.nav_buttons["log"].setFocus(Qt.FocusReason.TabFocusReason)
    for number, name in [(3, "trends"), (2, "history"), (1, "log")]:
        key(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
        check(name, on_tab=True)
