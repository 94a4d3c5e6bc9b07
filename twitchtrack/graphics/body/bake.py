"""Writing the bake: every view built from the spec files, stored as plain JSON.

Regenerate after changing the spec files or the building code::

    python -m twitchtrack.dev.bake
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QPainterPath

from twitchtrack.graphics.body.baked import (
    BAKED_FILE,
    DIGITS,
    FORMAT,
    VERSION,
    spec_digest,
)
from twitchtrack.graphics.body.cutting import build_view
from twitchtrack.graphics.body.scene import VIEWS, ViewData

__all__ = ["bake", "encode_path", "encode_view", "write_bake"]


def encode_path(path: QPainterPath) -> dict[str, Any]:
    """A path as its fill rule and a flat list of (element type, x, y)."""
    flat: list[float] = []
    for index in range(path.elementCount()):
        element = path.elementAt(index)
        flat.append(int(element.type.value))
        flat.append(round(element.x, DIGITS))
        flat.append(round(element.y, DIGITS))
    return {"fill": int(path.fillRule().value), "elements": flat}


def encode_view(data: ViewData) -> dict[str, Any]:
    """Everything a view draws and hit-tests, as plain JSON values."""
    return {
        "aspect": data.aspect,
        "silhouette": encode_path(data.silhouette),
        "regions": {rid: encode_path(p) for rid, p in data.regions.items()},
        "decor": [
            {"style": d.style, "closed": d.closed, "path": encode_path(d.path)}
            for d in data.decor
        ],
        "links": [
            {"view": k.view, "text": k.text, "path": encode_path(k.path)}
            for k in data.links
        ],
        "labels": [
            {
                "text": lb.text,
                "x": round(lb.at.x(), DIGITS),
                "y": round(lb.at.y(), DIGITS),
            }
            for lb in data.labels
        ],
    }


def bake(folder: Path) -> dict[str, Any]:
    """Build every view from the spec files in ``folder``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "spec_sha256": spec_digest(folder),
        "views": {view: encode_view(build_view(view, folder)) for view in VIEWS},
    }


def write_bake(folder: Path) -> Path:
    """Write ``baked.json`` next to the spec files."""
    target = folder / BAKED_FILE
    text = json.dumps(bake(folder), separators=(",", ":"))
    target.write_text(text + "\n", encoding="utf-8")
    return target
