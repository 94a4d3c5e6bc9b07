"""Episode details panel: edit the selected episode; every change applies as you go."""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QSignalBlocker, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import Episode, Kind, Pattern
from twitchtrack.domain.regions import region
from twitchtrack.domain.times import EARLIEST_DAY, FUTURE_MARGIN, entry_time
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.units import format_number
from twitchtrack.ui.widgets import (
    Card,
    FieldMessage,
    FormScroll,
    NumberField,
    Segmented,
    caption,
    on_focus_out,
    set_names,
)

# Field name -> the label the user reads.
SYMPTOM_LABELS: dict[str, str] = {
    "weakness": "Weakness",
    "numbness": "Numbness or tingling",
    "speech_swallowing": "Trouble speaking or swallowing",
    "pain": "Pain",
    "wasting": "Muscle wasting",
    "stiffness": "Stiff muscles",
    "coordination": "Clumsy or poorly controlled movement",
    "eyelid_closing": "Eyelid closing fully or drooping",
}

NOTE_MAX_HEIGHT = 220
SHORT_FLAG = 20  # characters: a symptom label this short shares its row

INTENSITY_WORDS = {
    1: "barely there",
    3: "mild",
    5: "clear",
    7: "strong",
    9: "very strong",
}


def intensity_word(value: int) -> str:
    """A word for an intensity, so the number means something."""
    best = max(k for k in INTENSITY_WORDS if k <= value)
    return INTENSITY_WORDS[best]


def describe_when(at: datetime, now: datetime) -> str:
    """'Today 14:02', 'Yesterday 21:40' or 'Mon 3 Nov 2025, 08:15'."""
    days = (now.date() - at.date()).days
    clock = f"{at:%H:%M}"
    if days == 0:
        return f"Today {clock}"
    if days == 1:
        return f"Yesterday {clock}"
    return f"{at:%a} {at.day} {at:%b %Y}, {clock}"


def to_qdatetime(at: datetime) -> QDateTime:
    """The wall-clock time of ``at`` (in its own offset) for a date-time editor."""
    return QDateTime(
        QDate(at.year, at.month, at.day), QTime(at.hour, at.minute, at.second)
    )


def from_qdatetime(value: QDateTime) -> datetime:
    """An editor's wall-clock time as an aware time in the user's local offset."""
    d, t = value.date(), value.time()
    naive = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
    return naive.astimezone()


