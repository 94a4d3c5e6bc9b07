"""The stored build of the body-map views: current, faithful, never used stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPainterPath

from twitchtrack._resources import resource_path
from twitchtrack.graphics.body.bake import encode_path, write_bake
from twitchtrack.graphics.body.baked import BAKED_FILE, decode_path, load_baked
from twitchtrack.graphics.body.cutting import build_view
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.scene import VIEWS

from .geometry_helpers import copy_geometry, polygon_area

REBAKE = "the stored bake is stale: run `python -m twitchtrack.dev.bake`"


def assert_same_shape(baked: QPainterPath, built: QPainterPath, what: str) -> None:
    a, b = baked.boundingRect(), built.boundingRect()
    for got, want in zip(
        (a.left(), a.top(), a.right(), a.bottom()),
        (b.left(), b.top(), b.right(), b.bottom()),
        strict=True,
    ):
        assert got == pytest.approx(want, abs=0.05), f"{what}: {REBAKE}"
    assert polygon_area(baked) == pytest.approx(
        polygon_area(built), rel=1e-3, abs=0.5
    ), f"{what}: {REBAKE}"


@pytest.mark.parametrize("view", VIEWS)
def test_the_stored_bake_draws_what_the_spec_builds(qapp: object, view: str) -> None:
    folder = resource_path("body")
    baked = load_baked(folder, view)
    assert baked is not None, REBAKE
    built = build_view(view, folder)
    assert baked.aspect == built.aspect
    assert list(baked.regions) == list(built.regions)
    for rid, path in built.regions.items():
        assert_same_shape(baked.regions[rid], path, rid)
        assert baked.boxes[rid].contains(path.boundingRect().center())
    assert_same_shape(baked.silhouette, built.silhouette, "silhouette")
    assert [(d.style, d.closed) for d in baked.decor] == [
        (d.style, d.closed) for d in built.decor
    ]
    for got, want in zip(baked.decor, built.decor, strict=True):
        assert_same_shape(got.path, want.path, f"decor {want.style}")
    assert [(k.view, k.text) for k in baked.links] == [
        (k.view, k.text) for k in built.links
    ]
    for got_link, want_link in zip(baked.links, built.links, strict=True):
        assert_same_shape(got_link.path, want_link.path, f"link to {want_link.view}")
    assert [
        (lb.text, round(lb.at.x(), 3), round(lb.at.y(), 3)) for lb in baked.labels
    ] == [(lb.text, round(lb.at.x(), 3), round(lb.at.y(), 3)) for lb in built.labels]


def test_paths_with_curves_and_several_subpaths_survive_the_round_trip(
    qapp: object,
) -> None:
    path = QPainterPath()
    path.moveTo(10, 10)
    path.lineTo(40, 10)
    path.cubicTo(50, 20, 50, 40, 40, 50)
    path.closeSubpath()
    path.moveTo(100, 100)  # an open stroke
    path.cubicTo(110, 90, 120, 110, 130, 100)
    again = decode_path(json.loads(json.dumps(encode_path(path))))
    assert again.elementCount() == path.elementCount()
    for i in range(path.elementCount()):
        a, b = again.elementAt(i), path.elementAt(i)
        assert (a.type, a.x, a.y) == (b.type, b.x, b.y)
    assert again.fillRule() == path.fillRule()


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    return copy_geometry(tmp_path)


def test_an_edited_spec_is_built_afresh_not_drawn_from_the_old_bake(
    qapp: object, spec_copy: Path
) -> None:
    spec = json.loads((spec_copy / "face.json").read_text(encoding="utf-8"))
    spec["labels"] = [{"text": "Edited", "at": [0.5, 0.1]}]
    (spec_copy / "face.json").write_text(json.dumps(spec), encoding="utf-8")
    assert load_baked(spec_copy, "face") is None
    scene = BodyGeometry(spec_copy).scene("face", QSizeF(850, 1000))
    assert [label.text for label in scene.labels] == ["Edited"]
    write_bake(spec_copy)  # a new bake is used again
    baked = load_baked(spec_copy, "face")
    assert baked is not None
    assert [label.text for label in baked.labels] == ["Edited"]


@pytest.mark.parametrize(
    "damage", ["{ not json", '{"format": "twitchtrack-body-bake"}', "[]", ""]
)
def test_a_damaged_bake_is_ignored_and_the_views_are_built(
    qapp: object, spec_copy: Path, damage: str
) -> None:
    (spec_copy / BAKED_FILE).write_text(damage, encoding="utf-8")
    assert load_baked(spec_copy, "front") is None
    geometry = BodyGeometry(spec_copy)
    assert set(geometry.region_ids("front")) == set(BodyGeometry().region_ids("front"))
