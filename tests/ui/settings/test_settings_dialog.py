"""The Preferences dialog: app settings survive a restart, journal settings live in the
journal (undoable), units change what is shown and never what is stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTime, QUrl
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import DayLog, Episode, Journal, Units
from twitchtrack.storage.backups import KEEP_DAILY, KEEP_MONTHLY, KEEP_WEEKLY
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.settings.settings_dialog import SettingsDialog
from twitchtrack.ui.window.main_window import MainWindow
from twitchtrack.ui.window.welcome import show_welcome_once

from ..conftest import MakeModel, OpenWindow, durable, on_disk

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

# The offscreen platform cannot raise windows or pass size hints; not our defects.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


def make_dialog(
    qtbot: QtBot, make_model: MakeModel, settings: QSettings, **options: object
) -> SettingsDialog:
    model = make_model(clock=lambda: NOW)
    dialog = SettingsDialog(model, Preferences(settings), **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown_window(session_window: MainWindow, qtbot: QtBot) -> MainWindow:
    session_window.show()
    qtbot.waitExposed(session_window)
    session_window.activateWindow()
    qtbot.waitUntil(session_window.isActiveWindow)
    return session_window


def test_app_settings_persist_across_a_restart(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, make_model, ini(tmp_path))
    assert not dialog.daily.isChecked()  # reminders are off by default
    assert not dialog.daily_time.isEnabled()
    assert not dialog.tray.isChecked()
    dialog.daily.setFocus()
    qtbot.keyClick(dialog.daily, Qt.Key.Key_Space)
    assert dialog.daily_time.isEnabled()
    dialog.daily_time.setTime(QTime(8, 30))
    dialog.self_check.setChecked(True)
    dialog.self_check_day.setCurrentIndex(dialog.self_check_day.findData(3))
    dialog.self_check_time.setTime(QTime(18, 15))
    dialog.tray.setChecked(True)
    dialog.week_start.setCurrentIndex(dialog.week_start.findData(7))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.close()
    del dialog

    # A new process: a new QSettings on the same file.
    prefs = Preferences(ini(tmp_path))
    assert prefs.daily_reminder
    assert prefs.daily_time == time(8, 30)
    assert prefs.self_check_reminder
    assert prefs.self_check_weekday == 3
    assert prefs.self_check_time == time(18, 15)
    assert prefs.tray
    assert prefs.week_start == 7
    assert prefs.theme == "dark"
    again = SettingsDialog(make_model(), prefs)
    qtbot.addWidget(again)
    assert again.daily.isChecked()
    assert again.daily_time.time() == QTime(8, 30)
    assert again.self_check_day.currentData() == 3
    assert again.theme.currentData() == "dark"
    assert again.week_start.currentText() == "Sunday"


def test_unreadable_values_fall_back_to_defaults(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    settings = ini(tmp_path)
    for key, value in {
        "reminders/daily_enabled": "maybe",
        "reminders/daily_time": "25:99",
        "reminders/self_check_weekday": "9",
        "calendar/week_start": "Tuesday",
        "appearance/theme": "neon",
        "reminders/last_daily": "yesterday",
    }.items():
        settings.setValue(key, value)
    prefs = Preferences(settings)
    assert prefs.daily_reminder is False
    assert prefs.daily_time == time(20, 0)
    assert prefs.self_check_weekday == 7
    assert prefs.week_start == 1
    assert prefs.theme == "system"
    assert prefs.last_daily_reminder is None
    dialog = SettingsDialog(make_model(), prefs)
    qtbot.addWidget(dialog)
    assert dialog.daily_time.time() == QTime(20, 0)
    assert dialog.theme.currentData() == "system"


def test_preferences_only_report_real_changes(tmp_path: Path, qtbot: QtBot) -> None:
    prefs = Preferences(ini(tmp_path))
    with qtbot.waitSignal(prefs.changed) as blocker:
        prefs.tray = True
    assert blocker.args == ["tray/enabled"]
    with qtbot.assertNotEmitted(prefs.changed):
        prefs.tray = True
    prefs.last_daily_reminder = date(2026, 3, 4)
    assert Preferences(ini(tmp_path)).last_daily_reminder == date(2026, 3, 4)


def test_units_convert_what_is_shown_and_never_what_is_stored(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window()
    window = session.window
    model = session.model
    with durable(qtbot, model):
        assert model.set_day_values(model.today(), water_ml=500.0) is None
    water = window.checkin.numbers["water_ml"]
    assert water.edit.text() == "500"
    assert water.unit.text() == "ml"

    dialog = window.extras.open_settings()
    assert dialog.units.currentData() == Units.METRIC
    with durable(qtbot, model):
        dialog.units.setCurrentIndex(dialog.units.findData(Units.US))
    assert water.edit.text() == "16.9"
    assert water.unit.text() == "fl oz"
    stored = on_disk(data_dir)
    assert stored.settings.units == Units.US
    day = stored.day(model.today())
    assert day is not None
    assert day.water_ml == 500.0
    # The window's own Units menu follows the dialog, and the other way round.
    assert window.units_actions[Units.US].isChecked()
    window.units_actions[Units.METRIC].trigger()
    assert dialog.units.currentData() == Units.METRIC
    assert water.edit.text() == "500"


def test_default_intensity_is_a_journal_setting_and_one_undo_step(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, data_dir: Path
) -> None:
    dialog = make_dialog(qtbot, make_model, ini(tmp_path))
    model = dialog._model
    assert dialog.intensity.value() == 3
    with durable(qtbot, model):
        dialog.intensity.setFocus()
        for _ in range(3):
            dialog.intensity.stepUp()
    assert dialog.intensity_word.text() == "clear"
    assert model.settings.default_intensity == 6
    assert on_disk(data_dir).settings.default_intensity == 6
    episode = model.log_episode("calf_left")
    assert episode is not None
    assert episode.intensity == 6
    model.undo_stack.undo()  # the logging
    model.undo_stack.undo()  # all three steps of the spin box at once
    assert model.settings.default_intensity == 3
    assert dialog.intensity.value() == 3  # the dialog follows the model
    assert model.set_default_intensity(11) is not None  # refused, with a reason
    assert model.settings.default_intensity == 3


def test_journal_settings_are_locked_on_a_read_only_journal(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    model = make_model(read_only_reason="Another window has it open.")
    dialog = SettingsDialog(model, Preferences(ini(tmp_path)))
    qtbot.addWidget(dialog)
    assert not dialog.units.isEnabled()
    assert not dialog.intensity.isEnabled()
    assert "read-only" in dialog.journal_note.text()
    assert dialog.daily.isEnabled()  # this computer's settings still change


def test_data_folder_is_shown_and_opened_through_the_injected_opener(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, data_dir: Path
) -> None:
    opened: list[QUrl] = []
    answer = [True]

    def opener(url: QUrl) -> bool:
        opened.append(url)
        return answer[0]

    dialog = make_dialog(qtbot, make_model, ini(tmp_path), open_url=opener)
    assert dialog.folder_label.text() == str(data_dir)
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [data_dir]
    assert dialog.folder_message.isHidden()
    answer[0] = False
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert not dialog.folder_message.isHidden()
    assert "path is shown above" in dialog.folder_message.text()
    backups = dialog.backups.text()
    for number in (KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY):
        assert str(number) in backups


def test_calm_box_and_the_window_action_stay_in_step(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    action = QAction("Calm")
    action.setCheckable(True)
    dialog = make_dialog(qtbot, make_model, ini(tmp_path), calm_action=action)
    assert not dialog.calm.isChecked()
    dialog.calm.setChecked(True)
    assert action.isChecked()
    action.setChecked(False)
    assert not dialog.calm.isChecked()


def test_ctrl_comma_opens_one_non_modal_dialog_that_drives_the_window(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    window = shown_window(open_window().window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.extras.settings_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.isModal()
    assert window.extras.open_settings() is dialog  # the same one, raised

    dialog.calm.setChecked(True)
    assert window.calm_action.isChecked()
    assert window.body_map.calm()
    assert settings.value("map/calm") in (True, "true")

    dialog.week_start.setCurrentIndex(dialog.week_start.findData(7))
    calendar = window.checkin.date_edit.calendarWidget()
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Sunday

    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert window.extras.theme.dark
    assert window.body_map.map_palette().dark
    dialog.close()


def test_the_welcome_shows_once_and_offers_the_demo(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    demos: list[bool] = []
    window = open_window().window
    dialog = show_welcome_once(
        window.extras.prefs, window, start_demo=lambda: demos.append(True) or True
    )
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.isModal()  # the window stays usable behind it
    steps = [label.text() for label in dialog.step_labels]
    assert len(steps) == 3
    assert "Tap where it twitched" in steps[0]
    assert "daily check-in" in steps[1]
    assert "Trends" in steps[2]
    assert "nothing leaves the computer" in dialog.privacy.text()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert demos == [True]
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # Remembered across a restart: never again.
    again = Preferences(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.welcome_shown
    assert show_welcome_once(again, window) is None


def test_no_welcome_for_a_read_only_window(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    open_window()
    window = open_window().window  # the second window on a journal is read-only
    assert window.windowTitle().endswith("(read-only)")
    assert window.extras.show_welcome_once() is None
    assert not window.extras.prefs.welcome_shown


def test_no_welcome_for_a_journal_that_has_entries(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    # A new config (another computer, a wiped ~/.config) with a long journal is no
    # new user: the welcome and its demo offer are for an empty journal (#12).
    JournalStore(data_dir).save(Journal(episodes=[Episode(at=NOW, region="calf_left")]))
    window = open_window().window
    assert not window.extras.prefs.welcome_shown
    assert window.extras.show_welcome_once() is None
    day_only = data_dir.parent / "days"
    JournalStore(day_only).save(Journal(days=[DayLog.for_day(NOW.date(), sleep_h=7)]))
    assert open_window(day_only).window.extras.show_welcome_once() is None
    # A journal with nothing in it yet still gets it.
    empty = data_dir.parent / "empty"
    dialog = open_window(empty).window.extras.show_welcome_once()
    assert dialog is not None
    dialog.close()
