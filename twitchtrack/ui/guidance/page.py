"""The Guidance page: the Guidance view with the self-check and dismissed notes."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.guidance import SELF_CHECK_IDS, GuidanceContent, GuidanceReport
from twitchtrack.domain.models import SelfCheck
from twitchtrack.domain.text import format_day, plural
from twitchtrack.ui.guidance.self_check import SelfCheckForm
from twitchtrack.ui.guidance.view import GuidanceView
from twitchtrack.ui.style import colours

PAGE_NAME = "guidance"
SIDE_WIDTH = 330
READING_MAX_WIDTH = 1000


def _side_style(dark: bool) -> str:
    c = colours(dark)
    return f"""
QFrame[card="side"] {{ background: {c.card}; border: 1px solid {c.border};
    border-radius: 10px; }}
QFrame[card="side"] QLabel {{ background: transparent; border: none; }}
QLabel#selfCheckHeading {{ font-size: 12pt; }}
QLabel#selfCheckStatus, QLabel#guidanceHiddenText {{ color: {c.muted}; }}
"""


class GuidancePage(QWidget):
    """The Guidance view with the weekly self-check and dismissed notes beside it.

    The topic cards take a tenth of a second or more to build and style, so the
    contents are made the first time the page is shown (``ensure_built``); until
    then the page keeps the latest report and self-check to show.
    """

    self_check_submitted = Signal(object)  # SelfCheck, dated today
    restore_requested = Signal()
    built = Signal()

    # Made by ensure_built:
    view: GuidanceView
    form: SelfCheckForm
    status: QLabel
    problem: QLabel
    hidden_card: QFrame
    hidden_text: QLabel
    restore_button: QPushButton
    _side: QScrollArea

    def __init__(
        self,
        content: GuidanceContent,
        *,
        today: date,
        read_only: bool = False,
        problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_guidance")
        self.setAccessibleName("Guidance")
        self._content = content
        self._today = today
        self._read_only = read_only
        self._problem = problem
        self._report: GuidanceReport | None = None
        self._last_check: tuple[SelfCheck | None, date] | None = None
        self._built = False
        self._dark = False
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(16)

    def is_built(self) -> bool:
        """True once the contents exist."""
        return self._built

    def ensure_built(self) -> None:
        """Build the contents now (the first time the page is shown)."""
        if self._built:
            return
        self._built = True
        # Made inside the page: moving a hundred styled widgets into the window
        # afterwards would make Qt work out all their styles a second time.
        self.view = GuidanceView(self._content, self)
        layout = self.view.layout()
        if layout is not None:
            # The window's page has margins already.
            layout.setContentsMargins(0, 2, 0, 0)
        self.view.set_dark(self._dark)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.problem = QLabel()
        self.problem.setObjectName("guidanceProblem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "muted")
        self.problem.setText(html.escape(self._problem or ""))
        self.problem.setVisible(bool(self._problem))
        column.addWidget(self.problem)
        column.addWidget(self.view, 1)
        # Lines of more than ~120 characters are hard to read on a wide screen.
        self.view.setMaximumWidth(READING_MAX_WIDTH)
        self.problem.setMaximumWidth(READING_MAX_WIDTH)
        self._row.addLayout(column, 1)
        side = self._build_side()
        self._row.addWidget(side)
        self._row.addStretch(0)
        if self._report is not None:
            self.set_report(self._report)
        if self._last_check is not None:
            self.set_last_check(*self._last_check)
        if self.isVisible():
            # Added to a page on show: Qt would show them only on the next pass of
            # the event loop, and a click before that would land on nothing.
            self.view.show()
            side.show()
        self.built.emit()

    def _build_side(self) -> QWidget:
        # Scrolls when the window is short: the self-check was cut mid-sentence at
        # 1024x640.
        side = QScrollArea(self)
        side.setObjectName("guidanceSide")
        side.setFixedWidth(SIDE_WIDTH)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setStyleSheet(_side_style(self._dark))
        self._side = side
        inner = QWidget()
        inner.setObjectName("guidanceSideColumn")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 2, 0, 0)
        column.setSpacing(10)
        side.setWidget(inner)
        # Room for the scroll bar beside the cards, only while there is one.
        side.verticalScrollBar().rangeChanged.connect(
            lambda _low, high: column.setContentsMargins(0, 2, 12 if high else 0, 0)
        )

        check_card = QFrame()
        check_card.setObjectName("selfCheckCard")
        check_card.setProperty("card", "side")
        check_layout = QVBoxLayout(check_card)
        check_layout.setContentsMargins(12, 8, 12, 10)
        check_layout.setSpacing(2)
        self.form = SelfCheckForm(self._today)
        self.form.set_dark(self._dark)
        self.form.submitted.connect(self.self_check_submitted)
        form_layout = self.form.layout()
        if form_layout is not None:
            form_layout.setContentsMargins(0, 0, 0, 0)
            form_layout.setSpacing(6)
        check_layout.addWidget(self.form)
        self.status = QLabel()
        self.status.setObjectName("selfCheckStatus")
        self.status.setWordWrap(True)
        check_layout.addWidget(self.status)
        column.addWidget(check_card)
        save = self.form.findChild(QPushButton, "selfCheckSave")
        if save is not None:
            save.setEnabled(not self._read_only)
            save.setCursor(Qt.CursorShape.PointingHandCursor)

        self.hidden_card = QFrame()
        self.hidden_card.setObjectName("guidanceHiddenCard")
        self.hidden_card.setProperty("card", "side")
        hidden_layout = QVBoxLayout(self.hidden_card)
        hidden_layout.setContentsMargins(12, 10, 12, 10)
        hidden_layout.setSpacing(6)
        self.hidden_text = QLabel()
        self.hidden_text.setObjectName("guidanceHiddenText")
        self.hidden_text.setWordWrap(True)
        hidden_layout.addWidget(self.hidden_text)
        self.restore_button = QPushButton("Show them again")
        self.restore_button.setObjectName("guidanceRestore")
        self.restore_button.setAccessibleName("Show dismissed notes again")
        self.restore_button.setProperty("quiet", "true")
        self.restore_button.setEnabled(not self._read_only)
        self.restore_button.clicked.connect(self.restore_requested)
        hidden_layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignRight)
        self.hidden_card.setVisible(False)
        column.addWidget(self.hidden_card)
        column.addStretch(1)
        return side

    def set_report(self, report: GuidanceReport) -> None:
        """Show the user's notes and how many of them are dismissed."""
        self._report = report
        if not self.is_built():
            return
        self.view.set_report(report)
        count = len(report.hidden)
        self.hidden_card.setVisible(count > 0)
        self.hidden_text.setText(
            f"You dismissed {plural(count, 'note')}. A dismissed note comes back by "
            "itself only if the data behind it change."
        )

    def set_last_check(self, check: SelfCheck | None, today: date) -> None:
        """Say when the last self-check was, and show today's answers if any."""
        self._last_check = (check, today)
        if not self.is_built():
            return
        if check is None:
            self.status.setText(
                "No self-check saved yet. It takes a minute, whenever suits you."
            )
            return
        self.status.setText(
            "Today's answers are saved (shown above). Saving again replaces them."
            if check.date == today
            else f"Last self-check: {format_day(check.date, today)}."
        )
        if check.date != today:
            return
        for question in SELF_CHECK_IDS:
            answer = getattr(check, question)
            choice = "skip" if answer is None else "yes" if answer else "no"
            button = self.form.findChild(
                QAbstractButton, f"selfCheck_{question}_{choice}"
            )
            if button is not None:
                button.setChecked(True)

    def set_dark(self, dark: bool) -> None:
        """Follow a dark or light window."""
        if dark == self._dark:
            return
        self._dark = dark
        if self._built:
            self.view.set_dark(dark)
            self.form.set_dark(dark)
            self._side.setStyleSheet(_side_style(dark))

    def say(self, text: str) -> None:
        """A line under the self-check (saved, nothing to save...)."""
        if self.is_built():
            self.status.setText(text)

    def show_item(self, item_id: str) -> None:
        """Scroll so the user's note with this id is at the top."""
        self._scroll_to(f"guidanceItem_{item_id}")

    def show_topic(self, topic_id: str) -> None:
        """Clear the search and scroll so this topic is at the top."""
        self.ensure_built()
        self.view.set_filter("")
        self._scroll_to(f"guidanceTopic_{topic_id}")

    def scroll_area(self) -> QScrollArea | None:
        """The view's scroll area (tests read its position)."""
        if not self.is_built():
            return None
        return self.view.findChild(QScrollArea, "guidanceScroll")

    def _scroll_to(self, name: str) -> None:
        # After the page has been laid out: a page shown a moment ago has no
        # geometry yet.
        QTimer.singleShot(0, self, lambda: self._scroll_now(name))

    def _scroll_now(self, name: str) -> None:
        scroll = self.scroll_area()
        target = self.view.findChild(QFrame, name) if self.is_built() else None
        inner = scroll.widget() if scroll is not None else None
        if scroll is None or target is None or inner is None:
            return
        top = target.mapTo(inner, QPoint(0, 0)).y()
        scroll.verticalScrollBar().setValue(max(0, top - 8))
