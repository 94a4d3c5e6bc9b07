"""Reminders from an injectable clock (never after the thing is done) and the tray menu
that logs a twitch at a recent place without the window."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import SelfCheck
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.window.reminders import CHECKIN, SELF_CHECK, ReminderScheduler
from twitchtrack.ui.window.tray import TrayController

from ..conftest import MakeModel, OpenWindow, durable, on_disk

TZ = timezone(timedelta(hours=1))
# A Sunday: the weekly self-check's default day.
SUNDAY = datetime(2026, 3, 8, 18, 0, tzinfo=TZ)


class FakeClock:
    """'Now' for the model and the reminders; tests move it on by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def prefs_at(tmp_path: Path) -> Preferences:
    return Preferences(
        QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    )


# ------------------------------------------------------------------ reminders


def test_reminders_are_off_by_default(make_model: MakeModel, tmp_path: Path) -> None:
    clock = FakeClock(SUNDAY.replace(hour=23))
    scheduler = ReminderScheduler(make_model(clock=clock), prefs_at(tmp_path))
    assert not scheduler.timer.isActive()
    assert scheduler.check() == []


def test_daily_reminder_fires_once_from_the_clock_at_the_chosen_time(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(SUNDAY.replace(hour=19, minute=58))
    prefs = prefs_at(tmp_path)
    prefs.daily_reminder = True
    prefs.daily_time = time(20, 0)
    scheduler = ReminderScheduler(make_model(clock=clock), prefs)
    assert scheduler.timer.isActive()

    assert scheduler.check() == []  # 19:58, not yet
    clock.advance(minutes=3)
    with qtbot.waitSignal(scheduler.reminder_due) as blocker:
        assert scheduler.check() == [CHECKIN]
    kind, title, text = blocker.args
    assert kind == CHECKIN
    assert title == "Daily check-in"
    assert "check-in" in text
    clock.advance(hours=1)
    assert scheduler.check() == []  # once a day
    # A restart the same evening remembers that it already reminded.
    again = ReminderScheduler(make_model(clock=clock), prefs_at(tmp_path))
    assert again.check() == []
    clock.advance(days=1)
    assert scheduler.check() == [CHECKIN]  # the next evening


def test_the_timer_itself_drives_the_check(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(SUNDAY.replace(hour=21))
    prefs = prefs_at(tmp_path)
    scheduler = ReminderScheduler(make_model(clock=clock), prefs, interval_ms=1)
    assert not scheduler.timer.isActive()
    with qtbot.waitSignal(scheduler.reminder_due, timeout=5_000) as blocker:
        prefs.daily_reminder = True  # switching it on starts the timer
    assert blocker.args[0] == CHECKIN
    prefs.daily_reminder = False
    assert not scheduler.timer.isActive()


def test_no_daily_reminder_once_today_has_a_check_in(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(SUNDAY.replace(hour=9))
    model = make_model(clock=clock)
    prefs = prefs_at(tmp_path)
    prefs.daily_reminder = True
    scheduler = ReminderScheduler(model, prefs)
    assert model.set_day_values(model.today(), caffeine_mg=95.0) is None
    clock.advance(hours=12)  # 21:00, past the default 20:00
    with qtbot.assertNotEmitted(scheduler.reminder_due):
        assert scheduler.check() == []
    # Yesterday's check-in does not count for today.
    clock.advance(days=1)
    assert scheduler.check() == [CHECKIN]


def test_no_reminders_in_a_read_only_window(
    make_model: MakeModel, tmp_path: Path
) -> None:
    prefs = prefs_at(tmp_path)
    prefs.daily_reminder = True
    model = make_model(
        clock=FakeClock(SUNDAY.replace(hour=22)), read_only_reason="Another window."
    )
    assert ReminderScheduler(model, prefs).check() == []


def test_weekly_self_check_reminder_on_its_day_unless_one_is_recent(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(SUNDAY - timedelta(days=3))  # Thursday
    model = make_model(clock=clock)
    prefs = prefs_at(tmp_path)
    prefs.self_check_reminder = True
    prefs.self_check_time = time(19, 0)
    scheduler = ReminderScheduler(model, prefs)
    assert scheduler.check() == []  # not the chosen day
    clock.now = SUNDAY  # 18:00
    assert scheduler.check() == []  # not yet the time
    clock.advance(hours=1, minutes=5)
    assert scheduler.check() == [SELF_CHECK]
    assert scheduler.check() == []

    # The next week, a self-check stored on Friday answers it.
    clock.advance(days=5)
    check = SelfCheck(date=clock.now.date(), weakness=False)
    assert model.put_record("self_checks", check, "Weekly self-check")
    clock.advance(days=2)
    assert clock.now.isoweekday() == 7
    with qtbot.assertNotEmitted(scheduler.reminder_due):
        assert scheduler.check() == []
    # A deleted self-check does not count.
    model.undo_stack.undo()
    assert scheduler.check() == [SELF_CHECK]
    assert scheduler.last_self_check() is None


# ------------------------------------------------------------------ the window's side

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "support raise", "systemTrayWindowChanged"
)


def test_without_a_tray_a_reminder_is_a_banner_that_opens_the_check_in(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    clock = FakeClock(SUNDAY.replace(hour=20, minute=30))
    settings.setValue("reminders/daily_enabled", True)
    session = open_window(clock=clock)
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # focus only lands in an active window
    qtbot.waitUntil(window.isActiveWindow)
    extras = window.extras
    assert not extras.tray.is_visible()
    window.set_view("history")
    assert extras.reminders.check() == [CHECKIN]
    banner = extras.banner
    assert banner.isVisible()
    assert "Daily check-in" in banner.label.text()
    assert window.statusBar().currentMessage() == "Daily check-in"
    qtbot.mouseClick(banner.act_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    assert window.current_view() == "log"
    assert window.checkin.shown_date == date(2026, 3, 8)
    assert window.checkin.numbers["caffeine_mg"].edit.hasFocus()

    # A check-in made while the banner shows answers it.
    clock.advance(days=1)
    assert extras.reminders.check() == [CHECKIN]
    assert banner.isVisible()
    session.model.set_day_values(session.model.today(), sleep_h=7.5)
    assert not banner.isVisible()


# ------------------------------------------------------------------ the tray


def test_recent_places_are_newest_first_once_each_and_skip_the_trash(
    make_model: MakeModel,
) -> None:
    model = make_model()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=TZ)
    places = ["calf_left", "eyelid_upper_left", "calf_left", "thigh_front_right"]
    places += ["forearm_front_left", "shin_right", "foot_top_left"]
    logged = [
        model.log_episode(rid, at=start + timedelta(hours=i))
        for i, rid in enumerate(places)
    ]
    tray = TrayController(model, QIcon(), recent_count=5)
    assert tray.recent_regions() == [
        "foot_top_left",
        "shin_right",
        "forearm_front_left",
        "thigh_front_right",
        "calf_left",
    ]
    newest = logged[-1]
    assert newest is not None
    model.delete_episodes([newest.id])
    actions = tray.log_actions()  # the menu follows the journal
    assert [a.property("region_id") for a in actions][:2] == [
        "shin_right",
        "forearm_front_left",
    ]
    assert actions[0].text() == "Log: Right shin"
    # Edits keep the order right: an old episode moved to now comes first, and
    # the newest of a place moved back in time gives way.
    first = logged[0]
    assert first is not None
    model.edit_episode(first.id, at=start + timedelta(days=1))
    assert tray.recent_regions()[:2] == ["calf_left", "shin_right"]
    model.edit_episode(first.id, at=start - timedelta(days=1))
    assert tray.recent_regions()[0] == "shin_right"
    # Its other episode (third logged) still places it before the eyelid.
    assert tray.recent_regions()[3:] == ["calf_left", "eyelid_upper_left"]
    model.undo_stack.undo()
    assert tray.recent_regions()[0] == "calf_left"
    model.undo_stack.undo()
    assert tray.recent_regions()[0] == "shin_right"
    model.undo_stack.undo()
    assert tray.recent_regions()[0] == "foot_top_left"  # out of the trash


def test_the_tray_action_writes_an_episode_to_disk(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    clock = FakeClock(SUNDAY)
    model = make_model(clock=clock)
    with durable(qtbot, model):
        model.log_episode("eyelid_upper_left", intensity=2)
        model.set_default_intensity(4)
    tray = TrayController(model, QIcon())
    assert tray.set_enabled(True) is False  # no tray on this platform...
    assert tray.show_message("t", "x") is False
    clock.advance(minutes=40)
    (action,) = tray.log_actions()  # ...but the menu works all the same
    assert action.isEnabled()
    with qtbot.waitSignal(tray.logged) as said, durable(qtbot, model):
        action.trigger()
    assert said.args[0].startswith("Logged: left upper eyelid at 18:40.")
    episodes = on_disk(data_dir).live_episodes()
    assert [e.region for e in episodes] == ["eyelid_upper_left"] * 2
    assert episodes[-1].intensity == 4  # the journal's default intensity
    assert episodes[-1].at == clock.now


def test_a_read_only_journal_offers_no_logging(make_model: MakeModel) -> None:
    writable = make_model()
    writable.log_episode("calf_left")
    writable.flush()
    model = make_model(read_only_reason="Another window has it open.")
    tray = TrayController(model, QIcon())
    (action,) = tray.log_actions()
    assert not action.isEnabled()
    assert tray.log("calf_left") is False


def test_an_empty_journal_gets_a_hint_instead_of_places(make_model: MakeModel) -> None:
    tray = TrayController(make_model(), QIcon())
    assert tray.log_actions() == []
    names = [a.objectName() for a in tray.menu.actions()]
    assert "tray_no_places" in names
    assert {"tray_show", "tray_checkin", "tray_quit"} <= set(names)


def test_with_a_tray_closing_the_window_keeps_it_and_quit_really_quits(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings, data_dir: Path
) -> None:
    session = open_window()
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    extras = window.extras
    # Pretend the desktop has a tray (offscreen has none).
    extras.tray.available_check = lambda: True
    extras.prefs.tray = True
    assert extras.tray.is_visible()
    session.model.log_episode("calf_right")

    window.close()
    assert not window.isVisible()  # hidden, not closed: still in the tray
    assert extras.prefs.tray_hint_shown  # told once where it went
    show = next(a for a in extras.tray.menu.actions() if a.objectName() == "tray_show")
    show.trigger()
    assert window.isVisible()

    with qtbot.waitSignal(extras.quit_requested):
        quit_action = next(
            a for a in extras.tray.menu.actions() if a.objectName() == "tray_quit"
        )
        quit_action.trigger()
    assert not window.isVisible()
    assert [e.region for e in on_disk(data_dir).live_episodes()] == ["calf_right"]
    extras.prefs.tray = False
    assert not extras.tray.is_visible()
