"""Backups dialog and restore: listing, read-only preview, undoable restore on disk."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from twitchtrack.dev.dialog_shots import render_dialog_screenshot
from twitchtrack.domain.merge import merge
from twitchtrack.domain.models import DayLog, Episode, Journal, Settings, Units
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import Session
from twitchtrack.ui.exchange.backups_view import (
    BackupsDialog,
    format_size,
    reason_label,
)
from twitchtrack.ui.model import plan_restore

from ..conftest import MakeModel, OpenWindow, durable, on_disk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
LONG = 30_000


def _episode(at: datetime, region: str = "calf_left", intensity: int = 2) -> Episode:
    return Episode(
        at=at, region=region, intensity=intensity, created_at=at, updated_at=at
    )


def seed_backups(data_dir: Path) -> tuple[Journal, Journal, dict[str, Path]]:
    """Journal A backed up at T1 ("manual"), then B (A + one) backed up at T2."""
    clock = [T1]
    store = JournalStore(data_dir, clock=lambda: clock[0])
    a = Journal(
        episodes=[_episode(T1 - timedelta(days=i, hours=i)) for i in range(3)],
        days=[DayLog.for_day(date(2026, 2, 28), sleep_h=6.5)],
    )
    store.save(a)
    manual = store.backup("manual")
    clock[0] = T2
    b = a.with_records(episodes=[_episode(T2 - timedelta(hours=1), "nose", 4)])
    store.save(b)
    before_import = store.backup("before-import")
    assert manual is not None
    assert before_import is not None
    return a, b, {"manual": manual, "before-import": before_import}


def live(journal: Journal) -> dict[uuid.UUID, dict[str, Any]]:
    """Live records by id, without the version stamp (content only)."""
    out: dict[uuid.UUID, dict[str, Any]] = {}
    for rec in (*journal.live_episodes(), *journal.live_days()):
        out[rec.id] = rec.model_dump(exclude={"updated_at"})
    return out


def shown(session: Session, qtbot: QtBot) -> None:
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.body_map.setFocus()


def press(qtbot: QtBot, session: Session, key: Qt.Key, *, shift: bool = False) -> None:
    """Press Ctrl(+Shift)+key in the window and wait until the change is on disk."""
    shown(session, qtbot)
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    with durable(qtbot, session.model):
        qtbot.keyClick(session.window, key, mods)


def open_backups(qtbot: QtBot, session: Session) -> BackupsDialog:
    dialog = session.window.exchange.open_backups()
    qtbot.waitUntil(lambda: bool(dialog.backups) and dialog.table.isEnabled())
    return dialog


def preview(qtbot: QtBot, dialog: BackupsDialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=LONG):
        dialog.select_backup(path)


def answer_question(
    monkeypatch: pytest.MonkeyPatch, reply: QMessageBox.StandardButton
) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, title: str, *_rest: object) -> Any:
        asked.append(title)
        return reply

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# ----------------------------------------------------------------------------- listing


def test_backups_are_listed_newest_first_and_previewed_read_only(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    _a, _b, paths = seed_backups(data_dir)
    raw = (data_dir / "journal.json").read_bytes()
    session = open_window(clock=lambda: NOW)
    dialog = open_backups(qtbot, session)
    assert dialog.isVisible()
    assert [i.path for i in dialog.backups] == [paths["before-import"], paths["manual"]]
    table = dialog.table
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert [r[1:4] for r in rows] == [
        ["Before an import", "4", "1"],
        ["Made by you", "3", "1"],
    ]
    assert all(r[4].endswith(("B", "KB")) for r in rows)

    preview(qtbot, dialog, paths["manual"])
    assert dialog.shown_backup == paths["manual"]
    assert dialog.preview.title.text().startswith("Backup from ")
    assert dialog.episodes_figure.value.text() == "3"
    assert dialog.days_figure.value.text() == "1"
    assert dialog.range_label.text() == "27 Feb 2026 \u2013 1 Mar 2026"
    assert dialog.latest.lines() == [
        "Sun 1 Mar, 09:00  Left calf  intensity 2",
        "Sat 28 Feb, 08:00  Left calf  intensity 2",
        "Fri 27 Feb, 07:00  Left calf  intensity 2",
    ]
    assert not dialog.latest_label.isVisibleTo(dialog)
    assert "Your journal now: 4 episodes" in dialog.now_label.text()
    assert dialog.restore_button.isEnabled()
    # Looking changes nothing.
    assert (data_dir / "journal.json").read_bytes() == raw
    assert session.model.undo_stack.count() == 0


def test_a_damaged_backup_is_listed_but_cannot_be_restored(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    seed_backups(data_dir)
    damaged = data_dir / "backups" / "journal-20260315T090000Z-auto.json"
    damaged.write_text('{"format": "twitchtrack-journal", ', encoding="utf-8")
    session = open_window(clock=lambda: NOW)
    dialog = open_backups(qtbot, session)
    assert dialog.backups[0].path == damaged
    assert [dialog.table.item(0, c).text() for c in (1, 2, 3)] == [
        "Automatic",
        "\u2013",
        "\u2013",
    ]
    assert "Cannot be restored" in dialog.table.item(0, 0).toolTip()
    # The newest is shown first; it needs no reading to know it cannot be used.
    assert dialog.shown_backup == damaged
    assert dialog.latest_label.text().startswith("This backup cannot be restored")
    assert not dialog.restore_button.isEnabled()


# --------------------------------------------------------------------------- restoring


def test_restore_is_one_undoable_step_on_disk(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, paths = seed_backups(data_dir)
    session = open_window(clock=lambda: NOW)
    model = session.model
    kept = a.episodes[0]
    with durable(qtbot, model):
        extra = model.log_episode("thigh_front_left", at=NOW)
        model.edit_episode(kept.id, intensity=7)
    assert extra is not None
    edited = model.episode(kept.id)
    assert edited is not None
    before = on_disk(data_dir)
    assert len(before.live_episodes()) == 5

    dialog = open_backups(qtbot, session)
    preview(qtbot, dialog, paths["manual"])
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    with durable(qtbot, model), qtbot.waitSignal(dialog.restored, timeout=LONG):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked == ["Restore this backup?"]

    restored = on_disk(data_dir)
    assert live(restored) == live(a)
    # Records the backup lacks stay on disk as deletions, so no merge revives them.
    gone = {e.id: e for e in restored.episodes}
    assert gone[extra.id].deleted
    assert gone[b.episodes[-1].id].deleted
    # The backup's version wins over the newer edit, with a newer stamp of its own.
    back = gone[kept.id]
    assert back.intensity == 2
    assert back.updated_at > edited.updated_at
    # The journal as it was just before is a backup now.
    snapshots = [
        i for i in session.store.list_backups() if i.reason == "before-restore"
    ]
    assert len(snapshots) == 1
    assert live(session.store.load_backup(snapshots[0].path)) == live(before)
    assert dialog.notice.isVisible()
    assert dialog.notice.label.text().startswith("Restored the backup from ")
    assert "Ctrl+Z" in session.window.statusBar().currentMessage()
    assert model.undo_stack.undoText().startswith("Restore backup of ")

    dialog.close()
    press(qtbot, session, Qt.Key.Key_Z)
    assert live(on_disk(data_dir)) == live(before)
    press(qtbot, session, Qt.Key.Key_Z, shift=True)
    assert live(on_disk(data_dir)) == live(a)


def test_a_restored_journal_wins_over_an_older_copy_saved_later(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    a, _b, paths = seed_backups(data_dir)
    session = open_window(clock=lambda: NOW)
    stale = on_disk(data_dir)  # e.g. another device's copy, synced in afterwards
    with durable(qtbot, session.model):
        session.model.restore_journal(session.store.load_backup(paths["manual"]))
    merged = JournalStore(data_dir).save(stale)
    assert live(merged) == live(a)


def test_cancelling_the_question_restores_nothing(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _a, b, paths = seed_backups(data_dir)
    session = open_window(clock=lambda: NOW)
    dialog = open_backups(qtbot, session)
    preview(qtbot, dialog, paths["manual"])
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked == ["Restore this backup?"]
    assert session.model.undo_stack.count() == 0
    assert live(on_disk(data_dir)) == live(b)
    assert all(i.reason != "before-restore" for i in session.store.list_backups())


def test_a_read_only_window_previews_but_does_not_restore(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    _a, _b, paths = seed_backups(data_dir)
    open_window(clock=lambda: NOW)
    second = open_window(clock=lambda: NOW)
    assert second.model.read_only
    dialog = open_backups(qtbot, second)
    preview(qtbot, dialog, paths["manual"])
    assert dialog.episodes_figure.value.text() == "3"
    assert not dialog.restore_button.isEnabled()
    assert "read-only" in dialog.restore_hint.text()


def test_restore_undo_and_redo_in_the_model_with_settings(
    make_model: MakeModel, data_dir: Path
) -> None:
    a, _b, _paths = seed_backups(data_dir)
    model = make_model()
    model.set_units(Units.US)
    now = model.journal
    backup = a.model_copy(update={"settings": Settings(units=Units.METRIC)})
    summary = model.restore_journal(backup, "test")
    assert summary is not None
    assert (summary.episodes, summary.days, summary.removed) == (3, 1, 1)
    assert live(model.journal) == live(a)
    assert model.units is Units.METRIC
    model.undo_stack.undo()
    assert live(model.journal) == live(now)
    assert model.units is Units.US
    model.undo_stack.redo()
    assert live(model.journal) == live(a)
    assert model.live_episode_count() == 3


def test_labels_read_naturally() -> None:
    assert reason_label("auto") == "Automatic"
    assert reason_label("before-restore") == "Before a restore"
    assert reason_label("before-migration-from-one") == "Before an upgrade"
    assert reason_label("after-sync") == "After sync"
    assert reason_label("synced") == "From another computer"
    assert reason_label("before-conflict-merge") == "Before merging a sync copy"
    assert format_size(512) == "512 B"
    assert format_size(944_321) == "944 KB"
    assert format_size(1_250_000) == "1.2 MB"


# ----------------------------------------------------------------------------- property

_IDS = [uuid.UUID(int=i + 1) for i in range(8)]
_stamps = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 1, 1),
    timezones=st.just(UTC),
)


@st.composite
def _journals(draw: st.DrawFn) -> Journal:
    """Journals over a small shared pool of ids, so two of them overlap."""
    episodes = []
    for rid in draw(st.lists(st.sampled_from(_IDS), unique=True, max_size=6)):
        stamp = draw(_stamps)
        episodes.append(
            Episode(
                id=rid,
                at=stamp,
                region=draw(st.sampled_from(["nose", "calf_left", "chin"])),
                intensity=draw(st.integers(1, 10)),
                created_at=stamp,
                updated_at=stamp,
                deleted_at=draw(st.none() | st.just(stamp)),
            )
        )
    days = []
    for day in draw(
        st.lists(st.dates(date(2026, 1, 1), date(2026, 1, 5)), unique=True, max_size=3)
    ):
        days.append(DayLog.for_day(day, stress=draw(st.none() | st.integers(0, 10))))
    return Journal(episodes=episodes, days=days)


def _apply(current: Journal, changes: dict[str, list[Any]]) -> Journal:
    return current.with_records(
        **{name: [after for _before, after in items] for name, items in changes.items()}
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(current=_journals(), backup=_journals())
def test_restored_journal_equals_the_backup_and_wins_every_merge(
    current: Journal, backup: Journal
) -> None:
    changes, summary = plan_restore(current, backup)
    restored = _apply(current, changes)
    assert live(restored) == live(backup)
    assert summary.episodes == len(backup.live_episodes())
    # Neither the journal as it was nor the backup file itself can undo the restore.
    for other in (current, backup):
        assert live(merge(restored, other)) == live(backup)
        assert live(merge(other, restored)) == live(backup)
    # Restoring again changes nothing.
    again, _ = plan_restore(restored, backup)
    assert not any(again.values())


@pytest.mark.parametrize(
    ("name", "size"), [("backups", (1000, 600)), ("import-errors", (820, 440))]
)
def test_dialog_screenshot_is_drawn_from_a_demo(
    qapp: object, tmp_path: Path, name: str, size: tuple[int, int]
) -> None:
    out = render_dialog_screenshot(name, tmp_path / f"{name}.png")
    image = QImage(str(out))
    assert (image.width(), image.height()) == size
    with pytest.raises(ValueError, match="unknown dialog"):
        render_dialog_screenshot("nope", tmp_path / "nope.png")
