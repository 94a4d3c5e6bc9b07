"""Render dialogs to PNG: ``python -m twitchtrack.dev.dialog_shots NAME OUT``.

The Backups and import-problems dialogs, drawn over a demo journal (docs, bug
reports); the user's journal is never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog

from twitchtrack.domain.demo import generate_demo
from twitchtrack.graphics.png import png_bytes
from twitchtrack.storage.durable import atomic_write_bytes
from twitchtrack.storage.errors import SaveError
from twitchtrack.storage.interchange import InvalidImportError, read_import
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import Session, make_application, open_session
from twitchtrack.ui.exchange.import_dialog import ImportErrorsDialog
from twitchtrack.ui.window.screenshot import DEMO_END, DEMO_NOW, DEMO_TZ

DIALOGS = ("backups", "import-errors")

# (days before the demo's last day, hour, reason) of the backups shown; each holds
# the journal up to the evening before.
_BACKUPS: tuple[tuple[int, int, str], ...] = (
    (62, 9, "auto"),
    (33, 20, "auto"),
    (19, 8, "before-import"),
    (12, 18, "auto"),
    (4, 19, "auto"),
    (1, 7, "auto"),
)

# A spreadsheet someone kept by hand, with the slips people make.
_BAD_CSV = (
    "at,region,intensity,duration_s,note\n"
    "2026-11-02T08:10:00+01:00,eyelid_upper_left,2,20,morning coffee\n"
    "2026-11-02T21:40:00+01:00,calf_left,12,,after the run\n"
    "2026-11-03 07:55,eyelid_upper_left,2,15,\n"
    "2026-11-04T13:05:00+01:00,left knee-ish,3,40,\n"
    "2026-11-05T22:30:00+01:00,thigh_front_right,4,-5,\n"
    "2026-11-06T09:15:00+01:00,eyelid_lower_right,2,10,fine\n"
)


def render_dialog_screenshot(name: str, out: Path) -> Path:
    """Draw the dialog ``name`` ("backups" or "import-errors") over a demo journal.

    Uses a throwaway folder and settings; the user's journal is never touched.
    """
    if name not in DIALOGS:
        raise ValueError(f"unknown dialog {name!r}; choose from {', '.join(DIALOGS)}")
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never flash a window
    app = make_application()
    with contextlib.ExitStack() as cleanup:
        scratch = Path(tempfile.mkdtemp(prefix="twitchtrack-shot-"))
        cleanup.callback(shutil.rmtree, scratch, True)
        folder = scratch / "journal"
        _demo_with_backups(folder)
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        session = open_session(
            folder,
            settings,
            instance_lock=False,
            watch=False,
            clock=lambda: DEMO_NOW,
        )
        assert session is not None
        cleanup.callback(session.close)
        window = session.window
        cleanup.callback(window.deleteLater)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(1280, 800)
        window.show()
        if name == "backups":
            dialog: QDialog = _backups(app, session)
        else:
            dialog = _import_errors(scratch, session)
        cleanup.callback(dialog.deleteLater)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        dialog.show()
        for _ in range(3):
            app.processEvents()
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            png = png_bytes(dialog.grab())
        except ValueError:
            raise SaveError(f"could not write the screenshot {out}") from None
        # Pictures of a demo journal, made for docs: readable like any image.
        atomic_write_bytes(out, png, mode=0o644)
        dialog.close()
        window.close()
    return out


def _demo_with_backups(folder: Path) -> None:
    """A demo journal with a history of backups, each of the journal as it was."""
    clock = [DEMO_NOW]
    store = JournalStore(folder, clock=lambda: clock[0])
    for days_before, hour, reason in _BACKUPS:
        day = DEMO_END - timedelta(days=days_before)
        end = day - timedelta(days=1)
        store.save(generate_demo(days=180 - days_before, end=end, tz=DEMO_TZ))
        clock[0] = datetime(day.year, day.month, day.day, hour, 5, tzinfo=DEMO_TZ)
        store.backup(reason)
    clock[0] = DEMO_NOW
    store.save(generate_demo(days=180, end=DEMO_END, tz=DEMO_TZ))


def _spin_until(app: QApplication, done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the dialog did not finish loading")
        app.processEvents()
        time.sleep(0.01)  # a picture, not a test: a short poll is fine here


def _backups(app: QApplication, session: Session) -> QDialog:
    dialog = session.window.exchange.open_backups()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    _spin_until(app, lambda: len(dialog.backups) > 2, 30)
    dialog.select_backup(dialog.backups[2].path)
    _spin_until(app, dialog.restore_button.isEnabled, 30)
    dialog.resize(1000, 600)
    return dialog


def _import_errors(scratch: Path, session: Session) -> QDialog:
    sheet = scratch / "twitches-november.csv"
    sheet.write_text(_BAD_CSV, encoding="utf-8")
    try:
        read_import([sheet])
    except InvalidImportError as err:
        errors = err.errors
    else:  # pragma: no cover - the sheet is made to fail
        raise AssertionError("the example sheet imported cleanly")
    return ImportErrorsDialog(errors, session.window)


def main(argv: list[str] | None = None) -> int:
    """Render one dialog to a PNG file and print where it went."""
    parser = argparse.ArgumentParser(prog="python -m twitchtrack.dev.dialog_shots")
    parser.add_argument("dialog", choices=DIALOGS, help="which dialog to draw")
    parser.add_argument("out", type=Path, help="the PNG file to write")
    args = parser.parse_args(argv)
    print(render_dialog_screenshot(args.dialog, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
