"""The recovery key, shown once: in groups to write down, copy, print or save as text.

Finish stays off until the person says they have it written down: it cannot be
shown again, and it is the only way back in when the password is forgotten.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.widgets import set_names

GROUPS_PER_LINE = 4


def key_lines(recovery: str) -> str:
    """The key in two lines of four groups, spaced so each group reads alone."""
    groups = recovery.split("-")
    lines = [
        "  ".join(groups[i : i + GROUPS_PER_LINE])
        for i in range(0, len(groups), GROUPS_PER_LINE)
    ]
    return "\n".join(lines)


def key_sheet(recovery: str, folder: str, today: date) -> str:
    """What Save as Text and Print put on the page."""
    return (
        tr("twitchtrack recovery key") + "\n\n"
        f"    {recovery}\n\n"
        + tr("Journal folder: {folder}").format(folder=folder)
        + "\n"
        + tr("Made on: {day}").format(day=today.isoformat())
        + "\n\n"
        + tr(
            "This key opens the encrypted journal when its password is forgotten. "
            "Anyone who holds it can read the journal: keep it somewhere safe, away "
            "from the computer."
        )
        + "\n"
    )


class RecoveryKeyView(QWidget):
    """The key, its Copy / Print / Save buttons, the confirmation and Finish."""

    finished = Signal()

    def __init__(
        self, recovery: str, store: JournalStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_key_view")
        self._recovery = recovery
        self._store = store
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)

        box = QFrame()
        box.setObjectName("recovery_key_box")
        box.setProperty("card", True)
        inside = QVBoxLayout(box)
        inside.setContentsMargins(18, 14, 18, 14)
        self.key_label = QLabel(key_lines(recovery))
        self.key_label.setObjectName("recovery_key")
        self.key_label.setAccessibleName(tr("Recovery key"))
        self.key_label.setAccessibleDescription(recovery)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(14)
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.5)
        self.key_label.setFont(font)
        self.key_label.setStyleSheet("font-size: 14pt;")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        inside.addWidget(self.key_label)
        column.addWidget(box)

        row = QHBoxLayout()
        self.copy_button = QPushButton(tr("&Copy"))
        set_names(self.copy_button, "recovery_copy", tr("Copy the recovery key"))
        self.copy_button.clicked.connect(self.copy)
        self.print_button = QPushButton(tr("&Print…"))
        set_names(self.print_button, "recovery_print", tr("Print the recovery key"))
        self.print_button.clicked.connect(self.print_key)
        self.save_button = QPushButton(tr("&Save as Text…"))
        set_names(
            self.save_button,
            "recovery_save",
            tr("Save the recovery key as a text file"),
        )
        self.save_button.clicked.connect(self.save_as_text)
        for made in (self.copy_button, self.print_button, self.save_button):
            row.addWidget(made)
        row.addStretch(1)
        column.addLayout(row)
        self.feedback = QLabel()
        self.feedback.setObjectName("recovery_feedback")
        self.feedback.setProperty("role", "hint")
        self.feedback.setWordWrap(True)
        self.feedback.setText(
            tr(
                "Keep it away from this computer, on paper or a USB stick: anyone "
                "who holds it can open the journal."
            )
        )
        column.addWidget(self.feedback)

        self.confirm = QCheckBox(tr("I have &written down or saved the recovery key"))
        set_names(
            self.confirm,
            "recovery_confirm",
            tr("I have written down or saved the recovery key"),
        )
        self.confirm.toggled.connect(self._on_confirm_toggled)
        column.addWidget(self.confirm)
        finish_row = QHBoxLayout()
        finish_row.addStretch(1)
        self.finish_button = QPushButton(tr("&Finish"))
        set_names(self.finish_button, "recovery_finish", tr("Finish"))
        self.finish_button.setProperty("primary", True)
        self.finish_button.setEnabled(False)
        self.finish_button.setDefault(True)
        self.finish_button.clicked.connect(self.finished)
        finish_row.addWidget(self.finish_button)
        column.addLayout(finish_row)
        self.print_dialog: QWidget | None = None

    def _on_confirm_toggled(self, on: bool) -> None:
        self.finish_button.setEnabled(on)

    def _sheet(self) -> str:
        return key_sheet(self._recovery, str(self._store.folder), date.today())

    def copy(self) -> None:
        """Put the key on the clipboard."""
        QGuiApplication.clipboard().setText(self._recovery)
        self.feedback.setText(
            tr("Copied. Paste it somewhere safe, then clear the clipboard.")
        )

    def save_as_text(self) -> None:
        """Write the key to a text file the person names (never the data folder)."""
        from twitchtrack.storage.outputs import write_output

        chosen, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save Recovery Key"),
            "twitchtrack-recovery-key.txt",
            tr("Text files (*.txt)"),
        )
        if not chosen:
            return
        if self._store.owns(chosen):
            self.feedback.setText(
                tr(
                    "Choose a place outside the journal folder: a key kept beside the "
                    "journal protects nothing."
                )
            )
            return
        try:
            written = write_output(chosen, self._sheet().encode(), example="key.txt")
        except (StorageError, OSError) as err:
            self.feedback.setText(tr("Not saved: {why}").format(why=err))
            return
        self.feedback.setText(tr("Saved to {path}.").format(path=written))

    def print_key(self) -> None:
        """Open the print dialog (window-modal); print the sheet when accepted."""
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        document = QTextDocument(dialog)
        document.setPlainText(self._sheet())

        def printed() -> None:
            document.print_(printer)
            self.feedback.setText(tr("Sent to the printer."))

        dialog.accepted.connect(printed)
        dialog.finished.connect(dialog.deleteLater)
        self.print_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
