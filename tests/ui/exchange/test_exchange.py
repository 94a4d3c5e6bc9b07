"""File menu end to end: PDF report, CSV/JSON export and import through the window."""

from __future__ import annotations

import io
import stat
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import Episode, Journal
from twitchtrack.report.content import format_date
from twitchtrack.storage.interchange import (
    DAYS_CSV,
    EPISODES_CSV,
    ImportSummary,
    export_csv,
    read_import,
)
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import Session
from twitchtrack.ui.exchange.controller import ExchangeController
from twitchtrack.ui.window.main_window import MainWindow

from ..conftest import MakeModel, OpenWindow, durable, on_disk

END = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
LONG = 60_000  # ms; generous for a loaded CI machine, never slept

# The offscreen platform cannot pass a dialog's size limits on to a window system
# and says so each time a dialog opens; real platforms do not.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def shown(session: Session, qtbot: QtBot) -> MainWindow:
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.body_map.setFocus()
    return window


def undo(qtbot: QtBot, session: Session) -> None:
    """Press Ctrl+Z in the window and wait until the result is on disk."""
    window = shown(session, qtbot)
    with durable(qtbot, session.model):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


class FileDialogs:
    """Stands in for the QFileDialog statics and records how they were asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.save: list[str] = []
        self.open: list[list[str]] = []
        self.folder: list[str] = []
        self.asked: list[tuple[Any, ...]] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self._open)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _save(self, *args: Any) -> tuple[str, str]:
        self.asked.append(args)
        return (self.save.pop(0) if self.save else "", "")

    def _open(self, *args: Any) -> tuple[list[str], str]:
        self.asked.append(args)
        return (self.open.pop(0) if self.open else [], "")

    def _folder(self, *args: Any) -> str:
        self.asked.append(args)
        return self.folder.pop(0) if self.folder else ""


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> FileDialogs:
    return FileDialogs(monkeypatch)


def with_demo(data_dir: Path, days: int = 120) -> Journal:
    journal = generate_demo(days=days, seed=3, end=END, tz=UTC)
    JournalStore(data_dir).save(journal)
    return journal


def exchange_of(session: Session) -> ExchangeController:
    return session.window.exchange


# ----------------------------------------------------------------------------- report


def test_report_is_drawn_off_the_ui_thread_and_saved_as_a_pdf(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    with_demo(data_dir)
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    dialogs.save.append(str(tmp_path / "for the doctor"))  # no suffix typed

    exchange.report_action.trigger()
    options = exchange.report_dialog
    assert options is not None
    assert options.isVisible()
    # More than 90 days of entries: the last 90 days are offered first.
    assert options.period.currentData() == "last_90"
    start, end = date(2026, 1, 1), date(2026, 3, 15)
    options.set_dates(start, end)
    assert options.period.currentData() == "custom"
    assert options.summary.text().startswith("74 days: ")
    options.paper.setCurrentIndex(options.paper.findData("Letter"))
    with qtbot.waitSignal(exchange.report_saved, timeout=LONG) as saved:
        qtbot.mouseClick(options.ok_button, Qt.MouseButton.LeftButton)
        # The click returned while the report was still being drawn elsewhere.
        assert exchange.busy
        assert not exchange.report_action.isEnabled()
    summary = saved.args[0]
    out = tmp_path / "for the doctor.pdf"
    assert summary.path == out
    assert (summary.start, summary.end) == (start, end)
    # The suggested name carries the period; the folder is remembered.
    assert dialogs.asked[0][2].endswith(
        "twitchtrack-report-2026-01-01-to-2026-03-15.pdf"
    )

    result = exchange.runner.last
    assert result is not None
    assert result.name == "report"
    assert result.thread_id != threading.get_ident()
    assert not exchange.busy
    assert exchange.report_action.isEnabled()

    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == summary.pages >= 2
    assert round(float(reader.pages[0].mediabox.width)) == 612  # US Letter
    text = " ".join(reader.pages[0].extract_text().split())
    assert format_date(start) in text
    assert format_date(end) in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    message = session.window.statusBar().currentMessage()
    assert message.startswith(f"Report saved: {out}")
    # The paper choice is remembered for next time.
    exchange.report_action.trigger()
    again = exchange.report_dialog
    assert again is not None
    assert again.paper.currentData() == "Letter"
    again.reject()


def test_report_dialog_refuses_a_start_after_the_end_and_cancel_does_nothing(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, dialogs: FileDialogs
) -> None:
    with_demo(data_dir, days=40)
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    exchange.report_action.trigger()
    options = exchange.report_dialog
    assert options is not None
    assert options.period.currentData() == "all"  # under 90 days of entries
    options.set_dates(date(2026, 3, 10), date(2026, 3, 1))
    assert not options.ok_button.isEnabled()
    assert "after" in options.summary.text()
    options.set_period("last_30")
    assert options.ok_button.isEnabled()
    assert options.options().end - options.options().start == (
        date(2026, 3, 20) - date(2026, 2, 19)
    )
    qtbot.keyClick(options, Qt.Key.Key_Escape)
    assert not options.isVisible()
    assert dialogs.asked == []  # no file was asked for
    assert not exchange.busy


def test_a_report_that_cannot_be_written_says_so_calmly(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    with_demo(data_dir, days=20)
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    dialogs.save.append(str(blocker / "report.pdf"))
    exchange.report_action.trigger()
    assert exchange.report_dialog is not None
    with qtbot.waitSignal(exchange.failed, timeout=LONG):
        exchange.report_dialog.accept()
    box = exchange.message_box
    assert box is not None
    assert box.isVisible()
    assert box.text() == "The report could not be saved."
    assert str(blocker) in box.informativeText()
    assert not (blocker.parent / "report.pdf").exists()
    assert exchange.report_action.isEnabled()


# ----------------------------------------------------------------------------- exports


def test_csv_and_json_exports_from_the_menu(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journal = with_demo(data_dir, days=30)
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    folder = tmp_path / "csv"
    folder.mkdir()

    dialogs.folder.append(str(folder))
    with qtbot.waitSignal(exchange.exported, timeout=LONG) as written:
        exchange.csv_action.trigger()
    assert written.args[0] == [folder / EPISODES_CSV, folder / DAYS_CSV]
    back = read_import([folder])
    assert {e.id for e in back.episodes} == {e.id for e in journal.live_episodes()}
    assert "Exported " in session.window.statusBar().currentMessage()

    # Exporting into the same folder again asks first; Cancel leaves the files.
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def question(_parent: object, title: str, *_rest: object) -> Any:
            asked.append(title)
            return reply

        return question

    before = (folder / EPISODES_CSV).stat().st_mtime_ns
    monkeypatch.setattr(
        QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel)
    )
    dialogs.folder.append(str(folder))
    exchange.csv_action.trigger()
    assert asked == ["Replace the CSV files?"]
    assert not exchange.busy
    assert (folder / EPISODES_CSV).stat().st_mtime_ns == before

    dialogs.save.append(str(tmp_path / "whole"))
    with qtbot.waitSignal(exchange.exported, timeout=LONG) as written:
        exchange.json_action.trigger()
    path = tmp_path / "whole.json"
    assert written.args[0] == [path]
    assert read_import([path]) == journal
    assert exchange.runner.last is not None
    assert exchange.runner.last.thread_id != threading.get_ident()
    assert session.window.statusBar().currentMessage() == f"Backup saved: {path}"


# ----------------------------------------------------------------------------- import


def test_importing_an_export_twice_through_the_window_adds_nothing_the_second_time(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    source = generate_demo(days=30, seed=5, end=END, tz=UTC)
    episodes_csv, days_csv = export_csv(source, tmp_path / "export")
    session = open_window(clock=lambda: NOW)
    model = session.model
    with durable(qtbot, model):
        mine = model.log_episode("calf_left", at=NOW)
    assert mine is not None
    exchange = exchange_of(session)

    dialogs.open.append([str(episodes_csv), str(days_csv)])
    with (
        durable(qtbot, model),
        qtbot.waitSignal(exchange.import_finished, timeout=LONG) as first,
    ):
        exchange.import_action.trigger()
    summary: ImportSummary = first.args[0]
    new_episodes, new_days = len(source.live_episodes()), len(source.live_days())
    assert (summary.episodes_new, summary.days_new) == (new_episodes, new_days)
    assert exchange.runner.last is not None
    assert exchange.runner.last.thread_id != threading.get_ident()
    assert exchange.message_box is not None
    assert exchange.message_box.text() == (
        f"Imported {new_episodes} episodes, {new_days} days."
    )
    disk = on_disk(data_dir)
    assert len(disk.live_episodes()) == new_episodes + 1
    assert len(disk.live_days()) == new_days
    # A copy of the journal as it was just before the import.
    before = [b for b in session.store.list_backups() if b.reason == "before-import"]
    assert len(before) == 1
    assert [e.id for e in session.store.load_backup(before[0].path).episodes] == [
        mine.id
    ]
    steps = model.undo_stack.count()

    dialogs.open.append([str(episodes_csv), str(days_csv)])
    with qtbot.waitSignal(exchange.import_finished, timeout=LONG) as second:
        exchange.import_action.trigger()
    again: ImportSummary = second.args[0]
    assert again.episodes_new == again.days_new == again.updated == 0
    assert str(again).startswith("Nothing new to import")
    assert model.undo_stack.count() == steps  # nothing to undo either
    assert on_disk(data_dir) == disk

    # The whole import is one step: Ctrl+Z takes it all back, on disk too.
    assert exchange.message_box is not None
    qtbot.mouseClick(
        exchange.message_box.button(QMessageBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    undo(qtbot, session)
    assert [e.id for e in on_disk(data_dir).live_episodes()] == [mine.id]
    assert on_disk(data_dir).live_days() == []


BAD_EPISODES = (
    "at,region,intensity,note\n"
    "2026-03-01T08:00:00+00:00,calf_left,4,fine\n"
    "2026-03-01T09:00:00+00:00,calf_left,42,too strong\n"
    "2026-03-02T09:00:00+00:00,left elbow-ish,3,no such place\n"
    "2026-03-03T09:00:00+00:00,nose,2,fine too\n"
)


def test_invalid_rows_are_listed_with_their_lines_and_nothing_is_imported(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    session = open_window(clock=lambda: NOW)
    model = session.model
    with durable(qtbot, model):
        model.log_episode("calf_left", at=NOW)
    raw_before = session.store.path.read_bytes()
    steps = model.undo_stack.count()
    bad = tmp_path / "my twitches.csv"
    bad.write_text(BAD_EPISODES, encoding="utf-8")
    exchange = exchange_of(session)

    dialogs.open.append([str(bad)])
    with qtbot.waitSignal(exchange.import_refused, timeout=LONG) as refused:
        exchange.import_action.trigger()
    errors = refused.args[0]
    assert [(e.line, e.field) for e in errors] == [(3, "intensity"), (4, "region")]
    dialog = exchange.errors_dialog
    assert dialog is not None
    assert dialog.isVisible()
    table = dialog.table
    assert table.rowCount() == 2
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert rows[0][:3] == ["my twitches.csv", "3", "intensity"]
    assert rows[1][:3] == ["my twitches.csv", "4", "region"]
    intro = dialog.findChild(QLabel, "import_errors_intro")
    assert intro is not None
    assert intro.text().startswith("2 problems found in my twitches.csv.")

    # Nothing changed anywhere: memory, undo history, disk, backups.
    assert model.live_episode_count() == 1
    assert model.undo_stack.count() == steps
    assert session.store.path.read_bytes() == raw_before
    assert all(b.reason != "before-import" for b in session.store.list_backups())
    assert (
        session.window.statusBar()
        .currentMessage()
        .startswith("Nothing was imported: 2 problems")
    )

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "my twitches.csv line 3: intensity:" in copied
    assert "my twitches.csv line 4: region:" in copied


def test_a_read_only_window_cannot_import(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path, dialogs: FileDialogs
) -> None:
    first = open_window()
    with durable(qtbot, first.model):
        first.model.log_episode("nose", at=NOW)
    second = open_window()  # the same journal: read-only
    assert second.model.read_only
    exchange = exchange_of(second)
    assert not exchange.import_action.isEnabled()
    assert exchange.report_action.isEnabled()  # reading is fine
    exchange.import_files()
    assert dialogs.asked == []
    assert "read-only" in second.window.statusBar().currentMessage()


def test_import_into_a_journal_never_saved_needs_no_backup(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window(clock=lambda: NOW)
    assert not session.store.path.exists()
    episode = Episode(at=NOW, region="nose")
    incoming = Journal(episodes=[episode])
    model = session.model
    with durable(qtbot, model):
        first = model.import_journal(incoming)
    assert first is not None
    assert first.episodes_new == 1
    assert on_disk(data_dir).live_episodes() == [episode]
    assert session.store.list_backups() == []
    again = model.import_journal(incoming)
    assert again == ImportSummary(episodes_new=0, days_new=0, updated=0, unchanged=1)


def test_an_import_that_updates_a_record_undoes_and_redoes_as_one_step(
    make_model: MakeModel,
) -> None:
    model = make_model(clock=lambda: NOW)
    mine = model.log_episode("calf_left", at=NOW, intensity=2)
    assert mine is not None
    newer = mine.model_copy(
        update={"intensity": 6, "updated_at": mine.updated_at + timedelta(hours=1)}
    )
    added = Episode(at=NOW, region="nose")
    summary = model.import_journal(Journal(episodes=[newer, added]))
    assert summary == ImportSummary(episodes_new=1, days_new=0, updated=1, unchanged=0)
    assert model.undo_stack.undoText() == "Import 1 episode, 1 updated"
    assert model.episode(mine.id) == newer  # the imported version, stamps and all
    model.undo_stack.undo()
    back = model.episode(mine.id)
    assert back is not None
    assert back.intensity == 2
    assert back.updated_at > newer.updated_at  # so no merge brings the import back
    gone = model.episode(added.id)
    assert gone is not None
    assert gone.deleted
    model.undo_stack.redo()
    again = model.episode(mine.id)
    assert again is not None
    assert again.intensity == 6
    assert model.live_episode_count() == 2


def test_no_import_without_a_safety_copy_first(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    dialogs: FileDialogs,
    tmp_path: Path,
) -> None:
    session = open_window(clock=lambda: NOW)
    with durable(qtbot, session.model):
        session.model.log_episode("nose", at=NOW)
    raw = session.store.path.read_bytes()
    # A file where the backups folder should be: no backup can be written.
    (data_dir / "backups").write_text("in the way")
    source = generate_demo(days=10, seed=1, end=END, tz=UTC)
    exchange = exchange_of(session)
    dialogs.open.append([str(p) for p in export_csv(source, tmp_path / "csv")])
    with qtbot.waitSignal(exchange.failed, timeout=LONG) as failed:
        exchange.import_action.trigger()
    assert "could not be made" in failed.args[0]
    assert exchange.message_box is not None
    assert exchange.message_box.isVisible()
    assert session.model.live_episode_count() == 1
    assert session.model.undo_stack.count() == 1
    assert session.store.path.read_bytes() == raw
