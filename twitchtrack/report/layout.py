"""A small page-flow typesetter on QPainter: text, tables with repeated headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPen,
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


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Paper size and margins, all in points."""

    name: str
    width: float
    height: float
    left: float = 54.0
    right: float = 54.0
    top: float = 62.0
    bottom: float = 58.0

    @property
    def content_width(self) -> float:
        """Width between the side margins, in points."""
        return self.width - self.left - self.right

    @classmethod
    def for_size(cls, name: str, size: QPageSize) -> PageGeometry:
        """Geometry of a named QPageSize in points, portrait."""
        points = size.size(QPageSize.Unit.Point)
        return cls(name=name, width=points.width(), height=points.height())


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


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: heading, width in points, alignment.

    A ``fit`` column is as wide as its widest cell (never wrapping); the other
    columns share what is left in proportion to ``width``.
    """

    title: str
    width: float
    align: Align = "left"
    fit: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A table row; ``group_start`` draws a stronger rule above it."""

    cells: Sequence[str]
    group_start: bool = False
    bold: bool = False


class Flow:
    """Places blocks down the page and starts new pages as needed.

    Pages are lists of drawing operations, painted after layout so that every
    page can say "page N of M".
    """

    def __init__(self, page: PageGeometry, typesetter: Typesetter) -> None:
        self.page = page
        self.ts = typesetter
        self.left = pt(page.left)
        self.width = pt(page.content_width)
        self.top = pt(page.top)
        self.bottom = pt(page.height - page.bottom)
        self.pages: list[list[Op]] = [[]]
        self.y = self.top

    # -- placement ---------------------------------------------------------
    @property
    def remaining(self) -> float:
        """Device units left on the current page."""
        return self.bottom - self.y

    @property
    def at_top(self) -> bool:
        """True when nothing has been placed on the current page yet."""
        return self.y <= self.top + 1e-6

    def new_page(self) -> None:
        """Start a new page (no-op when the current one is still empty)."""
        if self.at_top and self.pages[-1] == []:
            return
        self.pages.append([])
        self.y = self.top

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` device units still fit."""
        if height > self.remaining and not self.at_top:
            self.new_page()

    def space(self, points: float) -> None:
        """Vertical white space; swallowed at the top of a page."""
        if not self.at_top:
            self.y = min(self.bottom, self.y + pt(points))

    def place(self, height: float, op: Callable[[QPainter, QRectF], None]) -> None:
        """Reserve ``height`` at the cursor (on a new page if needed) and draw there."""
        self.ensure(height)
        rect = QRectF(self.left, self.y, self.width, height)
        self.pages[-1].append(lambda painter: op(painter, rect))
        self.y += height

    # -- text ----------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        style: Style,
        *,
        indent: float = 0.0,
        after: float = 4.0,
        align: Align = "left",
        bold_prefix: int = 0,
    ) -> None:
        """A wrapped paragraph kept on one page (if it fits on one)."""
        width = self.width - pt(indent)
        block = self.ts.prepare(text, style, width, align, bold_prefix)
        self.ensure(block.height)
        x, y = self.left + pt(indent), self.y
        self.pages[-1].append(lambda painter: block.draw(painter, x, y))
        self.y += block.height
        self.space(after)

    def heading(self, text: str, style: Style, *, keep: float = 90.0) -> None:
        """A section heading with a rule above it, kept with ``keep`` points of
        what follows so it never ends a page alone."""
        block = self.ts.prepare(text, style, self.width)
        gap = pt(16)
        need = gap + block.height + pt(keep)
        if need > self.remaining:
            self.new_page()
        if not self.at_top:
            self.y += gap
        x, y, w = self.left, self.y, self.width

        def draw(painter: QPainter) -> None:
            painter.setPen(QPen(RULE, pt(0.6)))
            painter.drawLine(QPointF(x, y), QPointF(x + w, y))
            block.draw(painter, x, y + pt(5))

        self.pages[-1].append(draw)
        self.y += block.height + pt(5) + pt(4)

    # -- tables --------------------------------------------------------------
    def _column_widths(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        style: Style,
        header_style: Style,
        gutter: float,
    ) -> list[float]:
        """Device widths: fit columns hug their content, the rest share the space."""
        bold = Style(style.size, True, style.italic, style.color, style.leading)
        widths: list[float | None] = []
        for i, col in enumerate(columns):
            # A heading wraps only where it says so ("Caffeine\nmg").
            lines = col.title.split("\n")
            head = max((self.ts.width_of(t, header_style) for t in lines), default=0.0)
            if not col.fit:
                widths.append(None)
                continue
            body = max(
                (self.ts.width_of(r.cells[i], bold if r.bold else style) for r in rows),
                default=0.0,
            )
            widths.append(max(head, body) + gutter + pt(0.5))
        fixed = sum(w for w in widths if w is not None)
        flex = [c.width for c, w in zip(columns, widths, strict=True) if w is None]
        room = self.width - fixed
        if not flex or room < pt(sum(flex)) * 0.5:
            # Too little room for the wrapping columns: fall back to the given
            # proportions for every column.
            scale = self.width / sum(pt(c.width) for c in columns)
            return [pt(c.width) * scale for c in columns]
        share = room / sum(flex)
        return [
            w if w is not None else c.width * share
            for c, w in zip(columns, widths, strict=True)
        ]

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        style: Style,
        header_style: Style,
        pad: float = 2.2,
    ) -> None:
        """A table whose header repeats at the top of every page it runs onto."""
        gutter = pt(5)
        widths = self._column_widths(columns, rows, style, header_style, gutter)
        xs = []
        x = self.left
        for w in widths:
            xs.append(x)
            x += w
        inner = [w - gutter for w in widths]
        bold_style = Style(style.size, True, style.italic, style.color, style.leading)

        header_cells = [
            self.ts.prepare(c.title, header_style, inner[i], c.align)
            for i, c in enumerate(columns)
        ]
        header_h = max(c.height for c in header_cells) + pt(pad) * 2
        left, right = self.left, self.left + self.width

        def put_header() -> None:
            y = self.y

            def draw(painter: QPainter) -> None:
                for i, cell in enumerate(header_cells):
                    cell.draw(painter, xs[i], y + pt(pad))
                painter.setPen(QPen(INK, pt(0.7)))
                painter.drawLine(
                    QPointF(left, y + header_h), QPointF(right, y + header_h)
                )

            self.pages[-1].append(draw)
            self.y += header_h

        line_h = self.ts.line_height(style)
        page_room = self.bottom - self.top - header_h
        first = True
        for row in rows:
            cell_style = bold_style if row.bold else style
            cells = [
                self.ts.prepare(text, cell_style, inner[i], columns[i].align)
                for i, text in enumerate(row.cells)
            ]
            row_h = max(c.height for c in cells) + pt(pad) * 2
            if row_h > page_room:
                # Taller than a whole page (a very long note): run it on over the
                # following pages, cut between two lines of text.
                self._sliced_row(cells, xs, row_h, pt(pad), line_h, put_header, first)
                first = False
                continue
            if first or row_h > self.remaining:
                if not first or header_h + row_h > self.remaining:
                    self.new_page()
                put_header()
                first = False
                top_rule = False
            else:
                top_rule = True
            y = self.y
            strong = row.group_start

            def draw_row(
                painter: QPainter,
                cells: list[Text] = cells,
                y: float = y,
                rule: bool = top_rule,
                strong: bool = strong,
            ) -> None:
                if rule:
                    color, width = (RULE, 0.5) if strong else (HAIRLINE, 0.4)
                    painter.setPen(QPen(color, pt(width)))
                    painter.drawLine(QPointF(left, y), QPointF(right, y))
                for i, cell in enumerate(cells):
                    cell.draw(painter, xs[i], y + pt(pad))

            self.pages[-1].append(draw_row)
            self.y += row_h
        if first:
            return
        y_end = self.y

        def close(painter: QPainter) -> None:
            painter.setPen(QPen(INK, pt(0.7)))
            painter.drawLine(QPointF(left, y_end), QPointF(right, y_end))

        self.pages[-1].append(close)

    def _sliced_row(
        self,
        cells: list[Text],
        xs: list[float],
        row_h: float,
        pad: float,
        line_h: float,
        put_header: Callable[[], None],
        first: bool,
    ) -> None:
        """Draw one over-tall table row in page-sized slices, each under a header."""
        total = max(1, round((row_h - 2 * pad) / line_h))
        done = 0
        left, right = self.left, self.left + self.width
        while done < total:
            rule = not first and done == 0
            if first or done > 0 or self.remaining < 2 * pad + 3 * line_h:
                if not first or self.remaining < 2 * pad + 3 * line_h:
                    self.new_page()
                put_header()
                first = False
                rule = False
            take = min(total - done, max(1, int((self.remaining - 2 * pad) // line_h)))
            height = 2 * pad + take * line_h
            y, skip = self.y, done

            def draw(
                painter: QPainter,
                y: float = y,
                skip: int = skip,
                take: int = take,
                rule: bool = rule,
            ) -> None:
                if rule:
                    painter.setPen(QPen(HAIRLINE, pt(0.4)))
                    painter.drawLine(QPointF(left, y), QPointF(right, y))
                for i, cell in enumerate(cells):
                    cell.draw_lines(painter, xs[i], y + pad, skip, take)

            self.pages[-1].append(draw)
            self.y += height
            done += take
