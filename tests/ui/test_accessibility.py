"""Every control a user can reach has a name a screen reader can say, symbol-only
buttons have tooltips, and the About box says what it should."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from twitchtrack import __version__
from twitchtrack.ui.window.about import BUNDLED, about_html, app_icon
from twitchtrack.ui.window.main_window import VIEWS, MainWindow
from twitchtrack.ui.window.welcome import WelcomeDialog

from .conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
    QTabBar,
)


def _inside_composite(widget: QWidget) -> bool:
    """Parts Qt builds inside one control (a spin box's line edit, a combo's list, a
    table's corner button): the screen reader announces the control itself."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    """The interactive widgets under ``root`` a user can reach."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _inside_composite(widget):
            continue
        if isinstance(widget, QScrollBar):
            continue  # scroll bars are named by their scroll area's role
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (a toolbar's overflow button...)
        found.append(widget)
    return found


def unnamed(widgets: Iterable[QWidget]) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r} text={getattr(w, 'text', str)()!r}"
        for w in widgets
        if not w.accessibleName().strip()
    ]


@pytest.fixture
def full_window(qtbot: QtBot, open_window: OpenWindow) -> MainWindow:
    """The window with every page built (Trends builds its charts lazily)."""
    session = open_window()
    session.model.log_episode("calf_left")
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    for view in VIEWS:
        window.set_view(view)
    window.set_view("log")
    window.select_episode(next(iter(session.model.episodes())).id)
    return window


def test_every_control_in_the_main_window_has_a_name(full_window: MainWindow) -> None:
    found = controls(full_window)
    assert len(found) > 60  # the walk really reaches every page
    names = {w.objectName() for w in found}
    assert {"nav_log", "history_search", "episode_intensity"} <= names
    assert unnamed(found) == []
    assert full_window.body_map.accessibleName()  # the custom-painted map too


def test_every_control_in_the_dialogs_has_a_name(
    qtbot: QtBot, full_window: MainWindow
) -> None:
    settings = full_window.extras.open_settings()
    welcome = WelcomeDialog(full_window)
    qtbot.addWidget(welcome)
    for dialog in (settings, welcome):
        found = controls(dialog)
        assert len(found) >= 2
        assert unnamed(found) == [], dialog.objectName()
    assert len(controls(settings)) >= 12
    settings.close()


def test_symbol_only_buttons_have_tooltips(full_window: MainWindow) -> None:
    symbol_only = [
        b
        for b in full_window.findChildren(QAbstractButton)
        if b.text() and not any(ch.isalnum() for ch in b.text())
    ]
    assert symbol_only  # the check-in's previous / next day arrows at least
    assert [b.objectName() for b in symbol_only if not b.toolTip()] == []
    assert full_window.checkin.prev_day.toolTip() == "Previous day"


def test_toolbar_actions_name_their_buttons_and_show_the_keys(
    full_window: MainWindow,
) -> None:
    button = full_window.toolbar.widgetForAction(full_window.undo_action)
    assert isinstance(button, QAbstractButton)
    assert button.accessibleName().startswith("Undo")
    assert "Ctrl+Z" in button.toolTip()


def test_about_box_names_version_folder_disclaimer_and_licences(
    full_window: MainWindow, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "about", lambda parent, title, text: shown.append(text)
    )
    full_window.about_action.trigger()
    (text,) = shown
    assert text == about_html(data_dir / "journal.json")
    assert __version__ in text
    assert str(data_dir) in text
    assert "not medical advice" in text
    assert "does not diagnose" in text
    for what, licence in BUNDLED:
        assert licence in text
        assert what.split(",")[0] in text
    assert "LGPL" in text


def test_the_window_has_the_app_icon(full_window: MainWindow) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()
    assert not full_window.windowIcon().isNull()
