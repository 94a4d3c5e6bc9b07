"""The plan wizard: its pages, the schedule it shows, and the record it saves."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractButton, QDialog, QTableWidget
from pytestqt.qtbot import QtBot

from twitchtrack.cli import main as cli_main
from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import format_range
from twitchtrack.domain.trial import schedule
from twitchtrack.domain.trial_report import current, few_pairs_warning, plan_problem
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.experiment.wizard import PlanWizard

from ..conftest import MakeModel, OpenWindow, durable, on_disk
from .conftest import clock_on, plan

TODAY = date(2026, 12, 3)
START = date(2026, 12, 10)
# What a stored plan is, apart from its identity and version stamps.
STAMPS = {"id", "created_at", "updated_at", "device"}


def _wizard(qtbot: QtBot, model: object, **options: object) -> PlanWizard:
    wizard = PlanWizard(model, **options)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible()
    assert button.isEnabled()
    button.click()


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _fill(qtbot: QtBot, wizard: PlanWizard) -> None:
    """Six pairs of caffeine from START, expecting fewer twitches."""
    assert wizard.step_label.text() == "Step 1 of 4: What to change"
    assert wizard.factor_page.factor_key() == "caffeine"
    assert wizard.factor_page.target_b.text() == "under 50 mg caffeine"
    _click(qtbot, wizard.next_button)
    assert wizard.step == 1
    timing = wizard.timing_page
    assert timing.pairs.value() == 5
    assert timing.period_days.value() == 7
    assert timing.washout.value() == 2  # caffeine's default
    assert timing.start_date() == TODAY + timedelta(days=1)
    timing.pairs.setValue(6)
    timing.start.setDate(QDate(START.year, START.month, START.day))
    _click(qtbot, wizard.next_button)
    assert wizard.step == 2
    assert wizard.outcome_page.outcome() == "episodes"
    assert set(wizard.outcome_page.outcomes) == {"episodes", "sampling"}  # no rating
    wizard.outcome_page.expect.setText("fewer twitches")
    _click(qtbot, wizard.next_button)
    assert wizard.step == 3
    assert wizard.save_button.isVisible()
    assert not wizard.next_button.isVisible()


def test_a_plan_made_in_the_wizard_is_the_one_the_cli_makes_from_the_same_seed(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, data_dir: Path
) -> None:
    model = make_model(clock=clock_on(TODAY))
    wizard = _wizard(qtbot, model, seed=9)
    _fill(qtbot, wizard)
    # The schedule is shown before anything is saved.
    table = wizard.schedule_page.table
    assert table.rowCount() == 12
    assert list(model.records("experiments")) == []
    shown = wizard.plan
    assert shown is not None
    for row, period in enumerate(schedule(shown)):
        assert _cell(table, row, 0) == str(period.pair + 1)
        assert _cell(table, row, 1) == format_range(period.start, period.end, year=True)
        words = "under 50 mg caffeine" if period.arm == "B" else "usual"
        assert _cell(table, row, 2) == f"{period.arm} ({words})"
        assert _cell(table, row, 3) == "first 2 days (not counted)"
    assert {_cell(table, r, 2)[0] for r in (0, 1)} == {"A", "B"}

    with qtbot.waitSignal(wizard.planned) as saved, durable(qtbot, model):
        _click(qtbot, wizard.save_button)
    assert not wizard.isVisible()
    exp = saved.args[0]
    assert isinstance(exp, Experiment)
    assert current(on_disk(data_dir)) == model.record("experiments", exp.id)

    cli_dir = tmp_path / "cli"
    code = cli_main(
        [
            "--data-dir",
            str(cli_dir),
            "experiment",
            "plan",
            "--factor",
            "caffeine",
            "--target-b",
            "under 50 mg caffeine",
            "--pairs",
            "6",
            "--start",
            START.isoformat(),
            "--seed",
            "9",
            "--expect",
            "fewer twitches",
        ]
    )
    assert code == 0
    from_cli = current(JournalStore(cli_dir).load())
    assert from_cli is not None
    mine = current(on_disk(data_dir))
    assert mine is not None
    assert mine.model_dump(exclude=STAMPS) == from_cli.model_dump(exclude=STAMPS)

    # One undoable step: undo takes the plan back out (a tombstone).
    model.undo_stack.undo()
    assert current(model.journal) is None


def test_fewer_than_five_pairs_are_warned_about_plainly(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    wizard = _wizard(qtbot, make_model(clock=clock_on(TODAY)), seed=1)
    _click(qtbot, wizard.next_button)
    timing = wizard.timing_page
    assert not timing.few_pairs_box.isVisible()
    timing.pairs.setValue(4)
    assert timing.few_pairs_box.isVisible()
    assert timing.few_pairs.text() == few_pairs_warning(4)
    assert timing.pairs.minimum() == 3  # the plan's minimum
    _click(qtbot, wizard.next_button)
    _click(qtbot, wizard.next_button)
    notes = wizard.schedule_page.notes
    warning = few_pairs_warning(4)
    assert warning is not None
    assert warning in notes.text()
    assert wizard.save_button.isEnabled()  # a warning, not a refusal
    timing.pairs.setValue(5)
    assert not timing.few_pairs_box.isVisible()


def test_an_overlapping_plan_shows_the_one_line_problem_and_is_not_saved(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    other = plan(TODAY + timedelta(days=3), created=TODAY)
    JournalStore(data_dir).save(Journal().with_records(experiments=[other]))
    model = make_model(clock=clock_on(TODAY))
    wizard = _wizard(qtbot, model, seed=2)
    for _ in range(3):
        _click(qtbot, wizard.next_button)
    assert wizard.plan is not None
    problem = plan_problem(wizard.plan, model.journal, TODAY)
    assert problem is not None
    assert "overlaps the caffeine experiment" in problem
    page = wizard.schedule_page
    assert page.problem_box.isVisible()
    assert page.problem.text() == f"This plan cannot be saved: {problem}."
    assert not wizard.save_button.isEnabled()
    wizard.save()
    assert [e.id for e in model.records("experiments")] == [other.id]
    assert wizard.isVisible()

    # Starting after it is fine.
    _click(qtbot, wizard.back_button)
    _click(qtbot, wizard.back_button)
    after = TODAY + timedelta(days=3 + 28)
    wizard.timing_page.start.setDate(QDate(after.year, after.month, after.day))
    _click(qtbot, wizard.next_button)
    _click(qtbot, wizard.next_button)
    assert not page.problem_box.isVisible()
    assert wizard.save_button.isEnabled()


def test_a_tag_of_ones_own_needs_a_name_and_then_names_arm_b(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    wizard = _wizard(qtbot, make_model(clock=clock_on(TODAY)), seed=3)
    page = wizard.factor_page
    assert not page.tag.isVisible()
    page.factor.setCurrentIndex(page.factor.findData("tag"))
    assert page.tag.isVisible()
    _click(qtbot, wizard.next_button)
    assert wizard.step == 0
    assert "tag" in wizard.message.text()
    page.tag.setText("screen-break")
    assert page.target_b.text() == "days tagged screen-break"
    assert wizard.timing_page.washout.value() == 0
    _click(qtbot, wizard.next_button)
    assert wizard.step == 1
    # Words the person typed stay when the factor changes.
    page.target_b.setText("no screens after 9 pm")
    page.set_factor("sleep")
    assert page.target_b.text() == "no screens after 9 pm"


def test_a_start_in_the_past_is_said_to_be_registered_after_start(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    wizard = _wizard(qtbot, make_model(clock=clock_on(TODAY)), seed=4)
    _click(qtbot, wizard.next_button)
    past = TODAY - timedelta(days=20)
    wizard.timing_page.start.setDate(QDate(past.year, past.month, past.day))
    _click(qtbot, wizard.next_button)
    _click(qtbot, wizard.next_button)
    assert "registered after the start" in wizard.schedule_page.notes.text()


# The offscreen platform cannot raise a window; bringing the open one forward asks.
@pytest.mark.qt_log_ignore("support raise")
def test_the_menu_opens_the_wizard_then_the_result_while_one_runs(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window(clock=clock_on(TODAY))
    window = session.window
    action = window.window_actions.experiment_action
    assert action in window.menus["tools"].actions()
    action.trigger()
    wizard = window.findChild(QDialog, "experiment_wizard")
    assert isinstance(wizard, PlanWizard)
    assert wizard.isVisible()
    action.trigger()  # a second click brings the same one forward
    assert window.findChildren(PlanWizard) == [wizard]
    wizard.close()

    running = plan(TODAY - timedelta(days=2), created=TODAY - timedelta(days=3))
    session.model.put_record("experiments", running, "Plan")
    action.trigger()
    result = window.findChild(QDialog, "experiment_result_dialog")
    assert result is not None
    assert result.isVisible()
    result.close()


@pytest.mark.parametrize("factor", ["alcohol", "magnesium", "sleep"])
def test_each_factor_brings_its_default_target_and_washout(
    qtbot: QtBot, make_model: MakeModel, factor: str
) -> None:
    from twitchtrack.domain.trial import DEFAULT_B, DEFAULT_WASHOUT

    wizard = _wizard(qtbot, make_model(clock=clock_on(TODAY)), seed=5)
    wizard.factor_page.set_factor(factor)
    assert wizard.factor_page.target_b.text() == DEFAULT_B[factor][2]
    assert wizard.timing_page.washout.value() == DEFAULT_WASHOUT.get(factor, 0)


def test_a_read_only_journal_shows_the_plan_but_cannot_save_it(
    qtbot: QtBot, make_model: MakeModel
) -> None:
    model = make_model(clock=clock_on(TODAY), read_only_reason="opened elsewhere")
    wizard = _wizard(qtbot, model, seed=6)
    for _ in range(3):
        _click(qtbot, wizard.next_button)
    assert wizard.schedule_page.table.rowCount() == 10
    assert "read-only" in wizard.schedule_page.notes.text()
    assert not wizard.save_button.isEnabled()
    wizard.save()
    assert list(model.records("experiments")) == []
