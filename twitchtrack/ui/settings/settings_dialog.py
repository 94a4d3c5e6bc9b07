"""Preferences: journal settings (kept in the journal) and this computer's (QSettings).

Every change applies at once, like the rest of the window: journal settings go
through the ``JournalModel`` (undoable, saved with the journal), app preferences
through ``Preferences``. The dialog is non-modal and never ``exec()``'d.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTime, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import Units
from twitchtrack.storage import backups
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.log.forms.episode_form import intensity_word
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.calm_page import CalmPage
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.settings.privacy_page import PrivacyPage
from twitchtrack.ui.widgets import set_names

OpenUrl = Callable[[QUrl], bool]

WEEKDAY_NAMES: dict[int, str] = {
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
    7: "Sunday",
}


# Flat tabs: the text takes the window's colour and the chosen tab the accent, so
# they follow the light and dark themes (the style's own tabs stay light in dark).
TAB_STYLE = """
QTabWidget#settings_tabs::pane {
    border: none; border-top: 1px solid rgba(128, 128, 128, 0.35);
}
QTabWidget#settings_tabs > QTabBar::tab {
    background: transparent; font-weight: 600;
    padding: 6px 14px; margin-right: 4px; border: none;
    border-bottom: 2px solid transparent;
}
QTabWidget#settings_tabs > QTabBar::tab:selected {
    color: palette(highlight); border-bottom: 2px solid palette(highlight);
}
"""


def backup_policy_text() -> str:
    """How backups are kept, in words (the store's own numbers)."""
    minutes = int(backups.AUTO_BACKUP_INTERVAL.total_seconds() // 60)
    return tr(
        "A copy at most every {minutes} minutes when something changed, thinned to "
        "{daily} daily, {weekly} weekly and {monthly} monthly copies, plus one "
        "before every import, migration and restore."
    ).format(
        minutes=minutes,
        daily=backups.KEEP_DAILY,
        weekly=backups.KEEP_WEEKLY,
        monthly=backups.KEEP_MONTHLY,
    )


def _to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _note(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


class SettingsDialog(QDialog):
    """Units, default intensity, reminders, tray, calm map, week start, theme, data;
    encryption and locking on the Privacy tab; tracking less on the Calm tab."""

    def __init__(
        self,
        model: JournalModel,
        prefs: Preferences,
        *,
        calm_action: QAction | None = None,
        tray_available: bool = True,
        open_url: OpenUrl = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(tr("Preferences"))
        self.setAccessibleName(tr("Preferences"))
        self._model = model
        self._prefs = prefs
        self._calm_action = calm_action
        self._open_url = open_url

        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.tabs.setStyleSheet(TAB_STYLE)
        self.tabs.tabBar().setDrawBase(False)
        general = QWidget()
        general.setObjectName("settings_general_page")
        column = QVBoxLayout(general)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(10)
        column.addWidget(self._build_journal_group())
        column.addWidget(self._build_reminder_group())
        column.addWidget(self._build_window_group(tray_available))
        column.addStretch(1)
        self.tabs.addTab(general, tr("&General"))
        # Where the data lives sits with encryption: both answer "who can read it?"
        # (and one long page would not fit a 768-pixel screen).
        private = QWidget()
        private.setObjectName("settings_privacy_tab")
        column = QVBoxLayout(private)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(10)
        column.addWidget(self._build_data_group())
        self.privacy = PrivacyPage(model, prefs)
        column.addWidget(self.privacy, 1)
        self.tabs.addTab(private, tr("&Privacy"))
        # Tracking less on purpose: sampling, a review day, a break (calm_page).
        self.calm_page = CalmPage(model, prefs)
        self.calm_page.setContentsMargins(0, 10, 0, 0)
        self.tabs.addTab(self.calm_page, tr("Cal&m"))
        self._pages = (general, private, self.calm_page)
        outer.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.setObjectName("settings_buttons")
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        set_names(close, "settings_close", tr("Close preferences"))
        self.buttons.rejected.connect(self.close)
        outer.addWidget(self.buttons)

        model.settings_changed.connect(self._on_model_settings_changed)
        prefs.changed.connect(self._on_prefs_changed)
        if calm_action is not None:
            calm_action.toggled.connect(self._on_calm_action_toggled)
        self._load()

    # ------------------------------------------------------------------ building

    def _build_journal_group(self) -> QGroupBox:
        group = QGroupBox(tr("Journal"))
        group.setObjectName("settings_journal_group")
        form = QFormLayout(group)
        self.units = QComboBox()
        set_names(self.units, "settings_units", tr("Units for drinks"))
        self.units.addItem(tr("Metric (ml)"), Units.METRIC)
        self.units.addItem(tr("US (fl oz)"), Units.US)
        self.units.currentIndexChanged.connect(self._on_units_changed)
        form.addRow(self._label(tr("&Units"), self.units), self.units)

        self.intensity = QSpinBox()
        set_names(
            self.intensity,
            "settings_default_intensity",
            tr("Intensity new episodes start with, 1 to 10"),
        )
        self.intensity.setRange(1, 10)
        self.intensity.valueChanged.connect(self._on_intensity_changed)
        self.intensity_word = QLabel()
        self.intensity_word.setObjectName("settings_intensity_word")
        self.intensity_word.setProperty("role", "muted")
        row = QHBoxLayout()
        row.addWidget(self.intensity)
        row.addWidget(self.intensity_word, 1)
        form.addRow(self._label(tr("Default &intensity"), self.intensity), row)
        self.journal_note = _note(
            tr("Saved in the journal, so they travel with an export."),
            "settings_journal_note",
        )
        if self._model.read_only:
            self.journal_note.setText(
                tr("This journal is open read-only, so these cannot change here.")
            )
        form.addRow(self.journal_note)
        return group

    def _build_reminder_group(self) -> QGroupBox:
        group = QGroupBox(tr("Reminders"))
        group.setObjectName("settings_reminder_group")
        form = QFormLayout(group)
        self.daily = QCheckBox(tr("Remind me of the &daily check-in at"))
        set_names(self.daily, "settings_daily_reminder", tr("Daily check-in reminder"))
        self.daily.toggled.connect(self._on_daily_toggled)
        self.daily_time = QTimeEdit()
        set_names(
            self.daily_time, "settings_daily_time", tr("Time of the daily reminder")
        )
        self.daily_time.setDisplayFormat("HH:mm")
        self.daily_time.timeChanged.connect(self._on_daily_time_changed)
        form.addRow(self.daily, self.daily_time)

        self.self_check = QCheckBox(tr("Remind me of the weekly &self-check on"))
        set_names(
            self.self_check,
            "settings_self_check_reminder",
            tr("Weekly self-check reminder"),
        )
        self.self_check.toggled.connect(self._on_self_check_toggled)
        self.self_check_day = QComboBox()
        set_names(
            self.self_check_day,
            "settings_self_check_day",
            tr("Day of the weekly self-check reminder"),
        )
        for number, name in WEEKDAY_NAMES.items():
            self.self_check_day.addItem(tr(name), number)
        self.self_check_day.currentIndexChanged.connect(self._on_self_check_day)
        self.self_check_time = QTimeEdit()
        set_names(
            self.self_check_time,
            "settings_self_check_time",
            tr("Time of the weekly self-check reminder"),
        )
        self.self_check_time.setDisplayFormat("HH:mm")
        self.self_check_time.timeChanged.connect(self._on_self_check_time_changed)
        when = QHBoxLayout()
        when.addWidget(self.self_check_day, 1)
        when.addWidget(self.self_check_time)
        form.addRow(self.self_check, when)
        form.addRow(
            _note(
                tr(
                    "No reminder comes when you have already done it. Both are off "
                    "unless you turn them on."
                ),
                "settings_reminder_note",
            )
        )
        return group

    def _build_window_group(self, tray_available: bool) -> QGroupBox:
        group = QGroupBox(tr("Window"))
        group.setObjectName("settings_window_group")
        form = QFormLayout(group)
        self.theme = QComboBox()
        set_names(self.theme, "settings_theme", tr("Light or dark appearance"))
        self.theme.addItem(tr("Follow the system"), "system")
        self.theme.addItem(tr("Light"), "light")
        self.theme.addItem(tr("Dark"), "dark")
        self.theme.currentIndexChanged.connect(self._on_theme_changed)
        form.addRow(self._label(tr("&Appearance"), self.theme), self.theme)

        self.week_start = QComboBox()
        set_names(self.week_start, "settings_week_start", tr("First day of the week"))
        for number in (1, 7, 6):
            self.week_start.addItem(tr(WEEKDAY_NAMES[number]), number)
        self.week_start.currentIndexChanged.connect(self._on_week_start_changed)
        form.addRow(
            self._label(tr("&Week starts on"), self.week_start), self.week_start
        )

        self.calm = QCheckBox(tr("&Calm map: hide counts and colours"))
        set_names(self.calm, "settings_calm", tr("Calm map, hiding counts and colours"))
        self.calm.setEnabled(self._calm_action is not None)
        self.calm.toggled.connect(self._on_calm_toggled)
        form.addRow(self.calm)

        self.tray = QCheckBox(tr("Show an icon in the system &tray for quick logging"))
        set_names(self.tray, "settings_tray", tr("Icon in the system tray"))
        self.tray.toggled.connect(self._on_tray_toggled)
        form.addRow(self.tray)
        self.tray_note = _note(
            tr(
                "Its menu logs a twitch at a recent place without opening the "
                "window; closing the window then keeps twitchtrack in the tray."
            )
            if tray_available
            else tr(
                "This desktop has no system tray, so the icon will appear where one "
                "is available."
            ),
            "settings_tray_note",
        )
        form.addRow(self.tray_note)
        return group

    def _build_data_group(self) -> QGroupBox:
        group = QGroupBox(tr("Your data"))
        group.setObjectName("settings_data_group")
        form = QFormLayout(group)
        folder = self._model.store.folder
        self.folder_label = QLabel(str(folder))
        self.folder_label.setObjectName("settings_data_folder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.open_folder = QPushButton(tr("&Open Folder"))
        set_names(
            self.open_folder,
            "settings_open_folder",
            tr("Open the data folder in the file manager"),
        )
        self.open_folder.clicked.connect(self.open_data_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.open_folder)
        form.addRow(tr("Folder"), row)
        self.folder_message = _note("", "settings_folder_message")
        self.folder_message.setVisible(False)
        form.addRow(self.folder_message)
        self.backups = _note(backup_policy_text(), "settings_backups")
        form.addRow(tr("Backups"), self.backups)
        form.addRow(
            _note(
                tr("Everything stays on this computer; twitchtrack uses no network."),
                "settings_privacy_note",
            )
        )
        return group

    def show_calm(self) -> None:
        """Bring the Calm tab to the front (the welcome's link)."""
        self.tabs.setCurrentWidget(self.calm_page)

    def _fit_pages(self) -> None:
        """Give each tab the height its wrapped notes need at the tabs' width: a
        tab widget ignores height-for-width, and would squeeze them together."""
        width = self.tabs.currentWidget().width() if self.isVisible() else 0
        width = width or self.tabs.sizeHint().width()
        for page in self._pages:
            layout = page.layout()
            if layout is not None and layout.hasHeightForWidth():
                page.setMinimumHeight(layout.totalHeightForWidth(width))

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_pages()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_pages()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ------------------------------------------------------------------ state

    def data_folder(self) -> Path:
        """The folder the journal and its backups live in."""
        return self._model.store.folder

    def open_data_folder(self) -> None:
        """Show the data folder in the file manager."""
        ok = self._open_url(QUrl.fromLocalFile(str(self.data_folder())))
        self.folder_message.setText(
            ""
            if ok
            else tr("The folder could not be opened here; its path is shown above.")
        )
        self.folder_message.setVisible(not ok)

    def _load(self) -> None:
        self._load_journal()
        prefs = self._prefs
        with (
            QSignalBlocker(self.daily),
            QSignalBlocker(self.daily_time),
            QSignalBlocker(self.self_check),
            QSignalBlocker(self.self_check_day),
            QSignalBlocker(self.self_check_time),
            QSignalBlocker(self.theme),
            QSignalBlocker(self.week_start),
            QSignalBlocker(self.tray),
            QSignalBlocker(self.calm),
        ):
            self.daily.setChecked(prefs.daily_reminder)
            self.daily_time.setTime(_to_qtime(prefs.daily_time))
            self.self_check.setChecked(prefs.self_check_reminder)
            self.self_check_day.setCurrentIndex(
                self.self_check_day.findData(prefs.self_check_weekday)
            )
            self.self_check_time.setTime(_to_qtime(prefs.self_check_time))
            self.theme.setCurrentIndex(self.theme.findData(prefs.theme))
            self.week_start.setCurrentIndex(self.week_start.findData(prefs.week_start))
            self.tray.setChecked(prefs.tray)
            if self._calm_action is not None:
                self.calm.setChecked(self._calm_action.isChecked())
        self.daily_time.setEnabled(prefs.daily_reminder)
        self.self_check_day.setEnabled(prefs.self_check_reminder)
        self.self_check_time.setEnabled(prefs.self_check_reminder)

    def _load_journal(self) -> None:
        settings = self._model.settings
        with QSignalBlocker(self.units), QSignalBlocker(self.intensity):
            self.units.setCurrentIndex(self.units.findData(settings.units))
            self.intensity.setValue(settings.default_intensity)
        self.intensity_word.setText(intensity_word(settings.default_intensity))
        writable = not self._model.read_only
        self.units.setEnabled(writable)
        self.intensity.setEnabled(writable)

    # ------------------------------------------------------------------ slots

    def _on_units_changed(self, index: int) -> None:
        self._model.set_units(Units(self.units.itemData(index)))

    def _on_intensity_changed(self, value: int) -> None:
        self.intensity_word.setText(intensity_word(value))
        self._model.set_default_intensity(value)

    def _on_daily_toggled(self, on: bool) -> None:
        self._prefs.daily_reminder = on
        self.daily_time.setEnabled(on)

    def _on_daily_time_changed(self, value: QTime) -> None:
        self._prefs.daily_time = _from_qtime(value)

    def _on_self_check_toggled(self, on: bool) -> None:
        self._prefs.self_check_reminder = on
        self.self_check_day.setEnabled(on)
        self.self_check_time.setEnabled(on)

    def _on_self_check_day(self, index: int) -> None:
        self._prefs.self_check_weekday = int(self.self_check_day.itemData(index))

    def _on_self_check_time_changed(self, value: QTime) -> None:
        self._prefs.self_check_time = _from_qtime(value)

    def _on_theme_changed(self, index: int) -> None:
        self._prefs.theme = str(self.theme.itemData(index))

    def _on_week_start_changed(self, index: int) -> None:
        self._prefs.week_start = int(self.week_start.itemData(index))

    def _on_tray_toggled(self, on: bool) -> None:
        self._prefs.tray = on

    def _on_calm_toggled(self, on: bool) -> None:
        if self._calm_action is not None:
            self._calm_action.setChecked(on)

    def _on_calm_action_toggled(self, on: bool) -> None:
        with QSignalBlocker(self.calm):
            self.calm.setChecked(on)

    def _on_model_settings_changed(self) -> None:
        self._load_journal()

    def _on_prefs_changed(self, _key: str) -> None:
        self._load()
