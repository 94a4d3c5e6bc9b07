"""An optional tray icon whose menu logs a twitch at a recent place in one click.

The menu is built and kept current whether or not a system tray exists, so the
logging logic is the same (and testable) on a desktop without one; the
``QSystemTrayIcon`` itself is only created when the user turns the tray on and
the desktop has one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from twitchtrack.domain.models import Episode
from twitchtrack.domain.regions import is_region, region
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel

RECENT_COUNT = 5
MESSAGE_MS = 6_000


class TrayController(QObject):
    """The tray menu (always) and the tray icon (when on and available)."""

    show_window_requested = Signal()
    checkin_requested = Signal()
    quit_requested = Signal()
    logged = Signal(str)  # a sentence saying what was logged

    def __init__(
        self,
        model: JournalModel,
        icon: QIcon,
        *,
        menu_parent: QWidget | None = None,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        recent_count: int = RECENT_COUNT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._icon = icon
        # Public so a test can stand in for a desktop that has a tray.
        self.available_check = available
        self._recent_count = max(1, recent_count)
        self._tray: QSystemTrayIcon | None = None
        self.menu = QMenu(menu_parent)
        self.menu.setObjectName("tray_menu")
        self.menu.setTitle("twitchtrack")
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        # Per place: the newest episode's time and id. Built on first use (a scan of
        # every episode: ~30 ms at ten years), then kept up to date from the
        # model's change signals without rescanning.
        self._latest: dict[str, float] | None = None
        self._holder: dict[str, uuid.UUID] = {}
        self._held_by: dict[uuid.UUID, str] = {}
        self._dirty = True
        model.episodes_changed.connect(self._on_model_episodes_changed)

    # ------------------------------------------------------------------ the menu

    def recent_regions(self) -> list[str]:
        """The places logged most recently, newest first, each once."""
        latest = self._latest
        if latest is None:
            latest = self._scan()
        ordered = sorted(latest, key=lambda rid: latest[rid], reverse=True)
        return ordered[: self._recent_count]

    def _scan(self) -> dict[str, float]:
        self._latest, self._holder, self._held_by = {}, {}, {}
        for episode in self._model.episodes():
            self._note(episode)
        return self._latest

    def _note(self, episode: Episode) -> bool:
        """Take one new or changed episode into account; False if a rescan is needed
        (the newest episode of a place was deleted, moved or made older)."""
        latest = self._latest
        assert latest is not None
        live = episode.deleted_at is None and is_region(episode.region)
        stamp = episode.at.timestamp()
        held = self._held_by.get(episode.id)
        if held is not None and (
            not live or held != episode.region or stamp < latest[held]
        ):
            return False
        if live and stamp >= latest.get(episode.region, float("-inf")):
            previous = self._holder.get(episode.region)
            if previous is not None:
                self._held_by.pop(previous, None)
            latest[episode.region] = stamp
            self._holder[episode.region] = episode.id
            self._held_by[episode.id] = episode.region
        return True

    def log_actions(self) -> list[QAction]:
        """The "Log: <place>" actions in menu order (rebuilt first if stale)."""
        if self._dirty:
            self.refresh()
        return [a for a in self.menu.actions() if a.property("region_id")]

    def refresh(self) -> None:
        """Rebuild the menu from the journal."""
        self._dirty = False
        menu = self.menu
        for action in menu.actions():
            menu.removeAction(action)
            if action.parent() is menu:
                action.deleteLater()
        places = self.recent_regions()
        if places:
            heading = menu.addAction(tr("Log a twitch at a recent place"))
            heading.setEnabled(False)
        else:
            hint = menu.addAction(
                tr("Places you log in the window will appear here for one-click use")
            )
            hint.setEnabled(False)
            hint.setObjectName("tray_no_places")
        read_only = self._model.read_only
        for rid in places:
            label = region(rid).label
            action = menu.addAction(tr("Log: {place}").format(place=label))
            action.setObjectName(f"tray_log_{rid}")
            action.setProperty("region_id", rid)
            action.setEnabled(not read_only)
            action.triggered.connect(lambda _=False, r=rid: self.log(r))
        menu.addSeparator()
        show = menu.addAction(tr("Open twitchtrack"))
        show.setObjectName("tray_show")
        show.triggered.connect(self.show_window_requested)
        checkin = menu.addAction(tr("Today's Check-in…"))
        checkin.setObjectName("tray_checkin")
        checkin.triggered.connect(self.checkin_requested)
        menu.addSeparator()
        quit_action = menu.addAction(tr("Quit"))
        quit_action.setObjectName("tray_quit")
        quit_action.triggered.connect(self.quit_requested)

    def log(self, region_id: str) -> bool:
        """Log an episode at ``region_id`` now (undoable in the window)."""
        episode = self._model.log_episode(region_id)
        if episode is None:
            return False
        text = tr("Logged: {place} at {time}. Undo or add details in the window.")
        message = text.format(
            place=region(region_id).label.lower(), time=f"{episode.at:%H:%M}"
        )
        self.logged.emit(message)
        self.show_message(tr("Twitch logged"), message)
        return True

    # ------------------------------------------------------------------ the icon

    def available(self) -> bool:
        """True when the desktop has a system tray."""
        return bool(self.available_check())

    def set_enabled(self, enabled: bool) -> bool:
        """Show or hide the tray icon; returns whether it is shown."""
        if enabled and self.available():
            if self._dirty:
                self.refresh()
            if self._tray is None:
                self._tray = QSystemTrayIcon(self._icon, self)
                self._tray.setObjectName("tray_icon")
                self._tray.setToolTip("twitchtrack")
                self._tray.setContextMenu(self.menu)
                self._tray.activated.connect(self._on_tray_activated)
            self._tray.show()
            return True
        if self._tray is not None:
            self._tray.hide()
        return False

    def is_visible(self) -> bool:
        """True while the icon is in the tray."""
        return self._tray is not None and self._tray.isVisible()

    def show_message(self, title: str, text: str) -> bool:
        """A desktop notification from the tray; False when there is no tray icon."""
        if not self.is_visible():
            return False
        assert self._tray is not None
        self._tray.showMessage(
            title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
        )
        return True

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_window_requested.emit()

    def _on_menu_about_to_show(self) -> None:
        if self._dirty:
            self.refresh()

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        if self._latest is not None:
            for episode_id in ids:
                episode = self._model.episode(episode_id)
                if episode is not None and not self._note(episode):
                    self._latest = None  # rescanned when next needed
                    break
        self._dirty = True
        # A new log only updates the table above, so with the tray shown the menu
        # follows at once; after a rescan-worthy change it waits for aboutToShow.
        if self.is_visible() and self._latest is not None:
            self.refresh()
