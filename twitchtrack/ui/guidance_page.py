"""Guidance in the window: the red-flag banner, area notes beside the map, the page.

``GuidanceHub`` owns the pieces and keeps them in step with the journal: the
rules run after the journal changes (debounced, on a worker thread, because a
long journal takes tens of milliseconds), dismissals and self-checks go through
the ``JournalModel`` so they are undoable and saved like any other change.
"""

from __future__ import annotations

import contextlib
import html
import uuid
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.guidance import (
    SELF_CHECK_IDS,
    GuidanceContent,
    GuidanceContentError,
    GuidanceReport,
    evaluate,
    format_day,
)
from twitchtrack.domain.models import Journal, SelfCheck
from twitchtrack.ui.forms.style import colours
from twitchtrack.ui.guidance_panel import (
    GuidancePanel,
    GuidanceView,
    RedFlagBanner,
    SelfCheckForm,
    load_guidance_content,
)
from twitchtrack.ui.state import JournalModel, no_cycle_collection

PAGE_NAME = "guidance"
# After the last change, wait this long before running the rules again: a slider
# being dragged or a note being typed is one change, not fifty.
DEFAULT_DELAY_MS = 300
# The map card is at least this wide before the notes sit beside the map.
WIDE_MAP_PX = 500
NOTES_WIDTH = 236
NARROW_NOTES_HEIGHT = 150
_MAX = 16_777_215  # QWIDGETSIZE_MAX


def _side_style(dark: bool) -> str:
    c = colours(dark)
    return f"""
QFrame[card="side"] {{ background: {c.card}; border: 1px solid {c.border};
    border-radius: 10px; }}
QFrame[card="side"] QLabel {{ background: transparent; border: none; }}
QLabel#selfCheckHeading {{ font-size: 12pt; }}
QLabel#selfCheckStatus, QLabel#guidanceHiddenText {{ color: {c.muted}; }}
"""


# --------------------------------------------------------------------------- map


