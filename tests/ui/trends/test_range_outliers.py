"""Trends' ranges start from today's data, never from an outlier entry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.ui.jobs import ImmediateExecutor
from twitchtrack.ui.trends.range_bar import range_span
from twitchtrack.ui.trends.view import TrendsView

TODAY = date(2026, 12, 2)


def test_an_outlier_after_today_does_not_move_the_range() -> None:
    first, last = date(2026, 6, 1), date(9999, 12, 31)
    assert range_span("90d", None, first, last, TODAY) == (
        TODAY - timedelta(days=89),
        TODAY,
    )
    assert range_span("all", None, date(1, 1, 1), last, TODAY)[1] == TODAY
    assert range_span("all", None, date(1, 1, 1), last, TODAY)[0] >= date(1970, 1, 1)


def test_trends_opens_on_the_real_entries_not_an_outlier(
    qtbot: QtBot, body_geometry: BodyGeometry
) -> None:
    journal = Journal(
        episodes=[
            Episode(at=datetime(2026, 11, 20, 8, tzinfo=UTC), region="calf_left"),
            Episode(at=datetime(2026, 11, 25, 8, tzinfo=UTC), region="calf_left"),
            # What an older version let in.
            Episode(at=datetime(2100, 1, 1, tzinfo=UTC), region="calf_left"),
        ]
    )
    view = TrendsView(
        body_geometry=body_geometry, today=lambda: TODAY, executor=ImmediateExecutor()
    )
    qtbot.addWidget(view)
    view.set_journal(journal)
    for key, end in (("90d", TODAY), ("all", date(2026, 11, 25))):
        view.set_range(key)
        shown = (
            view.range_bar.from_edit.date().toPython(),
            view.range_bar.to_edit.date().toPython(),
        )
        assert shown == (date(2026, 11, 20), end), key
