"""The main window: Log (body map, details, check-in), History, Trends, Guidance."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPointF, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import Episode, TapPoint
from twitchtrack.domain.regions import region
from twitchtrack.domain.text import plural
from twitchtrack.graphics.body.palette import LIGHT
from twitchtrack.ui.experiment.banner import add_log_banner
from twitchtrack.ui.guidance.hub import GuidanceHub
from twitchtrack.ui.log.body_map.panel import BodyMapPanel
from twitchtrack.ui.log.forms.day_form import DayCheckIn
from twitchtrack.ui.log.forms.episode_form import EpisodeDetails
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.style import CARD, STYLE_SHEET
from twitchtrack.ui.trends.page import TrendsPage
from twitchtrack.ui.widgets import Card
from twitchtrack.ui.window.actions import VIEWS, WindowActions
from twitchtrack.ui.window.banner import Banner
from twitchtrack.ui.window.extras import WindowExtras
from twitchtrack.ui.window.focus import follow_view
from twitchtrack.ui.window.heat import HEAT_DAYS, RecentHeat
from twitchtrack.ui.window.host import WindowHost
from twitchtrack.ui.window.log_columns import LogColumns
from twitchtrack.ui.window.review import ReviewGate
from twitchtrack.ui.window.sampling import CalmTracking
from twitchtrack.ui.window.startup import StagedBuild
from twitchtrack.ui.window.status import STATUS_MS, SaveStatus
from twitchtrack.ui.window.theme import ColorSchemeSource

if TYPE_CHECKING:  # built after the first paint (see MainWindow.finish_building)
    from twitchtrack.ui.exchange.controller import ExchangeController
    from twitchtrack.ui.history.view import HistoryView


def _import_history() -> None:
    import twitchtrack.ui.history.view  # noqa: F401  (the next step uses it)


class MainWindow(WindowHost):
    """The application window. Every change goes through the ``JournalModel``."""

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
        self.heat = RecentHeat(model)
        # What finish_building() still has to do after the first paint, in order.
        self._history: HistoryView | None = None
        self._exchange: ExchangeController | None = None
        self._stages = StagedBuild(
            self,
            [
                # The older records of a staged load (``JournalModel.load_more``).
                *[model.load_more] * model.loading_steps,
                # Every episode read once (the day's count): after the first paint.
                lambda: self.checkin.tracking.first_count(),
                self._build_exchange,
                _import_history,  # longer than building it: a step of its own
                self._build_history,
                self._finish_extras,
                self._warm_up,
            ],
        )
        self.setStyleSheet(STYLE_SHEET)
        self.setMinimumSize(960, 640)
        title = "twitchtrack"
        if demo:
            title += " — demo journal"
        elif model.read_only:
            title += " (read-only)"
        self.setWindowTitle(title)

        self._build_actions()
        self.guidance = GuidanceHub(model, parent=self)
        self._build_central()
        self.save_status = SaveStatus(self, model, self.error_bar)
        self.count_label = self.save_status.count_label
        self.saved_label = self.save_status.saved_label
        # Trends and Guidance hear of view changes through the review day's gate.
        self.review = ReviewGate(
            self.trends_page, self.guidance, clock=model.now, parent=self
        )
        self.view_changed.connect(self.review.on_view_changed)
        self.guidance.view_requested.connect(self.set_view)

        model.episodes_changed.connect(self._on_model_episodes_changed)
        model.settings_changed.connect(self.window_actions.sync_units)
        model.loaded.connect(self._on_model_loaded)
        model.read_only_changed.connect(self._on_model_read_only_changed)
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
        # The keyboard starts on the map (arrows, Enter logs), not on a nav tab.
        self.body_map.setFocus(Qt.FocusReason.OtherFocusReason)
        # Theme, Preferences, tray, reminders and extra shortcuts (extras.py).
        self.extras = WindowExtras(self, model, settings, style_hints=style_hints)
        # Sampling prompts, the tracking break, the review day (Preferences -> Calm).
        self.calm_tracking = CalmTracking(self, model, self.extras.prefs, self.review)
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
        self._stages.finish()

    def _build_exchange(self) -> None:
        from twitchtrack.ui.exchange.controller import ExchangeController

        self._exchange = ExchangeController(self._model, self, self._settings)
        self._exchange.add_to_menu(
            self.menus["file"], before=self.window_actions.file_menu_first
        )

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

    @property
    def is_complete(self) -> bool:
        """True once finish_building() has run."""
        return self._stages.done

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
        actions = WindowActions(
            self,
            self._model,
            set_view=self.set_view,
            trash=self._trash_current_episode,
            about=self._show_about,
            calm_toggled=self._on_calm_toggled,
            file_menu_shown=self.finish_building,
        )
        self.window_actions = actions
        self.undo_action = actions.undo_action
        self.redo_action = actions.redo_action
        self.view_actions = actions.view_actions
        self.units_actions = actions.units_actions
        self.calm_action = actions.calm_action
        self.trash_action = actions.trash_action
        self.open_folder_action = actions.open_folder_action
        self.quit_action = actions.quit_action
        self.about_action = actions.about_action
        self.menus = actions.menus
        self.toolbar = actions.toolbar
        self.nav_group, self.nav_buttons = actions.nav_group, actions.nav_buttons

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

        # What start-up did for the person (a restored backup, say): until dismissed.
        self.notice_banner = Banner("notice_banner", "info", button="Dismiss")
        assert self.notice_banner.button is not None
        self.notice_banner.button.clicked.connect(self.notice_banner.hide)
        column.addWidget(self.notice_banner)
        self.notice_banner.setVisible(False)

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
        columns = QWidget()
        row = LogColumns(columns)

        self.map_card = Card(
            "Where is it twitching?",
            "Read-only: click a place to read about it"
            if self._model.read_only
            else "Click a place to log it now",
        )
        self.map_card.setObjectName("map_card")
        self.first_run_hint = Banner(
            "first_run_hint",
            "info",
            # Short: the details panel beside it says what happens next.
            "Welcome! Click where you feel a twitch: it is logged at once, with "
            "the time. Everything stays on this computer.",
        )
        self.map_card.body.addWidget(self.first_run_hint)
        self.map_panel = self._build_map()
        self.body_map = self.map_panel.map
        # The notes for the selected body area sit beside the map.
        self.map_card.body.addWidget(self.guidance.beside_map(self.map_panel), 1)
        row.addWidget(self.map_card)

        self.details = EpisodeDetails(self._model)
        self.details.trash_requested.connect(
            lambda episode_id: self._model.delete_episodes([episode_id])
        )
        row.addWidget(self.details)

        self.checkin = DayCheckIn(self._model, count_later=True)
        row.addWidget(self.checkin)
        # A running self-experiment's calm line sits above the three columns.
        self.experiment_banner = add_log_banner(page, columns, self._model)
        return page

    def _build_map(self) -> BodyMapPanel:
        panel = BodyMapPanel()
        panel.legend.set_title(f"Twitches per place, last {HEAT_DAYS} days")
        # The map's own background would show as a grey box inside the white card.
        panel.map.set_palette(replace(LIGHT, background=QColor(CARD)))
        panel.map.region_activated.connect(self._on_map_region_activated)
        calm = self._settings.value("map/calm", False)
        panel.set_calm(calm in (True, "true", "1", 1))
        self.calm_action.blockSignals(True)
        self.calm_action.setChecked(panel.map.calm())
        self.calm_action.blockSignals(False)
        return panel

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
        follow_view(
            self.focusWidget(),
            self.nav_buttons.values(),
            self.nav_buttons[name],
            self._pages[name],
            self.body_map if name == "log" else None,
        )

    def show_notice(self, text: str) -> None:
        """A calm note at the top of the window until the person dismisses it."""
        self.notice_banner.set_text(text)
        self.notice_banner.setVisible(True)

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

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        if self.heat.update(ids):
            self._push_heat()
        self._update_counts()

    def _rebuild_heat(self) -> Episode | None:
        """Shade the map by the last ``HEAT_DAYS``; returns the newest episode."""
        newest = self.heat.rebuild()
        self._push_heat()
        return newest

    def _push_heat(self) -> None:
        self.map_panel.set_heat(self.heat.counts() or None)
        self.body_map.set_points(self.heat.points())

    def _on_model_loaded(self) -> None:
        self._rebuild_heat()
        self._update_counts()

    def _on_model_read_only_changed(self) -> None:
        self.read_only_banner.set_text(self._model.read_only_reason or "")
        self.read_only_banner.setVisible(self._model.read_only)

    def _update_counts(self) -> None:
        if self._model.loading_steps:
            self.count_label.clear()  # the count of every episode: once all are in
            return
        count = self._model.live_episode_count()
        self.count_label.setText(plural(count, "episode"))
        self.first_run_hint.setVisible(count == 0 and not self._model.read_only)

    def _on_calm_toggled(self, calm: bool) -> None:
        self.map_panel.set_calm(calm)
        self.trends_page.set_calm(calm)
        self._settings.setValue("map/calm", calm)

    def _show_about(self) -> None:
        from twitchtrack.ui.window.about import about_html

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
