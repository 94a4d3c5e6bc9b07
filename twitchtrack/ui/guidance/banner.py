"""The red-flag banner: one calm line at the top of the window, with Details."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.guidance import GuidanceItem, GuidanceReport
from twitchtrack.domain.text import plural
from twitchtrack.ui.guidance.content import DOCTOR_HEADING
from twitchtrack.ui.guidance.parts import quiet_button, text_label
from twitchtrack.ui.guidance.style import AMBER_MARK, STYLE, restyle


class RedFlagBanner(QFrame):
    """One calm line naming the active red flags, with Details and Dismiss."""

    dismissed = Signal(str, str)
    details_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[GuidanceItem] = []
        self.setObjectName("redFlagBanner")
        self.setAccessibleName("Notes worth discussing with a doctor")
        self._dark = False
        self.setStyleSheet(STYLE)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 6, 8, 6)
        outer.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(8)
        self._mark = QLabel()
        self._mark.setObjectName("redFlagBannerMark")
        self._mark.setFixedSize(10, 10)
        self._mark.setStyleSheet(
            f"background: {AMBER_MARK}; border-radius: 5px; border: none;"
        )
        self._summary = text_label("", None, "redFlagBannerSummary")
        self._summary.setWordWrap(False)
        self._summary.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self._details_button = quiet_button(
            "Details", "redFlagBannerDetailsButton", "Show details of these notes"
        )
        self._details_button.setCheckable(True)
        self._details_button.toggled.connect(self._on_details_toggled)
        self._dismiss_button = quiet_button(
            "Dismiss", "redFlagBannerDismiss", "Dismiss these notes"
        )
        self._dismiss_button.setToolTip(
            "Hide these notes until the data behind them change"
        )
        self._dismiss_button.clicked.connect(self._on_dismiss_clicked)
        row.addWidget(self._mark, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self._summary, 1)
        row.addWidget(self._details_button)
        row.addWidget(self._dismiss_button)
        outer.addLayout(row)

        self._details = QFrame()
        self._details.setObjectName("redFlagBannerDetails")
        self._details_layout = QVBoxLayout(self._details)
        self._details_layout.setContentsMargins(0, 6, 0, 0)
        self._details_layout.setSpacing(10)
        self._details.hide()
        outer.addWidget(self._details)
        self.hide()

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours."""
        if dark != self._dark:
            self._dark = dark
            restyle(self, dark)

    @property
    def items(self) -> list[GuidanceItem]:
        """The red flags on show."""
        return list(self._items)

    def summary_text(self) -> str:
        """The one-line summary."""
        return self._summary.text()

    def set_items(self, items: Iterable[GuidanceItem]) -> None:
        """Show these red flags (tips are ignored); hide when there are none."""
        self._items = [i for i in items if i.kind == "red_flag"]
        self._rebuild()

    def set_report(self, report: GuidanceReport) -> None:
        """Show the active red flags of a report."""
        self.set_items(report.red_flags)

    def _rebuild(self) -> None:
        while self._details_layout.count():
            child = self._details_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        if not self._items:
            self._summary.setText("")
            self._details_button.setChecked(False)
            self.hide()
            return
        first = self._items[0].title
        more = len(self._items) - 1
        extra = f", and {plural(more, 'more note')}" if more else ""
        text = f"{DOCTOR_HEADING}: {first}{extra}."
        self._summary.setText(text)
        self._summary.setToolTip("\n".join(i.title for i in self._items))
        self.setAccessibleDescription(text)
        for item in self._items:
            self._details_layout.addWidget(self._detail_block(item))
        self.show()

    def _detail_block(self, item: GuidanceItem) -> QWidget:
        block = QWidget()
        block.setObjectName(f"redFlagBannerItem_{item.id}")
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(text_label(f"<b>{html.escape(item.title)}</b>"), 1)
        button = quiet_button(
            "Dismiss this", f"redFlagBannerDismiss_{item.id}", f"Dismiss: {item.title}"
        )
        button.clicked.connect(lambda: self._dismiss([item]))
        top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(text_label(html.escape(item.detail)))
        layout.addWidget(text_label(f"<b>What to do:</b> {html.escape(item.action)}"))
        return block

    def _dismiss(self, items: Sequence[GuidanceItem]) -> None:
        gone = {i.id for i in items}
        self._items = [i for i in self._items if i.id not in gone]
        for item in items:
            self.dismissed.emit(item.id, item.fingerprint)
        self._rebuild()

    def _on_dismiss_clicked(self) -> None:
        self._dismiss(list(self._items))

    def _on_details_toggled(self, shown: bool) -> None:
        self._details.setVisible(shown)
        self._details_button.setText("Hide details" if shown else "Details")
        if shown and self._items:
            self.details_requested.emit(self._items[0].id)
