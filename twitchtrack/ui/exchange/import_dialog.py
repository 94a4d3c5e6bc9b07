"""The dialog of a refused import: every problem with file, line and column."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from twitchtrack.domain.text import plural
from twitchtrack.storage.interchange import RowError
from twitchtrack.ui.exchange.dialogs import dress_dialog
from twitchtrack.ui.widgets import dialog_layout, set_names


class ImportErrorsDialog(QDialog):
    """Every problem of a refused import, with file and line; nothing was imported."""

    def __init__(self, errors: Sequence[RowError], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_errors_dialog")
        self.setWindowTitle("Nothing was imported")
        dress_dialog(self)
        self.errors = list(errors)
        count = len(self.errors)
        files = sorted({e.file.name for e in self.errors})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        column, intro = dialog_layout(
            self,
            "Nothing was imported",
            f"{plural(count, 'problem').capitalize()} found in {where}. Your journal "
            "has not been changed. Correct the rows below (line numbers count the "
            "header as line 1, as a text editor does) and import the file again.",
            spacing=10,
            muted=False,  # here the intro is the message itself
        )
        intro.setObjectName("import_errors_intro")

        self.table = QTableWidget(count, 4)
        set_names(self.table, "import_errors_table", "Problems found in the import")
        self.table.setHorizontalHeaderLabels(["File", "Line", "Column", "Problem"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setShowGrid(False)
        for row, error in enumerate(self.errors):
            cells = (
                error.file.name,
                str(error.line) if error.line > 0 else "\u2013",
                error.field or "",
                error.message,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(error.file) if col == 0 else text)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Long messages wrap; rows grow to fit whenever the column width changes.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.resizeRowsToContents()
        column.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Copy List")
        set_names(self.copy_button, "import_errors_copy", "Copy the list of problems")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.setProperty("primary", True)
        set_names(close, "import_errors_close", "Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        column.addLayout(buttons)
        self.resize(820, 440)

    def text(self) -> str:
        """The problems as plain lines (what Copy List puts on the clipboard)."""
        return "\n".join(str(e) for e in self.errors)

    def copy_to_clipboard(self) -> None:
        """Put the list on the clipboard, to fix the file or ask for help."""
        QGuiApplication.clipboard().setText(self.text())
