"""Guidance widgets: side panel, red-flag banner, Guidance view and self-check form."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from twitchtrack._resources import resource_path
from twitchtrack.domain.guidance import (
    SELF_CHECK,
    GuidanceContent,
    GuidanceContentError,
    GuidanceItem,
    GuidanceReport,
    SelfCheck,
    Topic,
    parse_content,
    rules_topic,
)
from twitchtrack.domain.models import SYMPTOM_FLAGS, now_local
from twitchtrack.domain.regions import group_label, is_region, region
from twitchtrack.ui.forms.style import colours

# Calm colours: ink on paper, a muted amber for things worth a doctor's look (never
# alarm red), and a quiet blue-grey for tips. Text always says what to do.
INK = "#27303a"
MUTED = "#5d6975"
PAPER = "#ffffff"
PAGE = "#f6f7f9"
LINE = "#dde2e7"
AMBER_BG = "#fbf5e9"
AMBER_LINE = "#e3cb9c"
AMBER_MARK = "#b98a3a"
AMBER_INK = "#4a3913"
TIP_BG = "#eef3f8"
TIP_LINE = "#c9d6e3"
ACCENT = "#2b679c"


@dataclass(frozen=True, slots=True)
class GuidanceColours:
    """Every colour the guidance widgets' style sheet uses (hex strings)."""

    ink: str
    muted: str
    paper: str
    page: str
    line: str
    amber_bg: str
    amber_line: str
    amber_mark: str
    amber_ink: str
    tip_bg: str
    tip_line: str
    accent: str


LIGHT_GUIDANCE = GuidanceColours(
    ink=INK,
    muted=MUTED,
    paper=PAPER,
    page=PAGE,
    line=LINE,
    amber_bg=AMBER_BG,
    amber_line=AMBER_LINE,
    amber_mark=AMBER_MARK,
    amber_ink=AMBER_INK,
    tip_bg=TIP_BG,
    tip_line=TIP_LINE,
    accent=ACCENT,
)


def guidance_colours(dark: bool) -> GuidanceColours:
    """The guidance colours for a light window, or the dark window's own family."""
    if not dark:
        return LIGHT_GUIDANCE
    c = colours(True)
    # The page is the window itself in the dark: a lighter box would stand out.
    return GuidanceColours(
        ink=c.text,
        muted=c.muted,
        paper=c.card,
        page=c.window,
        line=c.border,
        amber_bg=c.warn_bg,
        amber_line=c.warn_border,
        amber_mark=AMBER_MARK,  # mid amber: reads on both the light and dark fields
        amber_ink=c.warn_text,
        tip_bg=c.info_bg,
        tip_line=c.info_border,
        accent=c.accent,
    )


def guidance_style(dark: bool = False) -> str:
    """The style sheet of the guidance widgets, in light or dark colours."""
    g = guidance_colours(dark)
    return f"""
QWidget#guidanceView, QWidget#guidanceViewPage {{ background: {g.page}; }}
QLabel {{ color: {g.ink}; }}
QLabel[role="heading"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="section"] {{ font-size: 11.5pt; font-weight: 600; color: {g.ink};
    padding-top: 10px; }}
QLabel[role="title"] {{ font-weight: 600; }}
QLabel[role="muted"] {{ color: {g.muted}; }}
QLabel[role="source"] {{ color: {g.muted}; font-size: 8pt; }}
QFrame[card="topic"] {{ background: {g.paper}; border: 1px solid {g.line};
    border-radius: 8px; }}
QFrame[card="flag"] {{ background: {g.amber_bg}; border: 1px solid {g.amber_line};
    border-left: 4px solid {g.amber_mark}; border-radius: 8px; }}
QFrame[card="flag"] QLabel {{ color: {g.amber_ink}; }}
QFrame[card="tip"] {{ background: {g.tip_bg}; border: 1px solid {g.tip_line};
    border-left: 4px solid {g.accent}; border-radius: 8px; }}
QFrame[card="note"] {{ background: {g.paper}; border: 1px solid {g.line};
    border-radius: 8px; }}
QFrame[card] > QLabel, QFrame[card] QLabel {{ border: none; background: transparent; }}
QFrame#redFlagBanner {{ background: {g.amber_bg}; border: 1px solid {g.amber_line};
    border-left: 4px solid {g.amber_mark}; border-radius: 6px; }}
QFrame#redFlagBanner QLabel {{ color: {g.amber_ink}; background: transparent;
    border: none; }}
QFrame#redFlagBannerDetails {{ border: none; border-top: 1px solid {g.amber_line};
    border-radius: 0; }}
QPushButton[quiet="true"] {{ background: transparent; color: {g.accent};
    border: 1px solid transparent; border-radius: 4px; padding: 3px 8px; }}
QPushButton[quiet="true"]:hover {{ border-color: {g.line}; background: {g.paper}; }}
QPushButton[quiet="true"]:focus {{ border-color: {g.accent}; }}
QLineEdit#guidanceSearch {{ background: {g.paper}; color: {g.ink}; border: 1px solid
    {g.line}; border-radius: 6px; padding: 5px 8px; }}
QLineEdit#guidanceSearch:focus {{ border-color: {g.accent}; }}
"""


