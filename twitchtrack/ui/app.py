"""Composition root: builds the application, store, journal model and window."""

from __future__ import annotations

import contextlib
import gc
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from twitchtrack.domain.models import Journal, build_models
from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.session import key_of
from twitchtrack.storage.device import device_id
from twitchtrack.storage.errors import JournalError, StorageError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.storage.places import default_data_dir
from twitchtrack.storage.staged import StagedRead
from twitchtrack.ui.model import JournalModel, WindowLock, acquire_instance_lock
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.window.main_window import MainWindow

APP_NAME = "twitchtrack"
ORG_NAME = "twitchtrack"
DEMO_DAYS = 180
GIL_SWITCH_INTERVAL_S = 0.001

OTHER_WINDOW_REASON = (
    "This journal is already open in another twitchtrack window, so this window "
    "shows it read-only and follows the other window's changes. Close the other "
    "window and reopen this one to edit here."
)

# What to do about a journal that cannot be read: "backup" or "quit".
AskAboutBadJournal = Callable[[JournalStore, JournalError, bool], str]
# Open the key of an encrypted journal's folder (the unlock dialog): True once open.
UnlockJournal = Callable[[Path, QSettings], bool]


@dataclass
class Session:
    """Everything one open window needs, owned together and closed together."""

    store: JournalStore
    undo_stack: QUndoStack
    model: JournalModel
    window: MainWindow
    lock: WindowLock | None

    def close(self) -> bool:
        """Save what is left, stop the writer thread and free the window lock."""
        ok = self.model.close()
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None
        return ok


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with the names QSettings and the desktop use.

    Reuses one that already exists (a test runner's, or a host program's).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Must be set before the application exists; fractional scales stay exact.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        # Only the program name: our own options were parsed by argparse already.
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName("twitchtrack")
    app.setDesktopFileName("twitchtrack")
    app.setStyle("Fusion")
    # Saving, the guidance checks and the trends run Python on worker threads.
    # With the default 5 ms switch interval the window's thread could wait
    # 11-17 ms for the GIL while one of them works (measured), a dropped frame;
    # at 1 ms it waits at most about 3 ms, and the workers lose nothing measurable.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    return app


def make_demo_folder(
    *, days: int = DEMO_DAYS, end: date | None = None, tz: tzinfo | None = None
) -> Path:
    """A new temporary folder holding a generated demo journal (never the user's)."""
    from twitchtrack.domain.demo import generate_demo

    folder = Path(tempfile.mkdtemp(prefix="twitchtrack-demo-"))
    JournalStore(folder).save(generate_demo(days=days, end=end, tz=tz))
    return folder


# What a demo window takes over from the person's own settings (read, never written).
_DEMO_KEEPS = ("appearance/theme", "map/calm", "calendar/week_start")


def demo_settings(folder: Path, own: QSettings) -> QSettings:
    """Settings for a demo window in ``folder`` (thrown away with it): the demo
    starts in the person's theme, and its theme, size and last view never reach
    their own settings."""
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    for key in _DEMO_KEEPS:
        value = own.value(key)
        if value is not None:
            settings.setValue(key, value)
    return settings


def bad_journal_dialog(
    store: JournalStore,
    error: JournalError,
    has_backup: bool,
    parent: QWidget | None = None,
) -> QMessageBox:
    """The message shown when the journal cannot be read (built, not shown)."""
    box = QMessageBox(parent)
    box.setObjectName("bad_journal_dialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The journal cannot be read")
    box.setText(f"twitchtrack cannot read your journal file:\n{error.path}")
    details = f"Where: {error.where}\nProblem: {error.what}\n\n"
    details += "The file has not been changed, and twitchtrack will not overwrite it."
    if has_backup:
        details += (
            "\n\nYou can restore the newest good backup (the damaged file is kept "
            "in the same folder under a new name, never deleted), look at that "
            "backup read-only first, or quit and fix the file yourself."
        )
    else:
        details += (
            "\n\nThere is no good backup to show. Quit, then fix or move the file."
        )
    box.setInformativeText(details)
    if has_backup:
        restore = box.addButton(
            "Restore Newest Backup", QMessageBox.ButtonRole.AcceptRole
        )
        restore.setObjectName("restore_backup_button")
        open_backup = box.addButton(
            "Open Newest Backup (Read-Only)", QMessageBox.ButtonRole.ActionRole
        )
        open_backup.setObjectName("open_backup_button")
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    quit_button.setObjectName("quit_button")
    box.setDefaultButton(quit_button)
    return box


