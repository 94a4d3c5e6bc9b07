"""The body-map widget: one view drawn, hit-tested, hovered and walked by keyboard."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from twitchtrack.domain.regions import View, is_region, region
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.palette import MapPalette, palette_for
from twitchtrack.graphics.body.scene import VIEWS, Link, side_letters
from twitchtrack.ui.log.body_map.legend import format_count
from twitchtrack.ui.log.body_map.painting import PaintState, paint_scene

VIEW_TITLES: dict[str, str] = {"front": "Front", "back": "Back", "face": "Face"}

_ARROWS: dict[int, str] = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}
_VIEW_KEYS: dict[int, str] = {
    Qt.Key.Key_1: "front",
    Qt.Key.Key_2: "back",
    Qt.Key.Key_3: "face",
    Qt.Key.Key_F: "front",
    Qt.Key.Key_B: "back",
    Qt.Key.Key_Z: "face",  # "zoom" into the face
}
_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
_HELP = "Arrow keys move between body areas, Enter logs, 1 2 3 switch views."


class BodyMapWidget(QWidget):
    """One body view (front, back or face) that logs where the user clicks."""

    region_activated = Signal(str, str, QPointF)  # region id, view, normalized point
    region_hovered = Signal(str)  # "" when the pointer leaves every region
    view_changed = Signal(str)

    def __init__(
        self, geometry: BodyGeometry | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMap")
        self._geometry = geometry if geometry is not None else BodyGeometry()
        self._view = View.FRONT.value
        self._palette: MapPalette = palette_for(False)
        self._sync_opaque()
        self._state = PaintState()
        self._points: list[tuple[str, float, float]] = []
        self._point_objects: dict[tuple[float, float], QPointF] = {}
        self._pressed: str | None = None
        self._pressed_link: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # Small enough to fit the smallest window's card; the drawing scales.
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._announce()

    # ------------------------------------------------------------------ API
    @property
    def geometry_model(self) -> BodyGeometry:
        """The geometry this widget draws (shared with tests and the report)."""
        return self._geometry

    def view(self) -> str:
        """The view shown now: 'front', 'back' or 'face'."""
        return self._view

    def set_view(self, view: str) -> None:
        """Show another view (emits view_changed when it changes)."""
        if view not in VIEWS:
            raise ValueError(f"unknown body view {view!r}; expected one of {VIEWS}")
        if view == self._view:
            return
        self._view = view
        self._state.hovered = None
        self._state.hovered_link = None
        if self._state.focused and region(self._state.focused).view.value != view:
            self._state.focused = None
        self._sync_points()
        self._announce()
        self.update()
        self.view_changed.emit(view)

    def set_selected(self, region_id: str | None) -> None:
        """Mark one region as selected (switching to its view), or clear it."""
        if region_id is not None:
            if not is_region(region_id):
                raise ValueError(f"unknown body region {region_id!r}")
            self.set_view(region(region_id).view.value)
        self._state.selected = region_id
        self.update()

    def selected(self) -> str | None:
        """The selected region id, if any."""
        return self._state.selected

    def set_heat(self, counts: Mapping[str, float] | None) -> None:
        """Colour regions by count (None or empty clears the overlay)."""
        if counts:
            unknown = [rid for rid in counts if not is_region(rid)]
            if unknown:
                raise ValueError(f"unknown body regions in heat: {sorted(unknown)}")
            self._state.heat = {k: float(v) for k, v in counts.items() if v > 0}
        else:
            self._state.heat = None
        self.update()

    def heat(self) -> dict[str, float] | None:
        """The counts behind the heat overlay."""
        return dict(self._state.heat) if self._state.heat else None

    def heat_max(self) -> float:
        """The largest count in the overlay (0 without heat)."""
        return max(self._state.heat.values(), default=0.0) if self._state.heat else 0.0

    def set_points(self, points: Iterable[tuple[str, float, float]]) -> None:
        """Tap-point dots as (view, x, y) with x, y normalized to that view."""
        self._points = [(str(v), float(x), float(y)) for v, x, y in points]
        self._sync_points()
        self.update()

    def set_calm(self, calm: bool) -> None:
        """Calm mode hides counts and the heat colours."""
        self._state.calm = bool(calm)
        self.update()

    def calm(self) -> bool:
        """True when counts and heat are hidden."""
        return self._state.calm

    def set_dark(self, dark: bool) -> None:
        """Use the dark or the light palette."""
        self.set_palette(palette_for(dark))

    def set_palette(self, palette: MapPalette) -> None:
        """Paint with this palette."""
        self._palette = palette
        self._sync_opaque()
        self.update()

    def _sync_opaque(self) -> None:
        # paintEvent fills every pixel: with an opaque background Qt need not
        # repaint the card and page under the map each time the map changes.
        opaque = self._palette.background.alpha() == 255
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, opaque)

    def map_palette(self) -> MapPalette:
        """The palette in use."""
        return self._palette

    def focused_region(self) -> str | None:
        """The region the keyboard focus ring is on."""
        return self._state.focused

    def set_focused_region(self, region_id: str | None) -> None:
        """Move the keyboard focus ring (switching view if needed)."""
        if region_id is not None:
            if not is_region(region_id):
                raise ValueError(f"unknown body region {region_id!r}")
            self.set_view(region(region_id).view.value)
        self._state.focused = region_id
        self._announce()
        self.update()

    def hovered_region(self) -> str | None:
        """The region under the pointer."""
        return self._state.hovered

    def side_markers(self) -> tuple[str, str]:
        """The person's side at the viewer's left and right ('R', 'L' on the front)."""
        return side_letters(self._view)

    def caption(self) -> str:
        """The text under the map: the hovered (or focused) region and its count."""
        if self._state.hovered_link is not None:
            links = self._links()
            if 0 <= self._state.hovered_link < len(links):
                return links[self._state.hovered_link].text
        rid = self._state.hovered or self._state.focused
        if not rid:
            return ""
        text = region(rid).label
        if self._state.heat is not None and not self._state.calm:
            text += f" \u00b7 {format_count(self._state.heat.get(rid, 0.0))}"
        return text

    # ------------------------------------------------------------ geometry
    def frame_rect(self) -> QRectF:
        """Where the view's drawing sits in the widget (aspect ratio kept)."""
        aspect = self._geometry.aspect(self._view)
        font_px = self._caption_font().pixelSize()
        side = max(14.0, font_px * 1.6)  # room for the L/R markers
        top, bottom = 6.0, font_px * 2.2  # room for the caption
        avail_w = max(1.0, self.width() - 2 * side)
        avail_h = max(1.0, self.height() - top - bottom)
        h = min(avail_h, avail_w / aspect)
        w = h * aspect
        x = (self.width() - w) / 2
        y = top + (avail_h - h) / 2
        return QRectF(x, y, w, h)

    def map_to_view(self, pos: QPointF) -> QPointF:
        """Widget coordinates -> normalized view coordinates (may fall outside 0..1)."""
        frame = self.frame_rect()
        return QPointF(
            (pos.x() - frame.left()) / frame.width(),
            (pos.y() - frame.top()) / frame.height(),
        )

    def map_from_view(self, point: QPointF) -> QPointF:
        """Normalized view coordinates -> widget coordinates."""
        frame = self.frame_rect()
        return QPointF(
            frame.left() + point.x() * frame.width(),
            frame.top() + point.y() * frame.height(),
        )

    def region_at(self, pos: QPointF) -> str | None:
        """The region drawn under a widget position."""
        p = self.map_to_view(pos)
        if not (0.0 <= p.x() <= 1.0 and 0.0 <= p.y() <= 1.0):
            return None
        return self._geometry.hit_test(self._view, p)

    def _link_at(self, pos: QPointF) -> int | None:
        return self._geometry.link_at(self._view, self.map_to_view(pos))

    def _links(self) -> tuple[Link, ...]:
        return self._geometry.links(self._view)

    # -------------------------------------------------------------- events
    def sizeHint(self) -> QSize:
        return QSize(360, 600)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(self.rect(), self._palette.background)
        frame = self.frame_rect()
        scene = self._geometry.scene(self._view, frame.size())
        painter.save()
        painter.translate(frame.topLeft())
        paint_scene(painter, scene, self._palette, self._state)
        painter.restore()
        self._paint_markers(painter, frame)
        self._paint_caption(painter, frame)
        painter.end()

    def _caption_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(11, min(16, round(self.height() / 48))))
        return font

    def _paint_markers(self, painter: QPainter, frame: QRectF) -> None:
        font = self._caption_font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self._palette.text_muted)
        left, right = self.side_markers()
        size = font.pixelSize() * 1.6
        y = frame.top() + frame.height() * 0.02
        painter.drawText(
            QRectF(frame.left() - size, y, size, size),
            Qt.AlignmentFlag.AlignCenter,
            left,
        )
        painter.drawText(
            QRectF(frame.right(), y, size, size), Qt.AlignmentFlag.AlignCenter, right
        )

    def _paint_caption(self, painter: QPainter, frame: QRectF) -> None:
        text = self.caption()
        if not text:
            return
        font = self._caption_font()
        painter.setFont(font)
        painter.setPen(self._palette.text)
        box = QRectF(0, frame.bottom(), self.width(), self.height() - frame.bottom())
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        rid = self.region_at(pos)
        link = None if rid else self._link_at(pos)
        self._set_hover(rid, link)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._set_hover(None, None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        self._pressed = self.region_at(pos)
        self._pressed_link = None if self._pressed else self._link_at(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        pos = event.position()
        rid = self.region_at(pos)
        pressed, self._pressed = self._pressed, None
        pressed_link, self._pressed_link = self._pressed_link, None
        event.accept()
        if rid is not None and rid == pressed:
            self._state.focused = rid
            self._announce()
            self.update()
            self.region_activated.emit(rid, self._view, self.map_to_view(pos))
            return
        if rid is None and pressed_link is not None:
            link = self._link_at(pos)
            if link == pressed_link:
                self.set_view(self._links()[link].view)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _ARROWS:
            self._move_focus(_ARROWS[key])
        elif key in _ACTIVATE_KEYS:
            rid = self._state.focused
            if rid is None:
                self._move_focus(None)
            else:
                point = self._geometry.interior_point(rid)
                self.region_activated.emit(rid, self._view, point)
        elif (
            key in _VIEW_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.set_view(_VIEW_KEYS[key])
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = 1 if key == Qt.Key.Key_PageDown else -1
            self.set_view(VIEWS[(VIEWS.index(self._view) + step) % len(VIEWS)])
        elif key == Qt.Key.Key_Escape and self._state.focused:
            self.set_focused_region(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -------------------------------------------------------------- helpers
    def _move_focus(self, direction: str | None) -> None:
        current = self._state.focused
        if current is None or direction is None:
            target = self._start_region()
        else:
            target = self._geometry.neighbours(current, direction) or current
        self.set_focused_region(target)

    def _start_region(self) -> str:
        """The region nearest the drawing's centre: a natural first stop."""
        ids = self._geometry.region_ids(self._view)
        aspect = self._geometry.aspect(self._view)

        def distance(rid: str) -> float:
            p = self._geometry.interior_point(rid)
            return ((p.x() - 0.5) * aspect) ** 2 + (p.y() - 0.35) ** 2

        return min(ids, key=distance)

    def _set_hover(self, rid: str | None, link: int | None) -> None:
        if rid == self._state.hovered and link == self._state.hovered_link:
            return
        changed = rid != self._state.hovered
        self._state.hovered = rid
        self._state.hovered_link = link
        pointing = rid is not None or link is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor
            if pointing
            else Qt.CursorShape.ArrowCursor
        )
        self.setToolTip(self.caption() if pointing else "")
        self.update()
        if changed:
            self.region_hovered.emit(rid or "")

    def _sync_points(self) -> None:
        # Reuse the QPointF of every dot already shown: a click adds one tap, and
        # making hundreds of Qt points again each time cost a few ms.
        known = self._point_objects
        shown: dict[tuple[float, float], QPointF] = {}
        points: list[QPointF] = []
        for v, x, y in self._points:
            if v == self._view:
                point = shown.get((x, y)) or known.get((x, y)) or QPointF(x, y)
                shown[(x, y)] = point
                points.append(point)
        self._point_objects = shown
        self._state.points = points

    def _announce(self) -> None:
        """Keep the accessible name/description in step with the focus ring."""
        title = VIEW_TITLES[self._view]
        rid = self._state.focused
        if rid:
            label = region(rid).label
            self.setAccessibleName(label)
            self.setAccessibleDescription(f"{label}, {title.lower()} view. {_HELP}")
        else:
            self.setAccessibleName(f"Body map, {title.lower()} view")
            self.setAccessibleDescription(_HELP)
