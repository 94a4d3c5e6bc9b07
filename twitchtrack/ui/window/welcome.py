"""First run: a short, calm welcome in three steps, shown once, with a demo offer."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.ui.i18n import tr
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.widgets import set_names


def steps() -> list[tuple[str, str]]:
    """The three steps: (heading, sentence)."""
    return [
        (
            tr("Tap where it twitched"),
            tr(
                "Click the place on the body map. It is logged at once, with the "
                "time; add details only if you want to."
            ),
        ),
        (
            tr("Do the daily check-in"),
            tr(
                "Caffeine, sleep, water, stress and a few more, whenever suits you. "
                "A minute a day is plenty."
            ),
        ),
        (
            tr("Look at Trends"),
            tr(
                "After a few weeks it shows how often and where twitches happen, "
                "and what tends to go with them. No rush, and no streaks."
            ),
        ),
    ]


def start_demo_process() -> bool:
    """Open a separate window on a throwaway demo journal (never the user's)."""
    started, _pid = QProcess.startDetached(sys.executable, demo_arguments())
    return bool(started)


def demo_arguments() -> list[str]:
    """How this program starts itself on the demo: a frozen bundle is the app itself."""
    if getattr(sys, "frozen", False):
        return ["--demo"]
    return ["-m", "twitchtrack", "--demo"]


class WelcomeDialog(QDialog):
    """Three steps, a privacy sentence, a pointer to the Calm tab, "Try the
    Demo" and "Start"."""

    demo_requested = Signal()
    calm_requested = Signal()  # open Preferences -> Calm

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_dialog")
        self.setWindowTitle(tr("Welcome to twitchtrack"))
        self.setAccessibleName(tr("Welcome to twitchtrack"))
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 14)
        column.setSpacing(12)
        heading = QLabel(tr("Welcome"))
        heading.setObjectName("welcome_heading")
        heading.setProperty("role", "card-title")
        column.addWidget(heading)
        self.step_labels: list[QLabel] = []
        for number, (title, text) in enumerate(steps(), start=1):
            row = QHBoxLayout()
            row.setSpacing(12)
            badge = QLabel(str(number))
            badge.setObjectName(f"welcome_step_{number}_number")
            badge.setProperty("role", "big-value")
            badge.setAlignment(Qt.AlignmentFlag.AlignTop)
            badge.setFixedWidth(22)
            label = QLabel(f"<b>{title}</b><br>{text}")
            label.setObjectName(f"welcome_step_{number}")
            label.setWordWrap(True)
            label.setMinimumWidth(380)
            row.addWidget(badge)
            row.addWidget(label, 1)
            column.addLayout(row)
            self.step_labels.append(label)
        self.privacy = QLabel(
            tr(
                "Your journal stays on this computer, in one file you can back up "
                "or export. twitchtrack uses no network: nothing leaves the computer."
            )
        )
        self.privacy.setObjectName("welcome_privacy")
        self.privacy.setProperty("role", "hint")
        self.privacy.setWordWrap(True)
        column.addWidget(self.privacy)
        # For the many who track out of worry: tracking less is an option too.
        self.calm = QLabel(
            tr(
                "If checking often leaves you more worried rather than less, you "
                "can track less: a few prompts a day, a weekly review or a break."
            )
        )
        self.calm.setObjectName("welcome_calm")
        self.calm.setProperty("role", "hint")
        self.calm.setWordWrap(True)
        self.calm_button = QPushButton(tr("Ways to &Track Less…"))
        set_names(
            self.calm_button,
            "welcome_calm_button",
            tr("Open Preferences at the Calm tab: ways to track less"),
        )
        self.calm_button.setProperty("flat-link", True)
        self.calm_button.setFlat(True)
        self.calm_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.calm_button.clicked.connect(self.calm_requested)
        calm = QVBoxLayout()
        calm.setSpacing(2)
        calm.addWidget(self.calm)
        calm.addWidget(self.calm_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(calm)

        buttons = QDialogButtonBox()
        buttons.setObjectName("welcome_buttons")
        self.demo_button = QPushButton(tr("Try the &Demo"))
        set_names(
            self.demo_button,
            "welcome_demo",
            tr("Try the demo: a separate window with made-up entries"),
        )
        self.demo_button.setToolTip(
            tr("Opens a second window with made-up entries; your journal is untouched")
        )
        self.start_button = QPushButton(tr("&Start"))
        set_names(self.start_button, "welcome_start", tr("Start using twitchtrack"))
        self.start_button.setDefault(True)
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo_button.clicked.connect(self.demo_requested)
        self.start_button.clicked.connect(self.accept)
        column.addWidget(buttons)


def show_welcome_once(
    prefs: Preferences,
    parent: QWidget,
    *,
    start_demo: Callable[[], bool] = start_demo_process,
    open_calm: Callable[[], object] | None = None,
) -> WelcomeDialog | None:
    """Show the welcome (non-modal) unless it was shown before; marks it shown."""
    if prefs.welcome_shown:
        return None
    prefs.welcome_shown = True
    prefs.sync()
    dialog = WelcomeDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.demo_requested.connect(start_demo)
    if open_calm is not None:
        dialog.calm_requested.connect(open_calm)
    dialog.show()
    return dialog
