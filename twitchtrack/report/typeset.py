"""Text for the PDF: styles, fonts measured per device, lines broken and drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

# The PDF is laid out in device units at this resolution; 10 units per point keep
# glyph advances and thin rules precise without any painter scaling (fonts given
# in points then come out at the right size on their own).
RESOLUTION = 720
UNIT = RESOLUTION / 72.0

FONT_FAMILY = "DejaVu Sans"

INK = QColor("#161616")
MUTED = QColor("#565656")
RULE = QColor("#8c8c8c")
HAIRLINE = QColor("#d4d4d4")

Align = Literal["left", "right", "center"]
Op = Callable[[QPainter], None]


def pt(value: float) -> float:
    """Points to device units."""
    return value * UNIT


@dataclass(frozen=True)
class Style:
    """A text style: size in points, weight, slant, colour and line height."""

    size: float
    bold: bool = False
    italic: bool = False
    color: QColor | str = "#161616"
    leading: float = 1.32

    def __post_init__(self) -> None:
        # Stored as '#rrggbb' so styles hash (they key the font cache).
        object.__setattr__(self, "color", QColor(self.color).name())

    def font(self) -> QFont:
        """The QFont of this style (ligatures off so copied text stays plain)."""
        font = QFont(FONT_FAMILY)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(self.size)
        font.setBold(self.bold)
        font.setItalic(self.italic)
        # 'ff'/'fi' ligatures would come out of PDF text extraction and copy-paste
        # as single ligature characters ('caﬀeine').
        font.setFeature(QFont.Tag("liga"), 0)
        font.setFeature(QFont.Tag("clig"), 0)
        return font


class Typesetter:
    """Measures and prepares text for one paint device, caching fonts and metrics."""

    def __init__(self, device: QPaintDevice) -> None:
        self._device = device
        self._fonts: dict[Style, tuple[QFont, QFontMetricsF]] = {}

    def _font(self, style: Style) -> tuple[QFont, QFontMetricsF]:
        found = self._fonts.get(style)
        if found is None:
            font = style.font()
            found = (font, QFontMetricsF(font, self._device))
            self._fonts[style] = found
        return found

    def line_height(self, style: Style) -> float:
        """Device units from one baseline to the next."""
        return pt(style.size * style.leading)

    def width_of(self, text: str, style: Style) -> float:
        """Advance width of one line of text, in device units."""
        return self._font(style)[1].horizontalAdvance(text)

    def prepare(
        self,
        text: str,
        style: Style,
        width: float,
        align: Align = "left",
        bold_prefix: int = 0,
    ) -> Text:
        """Break ``text`` into lines ``width`` device units wide.

        ``bold_prefix`` sets the first that many characters in bold (a run-in label).
        """
        font, metrics = self._font(style)
        line_h = self.line_height(style)
        single = "\n" not in text and not bold_prefix
        # QTextLayout breaks lines at U+2028, not at a newline character.
        text = text.replace("\n", "\u2028")
        if single and metrics.horizontalAdvance(text) <= width:
            # Most table cells: one line, no QTextLayout needed.
            advance = metrics.horizontalAdvance(text)
            dx = {
                "left": 0.0,
                "right": width - advance,
                "center": (width - advance) / 2,
            }
            baseline = (line_h - metrics.height()) / 2 + metrics.ascent()
            return Text(line_h, style, font, text, None, dx[align], baseline)
        layout = QTextLayout(text, font, self._device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setAlignment(
            {
                "left": Qt.AlignmentFlag.AlignLeft,
                "right": Qt.AlignmentFlag.AlignRight,
                "center": Qt.AlignmentFlag.AlignHCenter,
            }[align]
        )
        layout.setTextOption(option)
        if bold_prefix:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            span = QTextLayout.FormatRange()
            span.start = 0
            span.length = bold_prefix
            span.format = fmt
            layout.setFormats([span])
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0.0, y + (line_h - line.height()) / 2))
            y += line_h
        layout.endLayout()
        return Text(y, style, font, text, layout, 0.0, 0.0)


@dataclass(slots=True)
class Text:
    """Text measured and broken into lines, ready to draw at a top-left point."""

    height: float
    style: Style
    font: QFont
    text: str
    layout: QTextLayout | None
    dx: float
    baseline: float

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        """Draw with the block's top-left corner at (x, y)."""
        painter.setPen(QColor(self.style.color))
        if self.layout is None:
            painter.setFont(self.font)
            painter.drawText(QPointF(x + self.dx, y + self.baseline), self.text)
        else:
            self.layout.draw(painter, QPointF(x, y))

    def draw_lines(
        self, painter: QPainter, x: float, y: float, first: int, count: int
    ) -> None:
        """Draw lines ``first``..``first + count - 1`` only, the first at ``y``.

        Used to continue a long table cell on the next page: only the lines of each
        page are written, so the PDF's text (search, copy) holds no hidden copies.
        """
        if self.layout is None:
            if first == 0 and count > 0:
                self.draw(painter, x, y)
            return
        painter.setPen(QColor(self.style.color))
        last = min(self.layout.lineCount(), first + count)
        if first >= last:
            return
        # Lines sit at multiples of the style's line height (see prepare()).
        origin = QPointF(x, y - first * pt(self.style.size * self.style.leading))
        for i in range(first, last):
            self.layout.lineAt(i).draw(painter, origin)
