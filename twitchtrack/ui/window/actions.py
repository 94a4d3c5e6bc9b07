"""The main window's actions, menus and toolbar (what keys and the menu bar reach)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from twitchtrack.domain.models import Units
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.widgets import set_names

VIEWS: tuple[str, ...] = ("log", "history", "trends", "guidance")
VIEW_LABELS: dict[str, str] = {
    "log": "Log",
    "history": "History",
    "trends": "Trends",
    "guidance": "Guidance",
}


class WindowActions:
    """Builds the window's actions, then its menu bar and toolbar from them.

    The window passes what the actions do; the actions are the window's children.
    """

    def __init__(
        self,
        window: QMainWindow,
        model: JournalModel,
        *,
        set_view: Callable[[str], None],
        trash: Callable[[], None],
        about: Callable[[], None],
        calm_toggled: Callable[[bool], None],
        file_menu_shown: Callable[[], None],
    ) -> None:
        self._model = model
        self._build_actions(window, set_view, trash, about, calm_toggled)
        self._build_menus(window, file_menu_shown)
        self._build_toolbar(window, set_view)

    def sync_units(self) -> None:
        """Tick the units the journal uses."""
        self.units_actions[self._model.units].setChecked(True)

    def _build_actions(
        self,
        window: QMainWindow,
        set_view: Callable[[str], None],
        trash: Callable[[], None],
        about: Callable[[], None],
        calm_toggled: Callable[[bool], None],
    ) -> None:
        model = self._model
        stack = model.undo_stack
        self.undo_action = stack.createUndoAction(window, "Undo")
        self.undo_action.setObjectName("action_undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(window, "Redo")
        self.redo_action.setObjectName("action_redo")
        redo_keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.redo_action.setShortcuts(redo_keys)

        self.view_actions: dict[str, QAction] = {}
        group = QActionGroup(window)
        for number, name in enumerate(VIEWS, start=1):
            action = QAction(VIEW_LABELS[name], window)
            action.setObjectName(f"action_view_{name}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=name: set_view(n))
            group.addAction(action)
            self.view_actions[name] = action

        self.units_actions: dict[Units, QAction] = {}
        units_group = QActionGroup(window)
        for units, label in ((Units.METRIC, "Metric (ml)"), (Units.US, "US (fl oz)")):
            action = QAction(label, window)
            action.setObjectName(f"action_units_{units.value}")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, u=units: model.set_units(u))
            action.setEnabled(not model.read_only)
            units_group.addAction(action)
            self.units_actions[units] = action
        self.sync_units()

        self.calm_action = QAction("Calm Map (Hide Counts and Colours)", window)
        self.calm_action.setObjectName("action_calm_map")
        self.calm_action.setCheckable(True)
        self.calm_action.toggled.connect(calm_toggled)

        self.trash_action = QAction("Move Episode to Trash", window)
        self.trash_action.setObjectName("action_trash_episode")
        self.trash_action.triggered.connect(trash)

        self.open_folder_action = QAction("Open Data Folder", window)
        self.open_folder_action.setObjectName("action_open_folder")
        self.open_folder_action.triggered.connect(
            lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(model.store.folder))
            )
        )
        self.quit_action = QAction("Quit", window)
        self.quit_action.setObjectName("action_quit")
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        # Connected by WindowExtras: quitting must get past close-to-tray.
        self.about_action = QAction("About twitchtrack", window)
        self.about_action.setObjectName("action_about")
        self.about_action.triggered.connect(about)
        self.experiment_action = QAction("Self-Experiment…", window)
        self.experiment_action.setObjectName("action_experiment")
        self.experiment_action.setStatusTip(
            "Plan a randomised self-experiment, or see how the one on is going"
        )
        self.experiment_action.triggered.connect(lambda: self._open_experiment(window))

    def _open_experiment(self, window: QMainWindow) -> None:
        # Loaded on first use: the wizard and the result are not needed at start.
        from twitchtrack.ui.experiment.opener import open_experiment

        open_experiment(window, self._model)

    def _build_menus(
        self, window: QMainWindow, file_menu_shown: Callable[[], None]
    ) -> None:
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        # Exports, import and backups go first, once built (finish_building).
        file_menu.aboutToShow.connect(file_menu_shown)
        self.file_menu_first = file_menu.addSeparator()
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
        tools_menu = bar.addMenu("&Tools")
        tools_menu.addAction(self.experiment_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self.menus: dict[str, QMenu] = {
            "file": file_menu,
            "edit": edit_menu,
            "view": view_menu,
        }
        self.menus["tools"] = tools_menu
        self.menus["help"] = help_menu

    def _build_toolbar(
        self, window: QMainWindow, set_view: Callable[[str], None]
    ) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.toggleViewAction().setVisible(False)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        title = QLabel("twitchtrack")
        title.setObjectName("app_title")
        toolbar.addWidget(title)
        self.nav_group = QButtonGroup(window)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QPushButton] = {}
        for name in VIEWS:
            button = QPushButton(VIEW_LABELS[name])
            set_names(button, f"nav_{name}", f"Show {VIEW_LABELS[name]}")
            button.setProperty("nav", True)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, n=name: set_view(n))
            self.nav_group.addButton(button)
            self.nav_buttons[name] = button
            toolbar.addWidget(button)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        self.toolbar = toolbar