class MapWithNotes(QWidget):
    """The body map with the notes for the selected area beside it (or below it,
    when the window is too narrow for both side by side)."""

    def __init__(
        self, map_widget: QWidget, notes: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapWithNotes")
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(12)
        self._box.addWidget(map_widget, 1)
        self.notes_scroll = QScrollArea()
        self.notes_scroll.setObjectName("guidanceNotesScroll")
        self.notes_scroll.setAccessibleName("Notes for the selected body area")
        self.notes_scroll.setWidgetResizable(True)
        self.notes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.notes_scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.notes_scroll.setWidget(notes)
        self._box.addWidget(self.notes_scroll, 0)
        self._wide: bool | None = None
        self._arrange(wide=True)

    def is_wide(self) -> bool:
        """True while the notes sit beside the map."""
        return bool(self._wide)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._arrange(wide=event.size().width() >= WIDE_MAP_PX)

    def _arrange(self, *, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        # Only this widget's own width decides, and that comes from the card around
        # it, so switching cannot flip back and forth.
        if wide:
            self._box.setDirection(QBoxLayout.Direction.LeftToRight)
            self.notes_scroll.setMinimumHeight(0)
            self.notes_scroll.setMaximumHeight(_MAX)
            self.notes_scroll.setFixedWidth(NOTES_WIDTH)
        else:
            self._box.setDirection(QBoxLayout.Direction.TopToBottom)
            self.notes_scroll.setMinimumWidth(0)
            self.notes_scroll.setMaximumWidth(_MAX)
            self.notes_scroll.setFixedHeight(NARROW_NOTES_HEIGHT)


# --------------------------------------------------------------------------- page


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
    _side: QFrame

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
        self._row.addLayout(column, 1)
        side = self._build_side()
        self._row.addWidget(side)
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
        side = QFrame(self)
        side.setObjectName("guidanceSide")
        side.setFixedWidth(330)
        side.setStyleSheet(_side_style(self._dark))
        self._side = side
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 2, 0, 0)
        column.setSpacing(10)

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
        notes = "1 note" if count == 1 else f"{count} notes"
        self.hidden_text.setText(
            f"You dismissed {notes}. A dismissed note comes back by itself only "
            "if the data behind it change."
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


# --------------------------------------------------------------------------- hub


@dataclass(frozen=True)
class _Outcome:
    token: int
    report: GuidanceReport | None
    error: str | None


class _Relay(QObject):
    """Lives in the UI thread; the worker emits on it, so delivery is queued."""

    delivered = Signal(object)


def _evaluate_job(relay: _Relay, token: int, journal: Journal, today: date) -> None:
    # All of it paused, the emit too: any allocation here could start a collection
    # on this thread (see state.no_cycle_collection).
    with no_cycle_collection():
        try:
            outcome = _Outcome(token, evaluate(journal, today), None)
        except Exception as err:  # reported as a sentence, never a traceback
            outcome = _Outcome(token, None, str(err) or type(err).__name__)
        # RuntimeError: the window went away while the rules ran; nobody to tell.
        with contextlib.suppress(RuntimeError):
            relay.delivered.emit(outcome)


def _load_content() -> tuple[GuidanceContent, str | None]:
    try:
        return load_guidance_content(), None
    except GuidanceContentError as err:
        # The checks still run; only the topic texts are missing.
        return GuidanceContent(()), f"The guidance texts could not be read: {err}"


class GuidanceHub(QObject):
    """Runs the guidance rules over the journal and drives every guidance widget.

    ``banner_slot`` goes at the top of the window, ``beside_map`` wraps the Log
    view's map, ``page`` is the Guidance view. ``view_requested`` asks the window
    to show a view ("guidance"); ``evaluated`` tells that a new report is shown.
    """

    evaluated = Signal(object)  # GuidanceReport
    evaluation_failed = Signal(str)
    view_requested = Signal(str)

    def __init__(
        self,
        model: JournalModel,
        *,
        content: GuidanceContent | None = None,
        delay_ms: int = DEFAULT_DELAY_MS,
        executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        problem: str | None = None
        if content is None:
            content, problem = _load_content()
        self.content = content
        self._executor = executor
        self._owned: ThreadPoolExecutor | None = None
        self._token = 0
        self._report: GuidanceReport | None = None
        self._followed: uuid.UUID | None = None
        self._shown_flags: tuple[str, ...] = ()
        self._flags_wanted = False
        self._pending: dict[str, str] = {}

        self.banner = RedFlagBanner()
        banner_layout = self.banner.layout()
        if banner_layout is not None:
            # Slim: every pixel it takes comes out of the view below it.
            banner_layout.setContentsMargins(12, 3, 6, 3)
        self.banner.dismissed.connect(self._on_dismissed)
        self.banner.details_requested.connect(self.open_item)
        self.banner_slot = QWidget()
        self.banner_slot.setObjectName("redFlagBannerSlot")
        slot_layout = QVBoxLayout(self.banner_slot)
        slot_layout.setContentsMargins(0, 0, 0, 0)
        slot_layout.addWidget(self.banner)

        self.panel = GuidancePanel(content)
        self.panel.topic_requested.connect(self.open_topic)
        panel_layout = self.panel.layout()
        if panel_layout is not None:
            # Room on the right for the scroll bar when the notes run long.
            panel_layout.setContentsMargins(0, 0, 8, 0)
        self.map_area: MapWithNotes | None = None

        self.page = GuidancePage(
            content, today=model.today(), read_only=model.read_only, problem=problem
        )
        self.page.built.connect(self._on_page_built)
        self.page.self_check_submitted.connect(self._on_self_check_submitted)
        self.page.restore_requested.connect(self._on_restore_requested)
        self._show_last_check()

        self._relay = _Relay(self)
        self._relay.delivered.connect(self._on_relay_delivered)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, delay_ms))
        self._timer.timeout.connect(self._start_evaluation)
        self._dismiss_timer = QTimer(self)
        self._dismiss_timer.setSingleShot(True)
        self._dismiss_timer.setInterval(0)
        self._dismiss_timer.timeout.connect(self._flush_dismissals)

        model.journal_changed.connect(self._on_model_journal_changed)
        model.episodes_changed.connect(self._on_model_episodes_changed)
        model.records_changed.connect(self._on_model_records_changed)
        self._timer.start()

    # ------------------------------------------------------------------ API

    @property
    def report(self) -> GuidanceReport | None:
        """The report on show (None before the first evaluation)."""
        return self._report

    def set_delay(self, delay_ms: int) -> None:
        """Change the debounce delay (tests use 0); a pending run restarts with it."""
        self._timer.setInterval(max(0, delay_ms))
        if self._timer.isActive():
            self._timer.start()

    def evaluate_now(self) -> GuidanceReport:
        """Run the rules here and now, in this thread (screenshots, tests)."""
        self._timer.stop()
        self._token += 1
        report = evaluate(self._model.journal, self._model.today())
        self._apply(report)
        return report

    def beside_map(self, map_widget: QWidget) -> MapWithNotes:
        """The Log view's map with the area notes beside it; follows clicks on it."""
        self.map_area = MapWithNotes(map_widget, self.panel)
        bar = self.map_area.notes_scroll.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._scroll_notes_to_flags())
        bar.actionTriggered.connect(self._on_notes_scrolled_by_user)
        body_map = getattr(map_widget, "map", None)
        if body_map is not None and hasattr(body_map, "region_activated"):
            body_map.region_activated.connect(self._on_map_region_activated)
        return self.map_area

    def follow_episode(self, episode_id: uuid.UUID | None) -> None:
        """Show the notes for this episode's place and ticked symptoms."""
        self._followed = episode_id
        self._refresh_notes()

    def set_current_view(self, name: str) -> None:
        """Slot for the window's ``view_changed``: the banner rests on Guidance."""
        # The Guidance view lists the same notes at its top.
        self.banner_slot.setVisible(name != PAGE_NAME)
        if name == PAGE_NAME:
            self.page.ensure_built()

    def open_item(self, item_id: str) -> None:
        """Show one of the user's notes in the Guidance view."""
        self.view_requested.emit(PAGE_NAME)
        details = self.banner.findChild(QPushButton, "redFlagBannerDetailsButton")
        if details is not None and details.isChecked():
            details.setChecked(False)  # the Guidance view has the details now
        self.page.show_item(item_id)

    def open_topic(self, topic_id: str) -> None:
        """Show a topic in the Guidance view."""
        self.view_requested.emit(PAGE_NAME)
        self.page.show_topic(topic_id)

    def set_dark(self, dark: bool) -> None:
        """Follow a dark or light window (banner, area notes and the page)."""
        self.banner.set_dark(dark)
        self.panel.set_dark(dark)
        self.page.set_dark(dark)

    def shutdown(self) -> None:
        """Stop background work (the window is closing)."""
        self._timer.stop()
        self._token += 1
        if self._owned is not None:
            self._owned.shutdown(wait=False, cancel_futures=True)
            self._owned = None

    # ------------------------------------------------------------------ evaluation

    def _jobs(self) -> Executor:
        if self._executor is not None:
            return self._executor
        if self._owned is None:
            self._owned = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="twitchtrack-guidance"
            )
        return self._owned

    def _start_evaluation(self) -> None:
        self._token += 1
        # The journal is an immutable snapshot: safe to read on the worker.
        self._jobs().submit(
            _evaluate_job,
            self._relay,
            self._token,
            self._model.journal,
            self._model.today(),
        )

    def _on_relay_delivered(self, outcome: _Outcome) -> None:
        if outcome.token != self._token:
            return  # the journal changed since: a newer run is coming
        if outcome.report is None:
            self.evaluation_failed.emit(outcome.error or "unknown error")
            return
        self._apply(outcome.report)

    def _apply(self, report: GuidanceReport) -> None:
        self._report = report
        self.banner.set_report(report)
        self.page.set_report(report)
        self.evaluated.emit(report)

    def _on_model_journal_changed(self) -> None:
        # A run already under way used the old journal: its result would briefly
        # bring back a note the user has just dismissed.
        self._token += 1
        self._timer.start()

    # ------------------------------------------------------------------ notes

    def _refresh_notes(self) -> None:
        episode = (
            self._model.episode(self._followed) if self._followed is not None else None
        )
        flags = () if episode is None or episode.deleted else episode.flags
        added = set(flags) - set(self._shown_flags)
        self._shown_flags = flags
        self.panel.show_flags(flags)
        if episode is not None and not episode.deleted:
            self.panel.show_region(episode.region)
        # A symptom just ticked: bring its note (below the area note) into view.
        # The notes are laid out again only later, so this also runs each time
        # the scroll range changes, until the note is in place or the user scrolls.
        self._flags_wanted = bool(added)
        self._scroll_notes_to_flags()

    def _scroll_notes_to_flags(self) -> None:
        flags = self.panel.findChild(QFrame, "guidancePanelFlags")
        if not self._flags_wanted or self.map_area is None or flags is None:
            return
        bar = self.map_area.notes_scroll.verticalScrollBar()
        top = flags.mapTo(self.panel, QPoint(0, 0)).y() - 6
        bar.setValue(min(max(top, 0), bar.maximum()))
        if bar.value() == top:
            self._flags_wanted = False

    def _on_notes_scrolled_by_user(self, _action: int) -> None:
        self._flags_wanted = False

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        if self._followed is not None and self._followed in ids:
            self._refresh_notes()

    def _on_map_region_activated(self, region_id: str, _view: str, _p: QPointF) -> None:
        # A click logs an episode, and the window then follows that one; a
        # read-only window logs nothing, so show the place's note here.
        if self._model.read_only:
            self._followed = None
            self._shown_flags = ()
            self.panel.show_region(region_id)
            self.panel.show_flags(())

    # ------------------------------------------------------------------ changes

    def _on_dismissed(self, item_id: str, fingerprint: str) -> None:
        # "Dismiss" on the banner emits once per note: gather them into one step.
        self._pending[item_id] = fingerprint
        self._dismiss_timer.start()

    def _flush_dismissals(self) -> None:
        pending, self._pending = self._pending, {}
        if not pending:
            return
        if self._model.read_only:
            self._model.dismiss_guidance_items(pending)  # says why it is refused
            if self._report is not None:
                self._apply(self._report)  # the banner hid them already: undo that
            return
        self._model.dismiss_guidance_items(pending)

    def _on_page_built(self) -> None:
        self.page.view.dismissed.connect(self._on_dismissed)

    def _on_restore_requested(self) -> None:
        self._model.restore_guidance()

    def _on_self_check_submitted(self, check: SelfCheck) -> None:
        today = self._model.today()
        answers = {q: getattr(check, q) for q in SELF_CHECK_IDS}
        if all(v is None for v in answers.values()):
            self.page.say(
                "Every question is on Skip, so nothing was saved. Answer any of "
                "them whenever you like."
            )
            return
        existing = self._today_check(today)
        record = (
            existing.edited(**answers)
            if existing is not None
            else SelfCheck.model_validate({"date": today, **answers})
        )
        if self._model.put_record("self_checks", record, "Weekly self-check"):
            self.page.say(f"Saved for {format_day(today, today)}. Ctrl+Z undoes it.")

    def _on_model_records_changed(self, name: str, _ids: object) -> None:
        if name == "self_checks":
            self._show_last_check()

    def _today_check(self, today: date) -> SelfCheck | None:
        found = [
            r
            for r in self._model.records("self_checks")
            if isinstance(r, SelfCheck) and not r.deleted and r.date == today
        ]
        return max(found, key=lambda r: r.updated_at) if found else None

    def _show_last_check(self) -> None:
        today = self._model.today()
        checks = [
            r
            for r in self._model.records("self_checks")
            if isinstance(r, SelfCheck) and not r.deleted and r.date <= today
        ]
        latest = max(checks, key=lambda r: (r.date, r.updated_at)) if checks else None
        self.page.set_last_check(latest, today)
