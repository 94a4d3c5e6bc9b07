"""File ▸ Import of a health-platform export: the preview, choosing sources, undo."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from tests.storage.health.helpers import FIXTURES, apple_zip
from twitchtrack.domain.day_values import derived_values
from twitchtrack.storage.interchange import ImportSummary
from twitchtrack.ui.app import Session
from twitchtrack.ui.exchange.health_preview import (
    HealthPreviewDialog,
    build_preview,
    zone_words,
)

from ..conftest import OpenWindow, durable, on_disk
from .test_exchange import FileDialogs, exchange_of, undo

NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
LONG = 60_000  # ms; generous for a loaded CI machine, never slept

PHONE = "Apple Health: Sam\u2019s iPhone"
WATCH = "Apple Health: Sam\u2019s Apple Watch"
CAFFEINE_LOG = "Apple Health: Caffeine Log"
WATER_APP = "Apple Health: WaterMinder"
FITNESS_PAL = "Apple Health: MyFitnessPal"

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> FileDialogs:
    return FileDialogs(monkeypatch)


def with_episode(qtbot: QtBot, session: Session) -> None:
    """Something of the person's own on disk, so "nothing written" can be seen."""
    with durable(qtbot, session.model):
        session.model.log_episode("calf_left", at=NOW)


def preview_of(
    qtbot: QtBot, session: Session, dialogs: FileDialogs, path: Path
) -> HealthPreviewDialog:
    """Choose ``path`` in File ▸ Import and wait for the preview to show."""
    exchange = exchange_of(session)
    exchange.health_preview = None
    dialogs.open.append([str(path)])
    exchange.import_action.trigger()
    qtbot.waitUntil(
        lambda: (
            exchange.health_preview is not None and exchange.health_preview.isVisible()
        ),
        timeout=LONG,
    )
    dialog = exchange.health_preview
    assert dialog is not None
    return dialog


def click_import(
    qtbot: QtBot, session: Session, dialog: HealthPreviewDialog
) -> ImportSummary:
    exchange = exchange_of(session)
    with (
        durable(qtbot, session.model),
        qtbot.waitSignal(exchange.import_finished, timeout=LONG) as finished,
    ):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    summary: ImportSummary = finished.args[0]
    return summary


