"""Page flow on QPainter: blocks placed down the pages, tables with repeated headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPageSize, QPainter, QPen

from twitchtrack.report.typeset import (
    HAIRLINE,
    INK,
    RULE,
    Align,
    Op,
    Style,
    Text,
    Typesetter,
    pt,
)


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
