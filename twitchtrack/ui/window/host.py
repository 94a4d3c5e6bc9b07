"""The main window as its comforts see it: the parts ``WindowExtras`` works with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QStackedWidget

if TYPE_CHECKING:
    from twitchtrack.ui.history.view import HistoryView
    from twitchtrack.ui.log.body_map.panel import BodyMapPanel
    from twitchtrack.ui.log.body_map.widget import BodyMapWidget
    from twitchtrack.ui.log.forms.day_form import DayCheckIn
    from twitchtrack.ui.log.forms.episode_form import EpisodeDetails


class WindowHost(QMainWindow):
    """A main window with views, menus and the Log view's parts (``MainWindow``).

    Below both the window and its comforts (``extras``), so the comforts can be
    given the window without importing it: ``MainWindow`` builds its
    ``WindowExtras`` and passes itself in.
    """

    view_changed = Signal(str)  # the name of the view now shown

    stack: QStackedWidget
    menus: dict[str, QMenu]
    quit_action: QAction
    calm_action: QAction
    checkin: DayCheckIn
    details: EpisodeDetails
    body_map: BodyMapWidget
    map_panel: BodyMapPanel

    @property
    def history(self) -> HistoryView:
        """The History view (built when first asked for)."""
        raise NotImplementedError

    @property
    def is_complete(self) -> bool:
        """True once everything the first paint did not need is built."""
        raise NotImplementedError

    def set_view(self, name: str) -> None:
        """Show one of the views by name."""
        raise NotImplementedError

    def save_settings(self) -> None:
        """Remember size, position and view."""
        raise NotImplementedError
