"""The Guidance view: every topic, searchable, with the user's own notes on top."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.guidance import GuidanceContent, GuidanceReport, rules_topic
from twitchtrack.ui.guidance.content import DISCLAIMER, NOTHING_FLAGGED, paragraphs_html
from twitchtrack.ui.guidance.parts import ItemCard, text_label
from twitchtrack.ui.guidance.style import STYLE, restyle


class GuidanceView(QWidget):
    """Every topic, searchable, with the user's own red flags and tips on top."""

    dismissed = Signal(str, str)

    def __init__(self, content: GuidanceContent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = content
        # "How the checks work" sits at the end of the About section.
        topics = list(content.topics)
        about = [i for i, t in enumerate(topics) if t.section == "about"]
        topics.insert(about[-1] + 1 if about else len(topics), rules_topic())
        self._topics = topics
        self._cards: dict[str, QFrame] = {}
        self._section_labels: dict[str, QLabel] = {}
        self.setObjectName("guidanceView")
        self.setAccessibleName("Guidance")
        self._dark = False
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 8)
        outer.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(text_label("Guidance", "heading", "guidanceHeading"), 1)
        self._search = QLineEdit()
        self._search.setObjectName("guidanceSearch")
        self._search.setAccessibleName("Search guidance topics")
        self._search.setPlaceholderText("Search: caffeine, eyelid, EMG…")
        self._search.setClearButtonEnabled(True)
        self._search.setMinimumWidth(260)
        self._search.textChanged.connect(self._on_search_text_changed)
        top.addWidget(self._search)
        outer.addLayout(top)
        disclaimer = text_label(html.escape(DISCLAIMER), "muted", "guidanceDisclaimer")
        disclaimer.setAccessibleName("Disclaimer")
        outer.addWidget(disclaimer)

        self._scroll = QScrollArea()
        self._scroll.setObjectName("guidanceScroll")
        self._scroll.setAccessibleName("Guidance topics")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page.setObjectName("guidanceViewPage")
        self._page = QVBoxLayout(page)
        self._page.setContentsMargins(0, 0, 8, 12)
        self._page.setSpacing(8)

        self._page.addWidget(
            text_label("From your journal", "section", "guidanceYourHeading")
        )
        self._mine = QVBoxLayout()
        self._mine.setSpacing(8)
        self._page.addLayout(self._mine)
        self._nothing = text_label(
            html.escape(NOTHING_FLAGGED), "muted", "guidanceNothing"
        )
        self._page.addWidget(self._nothing)

        self._build_topics()
        self._no_match = text_label("", "muted", "guidanceNoMatch")
        self._no_match.hide()
        self._page.addWidget(self._no_match)
        self._page.addStretch(1)
        self._scroll.setWidget(page)
        outer.addWidget(self._scroll, 1)

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours."""
        if dark != self._dark:
            self._dark = dark
            restyle(self, dark)

    # -- building

    def _build_topics(self) -> None:
        titles = {s.section: s.title for s in self._content.sections}
        current = None
        for topic in self._topics:
            if topic.section != current:
                current = topic.section
                label = text_label(
                    html.escape(titles.get(current, "How the checks work")),
                    "section",
                    f"guidanceSection_{current}",
                )
                self._section_labels[current] = label
                self._page.addWidget(label)
            card = QFrame()
            card.setObjectName(f"guidanceTopic_{topic.id}")
            card.setProperty("card", "topic")
            card.setAccessibleName(topic.title)
            layout = QVBoxLayout(card)
            layout.setContentsMargins(14, 10, 14, 10)
            layout.setSpacing(4)
            layout.addWidget(text_label(html.escape(topic.title), "title"))
            body = text_label(paragraphs_html(topic))
            body.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(body)
            self._cards[topic.id] = card
            self._page.addWidget(card)

    # -- the user's items

    def set_report(self, report: GuidanceReport) -> None:
        """Show the report's active red flags and tips above the topics."""
        while self._mine.count():
            child = self._mine.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        for item in report.items:
            card = ItemCard(item)
            card.dismissed.connect(self._on_card_dismissed)
            self._mine.addWidget(card)
        self._nothing.setHidden(bool(report.items))

    def item_ids(self) -> list[str]:
        """Ids of the user's items on show, in order."""
        out = []
        for i in range(self._mine.count()):
            child = self._mine.itemAt(i)
            widget = child.widget() if child is not None else None
            if isinstance(widget, ItemCard):
                out.append(widget.item.id)
        return out

    def _on_card_dismissed(self, item_id: str, fingerprint: str) -> None:
        self.dismissed.emit(item_id, fingerprint)

    # -- search

    def set_filter(self, text: str) -> None:
        """Filter the topics (same as typing in the search box)."""
        self._search.setText(text)

    def visible_topic_ids(self) -> list[str]:
        """Ids of topics the filter leaves on show."""
        return [t.id for t in self._topics if not self._cards[t.id].isHidden()]

    def show_topic(self, topic_id: str) -> None:
        """Clear the filter and scroll to one topic."""
        self._search.clear()
        card = self._cards.get(topic_id)
        if card is not None:
            self._scroll.ensureWidgetVisible(card, 0, 40)

    def _on_search_text_changed(self, text: str) -> None:
        shown_sections: set[str] = set()
        for topic in self._topics:
            visible = topic.matches(text)
            self._cards[topic.id].setHidden(not visible)
            if visible:
                shown_sections.add(topic.section)
        for section, label in self._section_labels.items():
            label.setHidden(section not in shown_sections)
        empty = not shown_sections
        self._no_match.setText(
            html.escape(f"No topics match “{text.strip()}”. Try a shorter word.")
        )
        self._no_match.setHidden(not empty)
