"""Trends screenshot: ``python -m twitchtrack.dev.trends OUT.png [--dark]``."""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta, timezone
from pathlib import Path

from twitchtrack.domain.analysis.tracking import MODEL_FACTORS
from twitchtrack.ui.trends.range_bar import RANGE_KEYS
from twitchtrack.ui.trends.view import DEFAULT_FACTOR


def render_screenshot(
    out: str,
    size: tuple[int, int] = (1280, 800),
    *,
    tab: int = 1,
    range_key: str = "1y",
    factor: str = DEFAULT_FACTOR,
    dark: bool = False,
) -> None:
    """Draw the view on the fixed demo journal into a PNG (for the README)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from twitchtrack.domain.demo import generate_demo
    from twitchtrack.graphics.png import png_bytes
    from twitchtrack.storage.durable import atomic_write_bytes
    from twitchtrack.ui.jobs import ImmediateExecutor
    from twitchtrack.ui.trends.view import TrendsView

    app = QApplication.instance() or QApplication([])
    end = date(2026, 11, 20)
    journal = generate_demo(days=365, seed=7, end=end, tz=timezone(timedelta(hours=1)))
    view = TrendsView(executor=ImmediateExecutor(), today=lambda: end)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.set_dark(dark)
    view.resize(*size)
    view.set_journal(journal)
    view.set_range(range_key)
    view.set_factor(factor)
    view.tabs.setCurrentIndex(tab)
    view.show()
    for _ in range(5):
        app.processEvents()
    try:
        png = png_bytes(view.grab())
    except ValueError:
        raise OSError(f"could not write the screenshot {out}") from None
    finally:
        view.close()
        view.deleteLater()
    # A picture of demo data, made for the README: readable like any image.
    atomic_write_bytes(Path(out), png, mode=0o644)


def main(argv: list[str] | None = None) -> int:
    """Write one screenshot of the Trends view on the demo journal."""
    parser = argparse.ArgumentParser(prog="python -m twitchtrack.dev.trends")
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--tab", type=int, default=1, help="0, 1 or 2")
    parser.add_argument("--range", default="1y", choices=RANGE_KEYS[:-1])
    parser.add_argument("--factor", default=DEFAULT_FACTOR, choices=MODEL_FACTORS)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args(argv)
    render_screenshot(
        args.out, tab=args.tab, range_key=args.range, factor=args.factor, dark=args.dark
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
