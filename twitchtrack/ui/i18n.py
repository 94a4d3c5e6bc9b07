"""Qt translation for the window's own words, so the app can be translated later."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "twitchtrack"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the user's language (itself until a translation is installed)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)
