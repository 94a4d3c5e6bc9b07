"""Benchmark: body-map paint time per view at 600x1000 and hit-test time."""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QSizeF
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.palette import palette_for
from twitchtrack.graphics.body.scene import VIEWS
from twitchtrack.ui.log.body_map.painting import PaintState, paint_scene

PAINT_TARGET_MS = 8.0
HIT_TARGET_MS = 0.1


TAPS = 900  # a month of heavy logging: 30 taps a day


def _paint_ms(geometry: BodyGeometry, view: str, repeats: int, taps: int = 0) -> float:
    """Median time to paint one full view (heat on, ``taps`` tap dots) into a
    600x1000 image."""
    height = 1000.0
    size = QSizeF(geometry.aspect(view) * height, height)
    scene = geometry.scene(view, size)
    ids = geometry.region_ids(view)
    spots = [geometry.interior_point(rid) for rid in ids]
    state = PaintState(
        heat={rid: float(i % 7) for i, rid in enumerate(ids)},
        selected=ids[0],
        focused=ids[-1],
        hovered=ids[len(ids) // 2],
        points=[spots[i % len(spots)] for i in range(taps)],
    )
    palette = palette_for(False)
    image = QImage(600, 1000, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(repeats):
        image.fill(palette.background)
        start = time.perf_counter()
        painter = QPainter(image)
        paint_scene(painter, scene, palette, state)
        painter.end()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _hit_ms(geometry: BodyGeometry, view: str, count: int) -> float:
    """Median time of one hit test over a grid of points (inside and outside)."""
    points = [
        QPointF((i + 0.5) / 20, (j + 0.5) / 30) for i in range(20) for j in range(30)
    ][:count]
    times = []
    for p in points:
        start = time.perf_counter()
        geometry.hit_test(view, p)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(repeats: int = 30) -> dict[str, float]:
    """Measure and return {metric name: milliseconds}."""
    app = QGuiApplication.instance() or QGuiApplication([])
    geometry = BodyGeometry()
    results: dict[str, float] = {}
    for view in VIEWS:
        geometry.interior_point(geometry.region_ids(view)[0])  # build outside timing
        results[f"body_map.paint_{view}_600x1000_ms"] = _paint_ms(
            geometry, view, repeats
        )
        results[f"body_map.hit_test_{view}_ms"] = _hit_ms(geometry, view, 600)
    results[f"body_map.paint_front_{TAPS}_taps_ms"] = _paint_ms(
        geometry, "front", repeats, TAPS
    )
    del app
    return results


if __name__ == "__main__":
    for name, value in run().items():
        target = PAINT_TARGET_MS if "paint" in name else HIT_TARGET_MS  # taps too
        print(f"{name:40s} {value:8.3f}  (target <= {target})")
