"""PDF report for a clinician, drawn with QtGui only."""

from __future__ import annotations

from twitchtrack.report.content import ReportData, build_report_data, resolve_period
from twitchtrack.report.document import (
    PAGE_SIZES,
    ReportSummary,
    default_page_size,
    ensure_gui_app,
    render_report,
    write_report,
)

__all__ = [
    "PAGE_SIZES",
    "ReportData",
    "ReportSummary",
    "build_report_data",
    "default_page_size",
    "ensure_gui_app",
    "render_report",
    "resolve_period",
    "write_report",
]
