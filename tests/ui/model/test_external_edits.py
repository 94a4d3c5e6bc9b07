"""The window never puts back a value the command line changed (issue #13, item 1).

After the window takes in an external edit of a check-in, that edit is what a
later clash starts from: the command line changing the same field again, while
the window edits another field of that check-in, keeps the command line's value.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.cli.helpers import run
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.storage.journal_store import JournalStore

from ..conftest import MakeModel, durable, on_disk

DAY = date(2026, 6, 15)


def _shown(model: object, field: str) -> object:
    day = model.day(DAY)  # type: ignore[attr-defined]
    return None if day is None else getattr(day, field)


def test_a_second_command_line_change_survives_an_edit_of_another_field(
    qtbot: QtBot,
    make_model: MakeModel,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(DAY, stress=3)]))
    # The watcher's look is driven by hand, so it happens exactly when wanted.
    model = make_model(watch=False)
    code, _, err = run(["day", DAY.isoformat(), "--caffeine", "2"], capsys)
    assert code == 0, err
    with qtbot.waitSignal(model.external_change_merged):
        model.check_external()
    assert _shown(model, "caffeine_mg") == 2  # the window shows 2

    code, _, err = run(["day", DAY.isoformat(), "--caffeine", "3"], capsys)
    assert code == 0, err
    # Within moments, before the window has looked again, it edits water.
    with durable(qtbot, model):
        assert model.set_day_values(DAY, water_ml=750) is None
    saved = on_disk(data_dir).day(DAY)
    assert saved is not None
    assert (saved.caffeine_mg, saved.water_ml, saved.stress) == (3, 750, 3)
    # And the window shows what the file holds.
    qtbot.waitUntil(lambda: _shown(model, "caffeine_mg") == 3)
    assert _shown(model, "water_ml") == 750


ROUNDS = 240


def _finished(thread: threading.Thread) -> bool:
    return not thread.is_alive()


def test_a_race_of_window_edits_and_command_line_writes_reverts_nothing(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    """The command line (a real store on another thread, under the real file lock)
    writes caffeine and sleep; the window, watching the file, edits water and
    stress of the same check-in at random moments. Every acknowledged value of
    both must be the one on disk once things settle."""
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(DAY, stress=1)]))
    model = make_model(watch_delay_ms=0)
    rng = random.Random(20261213)
    cli_store = JournalStore(data_dir, lock_timeout=30)
    acked: dict[str, float] = {}
    mine: dict[str, object] = {"stress": 1}
    reverted: list[tuple[int, str, object, object]] = []
    started = time.monotonic()

    def command_line(field: str, value: float, pause: float) -> None:
        # Not synchronisation: a random pause so the write lands at random points.
        time.sleep(pause)

        def change(journal: Journal) -> Journal:
            current = journal.day(DAY)
            assert current is not None
            return journal.with_records(days=[current.edited(**{field: value})])

        cli_store.update(change)
        acked[field] = value  # acknowledged: update() returned

    for n in range(ROUNDS):
        field = rng.choice(["caffeine_mg", "sleep_h"])
        value = float(n + 1) if field == "caffeine_mg" else round(4 + n % 50 / 10, 1)
        cli = threading.Thread(
            target=command_line, args=(field, value, rng.uniform(0, 0.004))
        )
        cli.start()
        for _ in range(rng.randint(1, 3)):
            what = rng.random()
            if what < 0.45:
                mine["water_ml"] = float(rng.randint(1, 3000))
                model.set_day_values(DAY, water_ml=mine["water_ml"])
            elif what < 0.7:
                mine["stress"] = rng.randint(0, 10)
                model.set_day_values(DAY, stress=mine["stress"])
            elif what < 0.85:
                model.check_external()
            qtbot.wait(rng.randint(0, 3))  # lets saves and looks interleave
        qtbot.waitUntil(functools.partial(_finished, cli), timeout=30_000)
        if rng.random() < 0.5:
            mine["water_ml"] = float(rng.randint(1, 3000))
            model.set_day_values(DAY, water_ml=mine["water_ml"])
        with durable(qtbot, model):
            pass
        disk = on_disk(data_dir).day(DAY)
        assert disk is not None
        for name, expected in (*acked.items(), *mine.items()):
            if getattr(disk, name) != expected:
                reverted.append((n, name, expected, getattr(disk, name)))
                # Put the expected value back so one revert is counted once.
                if name in acked:
                    command_line(name, float(expected), 0)  # type: ignore[arg-type]
                else:
                    with durable(qtbot, model):
                        model.set_day_values(DAY, **{name: expected})
    elapsed = time.monotonic() - started
    assert reverted == [], f"{len(reverted)} of {ROUNDS} rounds reverted a value"
    assert elapsed < 120
    # The window ends up showing what the file holds.
    model.check_external()
    final = on_disk(data_dir).day(DAY)
    qtbot.waitUntil(lambda: model.day(DAY) == final, timeout=10_000)


@pytest.mark.parametrize("newer", ["window", "command line"])
def test_a_check_in_both_created_on_their_own_keeps_both_fields(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path, newer: str
) -> None:
    """Today's check-in started in the window (unsaved) and with `twitchtrack day`
    at the same time: one id (from the date), two creations, nothing shared."""
    JournalStore(data_dir).save(Journal())
    model = make_model(watch=False, save_delay_ms=60_000)

    def command_line() -> None:
        JournalStore(data_dir).update(
            lambda j: j.with_records(days=[DayLog.for_day(DAY, caffeine_mg=3)])
        )

    if newer == "window":
        command_line()
    assert model.set_day_values(DAY, water_ml=750) is None
    if newer == "command line":
        command_line()
    assert model.flush()
    saved = on_disk(data_dir).day(DAY)
    assert saved is not None
    assert (saved.caffeine_mg, saved.water_ml) == (3, 750)
    qtbot.waitUntil(lambda: model.day(DAY) == saved)
