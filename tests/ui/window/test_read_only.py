"""Read-only windows and damaged journals: controls look as dead as they are, and the
damaged-journal dialog can restore the newest good backup safely."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import answer_of, bad_journal_dialog, open_session
from twitchtrack.ui.style import LIGHT_COLOURS

from ..conftest import FAST, OpenWindow, on_disk

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DAMAGED = b'{"format": "twitchtrack-journal", "schema_version": 2, "episodes": [\n'


def background(qtbot: QtBot, button: QPushButton) -> QColor:
    """The colour a button is filled with (inside its rounded border, left of text)."""
    image = button.grab().toImage()
    return image.pixelColor(QPoint(6, image.height() // 2))


def test_quick_add_chips_look_disabled_in_a_read_only_window(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    editable = open_window().window
    read_only = open_window().window  # a second window on the journal: read-only
    assert read_only.windowTitle().endswith("(read-only)")
    for window in (editable, read_only):
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
    for key, chip in read_only.checkin.drink_buttons.items():
        live = editable.checkin.drink_buttons[key]
        assert live.isEnabled()
        assert not chip.isEnabled()
        # A disabled chip is drawn like any disabled button, not like a live chip.
        assert background(qtbot, live).name() == LIGHT_COLOURS.info_bg
        assert background(qtbot, chip).name() == LIGHT_COLOURS.window
    water = read_only.checkin.water_button
    assert not water.isEnabled()
    assert background(qtbot, water).name() == LIGHT_COLOURS.window


def damaged_with_backup(data_dir: Path) -> tuple[JournalStore, Episode]:
    store = JournalStore(data_dir)
    good = Episode(at=AT, region="chin")
    store.save(Journal(episodes=[good]))
    assert store.backup("manual") is not None
    store.path.write_bytes(DAMAGED)
    return store, good


def test_the_damaged_journal_dialog_offers_a_restore(
    qtbot: QtBot, data_dir: Path
) -> None:
    store, _good = damaged_with_backup(data_dir)
    error = JournalError(store.path, "line 2, column 1", "not valid JSON")
    box = bad_journal_dialog(store, error, has_backup=True)
    qtbot.addWidget(box)
    names = {b.objectName() for b in box.buttons()}
    assert names == {"restore_backup_button", "open_backup_button", "quit_button"}
    assert "kept" in box.informativeText()  # the damaged file is not lost
    box.show()
    restore = next(
        b for b in box.buttons() if b.objectName() == "restore_backup_button"
    )
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert answer_of(box) == "restore"
    assert store.path.read_bytes() == DAMAGED  # the dialog itself changes nothing


def test_restoring_from_the_dialog_keeps_the_damaged_file_and_opens_for_editing(
    qtbot: QtBot, data_dir: Path, settings: QSettings
) -> None:
    _store, good = damaged_with_backup(data_dir)
    session = open_session(data_dir, settings, ask=lambda *_: "restore", **FAST)
    assert session is not None
    qtbot.addWidget(session.window)
    try:
        assert not session.model.read_only
        assert session.model.episode(good.id) == good
        kept = sorted(data_dir.glob("journal-damaged-*.json"))
        assert [p.read_bytes() for p in kept] == [DAMAGED]
        notice = session.window.notice_banner
        assert not notice.isHidden()
        assert kept[0].name in notice.label.text()
        assert session.model.log_episode("calf_left") is not None
        assert session.model.flush()
    finally:
        session.window.close()
        session.close()
    assert {e.region for e in on_disk(data_dir).live_episodes()} == {
        "chin",
        "calf_left",
    }


def test_every_control_a_read_only_window_disables_looks_disabled(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    # Disabled controls drawn exactly like live ones (the quick-add chips, the
    # intensity slider, "Move to trash") invite clicks that do nothing (#12).
    JournalStore(data_dir).save(
        Journal(episodes=[Episode(at=AT, region="calf_left", pattern="burst")])
    )
    editable = open_window().window
    read_only = open_window().window
    for window in (editable, read_only):
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
    kinds = (QAbstractButton, QAbstractSlider, QLineEdit, QAbstractSpinBox)
    checked = 0
    for panel in ("details", "checkin"):
        live = getattr(editable, panel)
        dead = getattr(read_only, panel)
        for widget in dead.findChildren(QWidget):
            if not isinstance(widget, kinds) or not widget.objectName():
                continue
            if widget.isEnabled() or not widget.isVisible():
                continue
            twin = live.findChild(type(widget), widget.objectName())
            assert twin is not None
            assert twin.isEnabled()
            same = widget.grab().toImage() == twin.grab().toImage()
            assert not same, f"{widget.objectName()} looks enabled while disabled"
            checked += 1
    assert checked > 20
