"""Shared report fixtures: one demo journal and its report, built once per session."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest

from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import Journal
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.report import ReportSummary, write_report

DEMO_END = date(2026, 11, 20)


@dataclass(frozen=True)
class Pdf:
    """A written report: its summary, per-page text and all text, whitespace-folded."""

    path: Path
    summary: ReportSummary
    reader: pypdf.PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def fold(text: str) -> str:
    """Whitespace runs (PDF line breaks, tabs for spaces) as single spaces."""
    return " ".join(text.split())


def read_pdf(path: Path, summary: ReportSummary) -> Pdf:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return Pdf(path, summary, reader, [fold(p.extract_text()) for p in reader.pages])


@pytest.fixture(scope="session")
def geometry(qapp: object) -> BodyGeometry:
    """The body geometry, built once (the report accepts a shared one)."""
    return BodyGeometry()


@pytest.fixture(scope="session")
def demo() -> Journal:
    """The 180-day demo journal ending on 20 Nov 2026."""
    return generate_demo(days=180, seed=7, end=DEMO_END)


@pytest.fixture(scope="session")
def demo_pdf(
    qapp: object,
    demo: Journal,
    geometry: BodyGeometry,
    tmp_path_factory: pytest.TempPathFactory,
) -> Pdf:
    """The demo journal's A4 report, written and parsed once."""
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    summary = write_report(demo, out, page_size="A4", today=DEMO_END, geometry=geometry)
    return read_pdf(out, summary)


def make_report(
    journal: Journal, out: Path, geometry: BodyGeometry, **options: object
) -> Pdf:
    """Write a report with ``options`` and parse it back."""
    options.setdefault("today", DEMO_END)
    options.setdefault("page_size", "A4")
    summary = write_report(journal, out, geometry=geometry, **options)  # type: ignore[arg-type]
    return read_pdf(out, summary)
