"""The Log view's experiment banner on a clock the test moves: planned, running
(each period, its washout), finished; stopping keeps the data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from twitchtrack.domain.trial import last_day, schedule
from twitchtrack.domain.trial_report import current
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.experiment.banner import ExperimentBanner

from ..conftest import MakeModel, OpenWindow, durable, on_disk
from .conftest import clock_on, plan, simulated

START = date(2026, 12, 7)


def _banner(qtbot: QtBot, model: object, clock: object) -> ExperimentBanner:
    banner = ExperimentBanner(model, today=clock.today, refresh_ms=0)  # type: ignore[arg-type, attr-defined]
    qtbot.addWidget(banner)
    banner.show()
    banner.refresh()
    return banner


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible()
    assert button.isEnabled()
    button.click()


def test_the_banner_follows_the_schedule_day_by_day(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    exp = plan(START, pairs=2, seed=5)
    JournalStore(data_dir).save(simulated(exp, START))
    clock = clock_on(START - timedelta(days=1))
    model = make_model(clock=clock)
    banner = _banner(qtbot, model, clock)
    assert not banner.isVisible()  # planned: nothing to show yet

    periods = schedule(exp)
    words = {"A": "usual", "B": "under 50 mg caffeine"}
    for index, period in enumerate(periods):
        head = (
            f"Caffeine experiment \u00b7 Week {index + 1} of 4: "
            f"{period.arm} week ({words[period.arm]})"
        )
        for day_number in (1, 2):
            clock.set_day(period.start + timedelta(days=day_number - 1))
            banner.refresh()
            assert banner.isVisible()
            assert banner.text() == (
                f"{head}. Washout day {day_number} of 2: keep to the plan; these "
                "days are not counted"
            )
        clock.set_day(period.start + timedelta(days=2))
        banner.refresh()
        assert banner.text() == f"{head}, day 3"
        clock.set_day(period.end)
        banner.refresh()
        assert banner.text() == f"{head}, day 7"

    clock.set_day(last_day(exp) + timedelta(days=1))
    banner.refresh()
    assert not banner.isVisible()  # finished


def test_periods_other_than_a_week_are_called_periods(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    exp = plan(START, pairs=3, period_days=5, washout_days=0, seed=8)
    JournalStore(data_dir).save(simulated(exp, START))
    clock = clock_on(START + timedelta(days=11))
    banner = _banner(qtbot, make_model(clock=clock), clock)
    third = schedule(exp)[2]
    words = "under 50 mg caffeine" if third.arm == "B" else "usual"
    assert banner.text() == (
        f"Caffeine experiment \u00b7 Period 3 of 6: {third.arm} period ({words}), day 2"
    )


def test_stopping_asks_once_then_keeps_the_plan_and_every_day(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    exp = plan(START, pairs=2, seed=5)
    today = START + timedelta(days=9)
    JournalStore(data_dir).save(simulated(exp, today))
    clock = clock_on(today)
    model = make_model(clock=clock)
    episodes = model.live_episode_count()
    banner = _banner(qtbot, model, clock)
    assert banner.isVisible()
    assert banner.result_button.isVisible()

    # "Keep going" changes nothing.
    _click(qtbot, banner.stop_button)
    assert banner.confirm_button.isVisible()
    assert "Stop the caffeine experiment today?" in banner.text()
    _click(qtbot, banner.keep_button)
    assert not banner.confirm_button.isVisible()
    assert banner.stop_button.isVisible()
    assert current(model.journal) == exp

    _click(qtbot, banner.stop_button)
    with qtbot.waitSignal(banner.stopped) as stopped, durable(qtbot, model):
        _click(qtbot, banner.confirm_button)
    assert not banner.isVisible()
    kept = current(on_disk(data_dir))
    assert kept is not None
    assert kept.id == stopped.args[0].id
    assert (kept.id, kept.status, kept.stopped_on) == (exp.id, "stopped", today)
    assert kept.model_dump(
        exclude={"status", "stopped_on", "updated_at", "device"}
    ) == (exp.model_dump(exclude={"status", "stopped_on", "updated_at", "device"}))
    assert model.live_episode_count() == episodes
    assert len(on_disk(data_dir).live_episodes()) == episodes

    # One undo brings it back, running.
    model.undo_stack.undo()
    assert banner.isVisible()
    assert current(model.journal).status == "planned"  # type: ignore[union-attr]


def test_the_banner_sits_in_the_log_view_of_the_window(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    exp = plan(START, pairs=2, seed=5)
    JournalStore(data_dir).save(simulated(exp, START + timedelta(days=3)))
    session = open_window(clock=clock_on(START + timedelta(days=3)))
    window = session.window
    banner = window.experiment_banner
    log = window.pages["log"]
    assert log.isAncestorOf(banner)
    assert banner.isVisibleTo(window)
    assert banner.text().endswith(", day 4")
    assert log.isAncestorOf(window.body_map)


def test_no_experiment_no_banner(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window().window
    assert not window.experiment_banner.isVisibleTo(window)