class EpisodeDetails(QWidget):
    """The details of one episode (or a hint when none is selected)."""

    trash_requested = Signal(object)  # uuid.UUID

    def __init__(
        self,
        model: JournalModel,
        *,
        note_delay_ms: int = 700,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("episode_details")
        self._model = model
        self._id: uuid.UUID | None = None
        self._shown: Episode | None = None

        self.card = Card("Episode", "Select or log an episode")
        self.card.setObjectName("episode_card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.card)

        self.trash_button = QPushButton("Move to trash")
        set_names(self.trash_button, "episode_trash", "Move this episode to the trash")
        self.trash_button.setProperty("flat-link", True)
        self.trash_button.clicked.connect(self._on_trash_clicked)
        self.trash_button.setVisible(False)
        # Long place names ("Left corner of the mouth") wrap instead of being cut.
        self.card.title.setWordWrap(True)

        self.pages = QStackedWidget()
        self.card.body.addWidget(self.pages, 1)
        self.card.body.addWidget(self.trash_button, 0, Qt.AlignmentFlag.AlignRight)
        self.pages.addWidget(self._build_empty())
        self.pages.addWidget(FormScroll(self._build_form()))

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(max(0, note_delay_ms))
        self._note_timer.timeout.connect(self.commit_note)

        model.episodes_changed.connect(self._on_model_episodes_changed)
        self._set_enabled_for_model()
        self.set_episode(None)

    # ------------------------------------------------------------------ building

    def _build_empty(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(4, 12, 4, 4)
        self.empty_label = QLabel(
            "Click the place on the body where you feel a twitch. It is logged "
            "straight away, with the time and a default intensity.\n\n"
            "The details then appear here, and any change you make is saved as you "
            "go. Ctrl+Z undoes it."
        )
        self.empty_label.setObjectName("episode_empty_hint")
        self.empty_label.setProperty("role", "hint")
        self.empty_label.setWordWrap(True)
        column.addWidget(self.empty_label)
        column.addStretch(1)
        return page

    def _build_form(self) -> QWidget:
        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(5)

        self.when = QDateTimeEdit()
        set_names(self.when, "episode_when", "When the episode happened")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        self.when.dateTimeChanged.connect(self._on_when_changed)
        column.addWidget(caption("When", self.when))
        column.addWidget(self.when)
        column.addSpacing(6)

        self.intensity = QSlider(Qt.Orientation.Horizontal)
        set_names(self.intensity, "episode_intensity", "Intensity from 1 to 10")
        self.intensity.setRange(1, 10)
        self.intensity.setPageStep(1)
        self.intensity.setTickPosition(QSlider.TickPosition.NoTicks)
        self.intensity.valueChanged.connect(self._on_intensity_changed)
        self.intensity_value = QLabel()
        self.intensity_value.setProperty("role", "big-value")
        self.intensity_value.setObjectName("episode_intensity_value")
        self.intensity_value.setMinimumWidth(110)
        self.intensity_value.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        head = QHBoxLayout()
        head.addWidget(caption("Intensity", self.intensity))
        head.addStretch(1)
        head.addWidget(self.intensity_value)
        column.addLayout(head)
        column.addWidget(self.intensity)
        column.addSpacing(6)

        self.kind = Segmented(
            [(k, k.value.capitalize()) for k in Kind],
            optional=False,
            name="episode_kind",
            accessible="Kind",
        )
        self.kind.value_chosen.connect(lambda v: self._edit(kind=v))
        column.addWidget(caption("Kind", self.kind))
        column.addWidget(self.kind)
        column.addSpacing(6)

        self.pattern = Segmented(
            [(p, p.value.capitalize()) for p in Pattern],
            optional=True,
            name="episode_pattern",
            accessible="Pattern",
        )
        self.pattern.value_chosen.connect(lambda v: self._edit(pattern=v))
        column.addWidget(caption("Pattern", self.pattern))
        column.addWidget(self.pattern)
        column.addSpacing(6)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(5)
        self.at_rest = Segmented(
            [(True, "At rest"), (False, "Moving")],
            optional=True,
            name="episode_at_rest",
            accessible="At rest or moving",
        )
        self.at_rest.value_chosen.connect(lambda v: self._edit(at_rest=v))
        self.seen = Segmented(
            [(True, "Seen"), (False, "Felt")],
            optional=True,
            name="episode_seen",
            accessible="Seen or only felt",
        )
        self.seen.value_chosen.connect(lambda v: self._edit(seen=v))
        grid.addWidget(caption("At rest?", self.at_rest), 0, 0)
        grid.addWidget(caption("Seen or felt?", self.seen), 0, 1)
        grid.addWidget(self.at_rest, 1, 0)
        grid.addWidget(self.seen, 1, 1)
        column.addLayout(grid)
        column.addSpacing(6)

        self.duration = NumberField(
            "episode_duration", "Duration in seconds", "seconds", placeholder="not said"
        )
        self.duration.committed.connect(self._on_duration_committed)
        column.addWidget(caption("How long", self.duration.edit))
        column.addWidget(self.duration)
        column.addSpacing(4)

        column.addWidget(caption("Also noticed"))
        flags = QGridLayout()
        flags.setHorizontalSpacing(10)
        flags.setVerticalSpacing(4)
        self.flags: dict[str, QCheckBox] = {}
        for name, label in SYMPTOM_LABELS.items():
            box = QCheckBox(label)
            set_names(box, f"episode_flag_{name}", label)
            box.toggled.connect(lambda on, n=name: self._edit(**{n: on}))
            self.flags[name] = box
        # Short labels two to a row; a long one gets a row of its own, so the form
        # stays as narrow as the smallest window needs.
        short = [n for n, text in SYMPTOM_LABELS.items() if len(text) <= SHORT_FLAG]
        long = [n for n in SYMPTOM_LABELS if n not in short]
        for at, name in enumerate(short):
            flags.addWidget(self.flags[name], at // 2, at % 2)
        first = (len(short) + 1) // 2
        for at, name in enumerate(long):
            flags.addWidget(self.flags[name], first + at, 0, 1, 2)
        column.addLayout(flags)
        self.flags_hint = QLabel(
            "Worth raising with a doctor if these come with the twitching; "
            "see Guidance."
        )
        self.flags_hint.setProperty("role", "muted")
        self.flags_hint.setWordWrap(True)
        self.flags_hint.setVisible(False)
        column.addWidget(self.flags_hint)
        column.addSpacing(6)

        self.note = QPlainTextEdit()
        set_names(self.note, "episode_note", "Note")
        self.note.setPlaceholderText("Anything you want to remember about it")
        # Grows into the card's spare height on a tall window, up to a point.
        self.note.setMinimumHeight(64)
        self.note.setMaximumHeight(NOTE_MAX_HEIGHT)
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(self._on_note_text_changed)
        on_focus_out(self.note, self.commit_note)
        self.note_message = FieldMessage()
        self.note_message.setObjectName("episode_note_message")
        column.addWidget(caption("Note", self.note))
        # The note takes most of the spare height (up to its maximum), the stretch
        # the rest: the rows above keep their spacing on a tall window.
        column.addWidget(self.note, 3)
        column.addWidget(self.note_message)
        column.addStretch(1)
        return form

    def warm_up(self) -> None:
        """Polish, lay out and paint the (hidden) form once, off screen, so the
        first episode shown does not pay for it."""
        form = self.pages.widget(1)
        if form is not None and self.pages.currentIndex() != 1:
            form.resize(self.pages.size())
            form.grab()

    # ---------------------------------------------------------------- model -> widgets

    @property
    def episode_id(self) -> uuid.UUID | None:
        """The episode shown, if any."""
        return self._id

    def set_episode(self, episode_id: uuid.UUID | None) -> None:
        """Show an episode (None: the hint)."""
        if episode_id != self._id:
            self.commit_note()
        self._id = episode_id
        self._shown = None
        self._refresh()

    def _set_enabled_for_model(self) -> None:
        editable = not self._model.read_only
        for widget in (
            self.when,
            self.intensity,
            self.kind,
            self.pattern,
            self.at_rest,
            self.seen,
            self.duration,
            self.note,
            *self.flags.values(),
        ):
            widget.setEnabled(editable)
        self.trash_button.setEnabled(editable)

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        if self._id is not None and self._id in ids:
            self._refresh()

    def _refresh(self) -> None:
        episode = self._model.episode(self._id) if self._id is not None else None
        if episode is None or episode.deleted:
            # The id is kept: undoing a delete brings the episode back into view.
            self._shown = None
            self.pages.setCurrentIndex(0)
            self.card.title.setText("Episode")
            self.card.set_subtitle("Nothing selected")
            self.trash_button.setVisible(False)
            return
        previous, self._shown = self._shown, episode
        self.pages.setCurrentIndex(1)
        self.card.title.setText(region(episode.region).label)
        self.card.set_subtitle(describe_when(episode.at, self._model.now()))
        self.trash_button.setVisible(True)
        blockers = [
            QSignalBlocker(w) for w in (self.when, self.intensity, *self.flags.values())
        ]
        # Times no one could have logged are out of the editor's reach
        # (domain.times; the command line and import refuse them too).
        self.when.setDateTimeRange(
            QDateTime(QDate(EARLIEST_DAY.year, 1, 1), QTime(0, 0)),
            to_qdatetime(self._model.now() + FUTURE_MARGIN),
        )
        if previous is None or previous.at != episode.at:
            self.when.setDateTime(to_qdatetime(episode.at))
        self.intensity.setValue(episode.intensity)
        self._show_intensity(episode.intensity)
        self.kind.set_value(episode.kind)
        self.pattern.set_value(episode.pattern)
        self.at_rest.set_value(episode.at_rest)
        self.seen.set_value(episode.seen)
        for name, box in self.flags.items():
            box.setChecked(bool(getattr(episode, name)))
        self.flags_hint.setVisible(bool(episode.flags))
        del blockers
        if not self.duration.is_editing():
            shown = (
                ""
                if episode.duration_s is None
                else format_number(episode.duration_s, 1)
            )
            self.duration.set_text(shown)
        if not self.note.hasFocus() and not self._note_timer.isActive():
            with QSignalBlocker(self.note):
                if self.note.toPlainText() != episode.note:
                    self.note.setPlainText(episode.note)
            self.note_message.show_message(None)

    def _show_intensity(self, value: int) -> None:
        self.intensity_value.setText(f"{value} / 10 · {intensity_word(value)}")

    # ---------------------------------------------------------------- widgets -> model

    def _edit(self, **changes: object) -> str | None:
        if self._id is None:
            return None
        return self._model.edit_episode(self._id, merge=True, **changes)

    def _on_when_changed(self, value: QDateTime) -> None:
        if self._shown is None:
            return
        d, t = value.date(), value.time()
        typed = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
        try:
            # Read on this computer's clock; a time the clocks skipped (a
            # daylight-saving gap) or out of range is not stored.
            at = entry_time(typed, self._model.now())
        except ValueError:
            with QSignalBlocker(self.when):
                self.when.setDateTime(to_qdatetime(self._shown.at))
            return
        self._edit(at=at)

    def _on_intensity_changed(self, value: int) -> None:
        self._show_intensity(value)
        self._edit(intensity=value)

    def _on_duration_committed(self, value: float | None) -> None:
        if value is not None and not 0 <= value <= 86_400:
            self.duration.show_error(
                "Enter 0 to 86,400 seconds (one day), or leave it empty"
            )
            return
        error = self._edit(duration_s=value)
        if error:
            self.duration.show_error(error)
        else:
            shown = "" if value is None else format_number(value, 1)
            self.duration.set_text(shown)

    def _on_note_text_changed(self) -> None:
        self._note_timer.start()

    def commit_note(self) -> None:
        """Apply the typed note now (also runs shortly after typing stops)."""
        self._note_timer.stop()
        if self._shown is None or self._id is None:
            return
        text = self.note.toPlainText()
        current = self._model.episode(self._id)
        if current is None or current.note == text:
            self.note_message.show_message(None)
            return
        if len(text) > 10_000:
            self.note_message.show_message(
                f"Notes can be up to 10,000 characters; this one has {len(text):,}."
            )
            return
        error = self._edit(note=text)
        self.note_message.show_message(error)

    def _on_trash_clicked(self) -> None:
        if self._id is not None:
            self.trash_requested.emit(self._id)
