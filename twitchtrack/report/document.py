"""The report as a PDF: pages composed, painted with running margins, written out."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
)
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from twitchtrack import __version__
from twitchtrack.domain.models import Journal, now_local
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.report.content import (
    ReportData,
    build_report_data,
    format_date,
    resolve_period,
)
from twitchtrack.report.layout import Flow, PageGeometry
from twitchtrack.report.sections import compose
from twitchtrack.report.styles import S_MARGIN, TITLE
from twitchtrack.report.typeset import HAIRLINE, RESOLUTION, Typesetter, pt
from twitchtrack.storage.outputs import write_output

PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "a4": QPageSize.PageSizeId.A4,
    "letter": QPageSize.PageSizeId.Letter,
}
_PAGE_NAMES = {"a4": "A4", "letter": "Letter"}


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What :func:`write_report` produced."""

    path: Path | None
    pages: int
    start: date
    end: date
    page_size: str  # "A4" or "Letter"
    episodes: int
    days_logged: int
    size_bytes: int


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one when none exists.

    Fonts and the PDF writer need a QGuiApplication; the command line has none.
    Without a display (a server, CI, ssh) Qt would abort on start-up, so the
    offscreen platform is chosen when no display is reachable.
    """
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if app is not None:
        raise RuntimeError(
            "a non-GUI Qt application is running; the report needs QGuiApplication"
        )
    if (
        sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "twitchtrack"])


def default_page_size(locale: QLocale | None = None) -> str:
    """'Letter' where US paper is the norm (the US system of measurement), else 'A4'."""
    system = (locale or QLocale()).measurementSystem()
    return "Letter" if system == QLocale.MeasurementSystem.ImperialUSSystem else "A4"


def _page_key(page_size: str | None) -> str:
    key = (page_size or default_page_size()).strip().lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page size must be A4 or Letter, not {page_size!r}")
    return key


def render_report(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    page_size: str | None = None,
    today: date | None = None,
    geometry: BodyGeometry | None = None,
) -> tuple[bytes, ReportSummary]:
    """The report as PDF bytes, and a summary (its ``path`` is None).

    Needs a QGuiApplication (see :func:`ensure_gui_app`); uses QtGui only, so it
    also runs in a worker thread of the GUI.
    """
    key = _page_key(page_size)
    today = today or now_local().date()
    data = build_report_data(journal, start, end, today=today)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    size = QPageSize(PAGE_SIZES[key])
    writer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{TITLE}, {data.period_text}")
    writer.setCreator(f"twitchtrack {__version__}")

    page = PageGeometry.for_size(_PAGE_NAMES[key], size)
    flow = Flow(page, Typesetter(writer))
    compose(flow, data, geometry or BodyGeometry())

    painter = QPainter(writer)
    try:
        total = len(flow.pages)
        for index, ops in enumerate(flow.pages):
            if index:
                writer.newPage()
            _margins(painter, flow, data, index + 1, total)
            for op in ops:
                op(painter)
    finally:
        painter.end()
    buffer.close()
    raw = bytes(QByteArray(buffer.data()).data())
    return raw, ReportSummary(
        path=None,
        pages=len(flow.pages),
        start=data.start,
        end=data.end,
        page_size=_PAGE_NAMES[key],
        episodes=len(data.episodes),
        days_logged=data.days_logged,
        size_bytes=len(raw),
    )


def write_report(
    journal: Journal,
    out: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    page_size: str | None = None,
    today: date | None = None,
    geometry: BodyGeometry | None = None,
) -> ReportSummary:
    """Write the PDF report for ``start``..``end`` to ``out`` (0600, atomically).

    ``start`` defaults to the first entry and ``end`` to today (or the last entry
    when entries run later), ``page_size`` ('A4' or 'Letter') to the locale's paper.
    Raises ValueError for a bad page size or a start after the end,
    ``twitchtrack.storage.outputs.OutputError`` for a target that is not a file of
    ours, and ``twitchtrack.storage.errors.SaveError`` when writing fails.
    """
    # Bad options fail before any work, and before a Qt application exists.
    _page_key(page_size)
    resolve_period(journal, start, end, today or now_local().date())
    app = ensure_gui_app()
    raw, summary = render_report(
        journal,
        start=start,
        end=end,
        page_size=page_size,
        today=today,
        geometry=geometry,
    )
    # The one safe writer for named outputs: a folder, a device or a link is
    # never replaced; a missing folder is made (0700).
    write_output(out, raw, example="report.pdf")
    del app  # kept alive until the PDF is written
    return ReportSummary(
        path=Path(out),
        pages=summary.pages,
        start=summary.start,
        end=summary.end,
        page_size=summary.page_size,
        episodes=summary.episodes,
        days_logged=summary.days_logged,
        size_bytes=summary.size_bytes,
    )


def _footer_text(data: ReportData) -> str:
    return (
        f"Generated by twitchtrack {__version__} on {format_date(data.generated)}; "
        "not a diagnosis"
    )


def _margins(
    painter: QPainter, flow: Flow, data: ReportData, number: int, total: int
) -> None:
    """Running header (title, period, generation date) and footer (page numbers)."""
    ts = flow.ts
    left, width = flow.left, flow.width
    head_y = pt(30)
    left_text = ts.prepare(f"{TITLE}  |  {data.period_text}", S_MARGIN, width)
    right_text = ts.prepare(
        f"Generated {format_date(data.generated)}", S_MARGIN, width, "right"
    )
    left_text.draw(painter, left, head_y)
    right_text.draw(painter, left, head_y)
    rule_y = head_y + ts.line_height(S_MARGIN) + pt(3)
    painter.setPen(QPen(HAIRLINE, pt(0.5)))
    painter.drawLine(QPointF(left, rule_y), QPointF(left + width, rule_y))

    foot_y = pt(flow.page.height - 36)
    painter.drawLine(
        QPointF(left, foot_y - pt(4)), QPointF(left + width, foot_y - pt(4))
    )
    ts.prepare(_footer_text(data), S_MARGIN, width).draw(painter, left, foot_y)
    ts.prepare(f"Page {number} of {total}", S_MARGIN, width, "right").draw(
        painter, left, foot_y
    )
