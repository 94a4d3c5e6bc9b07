"""A window's model on a staged load: the newest records first, the rest a step at
a time; the whole journal and every change wait for the rest, and a rest that is
not valid turns the window read-only without a byte written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from tests.storage.test_parse_ours import _journal
from tests.storage.test_trust import _hand_edit
from twitchtrack.domain.models import Journal
from twitchtrack.storage import parse_ours
from twitchtrack.storage.durable import content_digest
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.storage.trust import Layout
from twitchtrack.ui.model import JournalModel

from ..conftest import FAST, durable, on_disk
from ..window.test_main_window import shown

AT = datetime(2026, 6, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_ours, "SLICE_BYTES", 2_000)  # many slices


@pytest.fixture
def written(data_dir: Path) -> Journal:
    return JournalStore(data_dir).save(_journal(300, 40))


@pytest.fixture
def staged(qapp: object, data_dir: Path) -> Iterator[Any]:
    models: list[JournalModel] = []

    def factory(**options: Any) -> JournalModel:
        store = JournalStore(data_dir)
        first, rest = store.load_staged()
        assert rest is not None
        model = JournalModel(
            store, QUndoStack(), journal=first, rest=rest, **{**FAST, **options}
        )
        models.append(model)
        return model

    yield factory
    for model in models:
        model.close()


def test_the_rest_comes_in_a_step_at_a_time_and_views_hear_of_it(
    qtbot: QtBot, staged: Any, written: Journal
) -> None:
    model = staged()
    shown_first = len(list(model.so_far("episodes")))
    assert 0 < shown_first < 300
    steps = model.loading_steps
    assert steps > 2
    for _ in range(steps - 1):
        model.load_more()
        assert len(list(model.so_far("episodes"))) == shown_first  # not in yet
    with qtbot.waitSignal(model.loaded, timeout=1_000):
        model.load_more()
    assert model.loading_steps == 0
    assert len(list(model.so_far("episodes"))) == 300
    assert model.live_episode_count() == 300
    # In the file's order: the next save keeps every record's text where it was.
    assert model.journal == written
    assert not model.is_dirty


def test_every_whole_list_waits_for_the_rest(staged: Any, written: Journal) -> None:
    for read in (
        lambda m: m.journal.episodes,
        lambda m: list(m.episodes()),
        lambda m: list(m.days()),
        lambda m: m.live_episode_count(),
    ):
        model = staged()
        assert model.loading_steps
        assert read(model)
        assert model.loading_steps == 0
        assert sorted(e.id for e in model.episodes()) == sorted(
            e.id for e in written.episodes
        )
        model.close()


def test_a_change_before_the_rest_is_in_keeps_every_record(
    qtbot: QtBot, staged: Any, written: Journal, data_dir: Path
) -> None:
    model = staged()
    with durable(qtbot, model):
        new = model.log_episode("calf_left", at=AT)
    assert new is not None
    disk = on_disk(data_dir)
    assert len(disk.episodes) == 301
    assert {e.id for e in disk.episodes} == {e.id for e in written.episodes} | {new.id}
    assert {d.id: d for d in disk.days} == {d.id: d for d in written.days}


def test_a_rest_that_is_not_valid_turns_the_window_read_only(
    qtbot: QtBot, staged: Any, written: Journal, data_dir: Path
) -> None:
    store = JournalStore(data_dir)
    layout = store.trust.read()
    assert layout is not None
    _hand_edit(store.path, b'"note":"nnn"', b'"note":12345')  # an old record
    damaged = store.path.read_bytes()
    store.trust.write(Layout(content_digest(damaged), len(damaged), layout.lists))
    model = staged()
    assert not model.read_only  # the newest part was fine
    with qtbot.waitSignal(model.read_only_changed, timeout=1_000):
        model.finish_loading()
    assert model.read_only
    assert model.read_only_reason is not None
    assert "cannot be read" in model.read_only_reason
    with qtbot.waitSignal(model.edit_refused, timeout=1_000):
        assert model.log_episode("calf_left", at=AT) is None
    model.close()
    assert store.path.read_bytes() == damaged


def test_the_window_shows_the_whole_journal_once_its_stages_are_done(
    qtbot: QtBot, open_window: Any, written: Journal
) -> None:
    # Every episode of the journal is within the map's last 30 days.
    session = open_window(clock=lambda: datetime(2026, 3, 10, 12, tzinfo=UTC))
    assert session.model.loading_steps > 2  # opened staged
    window = session.window  # not shown yet: the stages start with its first paint
    assert window.count_label.text() == ""  # no count of a part
    assert 0 < sum(window.heat.counts().values()) < 300  # the newest part
    shown(session, qtbot)
    qtbot.waitUntil(lambda: window.is_complete, timeout=10_000)
    assert session.model.loading_steps == 0
    assert window.count_label.text() == "300 episodes"
    assert sum(window.heat.counts().values()) == 300
    window.set_view("history")
    qtbot.waitUntil(lambda: window.history.table_model.total() == 300, timeout=5_000)
    assert session.model.journal == written
