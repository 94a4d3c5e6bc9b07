"""The unlock screen: the password (or recovery key) that opens an encrypted journal.

Shown before the journal is read. Deriving the key takes about half a second on
purpose, so it runs on the job runner's worker while the button says so; a wrong
password keeps the dialog open for another try, and a damaged file is reported as
damaged and never touched.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.keys import WrongKeyError
from twitchtrack.storage.errors import JournalError
from twitchtrack.ui.exchange.dialogs import dress_dialog
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.jobs import JobResult, JobRunner
from twitchtrack.ui.widgets import FieldMessage, caption, dialog_layout, set_names

RECOVERY_PLACEHOLDER = "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"


def damaged_text(error: JournalError) -> str:
    """What a damaged encrypted journal means for the person, in two sentences."""
    return tr(
        "The journal file is damaged ({what}), so no password can open it. It has "
        "not been changed and twitchtrack will not overwrite it; older copies are in "
        "the backups folder beside it."
    ).format(what=error.what.rstrip("."))


def wrong_key_text(error: WrongKeyError, *, recovery: bool) -> str:
    """One plain line for a password or recovery key that does not open the journal."""
    if not recovery:
        return tr(
            "That password does not open this journal. Check Caps Lock and try again."
        )
    said = str(error)
    if said.startswith(("a recovery key", "the recovery key")):
        return said[0].upper() + said[1:] + "."  # the key was mistyped: say how
    return tr("That recovery key does not open this journal. Check it and try again.")


def grow_to_fit(dialog: QWidget) -> None:
    """Make a shown dialog tall enough for a message that just appeared (a top-level
    window does not follow its wrapped labels' height on its own)."""
    layout = dialog.layout()
    if layout is None or not dialog.isVisible():
        return
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


class UnlockDialog(QDialog):
    """Asks for the password of ``folder``'s journal and registers its key.

    Accepted once the key is open (``unlocked`` is then True); Cancel rejects it.
    Never ``exec()``'d by the dialog itself: the caller shows it as it likes.
    """

    def __init__(
        self,
        folder: Path,
        *,
        executor: Executor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(tr("Unlock Journal"))
        self.setAccessibleName(tr("Unlock the encrypted journal"))
        self.setMinimumWidth(440)
        self._folder = Path(folder)
        self._runner = JobRunner(self, executor=executor, thread_name="unlock")
        self.unlocked = False
        self.damaged = False

        column, self.intro = dialog_layout(
            self,
            tr("Your journal is encrypted"),
            tr("Type its password to open it."),
        )
        self.intro.setObjectName("unlock_intro")
        self.caption = caption(tr("&Password"))
        column.addWidget(self.caption)
        self.secret = QLineEdit()
        set_names(self.secret, "unlock_secret", tr("Password of the journal"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.textChanged.connect(self._on_secret_text_changed)
        self.caption.setBuddy(self.secret)
        column.addWidget(self.secret)
        self.use_recovery = QCheckBox(tr("Use the &recovery key instead"))
        set_names(
            self.use_recovery,
            "unlock_use_recovery",
            tr("Open the journal with its recovery key instead of the password"),
        )
        self.use_recovery.toggled.connect(self._on_use_recovery_toggled)
        column.addWidget(self.use_recovery)
        self.message = FieldMessage()
        self.message.setObjectName("unlock_message")
        column.addWidget(self.message)
        self.where = QLabel(str(self._folder))
        self.where.setObjectName("unlock_folder")
        self.where.setProperty("role", "hint")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addSpacing(4)
        column.addWidget(self.where)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText(tr("&Unlock"))
        self.unlock_button.setProperty("primary", True)
        set_names(self.unlock_button, "unlock_button", tr("Unlock the journal"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        set_names(cancel, "unlock_cancel", tr("Do not open the journal"))
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        dress_dialog(self)
        self._sync()

    @property
    def busy(self) -> bool:
        """True while a password is being checked."""
        return self._runner.busy

    def _sync(self) -> None:
        working = self.busy
        self.secret.setEnabled(not working and not self.damaged)
        self.use_recovery.setEnabled(not working and not self.damaged)
        self.unlock_button.setEnabled(
            not working and not self.damaged and bool(self.secret.text().strip())
        )
        self.unlock_button.setText(tr("Unlocking…") if working else tr("&Unlock"))

    def _on_secret_text_changed(self, _text: str) -> None:
        if not self.damaged:
            self.message.show_message(None)
        self._sync()

    def _on_use_recovery_toggled(self, on: bool) -> None:
        self.caption.setText(tr("&Recovery key") if on else tr("&Password"))
        self.intro.setText(
            tr("Type the recovery key you wrote down (dashes and case do not matter).")
            if on
            else tr("Type its password to open it.")
        )
        self.secret.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        )
        self.secret.setPlaceholderText(RECOVERY_PLACEHOLDER if on else "")
        self.secret.setAccessibleName(
            tr("Recovery key of the journal") if on else tr("Password of the journal")
        )
        self.secret.clear()
        self.message.show_message(None)
        grow_to_fit(self)
        self.secret.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        """Check what was typed on the worker; the answer comes back in ``_on_done``."""
        text = self.secret.text()
        if self.busy or self.damaged or not text.strip():
            return
        folder = self._folder
        if self.use_recovery.isChecked():
            job = lambda: crypto.unlock(folder, recovery=text)  # noqa: E731
        else:
            job = lambda: crypto.unlock(folder, password=text)  # noqa: E731
        self.message.show_message(None)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._runner.run("unlock", job, self._on_done, channel="unlock")
        self._sync()

    def _on_done(self, result: JobResult) -> None:
        QGuiApplication.restoreOverrideCursor()
        error = result.error
        if error is None or isinstance(error, crypto.NotEncryptedError):
            # Plain meanwhile (decrypted elsewhere): it opens without a key.
            self.unlocked = True
            self._sync()
            self.accept()
            return
        if isinstance(error, WrongKeyError):
            recovery = self.use_recovery.isChecked()
            self.message.show_message(wrong_key_text(error, recovery=recovery))
            self._sync()
            self.secret.selectAll()
            self.secret.setFocus(Qt.FocusReason.OtherFocusReason)
            grow_to_fit(self)
            return
        if isinstance(error, JournalError):
            self.damaged = True
            self.message.show_message(damaged_text(error))
        else:  # unreadable folder, full disk…: said as it is, and another try
            self.message.show_message(str(error) or type(error).__name__)
        self._sync()
        grow_to_fit(self)

    def reject(self) -> None:
        """Cancel: the journal is not opened (a check under way is dropped)."""
        if self.busy:
            QGuiApplication.restoreOverrideCursor()
        self._runner.shutdown()
        super().reject()


def unlock_with_dialog(folder: Path, settings: QSettings) -> bool:
    """Show the unlock dialog (modal) in the person's theme; True once unlocked."""
    from twitchtrack.ui.settings.preferences import Preferences
    from twitchtrack.ui.style import style_sheet
    from twitchtrack.ui.window.theme import scheme_is_dark, window_palette

    theme = Preferences(settings).theme
    scheme = QGuiApplication.styleHints().colorScheme()
    dark = theme == "dark" or (theme == "system" and scheme_is_dark(scheme))
    dialog = UnlockDialog(folder)
    dialog.setPalette(window_palette(dark))
    dialog.setStyleSheet(style_sheet(dark) + dialog.styleSheet())
    dialog.exec()
    unlocked = dialog.unlocked
    dialog.deleteLater()
    return unlocked
