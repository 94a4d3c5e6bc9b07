"""The check-in's tracking row and "No twitches today": widgets, model and disk."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from twitchtrack.ui.log.forms.day_form import DayCheckIn
from twitchtrack.ui.model import JournalModel

from ..conftest import MakeModel, durable, on_disk

NOW = datetime(2026, 3, 2, 21, 0).astimezone()
TODAY = NOW.date()


def checkin(qtbot: QtBot, model: JournalModel) -> DayCheckIn:
    card = DayCheckIn(model, note_delay_ms=0)
    qtbot.addWidget(card)
    card.show()
    # The day's twitches are counted just after the card is made, not during.
    assert not card.tracking.counts.ready
    qtbot.waitUntil(lambda: card.tracking.counts.ready)
    return card


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_no_twitches_today_marks_the_day_and_undoes(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(clock=lambda: NOW)
    card = checkin(qtbot, model)
    row = card.tracking
    assert row.none_today.isVisible()
    assert row.choice.value() is None
    with durable(qtbot, model):
        click(qtbot, row.none_today)
    log = on_disk(data_dir).day(TODAY)
    assert log is not None
    assert log.tracking == "all"
    assert row.choice.value() == "all"
    assert not row.none_today.isVisible()
    assert row.status.text() == "Marked: no twitches on this day"
    assert model.undo_stack.undoText() == "Check-in: tracking"
    with durable(qtbot, model):
        model.undo_stack.undo()
    assert row.choice.value() is None
    assert row.none_today.isVisible()
    log = on_disk(data_dir).day(TODAY)
    assert log is None or log.tracking is None
    model.undo_stack.redo()
    assert row.choice.value() == "all"


def test_tracking_choice_is_saved_and_cleared(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(clock=lambda: NOW)
    card = checkin(qtbot, model)
    row = card.tracking
    yesterday = TODAY - timedelta(days=1)
    card.set_date(yesterday)
    with durable(qtbot, model):
        click(qtbot, row.choice.button("off"))
    log = on_disk(data_dir).day(yesterday)
    assert log is not None
    assert log.tracking == "off"
    assert on_disk(data_dir).day(TODAY) is None
    # Clicking the chosen answer again says "not said" once more.
    with durable(qtbot, model):
        click(qtbot, row.choice.button("off"))
    log = on_disk(data_dir).day(yesterday)
    assert log is None or log.tracking is None
    with durable(qtbot, model):
        click(qtbot, row.choice.button("some"))
    card.set_date(TODAY)
    assert row.choice.value() is None
    card.set_date(yesterday)
    assert row.choice.value() == "some"


def test_a_day_with_twitches_is_not_offered_no_twitches(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model(clock=lambda: NOW)
    card = checkin(qtbot, model)
    row = card.tracking
    assert row.none_today.isVisible()
    episode = model.log_episode("eyelid_lower_left", at=NOW - timedelta(hours=2))
    assert episode is not None
    # The button goes as soon as the twitch is logged, and the row says why.
    assert not row.none_today.isVisible()
    assert row.status.text() == "1 twitch logged on this day"
    row.mark_none()  # even when called directly, it does not mark the day
    assert model.day(TODAY) is None
    # "Every one" stays available: the log of that day is complete.
    click(qtbot, row.choice.button("all"))
    day = model.day(TODAY)
    assert day is not None
    assert day.tracking == "all"
    assert not row.none_today.isVisible()
    model.delete_episodes([episode.id])
    assert row.status.text() == "Marked: no twitches on this day"


def test_tracking_row_follows_read_only(qtbot: QtBot, make_model: MakeModel) -> None:
    model = make_model(clock=lambda: NOW, read_only_reason="another window")
    card = checkin(qtbot, model)
    assert not card.tracking.choice.isEnabled()
    assert not card.tracking.none_today.isEnabled()


def test_the_day_count_follows_moved_and_deleted_twitches(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model(clock=lambda: NOW)
    episode = model.log_episode("calf_left", at=NOW - timedelta(hours=1))
    assert episode is not None
    card = checkin(qtbot, model)
    counts = card.tracking.counts
    yesterday = TODAY - timedelta(days=1)
    assert (counts.count(TODAY), counts.count(yesterday)) == (1, 0)
    model.edit_episode(episode.id, at=NOW - timedelta(days=1))
    assert (counts.count(TODAY), counts.count(yesterday)) == (0, 1)
    assert card.tracking.none_today.isVisible()  # today has none now
    model.undo_stack.undo()
    assert (counts.count(TODAY), counts.count(yesterday)) == (1, 0)
    assert not card.tracking.none_today.isVisible()
    model.delete_episodes([episode.id])
    assert counts.count(TODAY) == 0
    assert card.tracking.none_today.isVisible()