_ANSWERS = {"restore_backup_button": "restore", "open_backup_button": "backup"}


def answer_of(box: QMessageBox) -> str:
    """What the person chose in ``bad_journal_dialog``: "restore", "backup" or
    "quit" (also for closing it)."""
    clicked = box.clickedButton()
    return _ANSWERS.get(clicked.objectName(), "quit") if clicked else "quit"


def ask_with_dialog(store: JournalStore, error: JournalError, has_backup: bool) -> str:
    """Show ``bad_journal_dialog`` and return "restore", "backup" or "quit"."""
    box = bad_journal_dialog(store, error, has_backup)
    box.exec()
    return answer_of(box)


def unlock_with_dialog(folder: Path, settings: QSettings) -> bool:
    """Show the unlock dialog for ``folder`` (modal); True once its key is open."""
    from twitchtrack.ui.settings.unlock_dialog import unlock_with_dialog as show

    return show(folder, settings)


def open_session(
    folder: Path,
    settings: QSettings,
    *,
    demo: bool = False,
    instance_lock: bool = True,
    ask: AskAboutBadJournal = ask_with_dialog,
    unlock: UnlockJournal = unlock_with_dialog,
    freeze_gc: bool = False,
    **model_options: Any,
) -> Session | None:
    """Load the journal in ``folder`` and build its model and window.

    An encrypted journal whose key is not open yet is unlocked first (``unlock``).
    Returns None when the journal cannot be read or unlocked and the user chose
    to quit. A second window on the same folder, or a damaged journal shown from
    a backup, opens read-only: nothing can overwrite what the first window or the
    damaged file holds.
    """
    with _collector_paused(freeze=freeze_gc):
        session = _open_session(
            folder, settings, demo, instance_lock, ask, unlock, model_options
        )
    if session is not None and freeze_gc:
        # The older records of a staged load come after the freeze: them too.
        session.model.loaded.connect(gc.freeze)
    return session


@contextlib.contextmanager
def _collector_paused(*, freeze: bool) -> Iterator[None]:
    """Keep the cycle collector out of loading and building (it would rescan the
    journal's many small objects again and again), and optionally freeze what exists
    afterwards: ten years of immutable records need never be scanned again.
    """
    # The pause storage and the worker threads share: a plain disable / enable here
    # could switch the collector back on while a worker (a closing window's save,
    # say) still needs it off.
    # Freeze before the collector is back on: re-enabled first, it would run a full
    # collection over everything just loaded (about 40 ms at ten years) before the
    # freeze could spare it.
    with paused_collector():
        try:
            yield
        finally:
            if freeze:
                gc.freeze()


def _open_session(
    folder: Path,
    settings: QSettings,
    demo: bool,
    instance_lock: bool,
    ask: AskAboutBadJournal,
    unlock: UnlockJournal,
    model_options: dict[str, Any],
) -> Session | None:
    build_models()  # here, before any of the window's threads needs one
    # This computer's id names the versions the window makes (History shows it)
    # and tells a journal received through a sync folder from our own.
    store = JournalStore(folder, device=device_id())
    reason: str | None = None
    lock: WindowLock | None = None
    journal: Journal
    notice: str | None = None
    sealed = crypto.journal_is_encrypted(store.folder)
    if sealed and key_of(store.folder) is None and not unlock(folder, settings):
        return None
    rest: StagedRead | None = None
    try:
        journal, rest = store.load_staged()  # a big journal: its newest part first
    except JournalError as err:
        backup = store.newest_good_backup()
        answer = ask(store, err, backup is not None)
        if answer not in ("backup", "restore") or backup is None:
            return None
        stamp = backup.created.astimezone().strftime("%d %b %Y %H:%M")
        problem = ""
        if answer == "restore":
            # Only the window holding the folder may replace the journal file: one
            # still open on it would write its own copy back over the restore.
            lock = acquire_instance_lock(store.folder) if instance_lock else None
            if instance_lock and lock is None:
                problem = "another twitchtrack window has this journal open"
            else:
                restored = _restore(store, backup.path)
                if isinstance(restored, str):
                    problem = restored
                else:
                    journal, kept = restored
                    notice = f"The backup from {stamp} was restored." + (
                        f" The damaged file was kept as {kept.name} in the journal "
                        "folder."
                        if kept is not None
                        else ""
                    )
        if notice is None:
            if lock is not None:
                lock.unlock()
                lock = None
            journal = store.load_backup(backup.path)
            reason = (
                f"{store.path.name} cannot be read ({err.where}: {err.what}). You "
                f"are looking at the backup from {stamp}, read-only; the damaged "
                "file has not been changed."
            )
            if problem:
                reason += f" It was not restored: {problem}."
            # The damaged file is what the watcher would read; nothing to follow.
            model_options["watch"] = False
    else:
        if instance_lock:
            lock = acquire_instance_lock(store.folder)
            if lock is None:
                reason = OTHER_WINDOW_REASON
    undo_stack = QUndoStack()
    model = JournalModel(
        store,
        undo_stack,
        journal=journal,
        rest=rest,
        read_only_reason=reason,
        **model_options,
    )
    window = MainWindow(
        model, settings, demo=demo, style_hints=QGuiApplication.styleHints()
    )
    if notice:
        window.show_notice(notice)
    return Session(store, undo_stack, model, window, lock)


