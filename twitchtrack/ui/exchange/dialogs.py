"""What every File-menu dialog shares: the window's look, and errors in words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

# Rules our dialogs add to the window's style sheet, which reaches them as their
# parent's. Colours come from the palette, which the window's theme (light or dark)
# sets and which our dialogs inherit (WA_WindowPropagation), so they follow it live.
DIALOG_STYLE = """
QLabel[role="dialog-title"] { font-size: 13pt; font-weight: 600; }
QPushButton[primary="true"] {
    background: palette(highlight); border: 1px solid palette(highlight);
    color: palette(highlighted-text); font-weight: 600;
}
QPushButton[primary="true"]:disabled {
    background: palette(mid); border-color: palette(mid); color: palette(base);
}
"""


def dress_dialog(dialog: QDialog) -> None:
    """Give one of our dialogs the window's colours and our few extra rules."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)
    dialog.setStyleSheet(DIALOG_STYLE)


def describe_error(error: BaseException) -> str:
    """One readable line for an error from the storage layer or the OS."""
    if isinstance(error, OSError) and not str(error).startswith("Could not"):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return str(error)
