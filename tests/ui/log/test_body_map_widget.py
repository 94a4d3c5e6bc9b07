"""BodyMapWidget both ways: clicks and keys -> signals, state -> what is painted."""

from __future__ import annotations

from collections import deque

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from twitchtrack.dev.body_map import render_screenshots
from twitchtrack.domain.regions import REGIONS, region, regions_in
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.palette import heat_color, palette_for
from twitchtrack.graphics.body.scene import VIEWS
from twitchtrack.ui.log.body_map.legend import HeatLegend
from twitchtrack.ui.log.body_map.panel import BodyMapPanel
from twitchtrack.ui.log.body_map.widget import BodyMapWidget

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


@pytest.fixture(scope="module")
def geometry(qapp: object) -> BodyGeometry:
    return BodyGeometry()


@pytest.fixture
def body_map(qtbot: QtBot, geometry: BodyGeometry) -> BodyMapWidget:
    widget = BodyMapWidget(geometry)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    return widget


def widget_pos(widget: BodyMapWidget, point: QPointF) -> QPoint:
    pos = widget.map_from_view(point)
    return QPoint(round(pos.x()), round(pos.y()))


def move_mouse(widget: BodyMapWidget, pos: QPoint) -> None:
    event = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        QPointF(pos),
        widget.mapToGlobal(QPointF(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("view", VIEWS)
def test_a_click_at_each_regions_middle_emits_id_view_and_point(
    qtbot: QtBot, body_map: BodyMapWidget, geometry: BodyGeometry, view: str
) -> None:
    body_map.set_view(view)
    frame = body_map.frame_rect()
    for r in regions_in(view):
        inside = geometry.interior_point(r.id)
        pos = widget_pos(body_map, inside)
        with qtbot.waitSignal(body_map.region_activated, timeout=1000) as blocker:
            qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=pos)
        rid, got_view, point = blocker.args
        assert (rid, got_view) == (r.id, view)
        # The point is normalized to the view: within a pixel of the true one.
        assert abs(point.x() - inside.x()) * frame.width() <= 1.0
        assert abs(point.y() - inside.y()) * frame.height() <= 1.0


@pytest.mark.parametrize(
    ("view", "point"),
    [
        ("front", QPointF(0.03, 0.97)),  # a corner, outside the body
        ("front", QPointF(0.5, 0.72)),  # between the legs
        ("back", QPointF(0.5, 0.62)),
        ("face", QPointF(0.5, 0.98)),  # the neck is drawn but is no face region
        ("face", QPointF(0.95, 0.6)),
    ],
)
def test_a_click_outside_every_region_emits_nothing(
    qtbot: QtBot, body_map: BodyMapWidget, view: str, point: QPointF
) -> None:
    body_map.set_view(view)
    pos = widget_pos(body_map, point)
    assert body_map.region_at(QPointF(pos)) is None
    with qtbot.assertNotEmitted(body_map.region_activated, wait=10):
        qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=pos)


def test_a_click_between_two_regions_hits_neither(
    qtbot: QtBot, body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    # Walk from the palm towards the thigh: the middle of the background gap
    # between them must hit nothing.
    start = geometry.interior_point("palm_right")
    xs = [start.x() + i / 1000 for i in range(300)]
    hits = [geometry.hit_test("front", QPointF(x, start.y())) for x in xs]
    assert hits[0] == "palm_right"
    assert "thigh_front_right" in hits
    first_gap = hits.index(None)
    gap = xs[first_gap : hits.index("thigh_front_right")]
    assert gap
    assert all(hit is None for hit in hits[first_gap : first_gap + len(gap)])
    pos = widget_pos(body_map, QPointF((gap[0] + gap[-1]) / 2, start.y()))
    with qtbot.assertNotEmitted(body_map.region_activated, wait=10):
        qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=pos)


