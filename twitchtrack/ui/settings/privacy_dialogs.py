"""The Privacy page's dialogs: turn encryption on, change the password, turn it off.

Each one flushes the window's pending saves first, then runs the slow part (the
key derivation, and rewriting every file of the folder) on a worker with the
journal held (``JournalStore.locked``), so the window stays responsive and no save of
its own can slip in between. They are opened window-modal, never ``exec()``'d.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.text import plural
from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.keys import KdfParams, WrongKeyError
from twitchtrack.ui.exchange.dialogs import describe_error, dress_dialog
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.jobs import JobResult, JobRunner
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.recovery_view import RecoveryKeyView
from twitchtrack.ui.settings.unlock_dialog import grow_to_fit
from twitchtrack.ui.widgets import FieldMessage, caption, dialog_layout, set_names

MIN_PASSWORD = 8
_LEVELS = (
    "Weak: longer is stronger, and a few unrelated words are easy to remember.",
    "Fair: another word or a few more characters would help.",
    "Good.",
    "Strong.",
    "Very strong.",
)


def password_strength(text: str) -> tuple[int, str]:
    """A rough strength (0-4) of a new password and the words shown under it.

    Length counts most; a mix of kinds of characters (lower and upper case,
    digits, other signs or spaces) adds one; a password of a few repeated
    characters stays weak however long it is.
    """
    if not text:
        return 0, ""
    if len(text) < MIN_PASSWORD:
        return 0, tr("Too short: use at least {n} characters.").format(n=MIN_PASSWORD)
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    score = sum((len(text) >= 12, len(text) >= 16, len(text) >= 20, kinds >= 3))
    if len(set(text)) <= 3:
        score = 0
    return score, tr("Strength: {words}").format(words=tr(_LEVELS[score]))


def password_edit(name: str, accessible: str) -> QLineEdit:
    """A line edit that shows dots."""
    edit = QLineEdit()
    set_names(edit, name, accessible)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NewPassword(QWidget):
    """A new password typed twice, with its strength and whether the two match."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.first = password_edit("new_password", tr("New password"))
        self.second = password_edit("new_password_again", tr("New password again"))
        column.addWidget(caption(label, self.first))
        column.addWidget(self.first)
        self.strength = QLabel()
        self.strength.setObjectName("password_strength")
        self.strength.setProperty("role", "hint")
        self.strength.setWordWrap(True)
        column.addWidget(self.strength)
        column.addSpacing(4)
        column.addWidget(caption(tr("The same password &again"), self.second))
        column.addWidget(self.second)
        self.mismatch = FieldMessage()
        self.mismatch.setObjectName("password_mismatch")
        column.addWidget(self.mismatch)
        for edit in (self.first, self.second):
            edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def password(self) -> str | None:
        """The new password once it is long enough and typed the same twice."""
        text = self.first.text()
        if len(text) < MIN_PASSWORD or self.second.text() != text:
            return None
        return text

    def _on_text_changed(self, _text: str = "") -> None:
        _, words = password_strength(self.first.text())
        self.strength.setText(
            words or tr("At least {n} characters.").format(n=MIN_PASSWORD)
        )
        again = self.second.text()
        # Said once the second cannot become the first by typing on.
        differs = bool(again) and not self.first.text().startswith(again)
        self.mismatch.show_message(tr("The two passwords differ.") if differs else None)
        self.changed.emit()


