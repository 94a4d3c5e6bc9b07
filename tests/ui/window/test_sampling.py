"""Sampling prompts from an injectable clock: due at their time, answered into the
journal (undoable), put aside with "Not now", quiet on a break, never piling up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from twitchtrack.domain.sampling import Sample
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.window.main_window import MainWindow
from twitchtrack.ui.window.sampling import SamplingPrompter

from ..conftest import MakeModel, OpenWindow, durable, on_disk

TZ = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 5, 4, 9, 58, tzinfo=TZ)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


class FakeClock:
    """'Now' for the model and the prompter; tests move it on by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def at(self, hour: int, minute: int = 0, days: int = 0) -> datetime:
        day = self.now.date() + timedelta(days=days)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def sampling_prefs(tmp_path: Path, on: bool = True) -> Preferences:
    prefs = Preferences(
        QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    )
    prefs.sampling = on
    return prefs


def samples(model: object) -> list[Sample]:
    return [
        r
        for r in model.records("samples")  # type: ignore[attr-defined]
        if isinstance(r, Sample) and not r.deleted
    ]


def test_off_by_default_and_then_no_prompt(
    make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(MONDAY.replace(hour=10, minute=30))
    prompter = SamplingPrompter(
        make_model(clock=clock), sampling_prefs(tmp_path, on=False)
    )
    assert not prompter.timer.isActive()
    assert prompter.check() is None


def test_a_prompt_is_due_at_its_time_and_shown_once(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(MONDAY)
    prompter = SamplingPrompter(make_model(clock=clock), sampling_prefs(tmp_path))
    assert prompter.timer.isActive()
    assert prompter.check() is None  # 09:58: the first prompt is at 10:00
    clock.advance(minutes=3)
    with qtbot.waitSignal(prompter.prompt_due) as blocker:
        assert prompter.check() == clock.at(10)
    assert blocker.args == [clock.at(10)]
    clock.advance(minutes=20)
    with qtbot.assertNotEmitted(prompter.prompt_due):
        assert prompter.check() is None  # once, whatever was done with it


def test_the_timer_itself_drives_the_check(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(MONDAY.replace(hour=15, minute=5))
    prefs = sampling_prefs(tmp_path, on=False)
    prompter = SamplingPrompter(make_model(clock=clock), prefs, interval_ms=1)
    assert not prompter.timer.isActive()
    with qtbot.waitSignal(prompter.prompt_due, timeout=5_000) as blocker:
        prefs.sampling = True  # switching it on starts the timer
    assert blocker.args == [clock.at(15)]
    prefs.sampling = False
    assert not prompter.timer.isActive()


def test_an_answer_is_stored_as_a_sample_naming_its_prompt(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, data_dir: Path
) -> None:
    clock = FakeClock(MONDAY.replace(hour=15, minute=10))
    model = make_model(clock=clock)
    prompter = SamplingPrompter(model, sampling_prefs(tmp_path))
    assert prompter.check() == clock.at(15)
    with durable(qtbot, model):
        sample = prompter.answer("few")
    assert sample is not None
    [stored] = on_disk(data_dir).samples
    assert (stored.answer, stored.at, stored.prompted_at) == (
        "few",
        clock.at(15, 10),
        clock.at(15),
    )
    assert stored.window_h == 1.0
    assert prompter.check() is None  # answered: not asked again
    # One undoable step.
    assert model.undo_stack.undoText() == "Sampling answer: a few twitches"
    model.undo_stack.undo()
    assert samples(model) == []


def test_missed_prompts_never_pile_up(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(MONDAY.replace(hour=21, minute=0))  # 10, 15 and 20 missed
    prompter = SamplingPrompter(make_model(clock=clock), sampling_prefs(tmp_path))
    shown: list[datetime] = []
    prompter.prompt_due.connect(shown.append)
    assert prompter.check() == clock.at(20)  # only the latest
    with qtbot.waitSignal(prompter.prompt_gone):
        clock.advance(hours=1, minutes=1)  # 22:01: two hours after 20:00
        assert prompter.check() is None
    assert prompter.current is None
    clock.now = clock.at(10, 5, days=1)  # the next morning: just its own prompt
    assert prompter.check() == clock.at(10)
    assert shown == [MONDAY.replace(hour=20, minute=0), clock.at(10)]


def test_no_prompt_on_a_break_or_a_day_marked_not_tracking(
    make_model: MakeModel, tmp_path: Path
) -> None:
    clock = FakeClock(MONDAY.replace(hour=10, minute=5))
    model = make_model(clock=clock)
    prefs = sampling_prefs(tmp_path)
    prompter = SamplingPrompter(model, prefs)
    # Marked off (by the command line's ``holiday``, say): nothing is asked.
    assert model.set_day_values(model.today(), tracking="off") is None
    assert prompter.check() is None
    clock.advance(days=1)
    assert prompter.check() == clock.at(10)
    prompter.dismiss()
    # A break set in Preferences rests the prompts too, even before it is marked.
    clock.advance(days=1)
    prefs.holiday_end = clock.now.date() + timedelta(days=3)
    prefs.holiday_start = clock.now.date()
    assert prompter.check() is None


def test_no_prompt_in_a_read_only_window(make_model: MakeModel, tmp_path: Path) -> None:
    model = make_model(
        clock=FakeClock(MONDAY.replace(hour=10, minute=5)),
        read_only_reason="Another window.",
    )
    assert SamplingPrompter(model, sampling_prefs(tmp_path)).check() is None


# ------------------------------------------------------------------ the window


def sampling_window(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings, clock: FakeClock
) -> MainWindow:
    Preferences(settings).sampling = True
    window = open_window(clock=clock).window
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_bar_asks_and_an_answer_goes_into_the_journal(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings, data_dir: Path
) -> None:
    clock = FakeClock(MONDAY)
    window = sampling_window(qtbot, open_window, settings, clock)
    calm = window.calm_tracking
    bar = calm.bar
    assert bar.isHidden()
    clock.advance(minutes=5)
    assert calm.prompter.check() == clock.at(10)
    assert bar.isVisible()
    assert bar.label.text() == "<b>Twitches in the last hour?</b>"
    assert [b.text() for b in bar.buttons.values()] == ["&None", "A &few", "&Many"]
    assert bar.not_now.text() == "Not now"
    # Below the banners that matter more, right above the views.
    central = window.centralWidget()
    assert central is not None
    layout = central.layout()
    assert layout is not None
    assert layout.indexOf(bar) == layout.indexOf(window.stack) - 1
    model = window._model
    with durable(qtbot, model):
        qtbot.mouseClick(bar.buttons["many"], Qt.MouseButton.LeftButton)
    assert bar.isHidden()
    [stored] = on_disk(data_dir).samples
    assert (stored.answer, stored.prompted_at) == ("many", clock.at(10))
    assert "Ctrl+Z undoes it" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert samples(model) == []


def test_not_now_hides_the_prompt_until_the_next_one(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    clock = FakeClock(MONDAY.replace(hour=15, minute=1))
    window = sampling_window(qtbot, open_window, settings, clock)
    bar = window.calm_tracking.bar
    prompter = window.calm_tracking.prompter
    # Due as the window opened.
    assert bar.isVisible()
    qtbot.mouseClick(bar.not_now, Qt.MouseButton.LeftButton)
    assert bar.isHidden()
    assert samples(window._model) == []  # nothing stored: no answer is no "none"
    clock.advance(minutes=30)
    assert prompter.check() is None
    assert bar.isHidden()
    clock.now = clock.at(20, 2)
    assert prompter.check() == clock.at(20)
    assert bar.isVisible()


def test_an_unanswered_prompt_leaves_by_itself(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    clock = FakeClock(MONDAY.replace(hour=10, minute=1))
    window = sampling_window(qtbot, open_window, settings, clock)
    bar = window.calm_tracking.bar
    assert bar.isVisible()
    clock.now = clock.at(12, 1)
    window.calm_tracking.prompter.check()
    assert bar.isHidden()


def test_switching_sampling_off_takes_the_prompt_away(
    qtbot: QtBot, open_window: OpenWindow, settings: QSettings
) -> None:
    clock = FakeClock(MONDAY.replace(hour=10, minute=1))
    window = sampling_window(qtbot, open_window, settings, clock)
    assert window.calm_tracking.bar.isVisible()
    window.extras.prefs.sampling = False
    assert window.calm_tracking.bar.isHidden()


def test_prompt_times_follow_preferences(make_model: MakeModel, tmp_path: Path) -> None:
    clock = FakeClock(MONDAY.replace(hour=8, minute=31))
    prefs = sampling_prefs(tmp_path)
    prefs.sampling_times = (time(13, 0), time(8, 30))
    prompter = SamplingPrompter(make_model(clock=clock), prefs)
    assert prompter.check() == clock.at(8, 30)
    assert date(2026, 5, 4) == clock.now.date()
