"""Region cutting: the silhouette united from body parts, cut into catalogue regions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from twitchtrack.domain.regions import regions_in
from twitchtrack.graphics.body.curves import simplify_path, union
from twitchtrack.graphics.body.scene import (
    DESIGN_HEIGHT,
    VIEWS,
    Decor,
    Label,
    Link,
    ViewData,
    paired_sides,
)
from twitchtrack.graphics.body.spec import ShapeBuilder, ViewSpec, load_view_spec

__all__ = ["build_view"]


def _draw_parts(vs: ViewSpec, b: ShapeBuilder) -> dict[str, list[QPainterPath]]:
    """Part name -> copies (as drawn, mirrored) or a single symmetric copy."""
    parts: dict[str, list[QPainterPath]] = {}
    for name in vs.spec.get("use", list(vs.parts)):
        if name not in vs.parts:
            raise b.fail(f"part {name!r} is not defined")
        entry = vs.parts[name]
        if not isinstance(entry, dict) or "shape" not in entry:
            raise b.fail(f"part {name!r} needs a 'shape'")
        drawn = [b.shape(entry["shape"])]
        if entry.get("paired"):
            drawn.append(b.shape(entry["shape"], mirror=True))
        parts[name] = drawn
    return parts


class _Cutter:
    """Cuts regions, links and holes out of what is left of the silhouette.

    A piece is (remaining & clip), then the clip is removed from what is left.
    Later clips may therefore overlap earlier ones freely, so no two clips need
    to share an edge (Qt's path clipper mishandles coincident edges) and the
    pieces can never overlap or leave the outline.
    """

    def __init__(
        self,
        b: ShapeBuilder,
        parts: dict[str, list[QPainterPath]],
        silhouette: QPainterPath,
        sides: tuple[str, str],
    ) -> None:
        self.b = b
        self.parts = parts
        self.sides = sides
        self.remaining = QPainterPath(silhouette)
        self.left_half = QPainterPath()
        self.left_half.addRect(
            QRectF(-b.width, -DESIGN_HEIGHT, 1.5 * b.width, 3 * DESIGN_HEIGHT)
        )
        self.regions: dict[str, QPainterPath] = {}
        self.links: list[Link] = []
        self.decor: list[Decor] = []

    def clip_path(self, raw: Any, mirror: bool, copy: int | None) -> QPainterPath:
        """A cutting shape: a drawn shape, or {'parts': [...]} to cut along parts."""
        if isinstance(raw, dict) and set(raw) == {"parts"}:
            chosen: list[QPainterPath] = []
            for name in raw["parts"]:
                if name not in self.parts:
                    raise self.b.fail(f"clip refers to unknown part {name!r}")
                copies = self.parts[name]
                if copy is None or len(copies) == 1:
                    chosen.extend(copies)
                else:
                    chosen.append(copies[copy])
            return union(chosen)
        if isinstance(raw, dict) and set(raw) == {"and"}:
            shapes = [self.clip_path(r, mirror, copy) for r in raw["and"]]
            out = shapes[0]
            for extra in shapes[1:]:
                out = out.intersected(extra)
            return out
        return self.b.shape(raw, mirror)

    def cut(self, entry: dict[str, Any]) -> None:
        """Cut one ``regions`` entry (one piece, or a left/right pair)."""
        stem = entry.get("id")
        first_side, second_side = self.sides
        copies: list[tuple[str | None, bool, int | None]]
        if entry.get("paired"):
            copies = [
                (f"{stem}_{first_side}" if stem else None, False, 0),
                (f"{stem}_{second_side}" if stem else None, True, 1),
            ]
        else:
            copies = [(stem, False, None)]
        split_pieces: list[QPainterPath] = []
        if entry.get("split"):
            # A symmetric shape cut once, then halved at the midline: cutting
            # each half separately would make the second cut run along the
            # first one's edges.
            whole = entry["clip"]
            both = self.remaining.intersected(self.clip_path(whole, False, None))
            self.remaining = self.remaining.subtracted(
                self.clip_path(whole, False, None)
            )
            split_pieces = [
                both.intersected(self.left_half).simplified(),
                both.subtracted(self.left_half).simplified(),
            ]
        for index, (rid, mirror, copy) in enumerate(copies):
            if split_pieces:
                piece = split_pieces[index]
            elif "clip" in entry:
                clip = self.clip_path(entry["clip"], mirror, copy)
                piece = self.remaining.intersected(clip).simplified()
                self.remaining = self.remaining.subtracted(clip)
            else:
                piece, self.remaining = self.remaining.simplified(), QPainterPath()
            self._keep(entry, rid, piece)

    def _keep(
        self, entry: dict[str, Any], rid: str | None, piece: QPainterPath
    ) -> None:
        if "link" in entry:
            target = entry["link"]
            if target not in VIEWS:
                raise self.b.fail(f"link to unknown view {target!r}")
            self.links.append(Link(piece, target, str(entry.get("text", ""))))
        if rid is None:
            # A hole: no region, but maybe a link or a drawn shape (the eye).
            if "style" in entry:
                self.decor.append(Decor(str(entry["style"]), piece, True, True))
            return
        if piece.isEmpty():
            raise self.b.fail(f"region {rid!r} came out empty")
        if rid in self.regions:
            raise self.b.fail(f"region {rid!r} is defined twice")
        self.regions[rid] = piece


def _drawn_decor(spec: dict[str, Any], b: ShapeBuilder) -> list[Decor]:
    """The spec's ``decor`` entries: detail lines and shapes that are not cut."""
    decor: list[Decor] = []
    for entry in spec.get("decor", []):
        style = str(entry.get("style", "line"))
        mirrors = (False, True) if entry.get("paired") else (False,)
        for mirror in mirrors:
            if "open" in entry:
                decor.append(Decor(style, b.open_curve(entry["open"], mirror), False))
            else:
                decor.append(Decor(style, b.shape(entry["shape"], mirror), True))
    return decor


def build_view(view: str, folder: Path) -> ViewData:
    """Build one view from the spec files in ``folder`` (slow: Qt's path clipper)."""
    vs = load_view_spec(view, folder)
    b = ShapeBuilder(f"{view}.json", vs.aspect)
    parts = _draw_parts(vs, b)
    silhouette = union(p for copies in parts.values() for p in copies).simplified()

    cutter = _Cutter(b, parts, silhouette, paired_sides(view))
    for entry in vs.spec.get("regions", []):
        cutter.cut(entry)
    regions = cutter.regions

    expected = {r.id for r in regions_in(view)}
    missing = expected - regions.keys()
    extra = regions.keys() - expected
    if missing or extra:
        raise b.fail(
            f"regions do not match the catalogue (missing {sorted(missing)}, "
            f"unknown {sorted(extra)})"
        )

    decor = cutter.decor + _drawn_decor(vs.spec, b)
    labels = tuple(
        Label(str(e["text"]), b.at(e["at"])) for e in vs.spec.get("labels", [])
    )
    return ViewData(
        view=view,
        aspect=vs.aspect,
        silhouette=simplify_path(silhouette),
        regions={r.id: simplify_path(regions[r.id]) for r in regions_in(view)},
        boxes={rid: p.boundingRect() for rid, p in regions.items()},
        decor=tuple(
            Decor(d.style, simplify_path(d.path), True) if d.from_cut else d
            for d in decor
        ),
        links=tuple(Link(simplify_path(k.path), k.view, k.text) for k in cutter.links),
        labels=labels,
    )
