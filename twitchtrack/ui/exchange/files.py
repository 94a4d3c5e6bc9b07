"""Where File-menu work reads and writes: the last folder used, and save names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


class FileChooser:
    """Asks for files with the ``QFileDialog`` statics (looked up when used, so
    tests patch them), starting in the folder used last."""

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        self._window = window
        self._settings = settings

    def folder(self) -> Path:
        """The folder used last, else Documents, else the home folder."""
        saved = self._settings.value("exchange/folder", "")
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return Path(saved)
        docs = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def remember(self, folder: Path) -> None:
        """Start there next time."""
        self._settings.setValue("exchange/folder", str(folder))

    def save_path(self, title: str, name: str, file_filter: str, suffix: str) -> Path:
        """Ask where to save ``name``; ``Path()`` when cancelled. Adds ``suffix``."""
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, title, str(self.folder() / name), file_filter
        )
        if not chosen:
            return Path()
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.remember(path.parent)
        return path
