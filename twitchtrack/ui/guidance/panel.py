"""The guidance panel beside the map: the selected area's note and symptom notes."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from twitchtrack.domain.guidance import GuidanceContent, Topic
from twitchtrack.domain.models import SYMPTOM_FLAGS
from twitchtrack.domain.regions import group_label, is_region, region
from twitchtrack.ui.guidance.content import DOCTOR_HEADING, paragraphs_html
from twitchtrack.ui.guidance.parts import plain_text, quiet_button, text_label
from twitchtrack.ui.guidance.style import STYLE, restyle


class GuidancePanel(QWidget):
    """Compact side panel: the selected body area's note and ticked-symptom notes."""

    topic_requested = Signal(str)
    shown_changed = Signal()  # another area or other symptom notes are shown

    def __init__(self, content: GuidanceContent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self._topic: Topic | None = None
        self._heading = ""
        self._flag_count = 0
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
        self._region_name = text_label("", "muted", "guidancePanelRegionName")
        self._title = text_label("", "title", "guidancePanelRegionTitle")
        self._note = text_label("", None, "guidancePanelRegionNote")
        self._note.setTextFormat(Qt.TextFormat.RichText)
        self._more = quiet_button(
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
            text_label(DOCTOR_HEADING, "title", "guidancePanelFlagsHeading")
        )
        self._flag_note = text_label("", None, "guidancePanelFlagNote")
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
            restyle(self, dark)

    @property
    def current_topic_id(self) -> str | None:
        """The id of the body-area note on show, if any."""
        return self._topic.id if self._topic else None

    def region_note_text(self) -> str:
        """The plain text of the body-area note on show."""
        return plain_text(self._title.text() + "\n" + self._note.text())

    def flag_note_text(self) -> str:
        """The plain text of the symptom notes (empty when none is shown)."""
        return plain_text(self._flag_note.text()) if not self._flags.isHidden() else ""

    def summary(self) -> tuple[str, int]:
        """The heading on show and how many symptom notes follow it (one line of
        the notes, for when there is no room for them)."""
        return self._heading, self._flag_count

    def show_region(self, region_id: str | None) -> None:
        """Show the note for the body area a region belongs to."""
        topic = self._content.for_region(region_id) if region_id else None
        self._topic = topic
        self._more.setHidden(topic is None)
        if region_id is None:
            self._region_name.setText("")
            self._heading = "Body areas"
            self._note.setText(
                "<p>Select a place on the body map to read about twitches there.</p>"
            )
        elif topic is None or not is_region(region_id):
            self._region_name.setText("")
            self._heading = "No notes for this place"
            self._note.setText("<p>There is no note for this place yet.</p>")
        else:
            r = region(region_id)
            self._region_name.setText(
                html.escape(f"{r.label} · {group_label(r.group)}")
            )
            self._heading = topic.title
            self._note.setText(paragraphs_html(topic))
        self._title.setText(html.escape(self._heading))
        self.shown_changed.emit()

    def show_flags(self, flags: Iterable[str]) -> None:
        """Explain, calmly, why each ticked symptom is worth a doctor's look."""
        wanted = [f for f in dict.fromkeys(flags) if f in SYMPTOM_FLAGS]
        blocks = []
        shown = 0
        urgent_lines: set[str] = set()
        for flag in wanted:
            topic = self._content.for_flag(flag)
            if topic is None:
                continue
            body = " ".join(html.escape(p) for p in topic.body)
            blocks.append(f"<p><b>{html.escape(topic.title)}.</b> {body}</p>")
            shown += 1
            if topic.urgent and topic.urgent not in urgent_lines:
                urgent_lines.add(topic.urgent)  # one emergency line is enough
                blocks.append(
                    f"<p><b>In an emergency:</b> {html.escape(topic.urgent)}</p>"
                )
        self._flag_note.setText("".join(blocks))
        self._flags.setHidden(not blocks)
        self._flag_count = shown
        self.shown_changed.emit()

    def _on_more_clicked(self) -> None:
        if self._topic is not None:
            self.topic_requested.emit(self._topic.id)
