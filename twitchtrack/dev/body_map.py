"""Body-map preview: ``python -m twitchtrack.dev.body_map [--screenshot PREFIX]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.scene import VIEWS
from twitchtrack.graphics.png import png_bytes
from twitchtrack.storage.durable import atomic_write_bytes
from twitchtrack.ui.log.body_map.panel import BodyMapPanel
from twitchtrack.ui.log.body_map.widget import BodyMapWidget

# Frame sizes of the screenshots: the body views are 3:5, the face 0.85:1.
SHOT_SIZES: dict[str, tuple[int, int]] = {
    "front": (600, 1000),
    "back": (600, 1000),
    "face": (850, 1000),
}


def _demo_overlay(widget: BodyMapWidget, geometry: BodyGeometry, view: str) -> None:
    """Sample heat, a selection, a focus ring and dots, to judge how they look."""
    ids = geometry.region_ids(view)
    widget.set_heat({rid: float((i * 7) % 11) for i, rid in enumerate(ids)})
    widget.set_selected(ids[len(ids) // 3])
    widget.set_focused_region(ids[len(ids) // 2])
    points = [geometry.interior_point(rid) for rid in ids[::5]]
    widget.set_points([(view, p.x() + 0.004, p.y() + 0.004) for p in points])


def render_screenshots(prefix: str, dark: bool, overlay: bool) -> list[Path]:
    """Render every view to ``{prefix}-{view}[-overlay]-{light|dark}.png``."""
    geometry = BodyGeometry()
    written: list[Path] = []
    for view in VIEWS:
        widget = BodyMapWidget(geometry)
        widget.set_dark(dark)
        widget.set_view(view)
        if overlay:
            _demo_overlay(widget, geometry, view)
        widget.resize(*SHOT_SIZES[view])
        tag = "-overlay" if overlay else ""
        out = Path(f"{prefix}-{view}{tag}-{'dark' if dark else 'light'}.png")
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            png = png_bytes(widget.grab())
        except ValueError:
            raise OSError(f"could not write {out}") from None
        # Pictures of sample data, made for review: readable like any image.
        atomic_write_bytes(out, png, mode=0o644)
        written.append(out)
        widget.deleteLater()
    return written


def main(argv: list[str] | None = None) -> int:
    """Show the body map, or render PNG screenshots of its views."""
    parser = argparse.ArgumentParser(prog="python -m twitchtrack.dev.body_map")
    parser.add_argument(
        "--screenshot", metavar="OUT_PREFIX", help="write PNGs and exit"
    )
    parser.add_argument("--dark", action="store_true", help="use the dark palette")
    parser.add_argument(
        "--overlay", action="store_true", help="add sample heat, selection and dots"
    )
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.screenshot:
        for path in render_screenshots(args.screenshot, args.dark, args.overlay):
            print(path)
        return 0
    panel = BodyMapPanel()
    panel.set_dark(args.dark)
    panel.resize(460, 780)

    def _on_activated(region_id: str, view: str, point: QPointF) -> None:
        print(f"{view}: {region_id} at ({point.x():.3f}, {point.y():.3f})")

    panel.map.region_activated.connect(_on_activated)
    if args.overlay:
        _demo_overlay(panel.map, panel.map.geometry_model, "front")
        panel.set_heat(panel.map.heat())
    panel.setWindowTitle("twitchtrack body map")
    panel.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