class KeyDialog(QDialog):
    """What the three dialogs share: an OK button that shows a busy state while
    the job runs on the worker, and a one-line message for what went wrong."""

    outcome = Signal(str)  # what happened, in a sentence for the Privacy page

    def __init__(
        self,
        model: JournalModel,
        ok_text: str,
        busy_text: str,
        *,
        executor: Executor | None,
        kdf: KdfParams | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumWidth(460)
        self._model = model
        self._kdf = kdf
        self._ok_text = ok_text
        self._busy_text = busy_text
        self.runner = JobRunner(self, executor=executor, thread_name="privacy")
        self.message = FieldMessage()
        self.message.setObjectName("privacy_message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setProperty("primary", True)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.go)
        self.buttons.rejected.connect(self.reject)
        dress_dialog(self)

    @property
    def folder(self) -> Path:
        """The journal's data folder."""
        return self._model.store.folder

    @property
    def busy(self) -> bool:
        """True while the job runs."""
        return self.runner.busy

    def ready(self) -> bool:
        """Whether what was typed is enough to start (subclasses say)."""
        return True

    def sync(self) -> None:
        """Enable OK when ready and idle; show the busy words while working."""
        self.ok_button.setEnabled(self.ready() and not self.busy)
        self.ok_button.setText(self._busy_text if self.busy else self._ok_text)
        grow_to_fit(self)

    def go(self) -> None:
        """Start the job (subclasses)."""

    def start(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Save what the window holds, then run ``job`` on the worker."""
        if self.busy:
            return
        self.message.show_message(None)
        if not self._model.flush():
            self.message.show_message(
                tr(
                    "Your latest changes could not be saved first, so nothing was "
                    "changed: {why}"
                ).format(why=self._model.last_error or "")
            )
            grow_to_fit(self)
            return

        def finished(result: JobResult) -> None:
            QGuiApplication.restoreOverrideCursor()
            self.sync()
            if isinstance(result.error, WrongKeyError):
                self.message.show_message(self.wrong_password_text())
            elif result.error is not None:
                self.message.show_message(describe_error(result.error))
            else:
                done(result.value)
            grow_to_fit(self)

        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.runner.run("privacy", job, finished)
        self.sync()

    def wrong_password_text(self) -> str:
        """The line for a password that does not open the journal."""
        return tr("That is not the journal's password; nothing was changed.")

    def reject(self) -> None:
        """Cancel, but never in the middle of rewriting the files."""
        if not self.busy:
            super().reject()


class TurnOnDialog(KeyDialog):
    """Choose a password, encrypt the folder, then show the recovery key once."""

    def __init__(
        self,
        model: JournalModel,
        *,
        executor: Executor | None = None,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            model,
            tr("&Encrypt"),
            tr("Encrypting…"),
            executor=executor,
            kdf=kdf,
            parent=parent,
        )
        self.setObjectName("turn_on_dialog")
        self.setWindowTitle(tr("Turn On Encryption"))
        self.setAccessibleName(tr("Turn on encryption"))
        self.recovery: str | None = None
        self.key_view: RecoveryKeyView | None = None
        column, self.intro = dialog_layout(
            self,
            tr("Protect the journal with a password"),
            tr(
                "The journal, its backups and its conflict copies will be encrypted. "
                "Without the password or the recovery key shown next, nobody can "
                "read them again: not you, and not twitchtrack."
            ),
        )
        self.column = column
        first = column.itemAt(0)
        self.heading = first.widget() if first is not None else None
        self.new = NewPassword(tr("&Password"))
        self.new.changed.connect(self.sync)
        column.addWidget(self.new)
        column.addWidget(self.message)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.sync()

    def ready(self) -> bool:
        return self.new.password() is not None

    def go(self) -> None:
        chosen = self.new.password()
        if chosen is None or self.recovery is not None:
            return
        store, folder, kdf = self._model.store, self.folder, self._kdf

        def job() -> tuple[str, int]:
            _, recovery, count = crypto.encrypt_folder(
                folder, chosen, locked=store.locked, kdf=kdf
            )
            return recovery, count

        self.start(job, self._on_encrypted)

    def _on_encrypted(self, value: tuple[str, int]) -> None:
        self.recovery, count = value
        self.new.setEnabled(False)
        self.new.hide()
        self.buttons.hide()
        view = RecoveryKeyView(self.recovery, self._model.store, parent=self)
        view.finished.connect(self.accept)
        self.key_view = view
        self.column.insertWidget(self.column.indexOf(self.message), view)
        view.show()
        if isinstance(self.heading, QLabel):
            self.heading.setText(tr("Write down your recovery key"))
        self.intro.setText(
            tr(
                "Encryption is on ({files} encrypted). If you forget the password, "
                "this key is the only way back in. It is shown only now."
            ).format(files=plural(count, "file"))
        )
        grow_to_fit(self)
        view.setFocus()
        self.outcome.emit(
            tr("Encryption was turned on: {files} encrypted.").format(
                files=plural(count, "file")
            )
        )

    def reject(self) -> None:
        """Before the key is confirmed written down, closing is refused."""
        if self.key_view is not None and not self.isHidden():
            return
        super().reject()


class ChangePasswordDialog(KeyDialog):
    """The current password, then a new one twice; the recovery key stays."""

    def __init__(
        self,
        model: JournalModel,
        *,
        executor: Executor | None = None,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            model,
            tr("&Change Password"),
            tr("Changing…"),
            executor=executor,
            kdf=kdf,
            parent=parent,
        )
        self.setObjectName("change_password_dialog")
        self.setWindowTitle(tr("Change Password"))
        self.setAccessibleName(tr("Change the journal's password"))
        column, _ = dialog_layout(
            self,
            tr("Change the password"),
            tr(
                "Every file is rewritten for the new password; the recovery key stays "
                "the same."
            ),
        )
        self.current = password_edit("current_password", tr("Current password"))
        self.current.textChanged.connect(self.sync)
        column.addWidget(caption(tr("C&urrent password"), self.current))
        column.addWidget(self.current)
        column.addSpacing(6)
        self.new = NewPassword(tr("&New password"))
        self.new.changed.connect(self.sync)
        column.addWidget(self.new)
        column.addWidget(self.message)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.sync()

    def ready(self) -> bool:
        return bool(self.current.text()) and self.new.password() is not None

    def go(self) -> None:
        old, new = self.current.text(), self.new.password()
        if not old or new is None:
            return
        store, folder, kdf = self._model.store, self.folder, self._kdf

        def job() -> int:
            crypto.unlock(folder, password=old)  # the same key: only checks it
            return crypto.change_password(folder, new, locked=store.locked, kdf=kdf)

        self.start(job, self._on_changed)

    def _on_changed(self, _count: int) -> None:
        self.outcome.emit(
            tr("The password was changed; the recovery key stays the same.")
        )
        self.accept()


class TurnOffDialog(KeyDialog):
    """The password, and a plain warning, before every file is written plain."""

    def __init__(
        self,
        model: JournalModel,
        *,
        executor: Executor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            model,
            tr("&Turn Off Encryption"),
            tr("Writing plain files…"),
            executor=executor,
            kdf=None,
            parent=parent,
        )
        self.setObjectName("turn_off_dialog")
        self.setWindowTitle(tr("Turn Off Encryption"))
        self.setAccessibleName(tr("Turn off encryption"))
        column, _ = dialog_layout(
            self,
            tr("Turn off encryption?"),
            tr(
                "The journal, its backups and its conflict copies will be written as "
                "plain files again. Anyone who can open this folder, or a copy of "
                "it, can then read them."
            ),
            muted=False,
        )
        self.current = password_edit("current_password", tr("Password"))
        self.current.textChanged.connect(self.sync)
        column.addWidget(caption(tr("Type the &password to confirm"), self.current))
        column.addWidget(self.current)
        column.addWidget(self.message)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.sync()

    def ready(self) -> bool:
        return bool(self.current.text())

    def go(self) -> None:
        password = self.current.text()
        if not password:
            return
        store, folder = self._model.store, self.folder

        def job() -> int:
            crypto.unlock(folder, password=password)
            return crypto.decrypt_folder(folder, locked=store.locked)

        self.start(job, self._on_decrypted)

    def _on_decrypted(self, count: int) -> None:
        self.outcome.emit(
            tr("Encryption was turned off: {files} written plain.").format(
                files=plural(count, "file")
            )
        )
        self.accept()


def button(text: str, name: str, accessible: str) -> QPushButton:
    """A push button with its names."""
    made = QPushButton(text)
    set_names(made, name, accessible)
    return made