STYLE = guidance_style(False)


def _restyle(widget: QWidget, dark: bool) -> None:
    # Restyling a widget with many children costs tens of milliseconds: callers
    # only ask when the colours really change.
    widget.setStyleSheet(guidance_style(dark))


DISCLAIMER = (
    "General information to help you talk to a doctor: not medical advice and not a "
    "diagnosis. If you are worried about your health, speak to a doctor."
)
NOTHING_FLAGGED = (
    "No notes from the checks right now. The checks cannot rule anything out; if "
    "something worries you, a doctor is still the right person to ask."
)
DOCTOR_HEADING = "Worth discussing with a doctor"


def load_guidance_content(folder: Path | None = None) -> GuidanceContent:
    """Read and check every ``*.json`` in the guidance folder (bundled by default)."""
    folder = folder or resource_path("guidance")
    try:
        files = {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.json"))}
    except (OSError, UnicodeDecodeError) as err:
        raise GuidanceContentError(
            f"cannot read guidance text in {folder}: {err}"
        ) from None
    if not files:
        raise GuidanceContentError(f"no guidance files found in {folder}")
    return parse_content(files)


def _paragraphs_html(topic: Topic) -> str:
    parts = [f"<p>{html.escape(p)}</p>" for p in topic.body]
    if topic.bullets:
        items = "".join(f"<li>{html.escape(b)}</li>" for b in topic.bullets)
        parts.append(f"<ul style='margin-left:-18px'>{items}</ul>")
    return "".join(parts)


def _label(text: str = "", role: str | None = None, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    return label


def _quiet_button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setProperty("quiet", "true")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class _ItemCard(QFrame):
    """One red flag or tip from the user's own data, with a Dismiss button."""

    dismissed = Signal(str, str)

    def __init__(self, item: GuidanceItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"guidanceItem_{item.id}")
        self.setProperty("card", "flag" if item.kind == "red_flag" else "tip")
        self.setAccessibleName(item.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(_label(html.escape(item.title), "title"), 1)
        button = _quiet_button(
            "Dismiss", f"guidanceDismiss_{item.id}", f"Dismiss: {item.title}"
        )
        button.setToolTip("Hide this until the data behind it change")
        button.clicked.connect(self._on_dismiss_clicked)
        top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(_label(html.escape(item.detail)))
        layout.addWidget(_label(f"<b>What to do:</b> {html.escape(item.action)}"))

    def _on_dismiss_clicked(self) -> None:
        self.dismissed.emit(self.item.id, self.item.fingerprint)


# --------------------------------------------------------------------------- panel


class GuidancePanel(QWidget):
    """Compact side panel: the selected body area's note and ticked-symptom notes."""

    topic_requested = Signal(str)

    def __init__(self, content: GuidanceContent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self._topic: Topic | None = None
        self.setObjectName("guidancePanel")
        self.setAccessibleName("Guidance for the selected body area")
        self._dark = False
        self.setStyleSheet(STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)

        area = QFrame()
        area.setObjectName("guidancePanelArea")
        area.setProperty("card", "note")
        area_layout = QVBoxLayout(area)
        area_layout.setContentsMargins(12, 10, 12, 10)
        area_layout.setSpacing(4)
        self._region_name = _label("", "muted", "guidancePanelRegionName")
        self._title = _label("", "title", "guidancePanelRegionTitle")
        self._note = _label("", None, "guidancePanelRegionNote")
        self._note.setTextFormat(Qt.TextFormat.RichText)
        self._more = _quiet_button(
            "More in Guidance", "guidancePanelMore", "Open this topic in Guidance"
        )
        self._more.clicked.connect(self._on_more_clicked)
        for w in (self._region_name, self._title, self._note):
            area_layout.addWidget(w)
        area_layout.addWidget(self._more, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(area)

        self._flags = QFrame()
        self._flags.setObjectName("guidancePanelFlags")
        self._flags.setProperty("card", "flag")
        self._flags.setAccessibleName(DOCTOR_HEADING)
        flags_layout = QVBoxLayout(self._flags)
        flags_layout.setContentsMargins(14, 10, 12, 10)
        flags_layout.setSpacing(4)
        flags_layout.addWidget(
            _label(DOCTOR_HEADING, "title", "guidancePanelFlagsHeading")
        )
        self._flag_note = _label("", None, "guidancePanelFlagNote")
        self._flag_note.setTextFormat(Qt.TextFormat.RichText)
        flags_layout.addWidget(self._flag_note)
        layout.addWidget(self._flags)
        layout.addStretch(1)

        self.show_region(None)
        self.show_flags(())

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours."""
        if dark != self._dark:
            self._dark = dark
            _restyle(self, dark)

    @property
    def current_topic_id(self) -> str | None:
        """The id of the body-area note on show, if any."""
        return self._topic.id if self._topic else None

    def region_note_text(self) -> str:
        """The plain text of the body-area note on show."""
        return _plain(self._title.text() + "\n" + self._note.text())

    def flag_note_text(self) -> str:
        """The plain text of the symptom notes (empty when none is shown)."""
        return _plain(self._flag_note.text()) if not self._flags.isHidden() else ""

    def show_region(self, region_id: str | None) -> None:
        """Show the note for the body area a region belongs to."""
        topic = self._content.for_region(region_id) if region_id else None
        self._topic = topic
        self._more.setHidden(topic is None)
        if region_id is None:
            self._region_name.setText("")
            self._title.setText("Body areas")
            self._note.setText(
                "<p>Select a place on the body map to read about twitches there.</p>"
            )
            return
        if topic is None or not is_region(region_id):
            self._region_name.setText("")
            self._title.setText("No notes for this place")
            self._note.setText("<p>There is no note for this place yet.</p>")
            return
        r = region(region_id)
        self._region_name.setText(html.escape(f"{r.label} · {group_label(r.group)}"))
        self._title.setText(html.escape(topic.title))
        self._note.setText(_paragraphs_html(topic))

    def show_flags(self, flags: Iterable[str]) -> None:
        """Explain, calmly, why each ticked symptom is worth a doctor's look."""
        wanted = [f for f in dict.fromkeys(flags) if f in SYMPTOM_FLAGS]
        blocks = []
        for flag in wanted:
            topic = self._content.for_flag(flag)
            if topic is None:
                continue
            body = " ".join(html.escape(p) for p in topic.body)
            blocks.append(f"<p><b>{html.escape(topic.title)}.</b> {body}</p>")
        self._flag_note.setText("".join(blocks))
        self._flags.setHidden(not blocks)

    def _on_more_clicked(self) -> None:
        if self._topic is not None:
            self.topic_requested.emit(self._topic.id)


def _plain(rich: str) -> str:
    """Rich label text as plain text (for tests and accessibility read-outs)."""
    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


# --------------------------------------------------------------------------- banner


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
        self._summary = _label("", None, "redFlagBannerSummary")
        self._summary.setWordWrap(False)
        self._summary.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self._details_button = _quiet_button(
            "Details", "redFlagBannerDetailsButton", "Show details of these notes"
        )
        self._details_button.setCheckable(True)
        self._details_button.toggled.connect(self._on_details_toggled)
        self._dismiss_button = _quiet_button(
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
            _restyle(self, dark)

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
        extra = f", and {more} more note{'s' if more > 1 else ''}" if more else ""
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
        top.addWidget(_label(f"<b>{html.escape(item.title)}</b>"), 1)
        button = _quiet_button(
            "Dismiss this", f"redFlagBannerDismiss_{item.id}", f"Dismiss: {item.title}"
        )
        button.clicked.connect(lambda: self._dismiss([item]))
        top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(_label(html.escape(item.detail)))
        layout.addWidget(_label(f"<b>What to do:</b> {html.escape(item.action)}"))
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


# --------------------------------------------------------------------------- view


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
        top.addWidget(_label("Guidance", "heading", "guidanceHeading"), 1)
        self._search = QLineEdit()
        self._search.setObjectName("guidanceSearch")
        self._search.setAccessibleName("Search guidance topics")
        self._search.setPlaceholderText("Search: caffeine, eyelid, EMG…")
        self._search.setClearButtonEnabled(True)
        self._search.setMinimumWidth(260)
        self._search.textChanged.connect(self._on_search_text_changed)
        top.addWidget(self._search)
        outer.addLayout(top)
        disclaimer = _label(html.escape(DISCLAIMER), "muted", "guidanceDisclaimer")
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
            _label("From your journal", "section", "guidanceYourHeading")
        )
        self._mine = QVBoxLayout()
        self._mine.setSpacing(8)
        self._page.addLayout(self._mine)
        self._nothing = _label(html.escape(NOTHING_FLAGGED), "muted", "guidanceNothing")
        self._page.addWidget(self._nothing)

        self._build_topics()
        self._no_match = _label("", "muted", "guidanceNoMatch")
        self._no_match.hide()
        self._page.addWidget(self._no_match)
        self._page.addStretch(1)
        self._scroll.setWidget(page)
        outer.addWidget(self._scroll, 1)

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours."""
        if dark != self._dark:
            self._dark = dark
            _restyle(self, dark)

    # -- building

    def _build_topics(self) -> None:
        titles = {s.section: s.title for s in self._content.sections}
        current = None
        for topic in self._topics:
            if topic.section != current:
                current = topic.section
                label = _label(
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
            layout.addWidget(_label(html.escape(topic.title), "title"))
            body = _label(_paragraphs_html(topic))
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
            card = _ItemCard(item)
            card.dismissed.connect(self._on_card_dismissed)
            self._mine.addWidget(card)
        self._nothing.setHidden(bool(report.items))

    def item_ids(self) -> list[str]:
        """Ids of the user's items on show, in order."""
        out = []
        for i in range(self._mine.count()):
            child = self._mine.itemAt(i)
            widget = child.widget() if child is not None else None
            if isinstance(widget, _ItemCard):
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


# --------------------------------------------------------------------------- self-check


_YES, _NO, _SKIP = 1, 2, 3


class SelfCheckForm(QWidget):
    """The optional weekly self-check: yes / no / skip for each question."""

    submitted = Signal(object)  # SelfCheck

    def __init__(
        self, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._groups: dict[str, QButtonGroup] = {}
        self.setObjectName("selfCheckForm")
        self.setAccessibleName("Weekly self-check")
        self._dark = False
        self.setStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(_label("Weekly self-check", "title", "selfCheckHeading"))
        layout.addWidget(
            _label(
                "Optional. Answer for the past week; skip anything you are unsure "
                "about. A yes is noted as worth discussing with a doctor.",
                "muted",
            )
        )
        for question in SELF_CHECK:
            layout.addWidget(_label(html.escape(question.text)))
            row = QHBoxLayout()
            group = QButtonGroup(self)
            # Ids must be positive: QButtonGroup treats -1 as "assign one for me".
            for text, value in (("Yes", _YES), ("No", _NO), ("Skip", _SKIP)):
                button = QRadioButton(text)
                button.setObjectName(f"selfCheck_{question.id}_{text.lower()}")
                button.setAccessibleName(f"{text}: {question.text}")
                group.addButton(button, value)
                row.addWidget(button)
                if value == _SKIP:
                    button.setChecked(True)
            row.addStretch(1)
            layout.addLayout(row)
            self._groups[question.id] = group
        save = QPushButton("Save self-check")
        save.setObjectName("selfCheckSave")
        save.setAccessibleName("Save self-check")
        save.clicked.connect(self._on_save_clicked)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours."""
        if dark != self._dark:
            self._dark = dark
            _restyle(self, dark)

    def answers(self) -> SelfCheck:
        """The current answers as a :class:`SelfCheck` for today."""
        values: dict[str, bool | None] = {}
        for qid, group in self._groups.items():
            choice = group.checkedId()
            values[qid] = None if choice not in (_YES, _NO) else choice == _YES
        day = self._today or now_local().date()
        return SelfCheck.model_validate({"date": day, **values})

    def _on_save_clicked(self) -> None:
        self.submitted.emit(self.answers())
