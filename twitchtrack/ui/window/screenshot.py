"""Render the window, or its Preferences dialog, offscreen to a PNG (README, docs)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from twitchtrack.domain.regions import View, region
from twitchtrack.graphics.png import image_bytes, png_bytes
from twitchtrack.storage.errors import JournalError, SaveError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.storage.outputs import write_output
from twitchtrack.storage.places import default_data_dir
from twitchtrack.ui.app import make_application, make_demo_folder, open_session
from twitchtrack.ui.window.actions import VIEWS

# A fixed demo so README images only change when the app does.
DEMO_END = date(2026, 11, 20)
DEMO_TZ = timezone(timedelta(hours=1))
DEMO_NOW = datetime(2026, 11, 20, 23, 55, tzinfo=DEMO_TZ)
MIN_SIZE = (960, 640)
# Up to 8K: larger pictures are no use, and Qt cannot paint them (it warns by the
# thousand). The command line checks the same limits before Qt loads.
MAX_SIZE = (7680, 4320)


def _refuse(_store: JournalStore, error: JournalError, _has_backup: bool) -> str:
    raise error


def render_screenshot(
    data_dir: Path | None,
    out: Path,
    view: str,
    size: tuple[int, int],
    demo: bool,
    *,
    dark: bool = False,
    fmt: str = "png",
) -> Path:
    """Draw the window showing ``view`` at ``size`` pixels into the picture ``out``
    (``fmt`` "png" or "jpeg"), written by the safe writer for named outputs.

    With ``demo`` the data is a fixed demo journal in a temporary folder; otherwise
    the journal in ``data_dir`` (default: the usual one) is shown and never written.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
    width, height = size
    if not (
        MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]
    ):
        raise ValueError(
            f"the size must be from {MIN_SIZE[0]}x{MIN_SIZE[1]} to "
            f"{MAX_SIZE[0]}x{MAX_SIZE[1]} pixels, not {width}x{height}"
        )
    if QApplication.instance() is None:
        # Never flash a window on the user's screen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = make_application()
    with contextlib.ExitStack() as cleanup:
        scratch = Path(tempfile.mkdtemp(prefix="twitchtrack-shot-"))
        cleanup.callback(shutil.rmtree, scratch, True)
        options: dict[str, Any] = {}
        if demo:
            folder = make_demo_folder(end=DEMO_END, tz=DEMO_TZ)
            cleanup.callback(shutil.rmtree, folder, True)
            options["clock"] = lambda: DEMO_NOW
        else:
            folder = (data_dir or default_data_dir()).expanduser()
        # Settings of its own, so a screenshot never moves the user's window.
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        # Pinned, so a picture does not depend on the desktop's light/dark setting.
        settings.setValue("appearance/theme", "dark" if dark else "light")
        session = open_session(
            folder,
            settings,
            demo=False,
            instance_lock=False,
            ask=_refuse,
            watch=False,
            **options,
        )
        assert session is not None  # _refuse raises instead of declining
        cleanup.callback(session.close)
        window = session.window
        cleanup.callback(window.deleteLater)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(width, height)
        # The window works these out off the UI thread; a picture needs them now.
        window.trends_page.run_synchronously()
        window.guidance.evaluate_now()
        window.set_view(view)
        # The front view shows the most of the map, so pick an episode drawn there.
        latest = max(
            (
                e
                for e in session.model.episodes()
                if not e.deleted and region(e.region).view is View.FRONT
            ),
            key=lambda e: e.at,
            default=None,
        )
        if latest is not None:
            window.select_episode(latest.id)
        window.show()
        for _ in range(3):
            app.processEvents()
        pixmap = window.grab()
        if pixmap.width() != width or pixmap.height() != height:
            pixmap = pixmap.scaled(
                width,
                height,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        out = Path(out)
        try:
            picture = image_bytes(pixmap, fmt)
        except ValueError:
            raise SaveError(f"could not write the screenshot {out}") from None
        write_output(out, picture, example="window.png")
        window.close()
    return out


def render_settings_screenshot(out: Path, *, dark: bool = False) -> Path:
    """Draw the Preferences dialog (an empty scratch journal) into the PNG ``out``."""
    from PySide6.QtGui import QAction, QUndoStack

    from twitchtrack.ui.model import JournalModel
    from twitchtrack.ui.settings.preferences import Preferences
    from twitchtrack.ui.settings.settings_dialog import SettingsDialog
    from twitchtrack.ui.style import style_sheet
    from twitchtrack.ui.window.theme import window_palette

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never flash a window
    app = make_application()
    scratch = Path(tempfile.mkdtemp(prefix="twitchtrack-shot-"))
    try:
        model = JournalModel(JournalStore(scratch / "data"), QUndoStack(), watch=False)
        prefs = Preferences(
            QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        )
        prefs.daily_reminder = True
        dialog = SettingsDialog(model, prefs, calm_action=QAction("Calm"))
        # The scratch folder's name means nothing to a reader; show the usual one.
        dialog.folder_label.setText("~/.local/share/twitchtrack")
        dialog.setPalette(window_palette(dark))
        dialog.setStyleSheet(style_sheet(dark))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        dialog.resize(dialog.sizeHint().expandedTo(dialog.minimumSizeHint()))
        dialog.show()
        for _ in range(3):
            app.processEvents()
        out = Path(out)
        try:
            png: bytes | None = png_bytes(dialog.grab())
        except ValueError:
            png = None
        dialog.close()
        dialog.deleteLater()
        model.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if png is None:
        raise OSError(f"could not write the screenshot {out}")
    write_output(out, png, example="settings.png")
    return out
