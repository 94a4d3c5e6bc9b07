"""The Trends page of the window: builds the Trends view the first time it is shown.

Nothing here imports pyqtgraph, numpy or the statistics: the view's module is
imported when the page is first shown, so the window starts without them.
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from twitchtrack.ui.model import JournalModel

if TYPE_CHECKING:
    from twitchtrack.graphics.body.geometry import BodyGeometry
    from twitchtrack.ui.trends.view import TrendsView

PAGE_NAME = "trends"
# Below about this height the view's "Over time" tab squeezes the timeline until
# its date axis is cut off (its minimum size hint is smaller than what it needs),
# so the page scrolls instead.
VIEW_MIN_HEIGHT = 760
SCROLL_BAR_GAP = 8


class _FitScroll(QScrollArea):
    """Gives its widget the whole viewport, but never less than the widget's minimum.

    ``widgetResizable`` would ask the view for its height at that width, and with
    word-wrapped labels inside that is the *preferred* height (far taller than the
    window), so the charts would always scroll.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Resize the widget to the viewport, within its minimum size."""
        widget = self.widget()
        if widget is None:
            return
        least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        room = self.viewport().size()
        layout = widget.layout()
        if layout is not None:
            # Keep the cards and the range summary clear of a vertical scroll bar.
            margins = layout.contentsMargins()
            gap = SCROLL_BAR_GAP if least.height() > room.height() else 0
            if margins.right() != gap:
                margins.setRight(gap)
                layout.setContentsMargins(margins)
        widget.resize(room.expandedTo(least))


class TrendsPage(QWidget):
    """Holds a ``TrendsView``, made lazily, and keeps it fed with the model's journal.

    While the page is hidden a journal change only marks the charts stale; they are
    brought up to date when the page is shown again. While it is shown, changes in
    one pass of the event loop (an undo of several records, say) become one update.
    """

    view_built = Signal(object)  # the TrendsView, once it exists

    def __init__(
        self,
        model: JournalModel,
        *,
        body_geometry: BodyGeometry | None = None,
        executor: Executor | None = None,
        calm: bool = False,
        dark: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_trends")
        self.setAccessibleName("Trends")
        self._model = model
        self._geometry = body_geometry
        self._executor = executor
        self._calm = calm
        self._dark = dark
        self._view: TrendsView | None = None
        self._active = False
        self._stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The charts need about 1,080 x 650 pixels; a smaller window scrolls to
        # them rather than squashing axes out of sight.
        self.scroll_area = _FitScroll(self)
        self.scroll_area.setObjectName("trendsScroll")
        self.scroll_area.setAccessibleName("Trends")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll_area)
        self._feed_timer = QTimer(self)
        self._feed_timer.setSingleShot(True)
        self._feed_timer.setInterval(0)
        self._feed_timer.timeout.connect(self._feed)
        model.journal_changed.connect(self._on_model_journal_changed)

    @property
    def view(self) -> TrendsView | None:
        """The Trends view, or None until the page has been shown."""
        return self._view

    def ensure_view(self) -> TrendsView:
        """Build the view now if it does not exist yet (loads pyqtgraph)."""
        if self._view is None:
            from twitchtrack.ui.trends.view import TrendsView

            view = TrendsView(
                body_geometry=self._geometry,
                executor=self._executor,
                today=self._model.today,
            )
            layout = view.layout()
            if layout is not None:
                # The window's page already has margins of its own.
                layout.setContentsMargins(0, 2, 0, 0)
            view.setMinimumHeight(VIEW_MIN_HEIGHT)
            view.set_dark(self._dark)
            view.set_calm(self._calm)
            self.scroll_area.setWidget(view)
            self.scroll_area.fit()
            self._view = view
            self._stale = True
            self.view_built.emit(view)
        return self._view

    def run_synchronously(self) -> None:
        """Work out the charts in the calling thread (screenshots); before building."""
        if self._view is not None:
            raise RuntimeError("the Trends view exists already; set this first")
        from twitchtrack.ui.jobs import ImmediateExecutor

        self._executor = ImmediateExecutor()

    def set_active(self, active: bool) -> None:
        """The window shows (True) or hides (False) this page."""
        self._active = active
        if active:
            self.ensure_view()
            if self._stale:
                self._feed()

    def on_view_changed(self, name: str) -> None:
        """Slot for the window's ``view_changed``."""
        self.set_active(name == PAGE_NAME)

    def is_stale(self) -> bool:
        """True when the charts have not seen the latest journal yet."""
        return self._stale

    def set_calm(self, calm: bool) -> None:
        """Hide counts and heat maps (the window's calm setting)."""
        self._calm = calm
        if self._view is not None:
            self._view.set_calm(calm)

    def set_dark(self, dark: bool) -> None:
        """Follow a dark or light window."""
        self._dark = dark
        if self._view is not None:
            self._view.set_dark(dark)

    def shutdown(self) -> None:
        """Stop background work (the window is closing)."""
        self._feed_timer.stop()
        if self._view is not None:
            self._view.shutdown()

    def _on_model_journal_changed(self) -> None:
        self._stale = True
        if self._active and self._view is not None:
            self._feed_timer.start()

    def _feed(self) -> None:
        self._feed_timer.stop()
        if self._view is None:
            return
        self._stale = False
        # The journal is an immutable snapshot: safe to hand to the worker thread.
        self._view.set_journal(self._model.journal)
