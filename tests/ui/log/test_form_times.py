"""The window's forms refuse times no one could have logged, as the CLI does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.qtbot import QtBot

from twitchtrack.domain.times import time_problem
from twitchtrack.ui.log.forms.day_form import DayCheckIn
from twitchtrack.ui.log.forms.episode_form import EpisodeDetails

from ..conftest import MakeModel

NOW = datetime(2026, 12, 2, 12, 0).astimezone()
AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_episode_time_out_of_range_is_not_stored(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model(clock=lambda: NOW)
    episode = model.log_episode("calf_left", at=AT)
    assert episode is not None
    details = EpisodeDetails(model, note_delay_ms=0)
    qtbot.addWidget(details)
    details.set_episode(episode.id)
    latest = details.when.maximumDateTime().toPython()
    assert latest <= (NOW + timedelta(days=1)).replace(tzinfo=None)
    assert details.when.minimumDate() == QDate(1970, 1, 1)
    for year in (9999, 1900):
        # The editor stops at its range; what is stored stays a plausible time.
        details.when.setDateTime(QDateTime(QDate(year, 1, 1), QTime(0, 0)))
        current = model.episode(episode.id)
        assert current is not None
        assert time_problem(current.at, NOW) is None, current.at


def test_check_in_dates_stop_at_tomorrow(qtbot: QtBot, make_model: MakeModel) -> None:
    model = make_model(clock=lambda: NOW)
    card = DayCheckIn(model, note_delay_ms=0)
    qtbot.addWidget(card)
    tomorrow = NOW.date() + timedelta(days=1)
    assert card.date_edit.maximumDate().toPython() == tomorrow
    assert card.date_edit.minimumDate().toPython() == date(1970, 1, 1)
    card.set_date(date(9999, 12, 31))
    assert card.shown_date == NOW.date()
    for _ in range(3):
        qtbot.mouseClick(card.next_day, Qt.MouseButton.LeftButton)
    assert card.shown_date == tomorrow
