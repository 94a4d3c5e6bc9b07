"""PDF report for a clinician, drawn with QtGui only.

The public names load on first use (PEP 562): the window imports this package
for its page sizes and must not pay for the report's numpy/analysis/guidance
imports until a report is actually written.

Modules: ``content`` (what the report says, from the journal), ``sections`` and
``appendix`` (laid out in reading order), ``body_maps`` and ``timeline`` (the
figures), ``layout`` and ``typeset`` (page flow and text), ``document`` (the PDF).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twitchtrack.report.content import (
        ReportData,
        build_report_data,
        resolve_period,
    )
    from twitchtrack.report.document import (
        PAGE_SIZES,
        ReportSummary,
        default_page_size,
        ensure_gui_app,
        render_report,
        write_report,
    )

_WHERE = {
    "ReportData": "content",
    "build_report_data": "content",
    "resolve_period": "content",
    "PAGE_SIZES": "document",
    "ReportSummary": "document",
    "default_page_size": "document",
    "ensure_gui_app": "document",
    "render_report": "document",
    "write_report": "document",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'twitchtrack.report' has no attribute {name!r}")
    return getattr(importlib.import_module(f"twitchtrack.report.{module}"), name)