def test_press_on_one_region_and_release_on_another_is_no_click(
    qtbot: QtBot, body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    a = widget_pos(body_map, geometry.interior_point("chest_left"))
    b = widget_pos(body_map, geometry.interior_point("abdomen_lower"))
    with qtbot.assertNotEmitted(body_map.region_activated, wait=10):
        qtbot.mousePress(body_map, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseRelease(body_map, Qt.MouseButton.LeftButton, pos=b)


def test_clicking_the_head_on_the_front_opens_the_face(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    pos = widget_pos(body_map, QPointF(0.5, 0.09))
    with qtbot.waitSignal(body_map.view_changed) as blocker:
        qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == ["face"]
    assert body_map.view() == "face"


def test_hover_highlights_and_names_the_region(
    qtbot: QtBot, body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    pos = widget_pos(body_map, geometry.interior_point("knee_left"))
    with qtbot.waitSignal(body_map.region_hovered) as blocker:
        move_mouse(body_map, pos)
    assert blocker.args == ["knee_left"]
    assert body_map.hovered_region() == "knee_left"
    assert body_map.caption() == "Left knee"
    with qtbot.waitSignal(body_map.region_hovered) as blocker:
        move_mouse(body_map, QPoint(2, 2))
    assert blocker.args == [""]
    assert body_map.caption() == ""


@pytest.mark.parametrize("view", VIEWS)
def test_arrow_keys_reach_every_region(
    qtbot: QtBot, body_map: BodyMapWidget, view: str
) -> None:
    body_map.set_view(view)
    body_map.setFocus()
    qtbot.keyClick(body_map, Qt.Key.Key_Right)  # the first arrow puts the ring on
    start = body_map.focused_region()
    assert start is not None
    seen = {start}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for key in ARROWS:
            body_map.set_focused_region(here)
            qtbot.keyClick(body_map, key)
            there = body_map.focused_region()
            assert there is not None
            assert region(there).view.value == view
            if there not in seen:
                seen.add(there)
                queue.append(there)
    assert seen == {r.id for r in regions_in(view)}


def test_enter_and_space_activate_the_focused_region(
    qtbot: QtBot, body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    body_map.set_focused_region("tongue")
    assert body_map.view() == "face"
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        with qtbot.waitSignal(body_map.region_activated) as blocker:
            qtbot.keyClick(body_map, key)
        rid, view, point = blocker.args
        assert (rid, view) == ("tongue", "face")
        assert geometry.hit_test("face", point) == "tongue"


def test_focus_ring_is_announced_to_assistive_technology(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    assert "front view" in body_map.accessibleName()
    body_map.set_focused_region("eyelid_lower_left")
    assert body_map.accessibleName() == "Left lower eyelid"
    assert "Left lower eyelid" in body_map.accessibleDescription()
    assert body_map.focusPolicy() == Qt.FocusPolicy.StrongFocus
    qtbot.keyClick(body_map, Qt.Key.Key_Escape)
    assert body_map.focused_region() is None
    assert body_map.accessibleName() == "Body map, face view"


@pytest.mark.parametrize(
    ("key", "view"),
    [
        (Qt.Key.Key_2, "back"),
        (Qt.Key.Key_3, "face"),
        (Qt.Key.Key_B, "back"),
        (Qt.Key.Key_Z, "face"),
        (Qt.Key.Key_PageDown, "back"),
        (Qt.Key.Key_PageUp, "face"),
    ],
)
def test_keys_switch_views(
    qtbot: QtBot, body_map: BodyMapWidget, key: Qt.Key, view: str
) -> None:
    with qtbot.waitSignal(body_map.view_changed) as blocker:
        qtbot.keyClick(body_map, key)
    assert blocker.args == [view]
    qtbot.keyClick(body_map, Qt.Key.Key_1)
    assert body_map.view() == "front"


def test_selection_follows_the_model_and_switches_view(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    with qtbot.waitSignal(body_map.view_changed):
        body_map.set_selected("heel_right")
    assert (body_map.view(), body_map.selected()) == ("back", "heel_right")
    body_map.set_selected(None)
    assert body_map.selected() is None
    with pytest.raises(ValueError, match="unknown body region 'elbow_middle'"):
        body_map.set_selected("elbow_middle")
    with pytest.raises(ValueError, match="unknown body view"):
        body_map.set_view("side")


def test_side_markers_follow_the_view(body_map: BodyMapWidget) -> None:
    assert body_map.side_markers() == ("R", "L")
    body_map.set_view("back")
    assert body_map.side_markers() == ("L", "R")
    body_map.set_view("face")
    assert body_map.side_markers() == ("R", "L")


def pixel_at(widget: BodyMapWidget, point: QPointF) -> QColor:
    image: QImage = widget.grab().toImage()
    pos = widget_pos(widget, point)
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(pos.x() * dpr), round(pos.y() * dpr))


def test_heat_paints_each_region_in_its_ramp_colour(
    body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    inside = geometry.interior_point("thigh_front_left")
    plain = pixel_at(body_map, inside)
    assert plain.name() == palette_for(False).fill.name()
    body_map.set_heat({"thigh_front_left": 3, "shin_left": 12})
    painted = pixel_at(body_map, inside)
    assert painted.name() == heat_color(3, 12).name()
    assert body_map.caption() == ""
    body_map.set_focused_region("thigh_front_left")
    assert body_map.caption() == "Left thigh (front) \u00b7 3"
    body_map.set_calm(True)
    assert body_map.caption() == "Left thigh (front)"
    assert pixel_at(body_map, inside).name() == palette_for(False).fill.name()
    with pytest.raises(ValueError, match="unknown body regions"):
        body_map.set_heat({"big_toe": 1})


def test_dark_palette_paints_dark(
    body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    body_map.set_dark(True)
    corner = body_map.grab().toImage().pixelColor(3, 3)
    assert corner.name() == palette_for(True).background.name()
    assert pixel_at(body_map, geometry.interior_point("chest_left")).name() == (
        palette_for(True).fill.name()
    )


def test_tap_points_are_drawn_only_on_their_view(
    body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    spot = geometry.interior_point("abdomen_upper")
    before = pixel_at(body_map, spot)
    body_map.set_points([("back", spot.x(), spot.y())])
    assert pixel_at(body_map, spot) == before
    body_map.set_points([("front", spot.x(), spot.y())])
    assert pixel_at(body_map, spot).name() == palette_for(False).dot.name()


def test_tap_dots_sit_on_their_points_at_any_pixel_ratio(
    body_map: BodyMapWidget, geometry: BodyGeometry
) -> None:
    spots = [geometry.interior_point(r) for r in ("chest_left", "thigh_front_right")]
    body_map.set_points([("front", p.x(), p.y()) for p in spots] * 50)
    dot = palette_for(False).dot.name()
    for ratio in (1.0, 2.0):
        image = QImage(body_map.size() * ratio, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(0)
        body_map.render(image)
        for spot in spots:
            pos = widget_pos(body_map, spot)
            centre = image.pixelColor(round(pos.x() * ratio), round(pos.y() * ratio))
            assert centre.name() == dot, (ratio, spot)
        # Next to a dot (past its ring) the region's own colour shows again.
        pos = widget_pos(body_map, spots[0])
        beside = image.pixelColor(round((pos.x() + 12) * ratio), round(pos.y() * ratio))
        assert beside.name() != dot


def test_panel_switcher_and_legend(qtbot: QtBot, geometry: BodyGeometry) -> None:
    panel = BodyMapPanel(geometry)
    qtbot.addWidget(panel)
    panel.resize(420, 760)
    assert panel.view_button("front").isChecked()
    qtbot.mouseClick(panel.view_button("back"), Qt.MouseButton.LeftButton)
    assert panel.map.view() == "back"
    panel.map.set_view("face")
    assert panel.view_button("face").isChecked()
    assert all(panel.view_button(v).accessibleName() for v in VIEWS)
    assert panel.legend.isHidden()
    panel.set_heat({"tongue": 2, "nose": 8})
    assert not panel.legend.isHidden()
    assert panel.legend.tick_labels() == ["0", "2", "8"]
    panel.set_calm(True)
    assert panel.legend.isHidden()
    panel.set_calm(False)
    panel.set_heat(None)
    assert panel.legend.isHidden()


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (49, ["0", "12", "49"]),
        (10, ["0", "3", "10"]),
        (4, ["0", "1", "4"]),
        (3, ["0", "3"]),
    ],
)
def test_the_heat_legend_counts_in_whole_numbers(
    qtbot: QtBot, top: int, ticks: list[str]
) -> None:
    legend = HeatLegend()
    qtbot.addWidget(legend)
    legend.set_range(top)
    assert legend.tick_labels() == ticks  # a quarter of 49 is "12", never "12.2"


def test_every_region_has_a_human_label() -> None:
    for r in REGIONS:
        assert r.label[0].isupper()
        assert "_" not in r.label


def test_screenshots_render_every_view(qapp: object, tmp_path: object) -> None:
    prefix = f"{tmp_path}/body"
    written = render_screenshots(prefix, dark=True, overlay=False)
    assert [p.name for p in written] == [f"body-{v}-dark.png" for v in VIEWS]
    image = QImage(str(written[0]))
    assert (image.width(), image.height()) == (600, 1000)


def _ink_rows(image: QImage, other: QImage) -> list[int]:
    """Rows where two renderings differ."""
    return [
        y
        for y in range(image.height())
        if any(image.pixel(x, y) != other.pixel(x, y) for x in range(image.width()))
    ]


@pytest.mark.parametrize("height", [260, 330, 900])
def test_the_face_insets_label_is_drawn_whole(
    qtbot: QtBot, geometry: BodyGeometry, height: int
) -> None:
    # At 1280x800 the face is ~270 px high and "Tongue" lost the top of its T and
    # the tail of its g ("Ionque"): the label's box was shorter than its text (#12).
    from dataclasses import replace

    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QFontMetricsF, QPainter

    from twitchtrack.ui.log.body_map.painting import PaintState, paint_scene

    size = QSizeF(height * geometry.aspect("face"), height)
    scene = geometry.scene("face", size)
    assert [label.text for label in scene.labels] == ["Tongue"]

    def render(labels: bool) -> QImage:
        image = QImage(
            round(size.width()), round(size.height()), QImage.Format.Format_ARGB32
        )
        image.fill(QColor("white"))
        painter = QPainter(image)
        shown = scene if labels else replace(scene, labels=())
        paint_scene(painter, shown, palette_for(False), PaintState())
        painter.end()
        return image

    rows = _ink_rows(render(True), render(False))
    assert rows
    font = QFont(QApplication.font())
    font.setPixelSize(max(9, round(15 * height / 1000)))
    ink = QFontMetricsF(font).tightBoundingRect("Tongue")
    # All of the text's ink is there: as tall as the text itself (a pixel of slack).
    assert rows[-1] - rows[0] + 1 >= ink.height() - 1
