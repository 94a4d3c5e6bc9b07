"""Where the keyboard goes when the window changes view."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def first_focusable(page: QWidget) -> QWidget | None:
    """The first widget inside ``page`` that Tab would reach, if any."""
    # Children made after the page joined the window sit elsewhere in the chain:
    # walk all of it once.
    widget = page.nextInFocusChain()
    while widget is not page:
        wants = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        usable = widget.isVisible() and widget.isEnabled()
        if wants and usable and page.isAncestorOf(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def follow_view(
    focused: QWidget | None,
    tabs: Iterable[QWidget],
    tab: QWidget,
    page: QWidget,
    start: QWidget | None = None,
) -> None:
    """Keep the keyboard with the view just shown (its ``tab`` and ``page``).

    A focused nav tab draws a ring: one left on the old view's tab made two tabs
    look selected. A keyboard on the tabs moves to the new tab; one in the old
    (now hidden) page moves into the new page, to ``start`` if given.
    """
    if focused is None:
        return
    if focused in list(tabs):
        if focused is not tab:
            tab.setFocus(Qt.FocusReason.TabFocusReason)
        return
    if page.isAncestorOf(focused) and focused.isVisible():
        return
    target = start if start is not None else first_focusable(page)
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)
