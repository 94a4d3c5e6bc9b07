"""Episode details and the day check-in, both ways: model -> widgets -> model (disk)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QPoint, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import DayLog, Journal, Kind, Pattern, Units
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.log.forms.day_fields import check_day_value
from twitchtrack.ui.log.forms.day_form import DayCheckIn
from twitchtrack.ui.log.forms.episode_form import (
    EpisodeDetails,
    describe_when,
    from_qdatetime,
    intensity_word,
    to_qdatetime,
)
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.style import STYLE_SHEET
from twitchtrack.ui.units import ML_PER_US_FL_OZ, format_duration, parse_number
from twitchtrack.ui.widgets import split_list

from ..conftest import MakeModel, durable, on_disk

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 21, 0).astimezone()


def details_for(qtbot: QtBot, model: JournalModel) -> EpisodeDetails:
    widget = EpisodeDetails(model, note_delay_ms=0)
    qtbot.addWidget(widget)
    return widget


def checkin_for(qtbot: QtBot, model: JournalModel) -> DayCheckIn:
    widget = DayCheckIn(model, note_delay_ms=0)
    qtbot.addWidget(widget)
    return widget


def type_and_enter(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


# ----------------------------------------------------------------------------- episode


def test_details_show_the_episode(qtbot: QtBot, make_model: MakeModel) -> None:
    model = make_model(clock=lambda: NOW)
    episode = model.log_episode(
        "eyelid_lower_left",
        at=AT,
        intensity=6,
        kind="flutter",
        pattern="burst",
        pain=True,
        note="after a long screen day",
        duration_s=40,
    )
    assert episode is not None
    details = details_for(qtbot, model)
    assert details.pages.currentIndex() == 0  # nothing selected: the hint
    details.set_episode(episode.id)
    assert details.pages.currentIndex() == 1
    assert details.card.title.text() == "Left lower eyelid"
    assert details.intensity.value() == 6
    assert "6 / 10" in details.intensity_value.text()
    assert details.kind.value() == Kind.FLUTTER
    assert details.pattern.value() == Pattern.BURST
    assert details.at_rest.value() is None
    assert details.flags["pain"].isChecked()
    assert not details.flags["weakness"].isChecked()
    assert details.flags_hint.isVisibleTo(details)
    assert details.note.toPlainText() == "after a long screen day"
    assert details.duration.edit.text() == "40"
    assert from_qdatetime(details.when.dateTime()) == episode.at


def test_detail_edits_apply_as_you_go(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    details = details_for(qtbot, model)
    details.set_episode(episode.id)

    with durable(qtbot, model):
        details.intensity.setValue(7)
    with durable(qtbot, model):
        qtbot.mouseClick(details.kind.button(Kind.CRAMP), Qt.MouseButton.LeftButton)
    with durable(qtbot, model):
        qtbot.mouseClick(
            details.pattern.button(Pattern.CONTINUOUS), Qt.MouseButton.LeftButton
        )
    with durable(qtbot, model):
        qtbot.mouseClick(details.at_rest.button(True), Qt.MouseButton.LeftButton)
    with durable(qtbot, model):
        details.flags["weakness"].click()
    with durable(qtbot, model):
        type_and_enter(qtbot, details.duration.edit, "90")
    # The note is applied shortly after typing stops (here: at once).
    with durable(qtbot, model), qtbot.waitSignal(model.journal_changed):
        qtbot.keyClicks(details.note, "woke me up")
    saved = on_disk(data_dir).live_episodes()[0]
    assert (saved.intensity, saved.kind, saved.pattern) == (
        7,
        Kind.CRAMP,
        Pattern.CONTINUOUS,
    )
    assert (saved.at_rest, saved.weakness, saved.duration_s) == (True, True, 90)
    assert saved.note == "woke me up"

    # Clicking the chosen option of an optional choice clears it again.
    with durable(qtbot, model):
        qtbot.mouseClick(details.at_rest.button(True), Qt.MouseButton.LeftButton)
    assert on_disk(data_dir).live_episodes()[0].at_rest is None


def test_moving_an_episode_in_time(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model()
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    details = details_for(qtbot, model)
    details.set_episode(episode.id)
    earlier = episode.at.astimezone() - timedelta(days=1, hours=2)
    with durable(qtbot, model):
        details.when.setDateTime(to_qdatetime(earlier))
    assert on_disk(data_dir).live_episodes()[0].at == earlier


def test_a_bad_duration_shows_a_message_and_is_not_saved(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model()
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    details = details_for(qtbot, model)
    details.set_episode(episode.id)
    type_and_enter(qtbot, details.duration.edit, "100000")
    assert details.duration.message.isVisibleTo(details)
    assert "86,400" in details.duration.message.text()
    current = model.episode(episode.id)
    assert current is not None
    assert current.duration_s is None
    type_and_enter(qtbot, details.duration.edit, "ten")
    assert "number" in details.duration.message.text()


def test_details_follow_model_changes_and_undo(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model()
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    details = details_for(qtbot, model)
    details.set_episode(episode.id)
    model.edit_episode(episode.id, intensity=9, numbness=True)
    assert details.intensity.value() == 9
    assert details.flags["numbness"].isChecked()
    model.undo_stack.undo()
    assert details.intensity.value() == 3
    model.delete_episodes([episode.id])
    assert details.pages.currentIndex() == 0
    model.undo_stack.undo()
    assert details.pages.currentIndex() == 1


def test_read_only_details_cannot_be_edited(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    episode_model = make_model(read_only_reason="another window")
    details = details_for(qtbot, episode_model)
    assert not details.intensity.isEnabled()
    assert not details.note.isEnabled()


def test_when_words() -> None:
    now = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)
    assert describe_when(now.replace(hour=14, minute=2), now) == "Today 14:02"
    assert describe_when(now - timedelta(days=1), now) == "Yesterday 21:00"
    assert describe_when(now - timedelta(days=3), now) == "Fri 27 Feb 2026, 21:00"
    assert intensity_word(1) == "barely there"
    assert intensity_word(10) == "very strong"
    local = datetime(2026, 3, 2, 9, 5).astimezone()
    assert from_qdatetime(QDateTime(to_qdatetime(local))) == local


# ----------------------------------------------------------------------------- check-in


def test_check_in_values_persist(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(clock=lambda: NOW)
    card = checkin_for(qtbot, model)
    assert card.shown_date == NOW.date()
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["caffeine_mg"].edit, "120")
    with durable(qtbot, model):
        qtbot.mouseClick(card.drink_buttons["coffee"], Qt.MouseButton.LeftButton)
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["sleep_h"].edit, "6,5")
    with durable(qtbot, model):
        qtbot.mouseClick(card.quality.button(4), Qt.MouseButton.LeftButton)
    with durable(qtbot, model):
        qtbot.mouseClick(card.water_button, Qt.MouseButton.LeftButton)
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["stress"].edit, "6")
    with durable(qtbot, model):
        type_and_enter(qtbot, card.medicines, "Cetirizine, magnesium glycinate,")
    with durable(qtbot, model):
        type_and_enter(qtbot, card.tags, "travel")
    with durable(qtbot, model), qtbot.waitSignal(model.journal_changed):
        qtbot.keyClicks(card.note, "long drive")
    log = on_disk(data_dir).day(NOW.date())
    assert log is not None
    assert (log.caffeine_mg, log.sleep_h, log.sleep_quality) == (215, 6.5, 4)
    # A glass of water is a timed intake: the day's water is derived from it.
    assert (log.water_ml, log.stress) == (None, 6)
    [glass] = [i for i in on_disk(data_dir).intakes if i.kind == "water"]
    assert (glass.kind, glass.amount, glass.at) == ("water", 250, NOW)
    assert card.numbers["water_ml"].edit.text() == "250"
    assert log.medications == ["Cetirizine", "magnesium glycinate"]
    assert (log.tags, log.note) == (["travel"], "long drive")
    assert card.numbers["caffeine_mg"].edit.text() == "215"

    # Clearing a field means "not logged" (None), never zero.
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["stress"].edit, "")
    log = on_disk(data_dir).day(NOW.date())
    assert log is not None
    assert log.stress is None


@pytest.mark.parametrize("units", [Units.METRIC, Units.US])
def test_check_in_fields_fit_beside_the_scroll_bar(
    qtbot: QtBot, make_model: MakeModel, units: Units
) -> None:
    model = make_model(clock=lambda: NOW)
    model.set_units(units)
    card = checkin_for(qtbot, model)
    card.setStyleSheet(STYLE_SHEET)  # as in the window, and as wide
    card.setFixedWidth(330)
    card.resize(330, 420)  # short: the fields scroll
    card.show()
    qtbot.waitExposed(card)
    scroll = card.findChild(QScrollArea)
    assert scroll is not None
    bar, viewport, page = scroll.verticalScrollBar(), scroll.viewport(), scroll.widget()
    qtbot.waitUntil(bar.isVisible)
    assert page.minimumSizeHint().width() <= viewport.width()

    def cut_off() -> list[str]:
        """Controls that reach under the scroll bar (a unit cut off, say)."""
        out = []
        for kind in (QLabel, QLineEdit, QPushButton):
            for widget in page.findChildren(kind):
                right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
                if widget.isVisibleTo(page) and right > viewport.width():
                    out.append(widget.objectName() or widget.text())
        return out

    # Laid out at the room left beside the bar, nothing wider than that.
    qtbot.waitUntil(lambda: page.width() == viewport.width() and not cut_off())
    assert cut_off() == []


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("caffeine_mg", "6000", "between 0 and 5000 mg"),
        ("stress", "12", "between 0 and 10"),
        ("stress", "3.5", "whole number"),
        ("sleep_h", "-2", "between 0 and 24 h"),
        ("water_ml", "lots", "Enter a number"),
    ],
)
def test_out_of_range_input_is_refused_at_the_field(
    qtbot: QtBot,
    make_model: MakeModel,
    data_dir: Path,
    field: str,
    typed: str,
    words: str,
) -> None:
    model = make_model(clock=lambda: NOW)
    card = checkin_for(qtbot, model)
    with qtbot.assertNotEmitted(model.journal_changed):
        type_and_enter(qtbot, card.numbers[field].edit, typed)
    message = card.numbers[field].message
    assert message.isVisibleTo(card)
    assert words in message.text()
    assert card.numbers[field].edit.text() == typed  # kept, to be corrected
    assert model.day(NOW.date()) is None
    assert not model.store.path.exists()
    # A good value clears the message and is saved.
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers[field].edit, "4")
    assert not message.isVisibleTo(card)
    log = on_disk(data_dir).day(NOW.date())
    assert log is not None
    assert getattr(log, field) == 4


def test_quick_add_past_the_limit_is_refused(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model(clock=lambda: NOW)
    model.set_day_values(NOW.date(), caffeine_mg=4_950)
    card = checkin_for(qtbot, model)
    card.add_caffeine(95)
    assert card.numbers["caffeine_mg"].message.isVisibleTo(card)
    log = model.day(NOW.date())
    assert log is not None
    assert log.caffeine_mg == 4_950


def test_us_units_show_fluid_ounces_and_store_millilitres(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(clock=lambda: NOW)
    model.set_units(Units.US)
    card = checkin_for(qtbot, model)
    assert card.numbers["water_ml"].unit.text() == "fl oz"
    assert card.water_button.text() == "+8 fl oz"
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["water_ml"].edit, "16")
    log = on_disk(data_dir).day(NOW.date())
    assert log is not None
    assert log.water_ml == pytest.approx(16 * ML_PER_US_FL_OZ, abs=0.1)
    assert card.numbers["water_ml"].edit.text() == "16"
    type_and_enter(qtbot, card.numbers["water_ml"].edit, "700")
    assert "676.3 fl oz" in card.numbers["water_ml"].message.text()
    model.set_units(Units.METRIC)
    assert card.numbers["water_ml"].edit.text() == "473"


def test_check_in_for_another_date(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    yesterday = NOW.date() - timedelta(days=1)
    JournalStore(data_dir).save(
        Journal(
            days=[DayLog.for_day(yesterday, caffeine_mg=300, medications=["Ibuprofen"])]
        )
    )
    model = make_model(clock=lambda: NOW)
    card = checkin_for(qtbot, model)
    assert card.numbers["caffeine_mg"].edit.text() == ""
    qtbot.mouseClick(card.prev_day, Qt.MouseButton.LeftButton)
    assert card.shown_date == yesterday
    assert card.card.subtitle.text() == "Yesterday"
    assert card.numbers["caffeine_mg"].edit.text() == "300"
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["exercise_min"].edit, "45")
    log = on_disk(data_dir).day(yesterday)
    assert log is not None
    assert (log.caffeine_mg, log.exercise_min) == (300, 45)
    assert on_disk(data_dir).day(NOW.date()) is None
    # Medicines typed earlier are offered for completion.
    assert "Ibuprofen" in card.medicines_model.stringList()
    qtbot.mouseClick(card.today_button, Qt.MouseButton.LeftButton)
    assert card.shown_date == NOW.date()


def test_check_in_follows_undo(qtbot: QtBot, make_model: MakeModel) -> None:
    model = make_model(clock=lambda: NOW)
    card = checkin_for(qtbot, model)
    type_and_enter(qtbot, card.numbers["caffeine_mg"].edit, "200")
    qtbot.mouseClick(card.drink_buttons["espresso"], Qt.MouseButton.LeftButton)
    assert card.numbers["caffeine_mg"].edit.text() == "263"
    model.undo_stack.undo()
    assert card.numbers["caffeine_mg"].edit.text() == "200"
    model.undo_stack.undo()
    assert card.numbers["caffeine_mg"].edit.text() == ""


def test_quick_add_records_timed_intakes_and_the_total_follows(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    clock = [NOW]
    model = make_model(clock=lambda: clock[0])
    card = checkin_for(qtbot, model)
    with durable(qtbot, model):
        qtbot.mouseClick(card.drink_buttons["coffee"], Qt.MouseButton.LeftButton)
    clock[0] = NOW + timedelta(hours=1)
    with durable(qtbot, model):
        qtbot.mouseClick(card.drink_buttons["espresso"], Qt.MouseButton.LeftButton)
    journal = on_disk(data_dir)
    assert [(i.label, i.amount, i.at) for i in journal.intakes] == [
        ("coffee", 95, NOW),
        ("espresso", 63, NOW + timedelta(hours=1)),
    ]
    assert journal.day(NOW.date()) is None  # nothing typed: the total is derived
    assert card.numbers["caffeine_mg"].edit.text() == "158"
    note = card.notes["caffeine_mg"]
    assert note.isVisibleTo(card)
    assert "2 drinks" in note.text()
    # A typed total wins, and the form says so; the drinks keep their times.
    with durable(qtbot, model):
        type_and_enter(qtbot, card.numbers["caffeine_mg"].edit, "300")
    assert "typed total counts" in note.text()
    # Undo takes back one drink in one step, then the other.
    model.undo_stack.undo()  # the typed total
    model.undo_stack.undo()  # the espresso
    assert card.numbers["caffeine_mg"].edit.text() == "95"
    assert len([i for i in model.records("intakes") if not i.deleted]) == 1


def test_check_day_value_words() -> None:
    assert check_day_value("caffeine_mg", 100.0, Units.METRIC) is None
    assert check_day_value("alcohol_units", 101.0, Units.METRIC) == (
        "Alcohol must be between 0 and 100 units."
    )
    assert check_day_value("sleep_quality", 6, Units.METRIC) == (
        "Sleep quality must be between 1 and 5."
    )
    assert check_day_value("stress", 2.5, Units.METRIC) == "Enter a whole number."


def test_small_parsers() -> None:
    assert parse_number(" 6,5 ") == 6.5
    assert parse_number("") is None
    with pytest.raises(ValueError, match="number"):
        parse_number("nan")
    assert split_list("a, b,,A , c") == ["a", "b", "c"]
    assert format_duration(4) == "4 s"
    assert format_duration(125) == "2 min 5 s"
    assert format_duration(3_900) == "1 h 5 min"


def test_model_day_defaults_to_today(make_model: MakeModel) -> None:
    model = make_model(clock=lambda: NOW)
    assert model.today() == NOW.date() == date(2026, 3, 2)
