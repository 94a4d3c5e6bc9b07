"""The window's second start-up stage: what the first paint does not show."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class StagedBuild(QObject):
    """Runs steps after the widget's first paint, one per event-loop turn.

    So no single step holds up the window for long, and the first view appears
    sooner. ``finish`` does what is left at once (for anything that needs the
    parts earlier).
    """

    def __init__(self, widget: QWidget, steps: Iterable[Callable[[], None]]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._later = list(steps)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_next)
        widget.installEventFilter(self)  # until the first paint (eventFilter)

    @property
    def done(self) -> bool:
        """True once every step has run."""
        return not self._later

    def finish(self) -> None:
        """Run every step that is left, now, in order."""
        self._timer.stop()
        while self._later:
            self._later.pop(0)()

    def _run_next(self) -> None:
        if self._later:
            self._later.pop(0)()
        if self._later:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            # The steps start once this paint is on screen; the filter's work is done.
            self._widget.removeEventFilter(self)
            if self._later:
                self._timer.start()
        return super().eventFilter(watched, event)
