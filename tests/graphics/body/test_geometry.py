"""Body-map geometry: every region drawn, no overlaps, inside the outline, sides."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSizeF
from PySide6.QtGui import QPainterPath

from twitchtrack.domain.regions import REGIONS, regions_in
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.scene import (
    DIRECTIONS,
    VIEWS,
    GeometryError,
    side_letters,
)

from .geometry_helpers import copy_geometry, polygon_area


@pytest.fixture(scope="module")
def geometry(qapp: object) -> BodyGeometry:
    return BodyGeometry()


@pytest.mark.parametrize("view", VIEWS)
def test_every_catalogue_region_has_a_shape_in_its_view(
    geometry: BodyGeometry, view: str
) -> None:
    assert set(geometry.region_ids(view)) == {r.id for r in regions_in(view)}
    paths = geometry.paths_for(view, QSizeF(600, 1000))
    assert all(not p.isEmpty() for p in paths.values())


def test_all_77_regions_are_drawn(geometry: BodyGeometry) -> None:
    drawn = [rid for view in VIEWS for rid in geometry.region_ids(view)]
    assert len(drawn) == len(REGIONS) == 77
    assert sorted(drawn) == sorted(r.id for r in REGIONS)


@pytest.mark.parametrize("region_id", [r.id for r in REGIONS])
def test_interior_point_hits_its_own_region(
    geometry: BodyGeometry, region_id: str
) -> None:
    view = next(r.view.value for r in REGIONS if r.id == region_id)
    p = geometry.interior_point(region_id)
    assert 0.0 < p.x() < 1.0
    assert 0.0 < p.y() < 1.0
    assert geometry.hit_test(view, p) == region_id


@pytest.mark.parametrize("view", VIEWS)
def test_no_two_regions_overlap_on_a_dense_grid(
    geometry: BodyGeometry, view: str
) -> None:
    size = QSizeF(geometry.aspect(view) * 1000, 1000)
    paths = geometry.paths_for(view, size)
    silhouette = geometry.silhouette(view, size)
    boxes = {rid: p.boundingRect() for rid, p in paths.items()}
    hits_per_region = dict.fromkeys(paths, 0)

    def regions_at(point: QPointF) -> list[str]:
        return [
            rid
            for rid, path in paths.items()
            if boxes[rid].contains(point) and path.contains(point)
        ]

    def nudged(point: QPointF) -> list[QPointF]:
        return [point + QPointF(dx, dy) for dx in (-0.3, 0.3) for dy in (-0.3, 0.3)]

    for i in range(120):
        for j in range(200):
            point = QPointF((i + 0.5) / 120 * size.width(), (j + 0.5) / 200 * 1000)
            inside = regions_at(point)
            if len(inside) > 1:
                # Neighbours share an edge to within a hundredth of a pixel, so
                # a point right on it may count twice; a real overlap has an
                # area and would still count twice a little to the side.
                assert any(len(regions_at(q)) <= 1 for q in nudged(point)), (
                    f"{point} lies in {inside}"
                )
            if inside:
                hits_per_region[inside[0]] += 1
                # Likewise region and outline may disagree right on the edge.
                assert any(silhouette.contains(q) for q in nudged(point)), (
                    f"{inside[0]} leaves the outline at {point}"
                )
    # The grid is fine enough that every region shows up on it.
    small = [rid for rid, n in hits_per_region.items() if n == 0]
    assert not small


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_lies_inside_the_silhouette(
    geometry: BodyGeometry, view: str
) -> None:
    size = QSizeF(geometry.aspect(view) * 1000, 1000)
    silhouette = geometry.silhouette(view, size)
    for rid, path in geometry.paths_for(view, size).items():
        outside = polygon_area(path.subtracted(silhouette))
        assert outside <= 0.002 * polygon_area(path) + 0.5, rid


def test_regions_tile_the_body_without_gaps_on_the_front(
    geometry: BodyGeometry,
) -> None:
    # Below the head every part of the front outline belongs to some region.
    size = QSizeF(600, 1000)
    silhouette = geometry.silhouette("front", size)
    union = QPainterPath()
    for path in geometry.paths_for("front", size).values():
        union.addPath(path)
    missing = 0
    for i in range(60):
        for j in range(80):
            point = QPointF((i + 0.5) * 10, 200 + (j + 0.5) * 10)
            if silhouette.contains(point) and not union.contains(point):
                missing += 1
    assert missing == 0


@pytest.mark.parametrize(
    "point",
    [(0.02, 0.02), (0.98, 0.5), (0.5, 0.7), (0.5, 0.995), (-0.2, 0.5), (0.5, 1.4)],
)
def test_points_outside_the_body_hit_nothing(
    geometry: BodyGeometry, point: tuple[float, float]
) -> None:
    assert geometry.hit_test("front", QPointF(*point)) is None
    assert geometry.hit_test("back", QPointF(*point)) is None


def test_the_front_head_is_a_link_to_the_face(geometry: BodyGeometry) -> None:
    head = QPointF(0.5, 0.09)
    assert geometry.hit_test("front", head) is None
    index = geometry.link_at("front", head)
    assert index is not None
    assert geometry.links("front")[index].view == "face"
    assert geometry.hit_test("back", head) == "head_back"


def test_left_and_right_follow_the_persons_own_sides(geometry: BodyGeometry) -> None:
    # Facing the viewer (front, face) the person's left is on the viewer's right.
    assert geometry.interior_point("shin_left").x() > 0.5
    assert geometry.interior_point("palm_left").x() > 0.5
    assert geometry.interior_point("eyelid_upper_left").x() > 0.5
    assert geometry.interior_point("cheek_left").x() > 0.5
    # Seen from behind, the person's left is on the viewer's left.
    assert geometry.interior_point("calf_left").x() < 0.5
    assert geometry.interior_point("hand_back_left").x() < 0.5
    assert side_letters("front") == ("R", "L")
    assert side_letters("face") == ("R", "L")
    assert side_letters("back") == ("L", "R")


@pytest.mark.parametrize("region_id", [r.id for r in REGIONS if r.id.endswith("_left")])
def test_paired_regions_are_mirror_images(
    geometry: BodyGeometry, region_id: str
) -> None:
    left = geometry.interior_point(region_id)
    right = geometry.interior_point(region_id.removesuffix("_left") + "_right")
    assert left.x() + right.x() == pytest.approx(1.0, abs=0.01)
    assert left.y() == pytest.approx(right.y(), abs=0.01)


@pytest.mark.parametrize("view", VIEWS)
def test_arrow_navigation_reaches_every_region(
    geometry: BodyGeometry, view: str
) -> None:
    ids = geometry.region_ids(view)
    seen = {ids[0]}
    queue = deque([ids[0]])
    while queue:
        here = queue.popleft()
        for direction in DIRECTIONS:
            there = geometry.neighbours(here, direction)
            if there is not None and there not in seen:
                seen.add(there)
                queue.append(there)
    assert seen == set(ids)


def test_arrows_move_the_expected_way(geometry: BodyGeometry) -> None:
    assert geometry.neighbours("chest_right", "right") == "chest_left"
    assert geometry.neighbours("chest_left", "left") == "chest_right"
    assert geometry.neighbours("knee_left", "down") == "shin_left"
    assert geometry.neighbours("knee_left", "up") == "thigh_front_left"
    assert geometry.neighbours("nose", "down") == "lip_upper"
    with pytest.raises(ValueError, match="direction"):
        geometry.neighbours("nose", "sideways")


def test_scaled_paths_fit_the_size_and_are_cached(geometry: BodyGeometry) -> None:
    size = QSizeF(300, 500)
    paths = geometry.paths_for("back", size)
    for path in paths.values():
        box = path.boundingRect()
        assert box.left() >= 0
        assert box.right() <= 300
        assert box.bottom() <= 500
    assert geometry.paths_for("back", QSizeF(300, 500)) is paths
    bigger = geometry.paths_for("back", QSizeF(600, 1000))
    assert bigger["calf_left"].boundingRect().width() == pytest.approx(
        2 * paths["calf_left"].boundingRect().width(), rel=1e-6
    )


def test_hit_test_matches_the_scaled_paths(geometry: BodyGeometry) -> None:
    size = QSizeF(850, 1000)
    paths = geometry.paths_for("face", size)
    for rid in ("tongue", "nose", "eyebrow_left", "mouth_corner_right"):
        p = geometry.interior_point(rid)
        assert paths[rid].contains(QPointF(p.x() * 850, p.y() * 1000))


def test_the_eye_itself_is_drawn_but_not_clickable(geometry: BodyGeometry) -> None:
    upper = geometry.interior_point("eyelid_upper_left")
    lower = geometry.interior_point("eyelid_lower_left")
    middle = QPointF(upper.x(), (upper.y() + lower.y()) / 2)
    assert geometry.hit_test("face", middle) is None


def test_a_broken_geometry_file_gives_a_clear_error(
    qapp: object, tmp_path: Path
) -> None:
    folder = copy_geometry(tmp_path)
    (folder / "face.json").write_text("{ not json", encoding="utf-8")
    geometry = BodyGeometry(folder)
    assert (
        geometry.hit_test("front", QPointF(0.5, 0.3)) is not None
    )  # others still load
    with pytest.raises(GeometryError, match=r"face\.json"):
        geometry.aspect("face")


def test_a_missing_region_is_named(qapp: object, tmp_path: Path) -> None:
    folder = copy_geometry(tmp_path)
    spec = json.loads((folder / "back.json").read_text(encoding="utf-8"))
    spec["regions"] = [e for e in spec["regions"] if e.get("id") != "calf"]
    (folder / "back.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(GeometryError, match="calf_left"):
        BodyGeometry(folder).aspect("back")


def test_a_missing_file_is_named(qapp: object, tmp_path: Path) -> None:
    folder = copy_geometry(tmp_path)
    (folder / "front.json").unlink()
    with pytest.raises(GeometryError, match="missing"):
        BodyGeometry(folder).region_ids("front")
