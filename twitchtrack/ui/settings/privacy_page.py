"""Preferences -> Privacy: encryption on and off, the password, and locking.

The page only shows the state and opens the dialogs (``privacy_dialogs``), which
do the work. Locking is the window's business: the page asks for it through
``Preferences.lock_requested``, and ``IdleLock`` asks after N idle minutes; the
app then saves, closes and forgets the key (see ``ui.app``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.keys import KdfParams
from twitchtrack.storage.crypto.session import key_of
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.preferences import MAX_LOCK_MINUTES, Preferences
from twitchtrack.ui.settings.privacy_dialogs import (
    ChangePasswordDialog,
    KeyDialog,
    TurnOffDialog,
    TurnOnDialog,
    button,
)
from twitchtrack.ui.widgets import set_names

MINUTE_MS = 60_000


def clock_with_sleep() -> float:
    """Seconds on a clock that runs on while the computer sleeps where there is one
    (Linux's boot time), so a laptop closed past the limit locks as it wakes."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


def _note(text: str, name: str, role: str = "hint") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


class PrivacyPage(QWidget):
    """The Privacy tab of Preferences for one window's journal."""

    def __init__(
        self,
        model: JournalModel,
        prefs: Preferences,
        *,
        executor: Executor | None = None,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("privacy_page")
        self._model = model
        self._prefs = prefs
        self._executor = executor
        self._kdf = kdf
        self.dialog: KeyDialog | None = None

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self._build_encryption_group())
        column.addWidget(self._build_lock_group())
        column.addStretch(1)
        prefs.changed.connect(self._on_prefs_changed)
        self.refresh()

    def _build_encryption_group(self) -> QGroupBox:
        group = QGroupBox(tr("Encryption"))
        group.setObjectName("privacy_encryption_group")
        column = QVBoxLayout(group)
        column.setSpacing(8)
        self.state = QLabel()
        self.state.setObjectName("privacy_state")
        self.state.setProperty("role", "heading")
        column.addWidget(self.state)
        self.explain = _note("", "privacy_explain", role="")
        column.addWidget(self.explain)
        row = QHBoxLayout()
        self.turn_on = button(
            tr("Turn &On Encryption…"),
            "privacy_turn_on",
            tr("Turn on encryption with a password"),
        )
        self.turn_on.clicked.connect(self.open_turn_on)
        self.change = button(
            tr("&Change Password…"), "privacy_change", tr("Change the password")
        )
        self.change.clicked.connect(self.open_change_password)
        self.turn_off = button(
            tr("Turn O&ff Encryption…"), "privacy_turn_off", tr("Turn encryption off")
        )
        self.turn_off.clicked.connect(self.open_turn_off)
        for made in (self.turn_on, self.change, self.turn_off):
            row.addWidget(made)
        row.addStretch(1)
        column.addLayout(row)
        self.outcome = _note("", "privacy_outcome")
        self.outcome.setVisible(False)
        column.addWidget(self.outcome)
        return group

    def _build_lock_group(self) -> QGroupBox:
        group = QGroupBox(tr("Locking"))
        group.setObjectName("privacy_lock_group")
        column = QVBoxLayout(group)
        column.setSpacing(8)
        row = QHBoxLayout()
        label = QLabel(tr("&Lock after"))
        self.idle_minutes = QSpinBox()
        set_names(
            self.idle_minutes,
            "privacy_idle_minutes",
            tr("Lock after this many minutes without use; 0 never"),
        )
        self.idle_minutes.setRange(0, MAX_LOCK_MINUTES)
        self.idle_minutes.setSpecialValueText(tr("never"))
        self.idle_minutes.setSuffix(tr(" min without use"))
        self.idle_minutes.valueChanged.connect(self._on_idle_minutes_changed)
        label.setBuddy(self.idle_minutes)
        row.addWidget(label)
        row.addWidget(self.idle_minutes)
        row.addStretch(1)
        self.lock_now = button(
            tr("Lock &Now"),
            "privacy_lock_now",
            tr("Lock now: save, close twitchtrack and forget the key"),
        )
        self.lock_now.clicked.connect(self._on_lock_now_clicked)
        row.addWidget(self.lock_now)
        column.addLayout(row)
        column.addWidget(
            _note(
                tr(
                    "Locking saves your changes, closes twitchtrack and forgets the "
                    "key; opening it again asks for the password."
                ),
                "privacy_lock_note",
            )
        )
        self.lock_group = group
        return group

    # ------------------------------------------------------------------ state

    @property
    def folder(self) -> Path:
        """The journal's data folder."""
        return self._model.store.folder

    @property
    def encrypted(self) -> bool:
        """True when the folder is encrypted (and, in a window, unlocked)."""
        return (
            crypto.journal_is_encrypted(self.folder) and key_of(self.folder) is not None
        )

    def refresh(self) -> None:
        """Show the folder's state now (it may have changed in another program)."""
        on = self.encrypted
        self.state.setText(tr("Encryption is on") if on else tr("Encryption is off"))
        writable = not self._model.read_only
        exists = self._model.store.path.exists()
        if not writable:
            words = tr(
                "This window shows the journal read-only, so encryption cannot be "
                "changed here."
            )
        elif on:
            words = tr(
                "The journal, its backups and its conflict copies are encrypted with "
                "your password. Exports ask before writing a plain file."
            )
        elif not exists:
            words = tr("Log something first: there is no journal file to encrypt yet.")
        else:
            words = tr(
                "Encryption protects the journal, its backups and its conflict "
                "copies with a password, for a shared computer or a lost laptop. "
                "Without the password or the recovery key, nobody can read them "
                "again: not you, and not twitchtrack."
            )
        self.explain.setText(words)
        self.turn_on.setVisible(not on)
        self.turn_on.setEnabled(writable and exists)
        self.change.setVisible(on)
        self.turn_off.setVisible(on)
        self.change.setEnabled(writable)
        self.turn_off.setEnabled(writable)
        self.lock_group.setVisible(on)
        with QSignalBlocker(self.idle_minutes):
            self.idle_minutes.setValue(self._prefs.lock_after_minutes)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    # ------------------------------------------------------------------ dialogs

    def _open(self, dialog: KeyDialog) -> KeyDialog:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        dialog.outcome.connect(self._on_dialog_done)
        dialog.finished.connect(lambda _code: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_turn_on(self) -> KeyDialog:
        """Open the dialog that turns encryption on (window-modal)."""
        return self._open(
            TurnOnDialog(
                self._model, executor=self._executor, kdf=self._kdf, parent=self
            )
        )

    def open_change_password(self) -> KeyDialog:
        """Open the Change Password dialog (window-modal)."""
        return self._open(
            ChangePasswordDialog(
                self._model, executor=self._executor, kdf=self._kdf, parent=self
            )
        )

    def open_turn_off(self) -> KeyDialog:
        """Open the dialog that turns encryption off (window-modal)."""
        return self._open(
            TurnOffDialog(self._model, executor=self._executor, parent=self)
        )

    def _on_dialog_done(self, words: str) -> None:
        self.outcome.setText(words)
        self.outcome.setVisible(bool(words))
        self.refresh()

    def _on_lock_now_clicked(self) -> None:
        self._prefs.lock_requested.emit()

    def _on_idle_minutes_changed(self, value: int) -> None:
        self._prefs.lock_after_minutes = value

    def _on_prefs_changed(self, key: str) -> None:
        if key == Preferences.lock_after_minutes.key:
            with QSignalBlocker(self.idle_minutes):
                self.idle_minutes.setValue(self._prefs.lock_after_minutes)


_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleLock(QObject):
    """Emits ``timed_out`` after ``Preferences.lock_after_minutes`` without input,
    while the journal is encrypted.

    It watches ``source``'s events (the application's, in the app) only while the
    setting is on, and only notes the time of each input there; a timer checks
    that time at least every half minute, so a moving mouse costs no timer
    restarts and time asleep counts too.
    """

    timed_out = Signal()

    def __init__(
        self,
        folder: Path,
        prefs: Preferences,
        *,
        source: QObject,
        minute_ms: int = MINUTE_MS,
        clock: Callable[[], float] = clock_with_sleep,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = Path(folder)
        self._prefs = prefs
        self._source = source
        self._minute_ms = minute_ms
        self._clock = clock
        self._watching = False
        self._last = clock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        prefs.changed.connect(self._on_prefs_changed)
        self._apply()

    @property
    def limit_ms(self) -> int:
        """How long without input before locking (0: never)."""
        return self._prefs.lock_after_minutes * self._minute_ms

    def stop(self) -> None:
        """Stop watching and timing (the window is going away)."""
        self._timer.stop()
        if self._watching:
            self._source.removeEventFilter(self)
            self._watching = False

    def _apply(self) -> None:
        if self.limit_ms <= 0:
            self.stop()
            return
        if not self._watching:
            self._source.installEventFilter(self)
            self._watching = True
        self._last = self._clock()
        self._check_in(self.limit_ms)

    def _check_in(self, ms: int) -> None:
        # Timers stop while the computer sleeps: look again often enough.
        self._timer.start(max(1, min(ms, self._minute_ms // 2)))

    def _on_prefs_changed(self, key: str) -> None:
        if key == Preferences.lock_after_minutes.key:
            self._apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last = self._clock()
        return False

    def _on_timer_timeout(self) -> None:
        limit = self.limit_ms
        if limit <= 0:
            return
        idle_ms = int((self._clock() - self._last) * 1000)
        if idle_ms < limit:
            self._check_in(limit - idle_ms)
            return
        if not crypto.journal_is_encrypted(self._folder):
            self._last = self._clock()  # nothing to lock; look again later
            self._check_in(limit)
            return
        self.timed_out.emit()
