"""A guidance card shows the emergency line boxed apart, and its rule and source."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from twitchtrack.domain.guidance import GuidanceItem, evaluate
from twitchtrack.domain.models import Episode, Journal
from twitchtrack.ui.guidance.parts import ItemCard, plain_text

TODAY = date(2026, 12, 2)


def _items(**flags: bool) -> dict[str, GuidanceItem]:
    at = datetime(2026, 12, 2, 9, tzinfo=timezone(timedelta(hours=1)))
    journal = Journal(episodes=[Episode(at=at, region="thumb_right", **flags)])
    return {i.id: i for i in evaluate(journal, TODAY).red_flags}


def test_weakness_card_shows_the_emergency_line_apart(qtbot: QtBot) -> None:
    item = _items(weakness=True)["weakness"]
    card = ItemCard(item)
    qtbot.addWidget(card)
    urgent = card.findChild(QLabel, "guidanceUrgent_weakness")
    assert urgent is not None
    assert urgent.property("role") == "urgent"
    text = plain_text(urgent.text())
    assert text.startswith("In an emergency: If weakness, numbness")
    assert "call the emergency number" in text
    small = card.findChild(QLabel, "guidanceSource_weakness")
    assert small is not None
    assert "Source: " in small.text()
    assert "NHS: Stroke" in small.text()


def test_wasting_card_has_no_emergency_line(qtbot: QtBot) -> None:
    item = _items(wasting=True)["wasting"]
    card = ItemCard(item)
    qtbot.addWidget(card)
    assert card.findChild(QLabel, "guidanceUrgent_wasting") is None
    small = card.findChild(QLabel, "guidanceSource_wasting")
    assert small is not None
    assert "NICE NG127" in small.text()
