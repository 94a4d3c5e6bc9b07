"""How the Log view shares its width: the map card and the two form cards."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

# A floor for the details and check-in cards; what their fields need in the font
# in use (measured by the layout) wins when it is more.
FORM_MIN = (330, 310)
# Wider forms only stretch their fields; past this the room is the map's.
FORM_MAX = (440, 460)
# Up to this map-card width the forms stay at their minimum: the map comes first,
# and at 1280 px its notes fit beside the figure.
MAP_FIRST = 560
# Of the width past that, this share goes to each form (the map takes the rest).
FORM_SHARE = 0.25
SPACING = 12


def column_widths(
    width: int, spacing: int = SPACING, least: tuple[int, int] = FORM_MIN
) -> tuple[int, int, int]:
    """(map card, details, check-in) widths for a Log view ``width`` pixels wide.

    ``least`` is what the two forms need at the least (their fields measured in
    the font in use); they never get less, nor less than ``FORM_MIN``.
    """
    room = width - 2 * spacing
    details, checkin = (max(a, b) for a, b in zip(FORM_MIN, least, strict=True))
    extra = room - details - checkin - MAP_FIRST
    if extra > 0:
        grow = int(extra * FORM_SHARE)
        details = max(details, min(FORM_MAX[0], details + grow))
        checkin = max(checkin, min(FORM_MAX[1], checkin + grow))
    return max(0, room - details - checkin), details, checkin


class LogColumns(QLayout):
    """Three full-height columns: the map card first, then details and check-in.

    A box layout hands out width by size hints and stretch, and the forms' hints
    (their whole scroll contents) are far from what they need; this layout gives
    each column its width from ``column_widths`` instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(SPACING)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def _least(self) -> tuple[int, int]:
        widths = [*(item.minimumSize().width() for item in self._items[1:3]), 0, 0]
        return widths[0], widths[1]

    def minimumSize(self) -> QSize:
        heights = [item.minimumSize().height() for item in self._items]
        first = self._items[0].minimumSize().width() if self._items else 0
        _, details, checkin = column_widths(0, self.spacing(), self._least())
        width = first + details + checkin + 2 * self.spacing()
        return QSize(width, max(heights, default=0))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        widths = column_widths(rect.width(), self.spacing(), self._least())
        x = rect.x()
        for item, width in zip(self._items, widths, strict=False):
            item.setGeometry(QRect(x, rect.y(), width, rect.height()))
            x += width + self.spacing()
