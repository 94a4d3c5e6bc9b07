"""The check-in says which arm of a running self-experiment the shown day is in."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from tests.ui.experiment.conftest import clock_on, plan
from twitchtrack.domain.trial import schedule
from twitchtrack.ui.log.forms.day_form import DayCheckIn

from ..conftest import MakeModel

START = date(2026, 3, 2)


def test_the_arm_and_its_target_follow_the_shown_day(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    exp = plan(START)
    first, second = schedule(exp)[:2]
    clock = clock_on(first.start + timedelta(days=3))
    model = make_model(clock=clock)
    card = DayCheckIn(model)
    qtbot.addWidget(card)
    card.show()
    assert card.arm.isHidden()  # no experiment yet
    assert model.put_record("experiments", exp, "Plan")
    qtbot.waitUntil(lambda: not card.arm.isHidden())
    words = "under 50 mg caffeine" if first.arm == "B" else "usual"
    assert card.arm.text() == f"{first.arm} week of the caffeine experiment: {words}."
    clock.set_day(second.start)
    card.set_date(second.start)  # the next period's first day is a washout day
    assert card.arm.text().startswith(f"{second.arm} week of the caffeine")
    assert "washout" in card.arm.text()
    card.set_date(START - timedelta(days=1))
    assert card.arm.isHidden()
