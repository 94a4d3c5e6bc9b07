"""The body-map views, built once and stored with the package.

Cutting the regions out of the silhouette takes Qt's path clipper about a tenth
of a second per view, which the window would otherwise spend before its first
paint. ``resources/body/baked.json`` holds the finished paths; it names the
digest of the spec files it was built from, so an edited spec is never drawn
from a stale bake (it is built afresh instead, and a test asks for a new bake).

Regenerate after changing the spec files or the building code::

    python -m twitchtrack.report.body.bake
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from twitchtrack.report.body.geometry import (
    VIEWS,
    Decor,
    Label,
    Link,
    _build_view,
    _ViewData,
)

BAKED_FILE = "baked.json"
FORMAT = "twitchtrack-body-bake"
VERSION = 1
_DIGITS = 4  # design units are 1/1000 of the view's height

# QPainterPath.ElementType values, by position.
_MOVE, _LINE, _CURVE, _CURVE_DATA = 0, 1, 2, 3


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


def encode_path(path: QPainterPath) -> dict[str, Any]:
    """A path as its fill rule and a flat list of (element type, x, y)."""
    flat: list[float] = []
    for index in range(path.elementCount()):
        element = path.elementAt(index)
        flat.append(int(element.type.value))
        flat.append(round(element.x, _DIGITS))
        flat.append(round(element.y, _DIGITS))
    return {"fill": int(path.fillRule().value), "elements": flat}


def decode_path(data: dict[str, Any]) -> QPainterPath:
    """The path :func:`encode_path` described."""
    from PySide6.QtCore import Qt

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


def encode_view(data: _ViewData) -> dict[str, Any]:
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
                "x": round(lb.at.x(), _DIGITS),
                "y": round(lb.at.y(), _DIGITS),
            }
            for lb in data.labels
        ],
    }


def decode_view(view: str, data: dict[str, Any]) -> _ViewData:
    """The view :func:`encode_view` described."""
    regions = {rid: decode_path(p) for rid, p in data["regions"].items()}
    return _ViewData(
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


def bake(folder: Path) -> dict[str, Any]:
    """Build every view from the spec files in ``folder``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "spec_sha256": spec_digest(folder),
        "views": {view: encode_view(_build_view(view, folder)) for view in VIEWS},
    }


def load_baked(folder: Path, view: str) -> _ViewData | None:
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


def write_bake(folder: Path) -> Path:
    """Write ``baked.json`` next to the spec files."""
    target = folder / BAKED_FILE
    text = json.dumps(bake(folder), separators=(",", ":"))
    target.write_text(text + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    from twitchtrack._resources import resource_path

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else resource_path("body")
    print(f"Wrote {write_bake(folder)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
