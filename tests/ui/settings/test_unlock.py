"""The unlock screen: a wrong password keeps it open with one plain line, the right
one or the recovery key opens the journal, a damaged file is reported and left as
it is, and Cancel opens nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.keys import KdfParams
from twitchtrack.storage.crypto.session import key_of
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import open_session
from twitchtrack.ui.settings.unlock_dialog import UnlockDialog

from ..conftest import FAST

CHEAP = KdfParams(salt=b"unlock-dialog-16", time_cost=1, memory_kib=8)
NOTE = "left calf, after the long run"
PASSWORD = "a long enough password"
LONG = 10_000

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise")


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KdfParams, "fresh", classmethod(lambda cls: CHEAP))


@pytest.fixture
def encrypted(data_dir: Path) -> Iterator[tuple[Path, str]]:
    """An encrypted journal holding one note, locked as at a new start; and its
    recovery key."""
    at = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    store = JournalStore(data_dir)
    store.save(Journal(episodes=[Episode(at=at, region="calf_left", note=NOTE)]))
    _, recovery, _ = crypto.encrypt_folder(data_dir, PASSWORD, locked=store.locked)
    crypto.lock(data_dir)
    yield data_dir, recovery
    crypto.lock(data_dir)


def shown(qtbot: QtBot, folder: Path) -> UnlockDialog:
    dialog = UnlockDialog(folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def attempt(qtbot: QtBot, dialog: UnlockDialog, secret: str) -> None:
    """Type ``secret``, click Unlock and wait for the answer from the worker."""
    dialog.secret.setText(secret)
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=LONG)


def test_a_wrong_password_says_so_and_the_right_one_opens(
    qtbot: QtBot, encrypted: tuple[Path, str]
) -> None:
    folder, _ = encrypted
    dialog = shown(qtbot, folder)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.unlock_button.isEnabled()  # nothing typed yet
    before = (folder / "journal.json").read_bytes()

    attempt(qtbot, dialog, "not the password")
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert "does not open this journal" in dialog.message.text()
    assert "\n" not in dialog.message.text()
    assert key_of(folder) is None
    assert dialog.secret.isEnabled()  # another try

    attempt(qtbot, dialog, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.unlocked
    assert key_of(folder) is not None
    assert JournalStore(folder).load().live_episodes()[0].note == NOTE
    assert (folder / "journal.json").read_bytes() == before  # opening writes nothing


def test_the_recovery_key_opens_it_and_a_mistyped_one_says_how(
    qtbot: QtBot, encrypted: tuple[Path, str]
) -> None:
    folder, recovery = encrypted
    dialog = shown(qtbot, folder)
    dialog.use_recovery.setChecked(True)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Normal
    assert "Recovery key" in dialog.caption.text().replace("&", "")

    attempt(qtbot, dialog, "ABCD-EFGH")
    assert "32 letters and digits" in dialog.message.text()
    attempt(qtbot, dialog, "A" * 32)
    assert "recovery key does not open" in dialog.message.text()
    assert dialog.isVisible()

    attempt(qtbot, dialog, recovery.lower().replace("-", " "))
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert key_of(folder) is not None


def test_a_damaged_journal_is_reported_and_never_touched(
    qtbot: QtBot, encrypted: tuple[Path, str]
) -> None:
    folder, _ = encrypted
    path = folder / "journal.json"
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x01  # one flipped bit in the sealed body
    path.write_bytes(bytes(raw))
    dialog = shown(qtbot, folder)

    attempt(qtbot, dialog, PASSWORD)
    assert dialog.damaged
    assert "damaged" in dialog.message.text()
    assert "not been changed" in dialog.message.text()
    assert dialog.isVisible()
    assert not dialog.unlock_button.isEnabled()
    assert key_of(folder) is None
    assert path.read_bytes() == bytes(raw)
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_window_asks_first_and_cancel_opens_nothing(
    qtbot: QtBot, encrypted: tuple[Path, str], settings: QSettings
) -> None:
    folder, _ = encrypted
    asked: list[Path] = []

    def cancel(where: Path, _settings: QSettings) -> bool:
        asked.append(where)
        dialog = shown(qtbot, where)
        dialog.reject()
        return dialog.unlocked

    assert open_session(folder, settings, unlock=cancel, **FAST) is None
    assert asked == [folder]
    assert key_of(folder) is None


def test_the_window_opens_once_the_dialog_unlocked_it(
    qtbot: QtBot, encrypted: tuple[Path, str], settings: QSettings
) -> None:
    folder, _ = encrypted

    def answer(where: Path, _settings: QSettings) -> bool:
        dialog = shown(qtbot, where)
        attempt(qtbot, dialog, "a wrong guess")
        assert dialog.isVisible()
        attempt(qtbot, dialog, PASSWORD)
        return dialog.unlocked

    session = open_session(folder, settings, unlock=answer, **FAST)
    assert session is not None
    qtbot.addWidget(session.window)
    try:
        assert session.model.journal.live_episodes()[0].note == NOTE
        assert not session.model.read_only
    finally:
        session.window.close()
        session.close()
    assert crypto.journal_is_encrypted(folder)
    assert NOTE.encode() not in (folder / "journal.json").read_bytes()


def test_a_plain_or_unlocked_journal_is_not_asked_about(
    qtbot: QtBot, data_dir: Path, settings: QSettings
) -> None:
    def never(_where: Path, _settings: QSettings) -> bool:
        raise AssertionError("asked for a password")

    session = open_session(data_dir, settings, unlock=never, **FAST)
    assert session is not None
    qtbot.addWidget(session.window)
    session.window.close()
    session.close()
