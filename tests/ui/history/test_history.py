"""History: the table follows the journal; filter, sort, edit in place, trash, undo."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.history.model import INTENSITY, NOTE, PLACE, WHEN, EpisodeTableModel
from twitchtrack.ui.history.view import HistoryView
from twitchtrack.ui.model import JournalModel

from ..conftest import MakeModel, durable, on_disk

TZ = timezone(timedelta(hours=2))


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 5, day, hour, 0, tzinfo=TZ)


SAMPLE = [
    Episode(at=at(1), region="calf_left", intensity=2, note="after a run"),
    Episode(at=at(2), region="eyelid_lower_left", intensity=4, kind="flutter"),
    Episode(at=at(3), region="eyelid_upper_right", intensity=6, note="screen day"),
    Episode(at=at(4), region="thumb_right", intensity=3, pain=True),
    Episode(at=at(5), region="calf_right", intensity=5, note="Run, then coffee"),
]


@pytest.fixture
def history(qtbot: QtBot, make_model: MakeModel, data_dir: Path) -> HistoryView:
    JournalStore(data_dir).save(Journal(episodes=SAMPLE))
    view = HistoryView(make_model())
    qtbot.addWidget(view)
    assert view.proxy.rowCount() == 0  # filled when first shown, not before
    view.load()
    return view


def model_of(view: HistoryView) -> JournalModel:
    return view._model


def shown_places(view: HistoryView) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, PLACE).data() for r in range(proxy.rowCount())]


def test_rows_are_live_episodes_newest_first(history: HistoryView) -> None:
    assert shown_places(history) == [
        "Right calf",
        "Right thumb",
        "Right upper eyelid",
        "Left lower eyelid",
        "Left calf",
    ]
    first = history.proxy.index(0, WHEN).data()
    assert first == "Tue  5 May 2026  12:00"
    assert history.proxy.index(1, 4).data() == "pain"
    assert history.summary.text() == "5 episodes"


def test_sorting_by_a_column(history: HistoryView) -> None:
    history.table.sortByColumn(INTENSITY, Qt.SortOrder.AscendingOrder)
    values = [history.proxy.index(r, INTENSITY).data() for r in range(5)]
    assert values == [2, 3, 4, 5, 6]
    history.table.sortByColumn(PLACE, Qt.SortOrder.DescendingOrder)
    assert shown_places(history)[0] == "Right upper eyelid"


def test_filter_by_date_range(history: HistoryView) -> None:
    history.set_date_range(date(2026, 5, 2), date(2026, 5, 3))
    assert shown_places(history) == ["Right upper eyelid", "Left lower eyelid"]
    assert history.summary.text() == "Showing 2 of 5 episodes"
    history.set_date_range(date(2026, 5, 4), None)
    assert len(shown_places(history)) == 2
    history.from_date.setDate(history.from_date.minimumDate())
    assert len(shown_places(history)) == 5


def test_filter_by_place(history: HistoryView) -> None:
    history.set_place(("group", "eyes"))
    assert shown_places(history) == ["Right upper eyelid", "Left lower eyelid"]
    history.set_place(("region", "calf_left"))
    assert shown_places(history) == ["Left calf"]
    history.set_place(("area", "leg"))
    assert shown_places(history) == ["Right calf", "Left calf"]
    history.set_place(None)
    assert len(shown_places(history)) == 5


def test_filter_by_text(qtbot: QtBot, history: HistoryView) -> None:
    qtbot.keyClicks(history.search, "run")
    assert shown_places(history) == ["Right calf", "Left calf"]
    history.search.setText("PAIN thumb")
    assert shown_places(history) == ["Right thumb"]
    history.search.setText("nothing like this")
    assert shown_places(history) == []
    assert history.empty.isVisibleTo(history)
    assert history.empty.text() == "No episodes match these filters."
    history.reset_filters()
    assert len(shown_places(history)) == 5


def test_delete_undo_and_restore_from_the_trash(
    qtbot: QtBot, history: HistoryView, data_dir: Path
) -> None:
    model = model_of(history)
    history.table.selectRow(0)  # right calf
    with durable(qtbot, model):
        qtbot.mouseClick(history.delete_button, Qt.MouseButton.LeftButton)
    assert "Right calf" not in shown_places(history)
    assert len(on_disk(data_dir).live_episodes()) == 4

    with durable(qtbot, model):
        model.undo_stack.undo()
    assert shown_places(history)[0] == "Right calf"
    assert len(on_disk(data_dir).live_episodes()) == 5

    history.table.selectRow(0)
    with durable(qtbot, model):
        qtbot.keyClick(history.table, Qt.Key.Key_Delete)
    assert len(on_disk(data_dir).live_episodes()) == 4

    qtbot.mouseClick(history.trash_toggle, Qt.MouseButton.LeftButton)
    assert history.card.title.text() == "Trash"
    assert shown_places(history) == ["Right calf"]
    assert history.restore_button.isVisibleTo(history)
    assert not history.delete_button.isVisibleTo(history)
    history.table.selectRow(0)
    with durable(qtbot, model):
        qtbot.mouseClick(history.restore_button, Qt.MouseButton.LeftButton)
    assert shown_places(history) == []
    assert history.empty.text() == "The trash is empty."
    assert len(on_disk(data_dir).live_episodes()) == 5
    history.set_trash(False)
    assert len(shown_places(history)) == 5


def test_editing_intensity_and_note_in_place(
    qtbot: QtBot, history: HistoryView, data_dir: Path
) -> None:
    model = model_of(history)
    proxy = history.proxy
    assert proxy.flags(proxy.index(0, INTENSITY)) & Qt.ItemFlag.ItemIsEditable
    assert not proxy.flags(proxy.index(0, PLACE)) & Qt.ItemFlag.ItemIsEditable
    with durable(qtbot, model):
        assert proxy.setData(proxy.index(0, INTENSITY), 9, Qt.ItemDataRole.EditRole)
    with durable(qtbot, model):
        assert proxy.setData(
            proxy.index(0, NOTE), "woke me up", Qt.ItemDataRole.EditRole
        )
    assert not proxy.setData(proxy.index(0, INTENSITY), 11, Qt.ItemDataRole.EditRole)
    saved = max(on_disk(data_dir).live_episodes(), key=lambda e: e.at)
    assert (saved.intensity, saved.note) == (9, "woke me up")
    assert proxy.index(0, INTENSITY).data() == 9


def test_editing_through_the_table_delegate(qtbot: QtBot, history: HistoryView) -> None:
    index = history.proxy.index(0, INTENSITY)
    history.table.setCurrentIndex(index)
    history.table.edit(index)
    editor = history.table.indexWidget(index) or history.table.focusWidget()
    assert editor is not None
    assert editor.metaObject().className() == "QSpinBox"
    assert (editor.minimum(), editor.maximum()) == (1, 10)  # type: ignore[attr-defined]


def test_the_table_follows_new_and_moved_episodes(
    history: HistoryView,
) -> None:
    model = model_of(history)
    newest = model.log_episode("chin", at=at(9))
    assert newest is not None
    assert shown_places(history)[0] == "Chin"
    # Moving an episode in time moves its row.
    model.edit_episode(newest.id, at=at(1, 6))
    assert shown_places(history)[-1] == "Chin"
    assert history.table_model.row_of(newest.id) == 5
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert "Chin" not in shown_places(history)


def test_row_updates_keep_order_under_every_sort(make_model: MakeModel) -> None:
    model = make_model()
    table = EpisodeTableModel(model)
    table.load()
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        for column in range(6):
            table.sort(column, order)
            for day in range(1, 4):
                model.log_episode("calf_left", at=at(day), intensity=day * 2)
            rows = [table.episode_at(r) for r in range(table.rowCount())]
            table.sort(column, order)
            assert [table.episode_at(r) for r in range(table.rowCount())] == rows


def test_activating_a_row_names_its_episode(qtbot: QtBot, history: HistoryView) -> None:
    with qtbot.waitSignal(history.episode_activated) as activated:
        history.table.doubleClicked.emit(history.proxy.index(0, PLACE))
    assert activated.args[0] == SAMPLE[-1].id
    assert history.select_episode(SAMPLE[0].id)
    assert history.selected_ids() == [SAMPLE[0].id]


def test_search_finds_only_words_the_table_shows(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    # Episode tags (kept from an import) show in no column and no form field: a
    # search that matched them would list rows with no visible reason (#12).
    tagged = Episode(at=at(6), region="thumb_left", tags=["holiday"], note="hike")
    JournalStore(data_dir).save(Journal(episodes=[*SAMPLE, tagged]))
    view = HistoryView(make_model())
    qtbot.addWidget(view)
    view.load()
    view.search.setText("holiday")
    assert shown_places(view) == []
    view.search.setText("hike")
    assert shown_places(view) == ["Left thumb"]