def test_the_preview_lists_each_source_with_its_counts_and_writes_nothing(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    session = open_window(clock=lambda: NOW)
    with_episode(qtbot, session)
    raw = session.store.path.read_bytes()
    steps = session.model.undo_stack.count()

    dialog = preview_of(qtbot, session, dialogs, apple_zip(tmp_path))
    exchange = exchange_of(session)
    assert exchange.runner.last is not None
    assert exchange.runner.last.thread_id != threading.get_ident()
    assert dialog.isModal()  # window-modal through open(), never exec()'d
    # Two devices, one night (15 Jan): three nights in all.
    assert dialog.header.text() == (
        "export.zip holds 3 nights and 7 intakes from 5 sources, 2 Jun 2023 to "
        "31 Mar 2024.\nNothing is written until you choose Import; untick any "
        "source you do not want."
    )
    # Sources by name, the platform said once in the title; a dash for none.
    dash = "\u2013"
    assert dialog.rows_text() == [
        ["Caffeine Log", dash, "2", dash, dash, dash, "14 Jan 2024", "14 Jan 2024"],
        ["MyFitnessPal", dash, dash, dash, dash, "1", "14 Jan 2024", "14 Jan 2024"],
        # The watch split its one night into four asleep periods.
        ["Sam\u2019s Apple Watch", "1", dash, dash, dash, dash, *["15 Jan 2024"] * 2],
        ["Sam\u2019s iPhone", "3", dash, "1", "1", dash, "2 Jun 2023", "31 Mar 2024"],
        ["WaterMinder", dash, dash, "2", dash, dash, "14 Jan 2024", "14 Jan 2024"],
    ]
    assert dialog.chosen() == {PHONE, WATCH, CAFFEINE_LOG, WATER_APP, FITNESS_PAL}
    assert dialog.added.text() == (
        "Import will add 7 sleep periods and 7 intakes, as one step you can undo."
    )
    skipped = dialog.skipped.text()
    assert skipped.startswith("Skipped 6 records: ")
    assert "2 not an asleep stage" in skipped
    assert "1 unknown unit" in skipped
    assert "time zone" in dialog.note.text()
    assert "check-in always wins" in dialog.note.text()
    assert dialog.import_button.isDefault()

    # Nothing was written while the preview shows.
    assert session.store.path.read_bytes() == raw
    assert session.model.undo_stack.count() == steps
    assert session.model.journal.intakes == []


def test_unticking_sources_imports_only_the_others(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    session = open_window(clock=lambda: NOW)
    with_episode(qtbot, session)
    dialog = preview_of(qtbot, session, dialogs, apple_zip(tmp_path))

    # A click on the watch's box unticks it (set_chosen does it for the water app).
    table = dialog.table
    watch = dialog.source_item(WATCH)
    option = QStyleOptionViewItem()
    option.rect = table.visualItemRect(watch)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = table.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, table
    )
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert watch.checkState() == Qt.CheckState.Unchecked
    dialog.set_chosen(WATER_APP, False)
    assert dialog.chosen() == {PHONE, CAFFEINE_LOG, FITNESS_PAL}
    assert dialog.added.text() == (
        "Import will add 3 sleep periods and 5 intakes, as one step you can undo."
    )
    summary = click_import(qtbot, session, dialog)
    assert (summary.sleeps_new, summary.intakes_new) == (3, 5)

    disk = on_disk(data_dir)
    sources = {r.source for r in disk.intakes} | {r.source for r in disk.sleeps}
    assert sources == {PHONE, CAFFEINE_LOG, FITNESS_PAL}
    assert len(disk.live_episodes()) == 1  # the person's own episode stays
    # The day's water now comes from the phone alone.
    values = derived_values(disk)
    assert values[date(2024, 1, 14)]["water_ml"] == pytest.approx(236.588)
    assert values[date(2024, 1, 15)]["sleep_h"] == pytest.approx(7.5)

    box_ = exchange_of(session).message_box
    assert box_ is not None
    assert box_.text() == "Imported 3 sleep periods and 5 intakes."
    detail = box_.informativeText()
    assert f"{PHONE}: 3 sleep periods, 1 water intake and 1 alcohol intake" in detail
    assert "Left out (not ticked): " in detail
    assert WATER_APP in detail
    assert "Edit \u25b8 Undo" in detail
    assert "Undo" in session.window.statusBar().currentMessage()


def test_cancel_writes_nothing_and_says_so(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    session = open_window(clock=lambda: NOW)
    with_episode(qtbot, session)
    raw = session.store.path.read_bytes()
    steps = session.model.undo_stack.count()
    exchange = exchange_of(session)
    finished: list[object] = []
    exchange.import_finished.connect(finished.append)

    dialog = preview_of(qtbot, session, dialogs, apple_zip(tmp_path))
    with qtbot.waitSignal(dialog.rejected, timeout=LONG):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert finished == []
    assert session.model.undo_stack.count() == steps
    assert session.model.journal.intakes == []
    assert session.model.journal.sleeps == []
    assert session.store.path.read_bytes() == raw
    assert all(b.reason != "before-import" for b in session.store.list_backups())
    assert session.window.statusBar().currentMessage() == (
        "Import cancelled: nothing was written."
    )


def test_undo_takes_the_whole_import_back_and_a_second_import_adds_nothing(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    session = open_window(clock=lambda: NOW)
    with_episode(qtbot, session)
    model = session.model
    steps = model.undo_stack.count()
    export = apple_zip(tmp_path)

    summary = click_import(qtbot, session, preview_of(qtbot, session, dialogs, export))
    assert (summary.sleeps_new, summary.intakes_new) == (7, 7)
    assert model.undo_stack.count() == steps + 1  # one step for the whole import
    disk = on_disk(data_dir)
    assert len(disk.sleeps) == len(disk.intakes) == 7
    before = [b for b in session.store.list_backups() if b.reason == "before-import"]
    assert len(before) == 1

    # The same export again: the preview says so, and Import adds nothing.
    again = preview_of(qtbot, session, dialogs, export)
    assert again.added.text() == (
        "Everything from the ticked sources is already in your journal."
    )
    second = click_import(qtbot, session, again)
    assert second.added == 0
    assert not second.changed
    assert model.undo_stack.count() == steps + 1
    assert on_disk(data_dir) == disk
    box = exchange_of(session).message_box
    assert box is not None
    assert box.text() == "No new sleep periods or intakes (14 already present)."
    qtbot.mouseClick(
        box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    undo(qtbot, session)
    back = on_disk(data_dir)
    assert [r for r in back.intakes if not r.deleted] == []
    assert [r for r in back.sleeps if not r.deleted] == []
    assert len(back.live_episodes()) == 1
    assert model.undo_stack.count() == steps + 1  # redo is still there
    assert model.undo_stack.index() == steps


def test_a_fitbit_folder_names_the_platform_and_this_computers_zone(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Takeout"
    shutil.copytree(FIXTURES / "fitbit" / "Takeout", folder)
    session = open_window(clock=lambda: NOW)
    dialog = preview_of(qtbot, session, dialogs, folder)
    rows = dialog.rows_text()
    # A nap ends on the day of a night: two days with sleep, three periods.
    assert [row[:2] for row in rows] == [["Fitbit", "2"]]
    nights = dialog.table.item(0, 1)
    assert nights is not None
    assert nights.toolTip() == "3 sleep periods"
    assert dialog.windowTitle() == "Import health data"
    assert zone_words() in dialog.note.text()
    summary = click_import(qtbot, session, dialog)
    assert summary.sleeps_new == 3
    assert len(on_disk(data_dir).sleeps) == 3


def test_a_preview_with_no_source_ticked_cannot_import(qtbot: QtBot) -> None:
    from twitchtrack.domain.models import Journal
    from twitchtrack.domain.timed import Intake

    at = datetime(2024, 1, 14, 8, 0, tzinfo=UTC)
    incoming = Journal(
        intakes=[Intake(at=at, kind="caffeine", amount=80, source="Oura")]
    )
    preview = build_preview(Journal(), incoming, ["Oura"], ["oura.csv"], None)
    dialog = HealthPreviewDialog(preview, zone="UTC")
    qtbot.addWidget(dialog)
    assert not dialog.skipped.isVisibleTo(dialog)
    assert "(UTC)" in dialog.note.text()
    dialog.set_chosen("Oura", False)
    assert not dialog.import_button.isEnabled()
    assert dialog.added.text() == "Tick at least one source to import."
    with qtbot.assertNotEmitted(dialog.import_chosen):
        dialog.import_button.click()
    dialog.set_chosen("Oura", True)
    with qtbot.waitSignal(dialog.import_chosen) as chosen:
        dialog.import_button.click()
    assert chosen.args[0] == frozenset({"Oura"})


def test_a_journal_csv_chosen_with_an_export_comes_along_whole(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "episodes.csv"
    sheet.write_text(
        "at,region,intensity\n2026-03-01T08:00:00+00:00,calf_left,3\n",
        encoding="utf-8",
    )
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    dialogs.open.append([str(apple_zip(tmp_path)), str(sheet)])
    exchange.import_action.trigger()
    qtbot.waitUntil(lambda: exchange.health_preview is not None, timeout=LONG)
    dialog = exchange.health_preview
    assert dialog is not None
    assert dialog.header.text().startswith("export.zip and episodes.csv hold ")
    dialog.set_chosen(PHONE, False)
    summary = click_import(qtbot, session, dialog)
    assert (summary.episodes_new, summary.sleeps_new, summary.intakes_new) == (
        1,
        4,
        5,
    )
    disk = on_disk(data_dir)
    assert [e.region for e in disk.live_episodes()] == ["calf_left"]
    assert PHONE not in {r.source for r in disk.sleeps}
    box = exchange.message_box
    assert box is not None
    assert box.text().startswith("Imported 1 episode, 0 days, 5 intakes, 4 sleep")
    assert f"{WATCH}: 4 sleep periods" in box.informativeText()


def test_a_cut_short_export_lists_the_problem_and_shows_no_preview(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
) -> None:
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    dialogs.open.append([str(FIXTURES / "apple" / "truncated_export.xml")])
    with qtbot.waitSignal(exchange.import_refused, timeout=LONG) as refused:
        exchange.import_action.trigger()
    assert [e.file.name for e in refused.args[0]] == ["truncated_export.xml"]
    assert exchange.health_preview is None
    assert exchange.errors_dialog is not None
    assert not session.store.path.exists()
