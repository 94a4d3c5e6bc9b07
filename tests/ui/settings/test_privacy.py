"""Preferences -> Privacy: encryption turned on with a recovery key written down,
the password changed, encryption turned off, locking, and exports that ask first."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.keys import KdfParams, WrongKeyError
from twitchtrack.storage.crypto.session import key_of
from twitchtrack.storage.interchange import EPISODES_CSV
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import _lock_by_quitting
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.settings.privacy_dialogs import (
    ChangePasswordDialog,
    KeyDialog,
    TurnOffDialog,
    TurnOnDialog,
    password_strength,
)
from twitchtrack.ui.settings.privacy_page import IdleLock
from twitchtrack.ui.settings.settings_dialog import SettingsDialog

from ..conftest import MakeModel, OpenWindow, durable

CHEAP = KdfParams(salt=b"privacy-page-016", time_cost=1, memory_kib=8)
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
NOTE = "both eyelids after a short night"
PASSWORD = "four unrelated words here"
LONG = 10_000
KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Iterator[None]:
    monkeypatch.setattr(KdfParams, "fresh", classmethod(lambda cls: CHEAP))
    yield
    crypto.lock(data_dir)


@pytest.fixture
def journal(data_dir: Path) -> Path:
    JournalStore(data_dir).save(
        Journal(episodes=[Episode(at=AT, region="eyelid_upper_left", note=NOTE)])
    )
    return data_dir


def preferences(qtbot: QtBot, make_model: MakeModel, tmp_path: Path) -> SettingsDialog:
    model = make_model()
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(model, prefs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)  # Privacy
    qtbot.waitExposed(dialog)
    return dialog


def answered(qtbot: QtBot, dialog: KeyDialog) -> None:
    """Click OK and wait for the worker's answer."""
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=LONG)


def turn_on(qtbot: QtBot, settings: SettingsDialog) -> str:
    """Encrypt through the dialog, confirm the key written down; the key."""
    page = settings.privacy
    page.turn_on.click()
    dialog = page.dialog
    assert isinstance(dialog, TurnOnDialog)
    dialog.new.first.setText(PASSWORD)
    dialog.new.second.setText(PASSWORD)
    answered(qtbot, dialog)
    assert dialog.key_view is not None
    dialog.key_view.confirm.setChecked(True)
    dialog.key_view.finish_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.recovery is not None
    return dialog.recovery


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_strength_grows_with_length_and_variety() -> None:
    assert password_strength("")[0] == 0
    assert "Too short" in password_strength("abc")[1]
    assert password_strength("aaaaaaaaaaaaaaaaaaaaaaaa")[0] == 0
    assert (
        password_strength("correcthorse")[0]
        < password_strength("correct horse battery staple")[0]
    )
    assert password_strength("Correct horse 7 battery staple")[0] == 4


