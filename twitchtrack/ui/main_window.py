"""The main window: Log (body map, details, check-in), History, Trends, Guidance."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QPointF,
    QSettings,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import Episode, TapPoint, Units
from twitchtrack.domain.regions import region
from twitchtrack.ui.body_map import LIGHT, BodyMapPanel
from twitchtrack.ui.extras import WindowExtras
from twitchtrack.ui.forms.day_form import DayCheckIn
from twitchtrack.ui.forms.episode_form import EpisodeDetails
from twitchtrack.ui.forms.style import CARD, STYLE_SHEET
from twitchtrack.ui.forms.widgets import Card, set_names
from twitchtrack.ui.guidance_page import GuidanceHub
from twitchtrack.ui.state import JournalModel
from twitchtrack.ui.theme import ColorSchemeSource
from twitchtrack.ui.trends_page import TrendsPage

if TYPE_CHECKING:  # built after the first paint (see MainWindow.finish_building)
    from twitchtrack.ui.exchange import ExchangeController
    from twitchtrack.ui.history.view import HistoryView

VIEWS: tuple[str, ...] = ("log", "history", "trends", "guidance")
VIEW_LABELS: dict[str, str] = {
    "log": "Log",
    "history": "History",
    "trends": "Trends",
    "guidance": "Guidance",
}
HEAT_DAYS = 30  # the map shades places by how often they twitched lately
STATUS_MS = 6_000


class Banner(QFrame):
    """A calm strip across the top of the window: a message and an optional button."""

    def __init__(
        self, name: str, tone: str, text: str = "", button: str | None = None
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("banner", tone)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.setSpacing(10)
        self.label = QLabel(text)
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if button:
            self.button = QPushButton(button)
            set_names(self.button, f"{name}_button", button)
            row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_text(self, text: str) -> None:
        """Change the message."""
        self.label.setText(text)


def _import_history() -> None:
    import twitchtrack.ui.history.view  # noqa: F401  (the next step uses it)


class MainWindow(QMainWindow):
    """The application window. Every change goes through the ``JournalModel``."""

    view_changed = Signal(str)

    def __init__(
        self,
        model: JournalModel,
        settings: QSettings,
        *,
        demo: bool = False,
        style_hints: ColorSchemeSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self._model = model
        self._settings = settings
        self._demo = demo
        self._recent: dict[uuid.UUID, Episode] = {}
        # What finish_building() still has to do after the first paint, in order
        # (a step per event-loop turn when it runs by itself, so no single step
        # holds up the window for long).
        self._later: list[Callable[[], None]] = [
            self._build_exchange,
            _import_history,  # longer than building it: a step of its own
            self._build_history,
            self._finish_extras,
            self._warm_up,
        ]
        self._history: HistoryView | None = None
        self._exchange: ExchangeController | None = None
        self._finish_timer = QTimer(self)
        self._finish_timer.setSingleShot(True)
        self._finish_timer.setInterval(0)
        self._finish_timer.timeout.connect(self._build_next)
        self.installEventFilter(self)  # until the first paint (eventFilter)
        self.setStyleSheet(STYLE_SHEET)
        self.setMinimumSize(960, 640)
        title = "twitchtrack"
        if demo:
            title += " — demo journal"
        elif model.read_only:
            title += " (read-only)"
        self.setWindowTitle(title)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.guidance = GuidanceHub(model, parent=self)
        self._build_central()
        self._build_status_bar()
        self.view_changed.connect(self.trends_page.on_view_changed)
        self.view_changed.connect(self.guidance.set_current_view)
        self.guidance.view_requested.connect(self.set_view)

        model.saved.connect(self._on_model_saved)
        model.save_failed.connect(self._on_model_save_failed)
        model.external_change_merged.connect(self._on_model_external_change_merged)
        model.external_check_failed.connect(self._on_model_external_check_failed)
        model.episodes_changed.connect(self._on_model_episodes_changed)
        model.settings_changed.connect(self._sync_units_actions)
        model.edit_refused.connect(
            lambda reason: self.statusBar().showMessage(
                "This window is read-only; nothing was changed.", STATUS_MS
            )
        )
        newest = self._rebuild_heat()
        if newest is not None:
            # The latest entry greets the user in the details panel (the form is
            # then on screen from the start, so a first click only updates it).
            self.select_episode(newest.id)
        self._update_counts()
        # Theme, Preferences, tray, reminders and extra shortcuts (ui/extras.py).
        self.extras = WindowExtras(self, model, settings, style_hints=style_hints)
        self._restore_settings()

    # ------------------------------------------------------------------ second stage

    def finish_building(self) -> None:
        """Build what the first paint does not show: History, the File menu's
        export/import/backups, the extras' shortcuts and tooltips.

        It happens by itself right after the window is first painted, a step per
        event-loop turn, so the Log view appears sooner. Anything that needs
        these parts earlier (``history``, ``exchange``, ``pages``, ``set_view``,
        opening the File menu) calls this, which does what is left at once.
        """
        self._finish_timer.stop()
        while self._later:
            self._later.pop(0)()

    def _build_next(self) -> None:
        if self._later:
            self._later.pop(0)()
        if self._later:
            self._finish_timer.start()

    def _build_exchange(self) -> None:
        from twitchtrack.ui.exchange import ExchangeController

        self._exchange = ExchangeController(self._model, self, self._settings)
        self._exchange.add_to_menu(self.menus["file"], before=self._file_menu_first)

    def _build_history(self) -> None:
        from twitchtrack.ui.history.view import HistoryView

        self._history = HistoryView(self._model)
        self._history.episode_activated.connect(self._on_history_episode_activated)
        self._add_page("history", self._history, index=VIEWS.index("history"))

    def _finish_extras(self) -> None:
        self.extras.finish()

    def _warm_up(self) -> None:
        # In a journal with nothing to show yet, the first click brings up the
        # details form: painting it once off screen spares that click ~1.5 ms.
        self.details.warm_up()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            # Built once this paint is on screen; the filter's work is done.
            self.removeEventFilter(self)
            if self._later:
                self._finish_timer.start()
        return super().eventFilter(watched, event)

    @property
    def is_complete(self) -> bool:
        """True once finish_building() has run."""
        return not self._later

    @property
    def history(self) -> HistoryView:
        """The History view (built now if it was not yet)."""
        self.finish_building()
        assert self._history is not None
        return self._history

    @property
    def exchange(self) -> ExchangeController:
        """Exports, imports and backups (built now if they were not yet)."""
        self.finish_building()
        assert self._exchange is not None
        return self._exchange

    @property
    def pages(self) -> dict[str, QWidget]:
        """Every view's page by name (all of them built)."""
        self.finish_building()
        return dict(self._pages)

    # ------------------------------------------------------------------ actions & menus

    def _build_actions(self) -> None:
        stack = self._model.undo_stack
        self.undo_action = stack.createUndoAction(self, "Undo")
        self.undo_action.setObjectName("action_undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "Redo")
        self.redo_action.setObjectName("action_redo")
        redo_keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.redo_action.setShortcuts(redo_keys)

        self.view_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for number, name in enumerate(VIEWS, start=1):
            action = QAction(VIEW_LABELS[name], self)
            action.setObjectName(f"action_view_{name}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=name: self.set_view(n))
            group.addAction(action)
            self.view_actions[name] = action

        self.units_actions: dict[Units, QAction] = {}
        units_group = QActionGroup(self)
        for units, label in ((Units.METRIC, "Metric (ml)"), (Units.US, "US (fl oz)")):
            action = QAction(label, self)
            action.setObjectName(f"action_units_{units.value}")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, u=units: self._model.set_units(u))
            action.setEnabled(not self._model.read_only)
            units_group.addAction(action)
            self.units_actions[units] = action
        self._sync_units_actions()

        self.calm_action = QAction("Calm Map (Hide Counts and Colours)", self)
        self.calm_action.setObjectName("action_calm_map")
        self.calm_action.setCheckable(True)
        self.calm_action.toggled.connect(self._on_calm_toggled)

        self.trash_action = QAction("Move Episode to Trash", self)
        self.trash_action.setObjectName("action_trash_episode")
        self.trash_action.triggered.connect(self._trash_current_episode)

        self.open_folder_action = QAction("Open Data Folder", self)
        self.open_folder_action.setObjectName("action_open_folder")
        self.open_folder_action.triggered.connect(
            lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(self._model.store.folder))
            )
        )
        self.quit_action = QAction("Quit", self)
        self.quit_action.setObjectName("action_quit")
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        # Connected by WindowExtras: quitting must get past close-to-tray.
        self.about_action = QAction("About twitchtrack", self)
        self.about_action.setObjectName("action_about")
        self.about_action.triggered.connect(self._show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        # Exports, import and backups go first, once built (finish_building).
        file_menu.aboutToShow.connect(self.finish_building)
        self._file_menu_first = file_menu.addSeparator()
        file_menu.addAction(self.open_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.trash_action)
        view_menu = bar.addMenu("&View")
        for action in self.view_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.calm_action)
        units_menu = view_menu.addMenu("Units")
        for action in self.units_actions.values():
            units_menu.addAction(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self.menus = {"file": file_menu, "edit": edit_menu, "view": view_menu}
        self.menus["help"] = help_menu

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.toggleViewAction().setVisible(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        title = QLabel("twitchtrack")
        title.setObjectName("app_title")
        toolbar.addWidget(title)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QPushButton] = {}
        for name in VIEWS:
            button = QPushButton(VIEW_LABELS[name])
            set_names(button, f"nav_{name}", f"Show {VIEW_LABELS[name]}")
            button.setProperty("nav", True)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, n=name: self.set_view(n))
            self.nav_group.addButton(button)
            self.nav_buttons[name] = button
            toolbar.addWidget(button)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        self.toolbar = toolbar

    # ------------------------------------------------------------------ central area

    def _build_central(self) -> None:
        central = QWidget()
        central.setObjectName("page")
        column = QVBoxLayout(central)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)

        self.read_only_banner = Banner("read_only_banner", "info")
        self.read_only_banner.set_text(self._model.read_only_reason or "")
        column.addWidget(self.read_only_banner)
        # Only after it has a parent: a visible parentless widget is a window.
        self.read_only_banner.setVisible(self._model.read_only)

        self.demo_banner = Banner(
            "demo_banner",
            "info",
            "This is a demo journal with made-up entries, kept in a temporary folder. "
            "Try anything: nothing here touches your own journal.",
        )
        column.addWidget(self.demo_banner)
        self.demo_banner.setVisible(self._demo)

        self.error_bar = Banner("save_error_bar", "warn", button="Try again now")
        assert self.error_bar.button is not None
        self.error_bar.button.clicked.connect(self._model.save_now)
        column.addWidget(self.error_bar)
        self.error_bar.setVisible(False)
        column.addWidget(self.guidance.banner_slot)  # red flags, when there are any

        self.stack = QStackedWidget()
        self.stack.setObjectName("view_stack")
        column.addWidget(self.stack, 1)
        self._pages: dict[str, QWidget] = {}
        self._add_page("log", self._build_log_page())
        # History follows in finish_building().
        # Trends builds its charts (and loads pyqtgraph) the first time it is shown.
        self.trends_page = TrendsPage(
            self._model,
            body_geometry=self.body_map.geometry_model,
            calm=self.body_map.calm(),
        )
        self._add_page("trends", self.trends_page)
        self._add_page("guidance", self.guidance.page)
        self.setCentralWidget(central)

    def _add_page(self, name: str, widget: QWidget, index: int = -1) -> None:
        widget.setObjectName(widget.objectName() or f"page_{name}")
        self._pages[name] = widget
        self.stack.insertWidget(index, widget)

    def set_page(self, name: str, widget: QWidget) -> None:
        """Replace a view's page with another widget (a plug-in or a test's own)."""
        self.finish_building()
        old = self._pages[name]
        index = self.stack.indexOf(old)
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self._pages[name] = widget
        if self.current_view() == name:
            self.stack.setCurrentWidget(widget)

    def _build_log_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("page_log")
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)

        self.map_card = Card("Where is it twitching?", "Click a place to log it now")
        self.map_card.setObjectName("map_card")
        self.first_run_hint = Banner(
            "first_run_hint",
            "info",
            "Welcome! Click the place on the body where you feel a twitch: it is "
            "logged at once, with the time. Add details on the right if you like, "
            "and fill in the day's check-in whenever suits you. Everything stays on "
            "this computer.",
        )
        self.map_card.body.addWidget(self.first_run_hint)
        self.map_panel = self._build_map()
        self.body_map = self.map_panel.map
        # The notes for the selected body area sit beside the map.
        self.map_card.body.addWidget(self.guidance.beside_map(self.map_panel), 1)
        row.addWidget(self.map_card, 1)

        self.details = EpisodeDetails(self._model)
        self.details.setFixedWidth(318)
        self.details.trash_requested.connect(
            lambda episode_id: self._model.delete_episodes([episode_id])
        )
        row.addWidget(self.details)

        self.checkin = DayCheckIn(self._model)
        self.checkin.setFixedWidth(330)
        row.addWidget(self.checkin)
        return page

    def _build_map(self) -> BodyMapPanel:
        panel = BodyMapPanel()
        # The map's own background would show as a grey box inside the white card.
        panel.map.set_palette(replace(LIGHT, background=QColor(CARD)))
        panel.map.region_activated.connect(self._on_map_region_activated)
        calm = self._settings.value("map/calm", False)
        panel.set_calm(calm in (True, "true", "1", 1))
        self.calm_action.blockSignals(True)
        self.calm_action.setChecked(panel.map.calm())
        self.calm_action.blockSignals(False)
        return panel

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_label")
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.saved_label)
        if self._model.read_only:
            self.saved_label.setText("Read-only")
        elif self._model.last_saved is None:
            self.saved_label.setText("All changes are saved automatically")

    # ------------------------------------------------------------------ views

    def current_view(self) -> str:
        """The name of the view shown."""
        widget = self.stack.currentWidget()
        return next((n for n, w in self._pages.items() if w is widget), "log")

    def set_view(self, name: str) -> None:
        """Show one of ``VIEWS``."""
        if name not in VIEWS:
            raise ValueError(f"unknown view {name!r}; choose from {', '.join(VIEWS)}")
        if name not in self._pages:
            self.finish_building()
        self.stack.setCurrentWidget(self._pages[name])
        self.nav_buttons[name].setChecked(True)
        self.view_actions[name].setChecked(True)
        self._settings.setValue("window/view", name)
        self.view_changed.emit(name)

    def select_episode(self, episode_id: uuid.UUID | None) -> None:
        """Show an episode in the details panel and mark its place on the map."""
        self.details.set_episode(episode_id)
        episode = self._model.episode(episode_id) if episode_id else None
        live = episode is not None and not episode.deleted
        self.body_map.set_selected(episode.region if live and episode else None)
        self.guidance.follow_episode(episode_id if live else None)

    def _on_history_episode_activated(self, episode_id: uuid.UUID) -> None:
        self.select_episode(episode_id)
        self.set_view("log")

    def _trash_current_episode(self) -> None:
        if self.current_view() == "history":
            self.history.delete_selected()
        elif self.details.episode_id is not None:
            self._model.delete_episodes([self.details.episode_id])

    # ------------------------------------------------------------------ logging

    def _on_map_region_activated(
        self, region_id: str, view: str, point: QPointF
    ) -> None:
        tap = TapPoint(
            view=view, x=min(max(point.x(), 0.0), 1.0), y=min(max(point.y(), 0.0), 1.0)
        )
        episode = self._model.log_episode(region_id, tap=tap)
        if episode is None:
            return
        self.select_episode(episode.id)
        self.statusBar().showMessage(
            f"Logged: {region(region_id).label.lower()} at {episode.at:%H:%M}. "
            "Ctrl+Z undoes it.",
            STATUS_MS,
        )

    # ------------------------------------------------------------------ model feedback

    def _on_model_saved(self, when: datetime) -> None:
        self.error_bar.setVisible(False)
        self.saved_label.setText(f"Saved {when:%H:%M}")

    def _on_model_save_failed(self, message: str) -> None:
        self.error_bar.set_text(
            "Your latest changes could not be saved yet, so they are kept in this "
            f"window and saving will be tried again.\n{message}"
        )
        self.error_bar.setVisible(True)
        self.saved_label.setText("Not saved yet")

    def _on_model_external_change_merged(self, count: int) -> None:
        plural = "s" if count != 1 else ""
        self.statusBar().showMessage(
            f"Merged {count} change{plural} made outside this window.", STATUS_MS
        )

    def _on_model_external_check_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            f"The journal file was changed outside this window but cannot be read: "
            f"{message}",
            STATUS_MS * 2,
        )

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        cutoff = self._model.now() - timedelta(days=HEAT_DAYS)
        changed = False
        for episode_id in ids:
            episode = self._model.episode(episode_id)
            recent = episode is not None and self._counts_for_heat(episode, cutoff)
            if recent and episode is not None:
                changed |= self._recent.get(episode_id) != episode
                self._recent[episode_id] = episode
            elif self._recent.pop(episode_id, None) is not None:
                changed = True
        if changed:
            self._push_heat()
        self._update_counts()

    @staticmethod
    def _counts_for_heat(episode: Episode, cutoff: datetime) -> bool:
        return not episode.deleted and episode.at >= cutoff

    def _rebuild_heat(self) -> Episode | None:
        """Shade the map by the last ``HEAT_DAYS``; returns the newest episode."""
        cutoff = self._model.now() - timedelta(days=HEAT_DAYS)
        # Compare POSIX times: much cheaper than aware datetimes in other offsets.
        since = cutoff.timestamp()
        recent: dict[uuid.UUID, Episode] = {}
        newest: Episode | None = None
        newest_at = float("-inf")
        for e in self._model.episodes():
            if e.deleted_at is not None:
                continue
            at = e.at.timestamp()
            if at >= since:
                recent[e.id] = e
            if at > newest_at:
                newest, newest_at = e, at
        self._recent = recent
        self._push_heat()
        return newest

    def _push_heat(self) -> None:
        counts: dict[str, float] = {}
        points: list[tuple[str, float, float]] = []
        for episode in self._recent.values():
            counts[episode.region] = counts.get(episode.region, 0.0) + 1.0
            if episode.tap is not None:
                points.append((episode.tap.view.value, episode.tap.x, episode.tap.y))
        self.map_panel.set_heat(counts or None)
        self.body_map.set_points(points)

    def _update_counts(self) -> None:
        count = self._model.live_episode_count()
        self.count_label.setText(f"{count:,} episode{'s' if count != 1 else ''}")
        self.first_run_hint.setVisible(count == 0 and not self._model.read_only)

    def _on_calm_toggled(self, calm: bool) -> None:
        self.map_panel.set_calm(calm)
        self.trends_page.set_calm(calm)
        self._settings.setValue("map/calm", calm)

    def _sync_units_actions(self) -> None:
        self.units_actions[self._model.units].setChecked(True)

    def _show_about(self) -> None:
        from twitchtrack.ui.about import about_html

        QMessageBox.about(self, "About twitchtrack", about_html(self._model.store.path))

    # ---------------------------------------------------------------- settings, closing

    def _restore_settings(self) -> None:
        geometry = self._settings.value("window/geometry")
        if (
            isinstance(geometry, QByteArray | bytes)
            and not self.restoreGeometry(QByteArray(geometry))
        ) or geometry is None:
            self.resize(1280, 800)
        view = self._settings.value("window/view", "log")
        self.set_view(view if view in VIEWS else "log")

    def save_settings(self) -> None:
        """Remember size, position and view."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/view", self.current_view())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.details.commit_note()
        self.checkin.commit_note()
        if self._exchange is not None:
            self._exchange.wait()  # a report or export being written finishes first
        while not self._model.flush():
            answer = QMessageBox.warning(
                self,
                "Changes not saved",
                "Your latest changes could not be saved:\n\n"
                f"{self._model.last_error}\n\n"
                "Try again, keep the window open (the changes stay here), or close "
                "and lose them.",
                QMessageBox.StandardButton.Retry
                | QMessageBox.StandardButton.Cancel
                | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Retry,
            )
            if answer == QMessageBox.StandardButton.Discard:
                break
            if answer != QMessageBox.StandardButton.Retry:
                event.ignore()
                return
        self.trends_page.shutdown()
        self.guidance.shutdown()
        event.accept()
