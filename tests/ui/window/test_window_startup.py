"""Start-up in two stages: the Log view first, the rest right after its first paint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.window.main_window import MainWindow

from ..conftest import OpenWindow

AT = datetime(2026, 3, 4, tzinfo=UTC)
FILE_MENU_DONE = [
    "action_export_report",
    "action_export_csv",
    "action_export_json",
    "",
    "action_import",
    "action_backups",
    "",
    "action_open_folder",
    "",
    "action_quit",
]


def file_menu(window: MainWindow) -> list[str]:
    """Object names of the File menu's entries ("" for a separator)."""
    menu = window.menus["file"]
    return ["" if a.isSeparator() else a.objectName() for a in menu.actions()]


def page_names(window: MainWindow) -> list[str]:
    stack = window.stack
    return [stack.widget(i).objectName() for i in range(stack.count())]


def test_the_first_paint_shows_the_log_view_and_the_rest_follows_by_itself(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window().window
    assert not window.is_complete
    assert window.current_view() == "log"
    assert "page_history" not in page_names(window)
    assert file_menu(window) == ["", "action_open_folder", "", "action_quit"]

    window.show()
    qtbot.waitUntil(lambda: window.is_complete)  # nothing asked for it

    assert file_menu(window) == FILE_MENU_DONE
    assert page_names(window)[:2] == ["page_log", window.history.objectName()]
    # Warming the details form up off screen leaves what it shows alone.
    assert window.details.pages.currentIndex() == 0
    assert window.details.episode_id is None
    window.set_view("history")
    assert window.stack.currentWidget() is window.history


@pytest.mark.parametrize(
    "ask",
    [
        lambda w: w.history,
        lambda w: w.exchange,
        lambda w: w.pages,
        lambda w: w.set_view("history"),
        lambda w: w.menus["file"].aboutToShow.emit(),
    ],
    ids=["history", "exchange", "pages", "set_view", "file-menu"],
)
def test_asking_for_a_later_part_builds_it_at_once(
    open_window: OpenWindow, ask: Callable[[MainWindow], object]
) -> None:
    window = open_window().window
    assert not window.is_complete
    ask(window)
    assert window.is_complete
    assert file_menu(window) == FILE_MENU_DONE
    window.finish_building()  # a second time changes nothing
    assert file_menu(window) == FILE_MENU_DONE
    assert page_names(window).count(window.history.objectName()) == 1


def test_a_window_last_closed_on_history_opens_on_history(
    open_window: OpenWindow, settings: QSettings
) -> None:
    settings.setValue("window/view", "history")
    window = open_window().window
    assert window.is_complete
    assert window.current_view() == "history"


def test_the_newest_entry_is_shown_in_the_details_at_start(
    open_window: OpenWindow, data_dir: Path
) -> None:
    tokyo, new_york = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    older = Episode(at=datetime(2026, 3, 2, 8, 0, tzinfo=tokyo), region="calf_left")
    newest = Episode(at=datetime(2026, 3, 1, 19, 0, tzinfo=new_york), region="chin")
    gone = Episode(
        at=datetime(2026, 3, 3, tzinfo=UTC), region="calf_right", deleted_at=AT
    )
    JournalStore(data_dir).save(Journal(episodes=[newest, older, gone]))
    window = open_window().window
    assert window.details.episode_id == newest.id  # 00:00 UTC beats 23:00 UTC
    assert window.details.pages.currentIndex() == 1
    assert window.body_map.selected() == "chin"


def test_an_empty_journal_starts_with_nothing_selected(open_window: OpenWindow) -> None:
    window = open_window().window
    assert window.details.episode_id is None
    assert window.details.pages.currentIndex() == 0
