"""The Links tab shows timed caffeine (the case-crossover figure) when drinks
have times, and nothing about it otherwise."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.domain.analysis.timing_sim import simulate_timing

from .conftest import MakeView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


def test_timed_caffeine_line_follows_the_journal(
    qtbot: QtBot, make_view: MakeView
) -> None:
    view = make_view()
    journal = simulate_timing(7, odds=2.0)
    view.set_journal(journal)
    view.set_range("all")
    qtbot.waitUntil(lambda: view.model_result() is not None, timeout=20_000)
    line = view.tabs.timing
    assert not line.isHidden()
    assert line.text().startswith("Timed caffeine: Caffeine in the 6 hours before")
    view.set_journal(journal.model_copy(update={"intakes": []}))
    qtbot.waitUntil(lambda: view.model_result() is not None, timeout=20_000)
    assert line.isHidden()
