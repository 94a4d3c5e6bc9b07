"""The result view says what ``result_of`` found: the sentence, both analyses'
figures, adherence, the per-period chart and the days left out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from twitchtrack.domain.trial import last_day
from twitchtrack.domain.trial_report import excluded_words, result_of, sentence
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.experiment.opener import open_result
from twitchtrack.ui.experiment.result import ResultDialog, ResultView

from ..conftest import MakeModel, OpenWindow
from .conftest import TZ, clock_on, plan, simulated

START = date(2026, 9, 7)


def _view(qtbot: QtBot, model: object, today: date) -> ResultView:
    view = ResultView(model, today=lambda: today)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    return view


def test_a_finished_experiment_shows_its_sentence_and_figures(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    exp = plan(START, pairs=6, seed=3, expect="fewer twitches")
    today = last_day(exp) + timedelta(days=1)
    JournalStore(data_dir).save(simulated(exp, today))
    model = make_model(clock=clock_on(today))
    view = _view(qtbot, model, today)
    found = result_of(model.journal, exp, today)

    assert view.sentence.text() == sentence(exp, found)
    assert "fewer twitches" in view.sentence.text()
    itt, pp = found.itt, found.per_protocol
    assert itt.rate_ratio is not None
    assert itt.rate_ratio < 1
    assert itt.ci_low is not None
    assert itt.ci_high is not None
    assert pp.rate_ratio is not None
    cells = {k: label.text() for k, label in view.cells.items()}
    assert cells[("itt", "rate_ratio")] == f"{itt.rate_ratio:.2f}"
    assert cells[("itt", "interval")] == f"{itt.ci_low:.2f} to {itt.ci_high:.2f}"
    assert cells[("itt", "p")] == f"{itt.p_randomization:.3f}"
    assert cells[("itt", "pairs")] == "6"
    assert cells[("itt", "days")] == str(itt.days_used)
    assert cells[("pp", "rate_ratio")] == f"{pp.rate_ratio:.2f}"
    assert cells[("pp", "days")] == str(pp.days_used)
    assert pp.days_used < itt.days_used  # some days did not keep to their arm

    a, b = found.adherence["A"], found.adherence["B"]
    assert a is not None
    assert b is not None
    assert f"arm A (usual) on {a:.0%}" in view.adherence.text()
    assert f"arm B (under 50 mg caffeine) on {b:.0%}" in view.adherence.text()
    assert view.excluded.text() == excluded_words(found)
    assert "24 washout days" in view.excluded.text()  # 12 periods, 2 each
    assert view.registered.text().startswith("Registered in advance")
    assert view.expected.text() == "You expected: fewer twitches"
    assert "finished" in view.plan_line.text()

    bars = view.chart.bars()
    assert [(x.pair, x.arm) for x in bars] == [
        (p.period.pair + 1, p.period.arm) for p in found.periods
    ]
    assert [x.rate for x in bars] == [p.rate for p in found.periods]
    assert [x.adherence for x in bars] == [p.adherence for p in found.periods]
    assert all(x.days_used == 5 for x in bars)


def test_a_running_experiment_updates_as_days_are_logged(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    exp = plan(START, pairs=3, seed=2, created=START + timedelta(days=3))
    today = START + timedelta(days=16)
    JournalStore(data_dir).save(simulated(exp, today))
    model = make_model(clock=clock_on(today))
    view = _view(qtbot, model, today)
    assert "running" in view.plan_line.text()
    assert view.registered.text().startswith("Not registered in advance")
    assert "days still to come" in view.excluded.text()
    before = view.chart.bars()[2].rate
    model.log_episode("calf_left", at=datetime.combine(today, time(10), TZ))
    found = result_of(model.journal, exp, today)
    assert view.sentence.text() == sentence(exp, found)
    assert view.chart.bars()[2].rate == found.periods[2].rate != before


@pytest.mark.qt_log_ignore("support raise")
def test_the_banners_see_result_opens_the_dialog_once(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    exp = plan(START, pairs=3, seed=2)
    today = START + timedelta(days=16)
    JournalStore(data_dir).save(simulated(exp, today))
    window = open_window(clock=clock_on(today)).window
    window.experiment_banner.result_button.click()
    dialogs = window.findChildren(ResultDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.isVisible()
    assert dialog.title.text() == "Caffeine experiment: the result"
    assert open_result(window, window._model) is dialog  # brought forward
    dialog.close()
