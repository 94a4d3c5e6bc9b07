"""How saving goes, in the status bar and the error bar ("Saved 14:02", problems)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.window.banner import Banner

STATUS_MS = 6_000


class SaveStatus(QObject):
    """The status bar's episode count and saved label, and the save error bar.

    Follows the model: a save clears the error bar, a failed one shows it (with
    the retry button the window wires up); changes merged from other programs,
    conflict copies a sync tool left, or a file they left unreadable, get a
    status message.
    """

    def __init__(
        self, window: QMainWindow, model: JournalModel, error_bar: Banner
    ) -> None:
        super().__init__(window)
        self._window = window
        self._error_bar = error_bar
        status = window.statusBar()
        status.setSizeGripEnabled(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_label")
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.saved_label)
        if model.read_only:
            self.saved_label.setText("Read-only")
        elif model.last_saved is None:
            self.saved_label.setText("All changes are saved automatically")
        model.saved.connect(self._on_model_saved)
        model.save_failed.connect(self._on_model_save_failed)
        model.external_change_merged.connect(self._on_model_external_change_merged)
        model.external_check_failed.connect(self._on_model_external_check_failed)
        model.conflicts_merged.connect(self._on_model_conflicts_merged)

    def _on_model_saved(self, when: datetime) -> None:
        self._error_bar.setVisible(False)
        self.saved_label.setText(f"Saved {when:%H:%M}")

    def _on_model_save_failed(self, message: str) -> None:
        self._error_bar.set_text(
            "Your latest changes could not be saved yet, so they are kept in this "
            f"window and saving will be tried again.\n{message}"
        )
        self._error_bar.setVisible(True)
        self.saved_label.setText("Not saved yet")

    def _on_model_external_change_merged(self, count: int) -> None:
        plural = "s" if count != 1 else ""
        self._window.statusBar().showMessage(
            f"Merged {count} change{plural} made outside this window.", STATUS_MS
        )

    def _on_model_conflicts_merged(self, notice: str) -> None:
        # After the count of merged changes, which it explains ("Merged 12
        # entries from another computer's copy made on 1 Dec.").
        self._window.statusBar().showMessage(notice, STATUS_MS * 2)

    def _on_model_external_check_failed(self, message: str) -> None:
        self._window.statusBar().showMessage(
            f"The journal file was changed outside this window but cannot be read: "
            f"{message}",
            STATUS_MS * 2,
        )