def _restore(store: JournalStore, backup: Path) -> tuple[Journal, Path | None] | str:
    """Restore ``backup`` the store's safe way (the current, damaged file is kept
    aside first): the journal now and where the damaged file went, or why not."""
    try:
        store.restore(backup)
        return store.load(), store.set_aside
    except StorageError as err:
        return str(err).rstrip(".")


def _lock_by_quitting(
    app: QApplication,
    folder: Path,
    prefs: Preferences,
    quit_window: Callable[[], None],
    cleanup: contextlib.ExitStack,
) -> None:
    """Locking (Preferences -> Privacy, or N idle minutes) saves, closes the window
    and quits; the key is forgotten as the app ends, and the next start asks for
    the password. Quitting is the lock a person can trust: nothing of the journal
    stays on screen or in memory."""
    from twitchtrack.ui.settings.privacy_page import IdleLock

    prefs.lock_requested.connect(quit_window)
    idle = IdleLock(folder, prefs, source=app, parent=app)
    idle.timed_out.connect(quit_window)
    cleanup.callback(idle.stop)


def _close_on_signals(app: QApplication, cleanup: contextlib.ExitStack) -> None:
    """Close the window (saving everything) on Ctrl+C or a polite kill.

    Python only runs signal handlers between bytecodes, so a slow timer gives the
    interpreter a moment now and then while Qt's event loop runs.
    """

    def close(_signum: int, _frame: object) -> None:
        app.closeAllWindows()
        app.quit()

    previous = {
        sig: signal.signal(sig, close) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    for sig, handler in previous.items():
        cleanup.callback(signal.signal, sig, handler)
    ticker = QTimer(app)
    ticker.start(250)
    ticker.timeout.connect(lambda: None)
    cleanup.callback(ticker.stop)


def run_gui(
    data_dir: Path | None, demo: bool, *, clock: Callable[[], datetime] | None = None
) -> int:
    """Open the window on ``data_dir`` (or a throwaway demo journal); the exit code."""
    app = make_application()
    with contextlib.ExitStack() as cleanup:
        settings = QSettings()
        if demo:
            folder = make_demo_folder()
            cleanup.callback(shutil.rmtree, folder, True)
            scratch = Path(tempfile.mkdtemp(prefix="twitchtrack-demo-settings-"))
            cleanup.callback(shutil.rmtree, scratch, True)
            settings = demo_settings(scratch, settings)
        else:
            folder = (data_dir or default_data_dir()).expanduser()
        options: dict[str, Any] = {} if clock is None else {"clock": clock}
        session = open_session(folder, settings, demo=demo, freeze_gc=True, **options)
        if session is None:
            return 1
        # Forgotten after the last save (the stack unwinds last-in first): a save
        # after it would find no key.
        cleanup.callback(crypto.lock, folder)
        cleanup.callback(session.close)
        _close_on_signals(app, cleanup)
        extras = session.window.extras
        extras.quit_requested.connect(app.quit)  # tray's Quit
        _lock_by_quitting(app, folder, extras.prefs, extras.quit, cleanup)
        session.window.show()
        if not demo:
            session.window.extras.show_welcome_once()
        return app.exec()
    return 0  # pragma: no cover - the with block always returns
