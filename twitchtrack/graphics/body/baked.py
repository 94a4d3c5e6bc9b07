"""The stored bake of the body-map views: its key, its path codec and its loader.

Cutting the regions out of the silhouette takes Qt's path clipper about a tenth
of a second per view, which the window would otherwise spend before its first
paint. ``resources/body/baked.json`` holds the finished paths; it names the
digest of the spec files it was built from, so an edited spec is never drawn
from a stale bake (it is built afresh instead, and a test asks for a new bake).
Writing the bake is ``bake.py``'s job (``python -m twitchtrack.dev.bake``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath

from twitchtrack.graphics.body.scene import Decor, Label, Link, ViewData

__all__ = [
    "BAKED_FILE",
    "DIGITS",
    "FORMAT",
    "VERSION",
    "decode_path",
    "decode_view",
    "load_baked",
    "spec_digest",
]

BAKED_FILE = "baked.json"
FORMAT = "twitchtrack-body-bake"
VERSION = 1
DIGITS = 4  # design units are 1/1000 of the view's height

# QPainterPath.ElementType values, by position.
_MOVE, _LINE, _CURVE = 0, 1, 2


def spec_digest(folder: Path) -> str:
    """SHA-256 over the spec files (name and bytes), in name order."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.json")):
        if path.name == BAKED_FILE:
            continue
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def decode_path(data: dict[str, Any]) -> QPainterPath:
    """The path ``bake.encode_path`` described."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule(int(data["fill"])))
    flat = data["elements"]
    start: tuple[float, float] | None = None
    last: tuple[float, float] | None = None
    i, count = 0, len(flat)
    while i < count:
        kind, x, y = int(flat[i]), float(flat[i + 1]), float(flat[i + 2])
        if kind == _MOVE:
            if start is not None and last == start:
                path.closeSubpath()
            path.moveTo(x, y)
            start = last = (x, y)
            i += 3
        elif kind == _LINE:
            path.lineTo(x, y)
            last = (x, y)
            i += 3
        elif kind == _CURVE and i + 8 < count:
            c2 = (float(flat[i + 4]), float(flat[i + 5]))
            end = (float(flat[i + 7]), float(flat[i + 8]))
            path.cubicTo(x, y, *c2, *end)
            last = end
            i += 9
        else:
            raise ValueError(f"unexpected path element {kind} at {i // 3}")
    if start is not None and last == start:
        path.closeSubpath()
    return path


def decode_view(view: str, data: dict[str, Any]) -> ViewData:
    """The view ``bake.encode_view`` described."""
    regions = {rid: decode_path(p) for rid, p in data["regions"].items()}
    return ViewData(
        view=view,
        aspect=float(data["aspect"]),
        silhouette=decode_path(data["silhouette"]),
        regions=regions,
        boxes={rid: p.boundingRect() for rid, p in regions.items()},
        decor=tuple(
            Decor(str(d["style"]), decode_path(d["path"]), bool(d["closed"]))
            for d in data["decor"]
        ),
        links=tuple(
            Link(decode_path(k["path"]), str(k["view"]), str(k["text"]))
            for k in data["links"]
        ),
        labels=tuple(
            Label(str(lb["text"]), QPointF(float(lb["x"]), float(lb["y"])))
            for lb in data["labels"]
        ),
    )


def load_baked(folder: Path, view: str) -> ViewData | None:
    """The baked view, or None when there is no bake or it is not of this spec."""
    try:
        data = json.loads((folder / BAKED_FILE).read_text(encoding="utf-8"))
        if (
            data.get("format") != FORMAT
            or data.get("version") != VERSION
            or data.get("spec_sha256") != spec_digest(folder)
        ):
            return None
        return decode_view(view, data["views"][view])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # a damaged bake: build the view instead (slower, never wrong)
