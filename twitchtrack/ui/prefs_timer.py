"""A check that runs on a timer while the preferences ask for it: the part that
the reminders, the sampling prompts and the tracking break share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.preferences import Preferences


class PrefsTimer(QObject):
    """Holds the model, the preferences, the clock and a named timer that runs
    every ``interval_ms`` while ``wanted()``; a timeout calls ``check()`` and a
    change of preferences ``_on_prefs_changed`` (each subclass says which keys
    matter to it)."""

    def __init__(
        self,
        model: JournalModel,
        prefs: Preferences,
        *,
        name: str,
        clock: Callable[[], datetime] | None,
        interval_ms: int,
        parent: QObject | None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._prefs = prefs
        self._clock = clock or model.now
        self.timer = QTimer(self)
        self.timer.setObjectName(name)
        self.timer.setInterval(max(1, interval_ms))
        self.timer.timeout.connect(self._on_timer_timeout)
        prefs.changed.connect(self._on_prefs_changed)

    def wanted(self) -> bool:
        """Whether the timer should run now."""
        raise NotImplementedError

    def check(self) -> object:
        """What a timeout does."""
        raise NotImplementedError

    def _on_timer_timeout(self) -> None:
        self.check()

    def _on_prefs_changed(self, key: str) -> None:
        raise NotImplementedError

    def _sync_timer(self) -> None:
        if self.wanted():
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
