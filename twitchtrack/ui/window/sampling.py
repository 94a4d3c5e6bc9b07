"""Sampling mode in the window: the prompt ("Twitches in the last hour?") and
the calm-tracking parts the window holds (prompts, the break, the review day).

``SamplingPrompter`` works like the reminders: a QTimer only decides when to
look, ``check()`` asks ``sampling.due_prompt`` with the injectable clock, so
tests move a fake clock on and call it. A prompt shows at most once; a missed
one goes quietly (``PROMPT_EXPIRES``) and prompts never pile up. Nothing is
asked on a day of a break or a day marked "not tracking".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from twitchtrack.domain.sampling import Sample, SampleAnswer, due_prompt
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.prefs_timer import PrefsTimer
from twitchtrack.ui.settings.holiday import HolidayKeeper, paused
from twitchtrack.ui.settings.preferences import Preferences
from twitchtrack.ui.widgets import set_names
from twitchtrack.ui.window.host import WindowHost
from twitchtrack.ui.window.review import ReviewGate

CHECK_INTERVAL_MS = 30_000  # a prompt shows within half a minute of its time
STATUS_MS = 8_000
ANSWERS: tuple[tuple[SampleAnswer, str, str], ...] = (
    ("none", "&None", "No twitches in the last hour"),
    ("few", "A &few", "A few twitches in the last hour"),
    ("many", "&Many", "Many twitches in the last hour"),
)
NOTED: dict[str, str] = {
    "none": "no twitches",
    "few": "a few twitches",
    "many": "many twitches",
}
_KEYS = frozenset(
    {
        Preferences.sampling.key,
        Preferences.sampling_times.key,
        Preferences.holiday_start.key,
        Preferences.holiday_end.key,
    }
)


class SamplingPrompter(PrefsTimer):
    """Looks now and then whether a sampling prompt is due: ``prompt_due``.

    ``prompt_gone`` says the prompt on show is no longer wanted (answered, over
    two hours old, a break began, sampling was switched off).
    """

    prompt_due = Signal(object)  # datetime the prompt was due (local, aware)
    prompt_gone = Signal()

    def __init__(
        self,
        model: JournalModel,
        prefs: Preferences,
        *,
        clock: Callable[[], datetime] | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            model,
            prefs,
            name="sampling_timer",
            clock=clock,
            interval_ms=interval_ms,
            parent=parent,
        )
        # The last prompt shown: shown once, whatever the person did with it.
        self._shown: datetime | None = None
        self.current: datetime | None = None  # the prompt on show, if any
        model.records_changed.connect(self._on_model_records_changed)
        self._sync_timer()

    def due(self, now: datetime) -> datetime | None:
        """The prompt wanted at ``now`` (None: off, read-only, a break, answered)."""
        prefs = self._prefs
        if not prefs.sampling or self._model.read_only:
            return None
        if paused(self._model, prefs, now.date()):
            return None
        samples = [r for r in self._model.records("samples") if isinstance(r, Sample)]
        return due_prompt(prefs.sampling_times, now, samples)

    def check(self) -> datetime | None:
        """Emit a prompt that is due and was not shown yet; returns it."""
        prompt = self.due(self._clock())
        if self.current is not None and prompt != self.current:
            self.dismiss()
            self.prompt_gone.emit()
        if prompt is None or prompt == self._shown:
            return None
        self._shown = self.current = prompt
        self.prompt_due.emit(prompt)
        return prompt

    def dismiss(self) -> None:
        """The prompt on show was answered or put aside ("Not now")."""
        self.current = None

    def answer(self, answer: SampleAnswer) -> Sample | None:
        """Store an answer to the prompt on show (undoable); None if refused."""
        sample = Sample(
            at=self._clock(),
            answer=answer,
            prompted_at=self.current,
            device=self._model.device,
        )
        text = tr("Sampling answer: {words}").format(words=NOTED[answer])
        self.dismiss()
        if not self._model.put_record("samples", sample, text):
            return None
        return sample

    def _on_prefs_changed(self, key: str) -> None:
        if key in _KEYS:
            self._sync_timer()
            if self.current is not None:
                self.check()  # a prompt on show may no longer be wanted

    def _on_model_records_changed(self, name: str, _ids: object) -> None:
        # An answer from elsewhere (the command line) settles the prompt here too.
        if name == "samples" and self.current is not None:
            self.check()

    def wanted(self) -> bool:
        """True while sampling mode is on."""
        return self._prefs.sampling


class PromptBar(QFrame):
    """A calm, non-modal strip: "Twitches in the last hour?" and four buttons."""

    answered = Signal(str)  # "none", "few" or "many"
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampling_bar")
        self.setProperty("banner", "info")
        self.setAccessibleName(tr("Sampling prompt"))
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 10, 6)
        row.setSpacing(8)
        self.label = QLabel(tr("<b>Twitches in the last hour?</b>"))
        self.label.setObjectName("sampling_bar_text")
        row.addWidget(self.label)
        self.when = QLabel()
        self.when.setObjectName("sampling_bar_when")
        row.addWidget(self.when, 1)
        self.buttons: dict[str, QPushButton] = {}
        for answer, text, name in ANSWERS:
            button = QPushButton(tr(text))
            set_names(button, f"sampling_answer_{answer}", tr(name))
            button.clicked.connect(lambda _=False, a=answer: self._on_answer(a))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.buttons[answer] = button
        row.addSpacing(6)
        self.not_now = QPushButton(tr("Not now"))
        set_names(self.not_now, "sampling_not_now", tr("Skip this prompt"))
        self.not_now.setFlat(True)
        self.not_now.clicked.connect(self._on_not_now)
        row.addWidget(self.not_now, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_prompt(self, prompt: datetime) -> None:
        """Show the prompt that was due at ``prompt``."""
        self.when.setText(tr("asked at {time}").format(time=f"{prompt:%H:%M}"))
        self.show()

    def _on_answer(self, answer: str) -> None:
        self.hide()
        self.answered.emit(answer)

    def _on_not_now(self) -> None:
        self.hide()
        self.dismissed.emit()


class CalmTracking(QObject):
    """The window's calm-tracking parts: the prompt bar and its prompter, the
    break's keeper, the review day's gate and the Trends outcome, on one set of
    ``Preferences`` (the window's)."""

    def __init__(
        self,
        window: WindowHost,
        model: JournalModel,
        prefs: Preferences,
        review: ReviewGate,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._model = model
        self.prefs = prefs
        self.bar = PromptBar()
        self._insert_bar()
        self.bar.hide()
        self.prompter = SamplingPrompter(model, prefs, clock=clock, parent=self)
        self.prompter.prompt_due.connect(self.bar.show_prompt)
        self.prompter.prompt_gone.connect(self.bar.hide)
        self.bar.answered.connect(self._on_bar_answered)
        self.bar.dismissed.connect(self.prompter.dismiss)
        self.holiday = HolidayKeeper(model, prefs, clock=clock, parent=self)
        self.review = review
        review.bind(prefs)
        # Sampling mode on: Trends' Links tab analyses the answers instead.
        review.trends.view_built.connect(lambda _view: self._sync_outcome())
        prefs.changed.connect(self._on_prefs_changed)
        self._sync_outcome()
        self.prompter.check()  # a prompt due as the window opens

    def _sync_outcome(self) -> None:
        view = self.review.trends.view
        if view is not None:
            view.set_outcome("sampling" if self.prefs.sampling else "episodes")

    def _on_prefs_changed(self, key: str) -> None:
        if key == Preferences.sampling.key:
            self._sync_outcome()

    def _insert_bar(self) -> None:
        # Just above the views, below any banner that matters more (red flags).
        stack = self._window.stack
        central = self._window.centralWidget()
        layout = central.layout() if central is not None else None
        index = layout.indexOf(stack) if layout is not None else -1
        if layout is not None and index >= 0 and hasattr(layout, "insertWidget"):
            layout.insertWidget(index, self.bar)
        else:
            self.bar.setParent(self._window)

    def _on_bar_answered(self, answer: str) -> None:
        sample = self.prompter.answer(answer)  # type: ignore[arg-type]
        if sample is not None:
            self._window.statusBar().showMessage(
                tr("Noted {words} in the last hour. Ctrl+Z undoes it.").format(
                    words=NOTED[answer]
                ),
                STATUS_MS,
            )
