"""A strip of headline figures under a rule: each a large value over its label."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPen

from twitchtrack.report.layout import Flow
from twitchtrack.report.typeset import INK, Style, pt


def figure_strip(
    flow: Flow,
    figures: Sequence[tuple[str, str]],
    value_style: Style,
    label_style: Style,
    *,
    after: float = 4,
) -> None:
    """Place ``figures`` ((value, label) pairs) side by side in equal columns."""
    ts = flow.ts
    col_w = flow.width / len(figures)
    blocks = [
        (
            ts.prepare(value, value_style, col_w - pt(8)),
            ts.prepare(label, label_style, col_w - pt(8)),
        )
        for value, label in figures
    ]
    height = max(v.height + pt(2) + lab.height for v, lab in blocks) + pt(6)

    def draw(painter: QPainter, rect: QRectF) -> None:
        painter.setPen(QPen(INK, pt(0.8)))
        painter.drawLine(rect.topLeft(), rect.topRight())
        for i, (value, label) in enumerate(blocks):
            x = rect.left() + i * col_w
            value.draw(painter, x, rect.top() + pt(6))
            label.draw(painter, x, rect.top() + pt(6) + value.height + pt(2))

    flow.place(height + pt(6), draw)
    flow.space(after)