def test_turning_on_encrypts_and_shows_the_key_once_before_finish(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, journal: Path
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    page = settings.privacy
    assert page.turn_on.isVisible()
    assert not page.change.isVisible()
    page.turn_on.click()
    dialog = page.dialog
    assert isinstance(dialog, TurnOnDialog)
    assert dialog.isVisible()
    assert not dialog.ok_button.isEnabled()

    dialog.new.first.setText("short")
    assert "Too short" in dialog.new.strength.text()
    dialog.new.first.setText(PASSWORD)
    assert "Strength" in dialog.new.strength.text()
    dialog.new.second.setText("four unrelated wordz")
    assert dialog.new.mismatch.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.new.second.setText(PASSWORD)
    assert not dialog.new.mismatch.isVisible()

    answered(qtbot, dialog)
    assert crypto.journal_is_encrypted(journal)
    assert NOTE.encode() not in every_byte(journal)
    view = dialog.key_view
    assert view is not None
    assert view.isVisible()
    assert dialog.recovery is not None
    assert KEY.match(dialog.recovery)
    assert view.key_label.text().split() == dialog.recovery.split("-")
    assert not view.finish_button.isEnabled()
    dialog.reject()  # Escape before the key is written down: still open
    assert dialog.isVisible()
    view.copy_button.click()
    assert "Copied" in view.feedback.text()
    view.confirm.setChecked(True)
    assert view.finish_button.isEnabled()
    view.finish_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert page.encrypted
    assert page.change.isVisible()
    assert page.turn_off.isVisible()
    assert "Encryption is on" in page.state.text()

    # The recovery key shown opens the journal in a new start.
    crypto.lock(journal)
    crypto.unlock(journal, recovery=dialog.recovery)
    assert JournalStore(journal).load().live_episodes()[0].note == NOTE


def test_the_window_keeps_saving_encrypted_after_turning_on(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, journal: Path
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    turn_on(qtbot, settings)
    model = settings.privacy._model
    with durable(qtbot, model):
        model.log_episode("chin", intensity=3, note="a new note after encrypting")
    assert crypto.journal_is_encrypted(journal)
    assert b"a new note after encrypting" not in every_byte(journal)


def test_the_recovery_key_saves_as_text_outside_the_journal_folder(
    qtbot: QtBot,
    make_model: MakeModel,
    tmp_path: Path,
    journal: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    page = settings.privacy
    page.turn_on.click()
    dialog = page.dialog
    assert isinstance(dialog, TurnOnDialog)
    dialog.new.first.setText(PASSWORD)
    dialog.new.second.setText(PASSWORD)
    answered(qtbot, dialog)
    view = dialog.key_view
    assert view is not None
    assert dialog.recovery is not None
    chosen = [str(journal / "key.txt"), str(tmp_path / "key.txt")]
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (chosen.pop(0), "")
    )
    view.save_button.click()
    assert "outside the journal folder" in view.feedback.text()
    assert not (journal / "key.txt").exists()
    view.save_button.click()
    assert dialog.recovery in (tmp_path / "key.txt").read_text(encoding="utf-8")


def test_change_password_then_only_the_new_one_unlocks(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, journal: Path
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    recovery = turn_on(qtbot, settings)
    page = settings.privacy
    page.change.click()
    dialog = page.dialog
    assert isinstance(dialog, ChangePasswordDialog)
    new = "a different long password"
    dialog.current.setText("not the old one")
    dialog.new.first.setText(new)
    dialog.new.second.setText(new)
    answered(qtbot, dialog)
    assert "not the journal's password" in dialog.message.text()
    assert dialog.isVisible()

    dialog.current.setText(PASSWORD)
    answered(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "recovery key stays the same" in page.outcome.text()

    crypto.lock(journal)
    with pytest.raises(WrongKeyError):
        crypto.unlock(journal, password=PASSWORD)
    crypto.unlock(journal, password=new)
    crypto.lock(journal)
    crypto.unlock(journal, recovery=recovery)  # unchanged
    assert JournalStore(journal).load().live_episodes()[0].note == NOTE


def test_turning_off_asks_the_password_and_restores_plain_files(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, journal: Path
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    turn_on(qtbot, settings)
    page = settings.privacy
    page.turn_off.click()
    dialog = page.dialog
    assert isinstance(dialog, TurnOffDialog)
    assert not dialog.ok_button.isEnabled()
    dialog.current.setText("wrong password")
    answered(qtbot, dialog)
    assert dialog.isVisible()
    assert crypto.journal_is_encrypted(journal)

    dialog.current.setText(PASSWORD)
    answered(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not crypto.journal_is_encrypted(journal)
    assert key_of(journal) is None
    assert NOTE.encode() in (journal / "journal.json").read_bytes()
    assert page.turn_on.isVisible()
    assert "Encryption is off" in page.state.text()


def test_a_journal_not_written_yet_cannot_be_encrypted(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    page = settings.privacy
    assert not page.turn_on.isEnabled()
    assert "Log something first" in page.explain.text()


def test_lock_now_and_the_idle_minutes_go_through_the_preferences(
    qtbot: QtBot, make_model: MakeModel, tmp_path: Path, journal: Path
) -> None:
    settings = preferences(qtbot, make_model, tmp_path)
    turn_on(qtbot, settings)
    page = settings.privacy
    assert page.lock_group.isVisible()
    prefs = page._prefs
    page.idle_minutes.setValue(15)
    assert prefs.lock_after_minutes == 15
    with qtbot.waitSignal(prefs.lock_requested, timeout=LONG):
        page.lock_now.click()


def test_idle_lock_fires_after_the_minutes_without_input(
    qtbot: QtBot, tmp_path: Path, journal: Path
) -> None:
    store = JournalStore(journal)
    crypto.encrypt_folder(journal, PASSWORD, locked=store.locked)
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    now = [0.0]
    source = QWidget()
    qtbot.addWidget(source)
    idle = IdleLock(journal, prefs, source=source, minute_ms=5, clock=lambda: now[0])
    fired: list[bool] = []
    idle.timed_out.connect(lambda: fired.append(True))
    prefs.lock_after_minutes = 2  # 10 ms of timer, 2 "minutes" of the clock

    now[0] = 0.009
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    source.event(key)  # typing: idle starts again from here
    idle.eventFilter(source, key)
    with qtbot.waitSignal(idle.timed_out, timeout=LONG):
        now[0] = 0.009 + 0.011
    assert fired == [True]
    prefs.lock_after_minutes = 0
    idle.stop()


def answer_warnings(
    monkeypatch: pytest.MonkeyPatch, reply: str
) -> list[tuple[str, Any]]:
    """Patch QMessageBox.warning; "default" answers with the box's default button."""
    asked: list[tuple[str, Any]] = []

    def warning(
        _parent: object, title: str, _text: str, _buttons: Any, default: Any
    ) -> Any:
        asked.append((title, default))
        return default if reply == "default" else QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return asked


def test_exports_of_an_encrypted_journal_ask_and_default_to_not_writing(
    qtbot: QtBot,
    open_window: OpenWindow,
    journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = JournalStore(journal)
    crypto.encrypt_folder(journal, PASSWORD, locked=store.locked)
    session = open_window()
    exchange = session.window.exchange
    folders: list[str] = []
    files: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *a, **k: folders.pop(0)
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (files.pop(0), "")
    )
    out = tmp_path / "out"
    out.mkdir()
    asked = answer_warnings(monkeypatch, "default")
    exchange.csv_action.trigger()
    exchange.json_action.trigger()
    exchange.report_action.trigger()
    assert [title for title, _ in asked] == [
        "Write unprotected CSV files?",
        "Write an unprotected backup?",
        "The report will not be protected",
    ]
    assert {default for _, default in asked} == {QMessageBox.StandardButton.Cancel}
    assert exchange.report_dialog is None
    assert not exchange.busy
    assert list(out.iterdir()) == []

    answer_warnings(monkeypatch, "save")
    folders.append(str(out))
    with qtbot.waitSignal(exchange.exported, timeout=LONG):
        exchange.csv_action.trigger()
    assert NOTE in (out / EPISODES_CSV).read_text(encoding="utf-8")


def test_locking_saves_and_closes_the_window_of_the_app(
    qtbot: QtBot, open_window: OpenWindow, journal: Path, qapp: Any
) -> None:
    store = JournalStore(journal)
    crypto.encrypt_folder(journal, PASSWORD, locked=store.locked)
    session = open_window()
    session.window.show()
    qtbot.waitExposed(session.window)
    extras = session.window.extras
    session.model.log_episode("chin", note="logged just before locking")
    with contextlib.ExitStack() as cleanup:
        _lock_by_quitting(qapp, journal, extras.prefs, extras.quit, cleanup)
        with qtbot.waitSignal(extras.quit_requested, timeout=LONG):
            extras.prefs.lock_requested.emit()
    assert not session.window.isVisible()
    assert not session.model.is_dirty  # saved before closing
    assert b"logged just before locking" not in every_byte(journal)
    assert crypto.journal_is_encrypted(journal)
