"""The review day: Trends and Guidance once a week, a calm note on other days.

With a review day chosen (Preferences -> Calm), the Trends and Guidance pages
show a placeholder on the other days, saying when the next review is, with
"Show now anyway" (for the rest of the session). Behind the placeholder
nothing is worked out: the Trends charts are not fed and the Guidance page is
not built. Red flags are never held back: the red-flag banner stays at the top
of the window on every view, the Guidance view included, while it is gated.

The window's ``view_changed`` reaches the Trends page and the guidance hub
through ``ReviewGate.on_view_changed``; the placeholders sit inside the pages'
own layouts, so the pages keep their place (and identity) in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.text import format_day
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.settings.preferences import NO_REVIEW_DAY, Preferences
from twitchtrack.ui.widgets import set_names

if TYPE_CHECKING:
    from twitchtrack.ui.guidance.hub import GuidanceHub
    from twitchtrack.ui.trends.page import TrendsPage

TRENDS = "trends"
GUIDANCE = "guidance"
WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
CARD_WIDTH = 560


def next_review(today: date, weekday: int) -> date:
    """The next day (after today) that falls on ISO ``weekday``."""
    ahead = (weekday - today.isoweekday()) % 7 or 7
    return today + timedelta(days=ahead)


class ReviewPlaceholder(QWidget):
    """ "Your weekly review is on Sunday — see you then", and "Show now anyway"."""

    show_requested = Signal()

    def __init__(self, view: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"review_placeholder_{view}")
        self._view = view
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 40, 0, 0)
        self.card = QFrame()
        self.card.setObjectName(f"review_card_{view}")
        self.card.setProperty("card", True)
        self.card.setFixedWidth(CARD_WIDTH)
        column = QVBoxLayout(self.card)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        self.heading = QLabel()
        self.heading.setObjectName(f"review_heading_{view}")
        self.heading.setProperty("role", "card-title")
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.text = QLabel()
        self.text.setObjectName(f"review_text_{view}")
        self.text.setWordWrap(True)
        column.addWidget(self.text)
        self.hint = QLabel(
            tr(
                "The review day can be changed or switched off in "
                "Preferences \u2192 Calm."
            )
        )
        self.hint.setObjectName(f"review_hint_{view}")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)
        self.button = QPushButton(tr("&Show Now Anyway"))
        set_names(
            self.button,
            f"review_show_now_{view}",
            tr("Show {view} now anyway").format(view=view.title()),
        )
        self.button.clicked.connect(self.show_requested)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

    def set_day(self, weekday: int, today: date) -> None:
        """Word the note for the review day ``weekday`` (ISO) as seen ``today``."""
        name = tr(WEEKDAY_NAMES[weekday - 1])
        self.heading.setText(
            tr("Your weekly review is on {day} \u2014 see you then").format(day=name)
        )
        when = format_day(next_review(today, weekday), today)
        if self._view == TRENDS:
            text = tr(
                "Trends are worked out once a week, on your review day, so there is "
                "less to check in between. Everything you log is kept as usual; "
                "the next review is on {when}."
            )
        else:
            text = tr(
                "The Guidance summary waits for your review day ({when}). Anything "
                "that needs attention soon is not held back: it shows in the "
                "banner at the top of the window every day."
            )
        self.text.setText(text.format(when=f"{name} {when}"))
        # Wrapped labels in a centred card: give it the height its text needs at
        # its width (a centred item is only given its size hint).
        layout = self.card.layout()
        if layout is not None:
            self.card.setMinimumHeight(layout.totalHeightForWidth(CARD_WIDTH))


class ReviewGate(QObject):
    """Decides, per view change, whether Trends and Guidance show or wait."""

    def __init__(
        self,
        trends: TrendsPage,
        guidance: GuidanceHub,
        *,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.trends = trends
        self.guidance = guidance
        self._clock = clock
        self._prefs: Preferences | None = None
        self._view = ""
        self._revealed: set[str] = set()
        self._hidden: dict[str, list[QWidget]] = {TRENDS: [], GUIDANCE: []}
        self.placeholders = {
            TRENDS: ReviewPlaceholder(TRENDS),
            GUIDANCE: ReviewPlaceholder(GUIDANCE),
        }
        for name, page in ((TRENDS, trends), (GUIDANCE, guidance.page)):
            holder = self.placeholders[name]
            layout = page.layout()
            assert isinstance(layout, QBoxLayout)
            holder.setParent(page)
            layout.addWidget(holder, 1)
            holder.hide()
            holder.show_requested.connect(lambda n=name: self.reveal(n))
        # Asking for a note or a topic (the banner's "Details") opens Guidance.
        guidance.view_requested.connect(lambda _name: self.reveal(GUIDANCE))

    def bind(self, prefs: Preferences) -> None:
        """Follow the review day in these preferences (the window's own)."""
        self._prefs = prefs
        prefs.changed.connect(self._on_prefs_changed)
        self.on_view_changed(self._view)

    def review_day(self) -> int:
        """The ISO weekday of the review, or 0 when there is none."""
        return self._prefs.review_day if self._prefs is not None else NO_REVIEW_DAY

    def gated(self, view: str) -> bool:
        """True when ``view`` shows the placeholder instead of its contents."""
        day = self.review_day()
        if day == NO_REVIEW_DAY or view in self._revealed:
            return False
        return self._clock().isoweekday() != day

    def reveal(self, view: str) -> None:
        """Show ``view`` for the rest of this session ("Show now anyway")."""
        if view in self._revealed:
            return
        self._revealed.add(view)
        self.on_view_changed(self._view)

    def on_view_changed(self, name: str) -> None:
        """Slot for the window's ``view_changed`` (in place of the pages' own)."""
        self._view = name
        today = self._clock().date()
        for view in (TRENDS, GUIDANCE):
            self._apply(view, self.gated(view), today)
        self.trends.on_view_changed("" if self.gated(TRENDS) else name)
        if name == GUIDANCE and self.gated(GUIDANCE):
            # Not built while it waits; the red-flag banner stays on show.
            self.guidance.set_current_view("")
        else:
            self.guidance.set_current_view(name)

    def _apply(self, view: str, gated: bool, today: date) -> None:
        holder = self.placeholders[view]
        if gated:
            holder.set_day(self.review_day(), today)  # the next review moves on
        if gated == (not holder.isHidden()):
            return
        page = holder.parentWidget()
        layout = page.layout() if page is not None else None
        if gated:
            shown = [
                w for w in _widgets(layout) if w is not holder and not w.isHidden()
            ]
            self._hidden[view] = shown
            for widget in shown:
                widget.hide()
            holder.show()
        else:
            holder.hide()
            for widget in self._hidden[view]:
                widget.show()
            self._hidden[view] = []

    def _on_prefs_changed(self, key: str) -> None:
        if key == Preferences.review_day.key:
            self.on_view_changed(self._view)


def _widgets(layout: QLayout | None) -> list[QWidget]:
    """The widgets of a layout and of the layouts inside it."""
    out: list[QWidget] = []
    if layout is None:
        return out
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            out.append(widget)
        elif item.layout() is not None:
            out.extend(_widgets(item.layout()))
    return out
