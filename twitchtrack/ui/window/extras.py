"""Desktop comforts around the main window: theme, preferences, tray, reminders, keys.

Kept apart from ``main_window.py`` so the window stays about journalling; the
window builds one ``WindowExtras`` at the end of its constructor, passing itself
(typed as the ``host.WindowHost`` it derives from, so this module needs no import
of the window).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateTimeEdit,
    QLineEdit,
    QMenu,
    QSystemTrayIcon,
    QToolButton,
    QWidget,
)

from twitchtrack.graphics.body.palette import palette_for
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.style import colours, style_sheet
from twitchtrack.ui.window.about import app_icon
from twitchtrack.ui.window.banner import ReminderBanner
from twitchtrack.ui.window.host import WindowHost
from twitchtrack.ui.window.reminders import CHECKIN, SELF_CHECK, ReminderScheduler
from twitchtrack.ui.window.theme import (
    ColorSchemeSource,
    ThemeController,
    window_palette,
)
from twitchtrack.ui.window.tray import TrayController

if TYPE_CHECKING:
    from twitchtrack.ui.settings.settings_dialog import OpenUrl, SettingsDialog

STATUS_MS = 8_000
_DAY_OF_WEEK = {
    1: Qt.DayOfWeek.Monday,
    6: Qt.DayOfWeek.Saturday,
    7: Qt.DayOfWeek.Sunday,
}


class WindowExtras(QObject):
    """Theme, Preferences, tray, reminders, shortcuts and tooltips for one window."""

    quit_requested = Signal()  # the app should quit (after the window closed)

    def __init__(
        self,
        window: WindowHost,
        model: JournalModel,
        settings: QSettings,
        *,
        style_hints: ColorSchemeSource | None = None,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        open_url: OpenUrl = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._model = model
        self._open_url = open_url
        self._tray_available = tray_available
        self._quitting = False
        self.prefs = Preferences(settings, self)
        self.settings_dialog: SettingsDialog | None = None

        icon = app_icon()
        if not icon.isNull():
            window.setWindowIcon(icon)
        # Dialogs are windows of their own: let them inherit the window's palette.
        window.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)

        self.theme = ThemeController(style_hints, self.prefs.theme, self)
        self.theme.dark_changed.connect(self._apply_theme)
        window.stack.widgetAdded.connect(self._on_stack_widget_added)
        # Pages build some of their controls when first shown (Trends, Guidance).
        window.view_changed.connect(self._on_window_view_changed)

        self.banner = ReminderBanner()
        self.banner.action_requested.connect(self._on_banner_action_requested)
        self._insert_banner()
        self.banner.hide()

        self.tray = TrayController(
            model, icon, menu_parent=window, available=tray_available, parent=self
        )
        self.tray.show_window_requested.connect(self.show_window)
        self.tray.checkin_requested.connect(self.open_checkin)
        self.tray.quit_requested.connect(self.quit)
        self.tray.logged.connect(
            lambda message: window.statusBar().showMessage(message, STATUS_MS)
        )
        self.tray.set_enabled(self.prefs.tray)

        self.reminders = ReminderScheduler(model, self.prefs, parent=self)
        self.reminders.reminder_due.connect(self.notify)
        model.days_changed.connect(self._on_model_days_changed)

        self._build_actions()
        self.prefs.changed.connect(self._on_prefs_changed)
        window.installEventFilter(self)
        if self.theme.dark or self.theme.system_dark:
            # The window starts light; re-styling every widget costs start-up time.
            self._apply_theme(self.theme.dark)

    def finish(self) -> None:
        """What can wait until the window is on screen (MainWindow.finish_building):
        tooltips and names for every button, and the calendars' first weekday."""
        self.polish()
        self._apply_week_start()

    # ------------------------------------------------------------------ actions

    def _build_actions(self) -> None:
        window = self._window
        self.preferences_action = QAction(tr("Preferences…"), window)
        self.preferences_action.setObjectName("action_preferences")
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.open_settings)

        self.checkin_action = QAction(tr("Today's Check-in"), window)
        self.checkin_action.setObjectName("action_checkin")
        self.checkin_action.setShortcut(QKeySequence("Ctrl+D"))
        self.checkin_action.setToolTip(tr("Go to today's check-in (Ctrl+D)"))
        self.checkin_action.triggered.connect(self.open_checkin)

        self.map_action = QAction(tr("Log at the Body Map"), window)
        self.map_action.setObjectName("action_focus_map")
        self.map_action.setShortcut(QKeySequence("Ctrl+L"))
        self.map_action.triggered.connect(self.focus_map)

        self.details_action = QAction(tr("Episode Details"), window)
        self.details_action.setObjectName("action_focus_details")
        self.details_action.setShortcut(QKeySequence("Ctrl+E"))
        self.details_action.triggered.connect(self.focus_details)

        self.search_action = QAction(tr("Search History"), window)
        self.search_action.setObjectName("action_search")
        self.search_action.setShortcuts(QKeySequence.StandardKey.Find)
        if not self.search_action.shortcuts():
            self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.triggered.connect(self.focus_search)

        self.welcome_action = QAction(tr("Welcome Guide"), window)
        self.welcome_action.setObjectName("action_welcome")
        self.welcome_action.triggered.connect(self.show_welcome)

        # Quitting from the menu must really quit, even with the tray on.
        window.quit_action.triggered.connect(self.quit)

        menus = getattr(window, "menus", {})
        edit: QMenu | None = menus.get("edit")
        view: QMenu | None = menus.get("view")
        help_menu: QMenu | None = menus.get("help")
        if edit is not None:
            edit.addSeparator()
            edit.addAction(self.preferences_action)
        if view is not None:
            # Ahead of the view switches: the places a keyboard user jumps to.
            before = view.actions()
            jumps = (self.map_action, self.details_action, self.checkin_action)
            if before:
                view.insertActions(before[0], list(jumps))
                view.insertSeparator(before[0])
            else:
                view.addActions(list(jumps))
            view.addAction(self.search_action)
        if help_menu is not None:
            if help_menu.actions():
                help_menu.insertAction(help_menu.actions()[0], self.welcome_action)
            else:
                help_menu.addAction(self.welcome_action)
        for action in (
            self.preferences_action,
            self.checkin_action,
            self.map_action,
            self.details_action,
            self.search_action,
        ):
            # Shortcuts work even where the menu bar is hidden (some desktops).
            window.addAction(action)

    # ------------------------------------------------------------------ commands

    def open_settings(self) -> SettingsDialog:
        """Show the Preferences dialog (non-modal; one at a time)."""
        if self.settings_dialog is None:
            from twitchtrack.ui.settings.settings_dialog import SettingsDialog

            self.settings_dialog = SettingsDialog(
                self._model,
                self.prefs,
                calm_action=self._window.calm_action,
                tray_available=bool(self._tray_available()),
                open_url=self._open_url,
                parent=self._window,
            )
            self.settings_dialog.setWindowModality(Qt.WindowModality.NonModal)
            self.polish(self.settings_dialog)
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()
        return self.settings_dialog

    def open_calm_settings(self) -> None:
        """Preferences on its Calm tab (the welcome's pointer to tracking less)."""
        self.open_settings().show_calm()

    def open_checkin(self) -> None:
        """Show today's check-in and put the keyboard in its first field."""
        self.show_window()
        window = self._window
        window.set_view("log")
        window.checkin.set_date(self._model.today())
        first = next(iter(window.checkin.numbers.values()), None)
        if first is not None:
            first.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_self_check(self) -> None:
        """Show the Guidance view, where the weekly self-check lives."""
        self.show_window()
        self._window.set_view("guidance")

    def focus_map(self) -> None:
        """Show the Log view with the keyboard on the body map."""
        self._window.set_view("log")
        self._window.body_map.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_details(self) -> None:
        """Put the keyboard on the selected episode's intensity."""
        window = self._window
        window.set_view("log")
        if window.details.episode_id is not None:
            window.details.intensity.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        """Show History with the keyboard in its search field."""
        window = self._window
        window.set_view("history")
        window.history.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        window.history.search.selectAll()

    def show_welcome_once(self) -> QWidget | None:
        """The first-run welcome, unless it was shown before; only for an empty
        journal (a new config with a long journal is no new user) that can be
        written to."""
        from twitchtrack.ui.window.welcome import show_welcome_once

        journal = self._model.journal
        used = journal.episodes or journal.days or journal.self_checks
        if self._model.read_only or used:
            return None
        dialog = show_welcome_once(
            self.prefs, self._window, open_calm=self.open_calm_settings
        )
        if dialog is not None:
            self.polish(dialog)
        return dialog

    def show_welcome(self) -> None:
        """Show the welcome again (from the Help menu)."""
        from twitchtrack.ui.window.welcome import WelcomeDialog, start_demo_process

        dialog = WelcomeDialog(self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.demo_requested.connect(start_demo_process)
        dialog.calm_requested.connect(self.open_calm_settings)
        self.polish(dialog)
        dialog.show()

    def show_window(self) -> None:
        """Bring the window back (from the tray)."""
        window = self._window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def quit(self) -> None:
        """Close the window for real (saving) and, if it closed, ask the app to quit."""
        self._quitting = True
        if self._window.close():
            self.quit_requested.emit()
        else:
            self._quitting = False

    def notify(self, kind: str, title: str, text: str) -> None:
        """Show a reminder: a tray message, else a banner in the window."""
        if not self.tray.show_message(title, text):
            self.banner.show_reminder(kind, title, text)
            self._window.statusBar().showMessage(title, STATUS_MS)

    # ------------------------------------------------------------------ looks

    def polish(self, root: QWidget | None = None) -> None:
        """Tooltips and names where Qt leaves them empty.

        Buttons made for toolbar actions take the action's words as their name, and
        a button that shows only a symbol gets its accessible name as a tooltip.
        """
        for button in (root or self._window).findChildren(QAbstractButton):
            if isinstance(button, QToolButton) and button.defaultAction() is not None:
                self._name_from_action(button)
            if (
                not button.accessibleName()
                and isinstance(button.parentWidget(), QLineEdit)
                and not button.text()
            ):
                # The clear button Qt adds to a search field.
                button.setAccessibleName(tr("Clear text"))
            text = button.text().replace("&", "")
            symbol_only = not any(ch.isalnum() for ch in text)
            if symbol_only and not button.toolTip() and button.accessibleName():
                button.setToolTip(button.accessibleName())

    @staticmethod
    def _name_from_action(button: QToolButton) -> None:
        """Name a toolbar button after its action, and keep it so as the text
        changes ("Undo Log left calf"); the tooltip also shows the keys."""
        action = button.defaultAction()
        if action.property("named_buttons"):
            return
        action.setProperty("named_buttons", True)

        def sync() -> None:
            text = action.text().replace("&", "")
            if not text:
                return
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            for widget in action.associatedObjects():
                if isinstance(widget, QToolButton):
                    widget.setAccessibleName(text)
                    widget.setToolTip(f"{text} ({keys})" if keys else text)

        # Qt re-syncs the button's tooltip from the action before ``changed`` is
        # emitted, so this runs last and wins.
        action.changed.connect(sync)
        sync()

    def _apply_theme(self, dark: bool) -> None:
        window = self._window
        c = colours(dark)
        window.setPalette(window_palette(dark))
        window.setStyleSheet(style_sheet(dark))
        # The map sits on a card: its own background must be the card's colour.
        palette = replace(palette_for(dark), background=QColor(c.card))
        window.map_panel.map.set_palette(palette)
        window.map_panel.legend.set_palette(palette)
        for index in range(window.stack.count()):  # the pages built so far
            self._page_dark(window.stack.widget(index), dark)
        # Parts that live outside the pages (the guidance banner and notes).
        for part in (getattr(window, "guidance", None),):
            if part is not None:
                self._page_dark(part, dark)

    @staticmethod
    def _page_dark(page: QObject, dark: bool) -> None:
        set_dark = getattr(page, "set_dark", None)
        if callable(set_dark):
            set_dark(dark)

    def _on_stack_widget_added(self, index: int) -> None:
        page = self._window.stack.widget(index)
        if page is not None:
            self._page_dark(page, self.theme.dark)
            self.polish(page)

    def _on_window_view_changed(self, name: str) -> None:
        page = self._window.stack.currentWidget()
        if page is not None and self._window.is_complete:
            self.polish(page)

    def _apply_week_start(self) -> None:
        day = _DAY_OF_WEEK.get(self.prefs.week_start, Qt.DayOfWeek.Monday)
        for editor in self._window.findChildren(QDateTimeEdit):
            calendar = editor.calendarWidget()
            if calendar is not None:
                calendar.setFirstDayOfWeek(day)

    def _insert_banner(self) -> None:
        central = self._window.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None and hasattr(layout, "insertWidget"):
            layout.insertWidget(0, self.banner)
        else:
            self.banner.setParent(self._window)

    # ------------------------------------------------------------------ events

    def _on_prefs_changed(self, key: str) -> None:
        prefs = self.prefs
        if key == Preferences.theme.key:
            self.theme.set_preference(prefs.theme)
        elif key == Preferences.tray.key:
            self.tray.set_enabled(prefs.tray)
        elif key == Preferences.week_start.key:
            self._apply_week_start()

    def _on_banner_action_requested(self, kind: str) -> None:
        if kind == CHECKIN:
            self.open_checkin()
        elif kind == SELF_CHECK:
            self.open_self_check()

    def _on_model_days_changed(self, _dates: object) -> None:
        # A check-in made after the reminder answers it: the banner goes.
        if (
            self.banner.kind == CHECKIN
            and not self.banner.isHidden()
            and self._model.day(self._model.today()) is not None
        ):
            self.banner.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._window
            and event.type() == QEvent.Type.Close
            and not self._quitting
            and self.tray.is_visible()
        ):
            # With the tray on, closing the window keeps twitchtrack in the tray.
            event.ignore()
            self._window.save_settings()
            self._window.hide()
            if not self.prefs.tray_hint_shown:
                self.prefs.tray_hint_shown = True
                self.tray.show_message(
                    "twitchtrack",
                    tr("Still here in the tray. Quit from its menu to close it."),
                )
            return True
        return super().eventFilter(watched, event)
