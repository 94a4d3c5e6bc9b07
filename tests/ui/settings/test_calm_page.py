"""Preferences -> Calm: its settings persist, a break marks its days "not tracking"
as they arrive (undoable), and reminders rest meanwhile."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTime
from pytestqt.qtbot import QtBot

from twitchtrack.domain.analysis.sampling_input import sample_inputs
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.calm_page import CalmPage, note_text
from twitchtrack.ui.settings.holiday import HolidayKeeper
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.settings.settings_dialog import SettingsDialog
from twitchtrack.ui.window.reminders import ReminderScheduler

from ..conftest import MakeModel, OpenWindow, durable, on_disk

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=TZ)  # a Monday
TODAY = NOW.date()

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


def make_page(qtbot: QtBot, model: JournalModel, prefs: Preferences) -> CalmPage:
    page = CalmPage(model, prefs)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def off_days(journal: Journal) -> list[date]:
    return sorted(d.date for d in journal.live_days() if d.tracking == "off")


def test_defaults_are_calm_and_off(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    page = make_page(
        qtbot, make_model(clock=FakeClock(NOW)), Preferences(ini(tmp_path))
    )
    assert not page.sampling.isChecked()
    assert not page.prompt_count.isEnabled()
    assert page.prompt_count.value() == 3
    shown = [e for e in page.time_edits if not e.isHidden()]
    assert [e.time() for e in shown] == [QTime(10, 0), QTime(15, 0), QTime(20, 0)]
    assert page.review_day.currentData() == 0
    assert page.break_start.date() == qdate(TODAY)
    assert page.break_end.date() == qdate(TODAY + timedelta(days=7))
    assert page.start_break.isEnabled()
    assert not page.end_break.isEnabled()
    assert page.break_state.text() == "No break planned."


def test_settings_persist_across_a_restart(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    page = make_page(
        qtbot, make_model(clock=FakeClock(NOW)), Preferences(ini(tmp_path))
    )
    page.sampling.setFocus()
    qtbot.keyClick(page.sampling, Qt.Key.Key_Space)
    assert page.prompt_count.isEnabled()
    page.prompt_count.setValue(4)
    assert not page.time_edits[3].isHidden()
    page.time_edits[0].setTime(QTime(9, 30))
    page.time_edits[3].setTime(QTime(13, 15))
    page.review_day.setCurrentIndex(page.review_day.findData(7))
    page.close()

    prefs = Preferences(ini(tmp_path))  # a new process, the same file
    assert prefs.sampling
    assert prefs.sampling_times == (time(9, 30), time(15), time(20), time(13, 15))
    assert prefs.review_day == 7
    again = make_page(qtbot, make_model(clock=FakeClock(NOW)), prefs)
    assert again.prompt_count.value() == 4
    assert again.time_edits[3].time() == QTime(13, 15)
    assert again.review_day.currentData() == 7
    # Fewer prompts keep the first ones.
    again.prompt_count.setValue(2)
    assert Preferences(ini(tmp_path)).sampling_times == (time(9, 30), time(15))
    assert again.time_edits[2].isHidden()


def test_unreadable_prompt_times_fall_back_to_the_defaults(tmp_path: Path) -> None:
    settings = ini(tmp_path)
    settings.setValue("calm/sampling_times", "10:00 tea-time")
    assert Preferences(settings).sampling_times == (time(10), time(15), time(20))
    settings.setValue("calm/sampling_times", " ".join(["09:00"] * 7))
    assert len(Preferences(settings).sampling_times) == 3


def test_starting_a_break_marks_today_not_tracking(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, data_dir: Path
) -> None:
    model = make_model(clock=FakeClock(NOW))
    assert model.set_day_values(TODAY, caffeine_mg=200.0) is None
    prefs = Preferences(ini(tmp_path))
    page = make_page(qtbot, model, prefs)
    page.break_end.setDate(qdate(TODAY + timedelta(days=3)))
    with durable(qtbot, model):
        qtbot.mouseClick(page.start_break, Qt.MouseButton.LeftButton)
    assert (prefs.holiday_start, prefs.holiday_end) == (TODAY, TODAY + timedelta(3))
    journal = on_disk(data_dir)
    assert off_days(journal) == [TODAY]  # later days are marked as they come
    marked = journal.day(TODAY)
    assert marked is not None
    assert marked.caffeine_mg == 200.0  # what it held stays
    assert not page.start_break.isEnabled()
    assert page.end_break.isEnabled()
    assert not page.break_start.isEnabled()
    assert page.break_state.text().startswith("On a break until 7 May")
    # Left out of the statistics, not read as a day without twitches.
    [day] = [d for d in sample_inputs(journal, today=TODAY) if d.day == TODAY]
    assert day.tracking == "off"
    # One undo step.
    model.undo_stack.undo()
    back = model.day(TODAY)
    assert back is not None
    assert back.tracking is None


def test_a_day_change_marks_the_next_day(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(NOW)
    model = make_model(clock=clock)
    prefs = Preferences(ini(tmp_path))
    keeper = HolidayKeeper(model, prefs, clock=clock, interval_ms=1)
    assert not keeper.timer.isActive()  # nothing to keep
    page = make_page(qtbot, model, prefs)
    page.break_end.setDate(qdate(TODAY + timedelta(days=2)))
    qtbot.mouseClick(page.start_break, Qt.MouseButton.LeftButton)
    assert keeper.timer.isActive()
    assert off_days(model.journal) == [TODAY]
    clock.advance(days=1)  # past midnight: the timer notices the new day
    with qtbot.waitSignal(keeper.marked, timeout=5_000) as blocker:
        pass
    assert blocker.args == [[TODAY + timedelta(days=1)]]
    assert off_days(model.journal) == [TODAY, TODAY + timedelta(days=1)]
    clock.advance(days=1)
    assert keeper.check() == [TODAY + timedelta(days=2)]
    # The day after the break: nothing more is marked and the break is over.
    clock.advance(days=1)
    assert keeper.check() == []
    assert prefs.holiday_start is None
    assert not keeper.timer.isActive()
    assert page.break_state.text() == "No break planned."
    assert page.start_break.isEnabled()
    assert len(off_days(model.journal)) == 3


def test_days_that_came_while_the_window_was_closed_are_marked_at_start(
    make_model: MakeModel, tmp_path: Path
) -> None:
    prefs = Preferences(ini(tmp_path))
    prefs.holiday_end = TODAY - timedelta(days=1)
    prefs.holiday_start = TODAY - timedelta(days=3)
    model = make_model(clock=FakeClock(NOW))
    HolidayKeeper(model, prefs)
    assert off_days(model.journal) == [TODAY - timedelta(days=k) for k in (3, 2, 1)]
    assert prefs.holiday_start is None  # over, so cleared


def test_ending_a_break_counts_today_as_tracked_again(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(NOW)
    model = make_model(clock=clock)
    prefs = Preferences(ini(tmp_path))
    prefs.holiday_end = TODAY + timedelta(days=5)
    prefs.holiday_start = TODAY - timedelta(days=1)
    HolidayKeeper(model, prefs, clock=clock)
    assert off_days(model.journal) == [TODAY - timedelta(days=1), TODAY]
    page = make_page(qtbot, model, prefs)
    assert not page.break_end.isEnabled()
    qtbot.mouseClick(page.end_break, Qt.MouseButton.LeftButton)
    assert prefs.holiday_start is None
    assert off_days(model.journal) == [TODAY - timedelta(days=1)]
    assert page.start_break.isEnabled()
    assert page.break_start.date() == qdate(TODAY)


def test_a_planned_break_waits_for_its_first_day(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(NOW)
    model = make_model(clock=clock)
    prefs = Preferences(ini(tmp_path))
    keeper = HolidayKeeper(model, prefs, clock=clock)
    page = make_page(qtbot, model, prefs)
    page.break_start.setDate(qdate(TODAY + timedelta(days=2)))
    assert page.break_end.minimumDate() == qdate(TODAY + timedelta(days=2))
    page.break_end.setDate(qdate(TODAY + timedelta(days=4)))
    assert page.start_holiday() == []
    assert off_days(model.journal) == []
    assert page.break_state.text() == "A break is planned from 6 May to 8 May."
    clock.advance(days=2)
    assert keeper.check() == [TODAY + timedelta(days=2)]


def test_reminders_rest_during_a_break(make_model: MakeModel, tmp_path: Path) -> None:
    clock = FakeClock(NOW.replace(hour=21))
    model = make_model(clock=clock)
    prefs = Preferences(ini(tmp_path))
    prefs.daily_reminder = True
    prefs.self_check_reminder = True
    prefs.self_check_weekday = 1
    scheduler = ReminderScheduler(model, prefs)
    prefs.holiday_end = TODAY
    prefs.holiday_start = TODAY
    assert scheduler.check() == []  # a break set, not yet marked
    prefs.holiday_start = prefs.holiday_end = None
    # A day marked "not tracking" elsewhere (the command line) rests them too.
    assert model.set_day_values(TODAY, tracking="off") is None
    assert scheduler.check() == []
    clock.advance(days=7)
    assert scheduler.check() == ["checkin", "self_check"]


def test_a_read_only_journal_cannot_start_a_break(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    model = make_model(clock=FakeClock(NOW), read_only_reason="Another window.")
    page = make_page(qtbot, model, Preferences(ini(tmp_path)))
    assert not page.start_break.isEnabled()
    assert "read-only" in page.break_state.text()


def test_the_note_is_gentle_and_names_no_disease() -> None:
    text = note_text().lower()
    assert "reassurance" in text
    assert "self-help" in text
    assert "gp" in text
    for word in ("als", "sclerosis", "disease", "cause", "trigger", "diagnos"):
        assert f" {word}" not in text


def test_the_dialog_has_a_calm_tab(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    dialog = SettingsDialog(
        make_model(clock=FakeClock(NOW)), Preferences(ini(tmp_path))
    )
    qtbot.addWidget(dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "&General",
        "&Privacy",
        "Cal&m",
    ]
    dialog.show_calm()
    assert dialog.tabs.currentWidget() is dialog.calm_page


def test_the_welcome_points_to_the_calm_tab(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from twitchtrack.ui.window.welcome import WelcomeDialog

    window = open_window().window
    window.extras.show_welcome()
    [welcome] = window.findChildren(WelcomeDialog)
    assert "track less" in welcome.calm.text()
    qtbot.mouseClick(welcome.calm_button, Qt.MouseButton.LeftButton)
    dialog = window.extras.settings_dialog
    assert dialog is not None
    assert dialog.tabs.currentWidget() is dialog.calm_page
    dialog.close()
    welcome.close()


def test_a_journal_marked_off_by_a_break_saves_and_loads(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, data_dir: Path
) -> None:
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(TODAY, stress=3)]))
    model = make_model(clock=FakeClock(NOW))
    prefs = Preferences(ini(tmp_path))
    prefs.holiday_end = TODAY
    with durable(qtbot, model):
        prefs.holiday_start = TODAY
        HolidayKeeper(model, prefs)
    day = on_disk(data_dir).day(TODAY)
    assert day is not None
    assert (day.tracking, day.stress) == ("off", 3)
