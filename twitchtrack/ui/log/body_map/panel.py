"""The body-map panel: the map with a Front / Back / Face switcher and a heat legend."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.scene import VIEWS
from twitchtrack.ui.log.body_map.legend import HeatLegend
from twitchtrack.ui.log.body_map.widget import VIEW_TITLES, BodyMapWidget

LEGEND_MAX_WIDTH = 360


class BodyMapPanel(QWidget):
    """The map with a Front / Back / Face switcher and a heat legend."""

    def __init__(
        self, geometry: BodyGeometry | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMapPanel")
        self.map = BodyMapWidget(geometry, self)
        self.legend = HeatLegend(self)
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)

        switcher = QWidget(self)
        switcher.setObjectName("bodyMapSwitcher")
        row = QHBoxLayout(switcher)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addStretch(1)
        for view in VIEWS:
            button = QToolButton(switcher)
            button.setObjectName(f"bodyMapView{VIEW_TITLES[view]}")
            button.setText(VIEW_TITLES[view])
            button.setAccessibleName(f"{VIEW_TITLES[view]} view")
            button.setToolTip(f"Show the {view} view")
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setChecked(view == self.map.view())
            button.setProperty("view", view)
            self._buttons.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self._buttons.buttonClicked.connect(self._on_buttons_clicked)
        self.map.view_changed.connect(self._on_map_view_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(switcher)
        layout.addWidget(self.map, 1)
        # A ramp wider than this reads no better, and looks stretched.
        self.legend.setMaximumWidth(LEGEND_MAX_WIDTH)
        layout.addWidget(self.legend, 0, Qt.AlignmentFlag.AlignHCenter)
        self.legend.setVisible(False)

    def view_button(self, view: str) -> QToolButton:
        """The switcher button for a view."""
        for button in self._buttons.buttons():
            if button.property("view") == view and isinstance(button, QToolButton):
                return button
        raise KeyError(view)

    def set_heat(self, counts: Mapping[str, float] | None) -> None:
        """Heat overlay on the map, with the legend shown beside it."""
        self.map.set_heat(counts)
        self._sync_legend()

    def set_calm(self, calm: bool) -> None:
        """Hide counts and heat (the legend goes too)."""
        self.map.set_calm(calm)
        self._sync_legend()

    def set_dark(self, dark: bool) -> None:
        """Switch map and legend to the dark or light palette."""
        self.map.set_dark(dark)
        self.legend.set_palette(self.map.map_palette())

    def _sync_legend(self) -> None:
        top = self.map.heat_max()
        self.legend.set_range(top)
        self.legend.setVisible(top > 0 and not self.map.calm())

    def _on_buttons_clicked(self, button: QToolButton) -> None:
        self.map.set_view(str(button.property("view")))

    def _on_map_view_changed(self, view: str) -> None:
        self.view_button(view).setChecked(True)
