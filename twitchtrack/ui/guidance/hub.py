"""The guidance hub: runs the rules over the journal and drives every guidance widget.

The rules run after the journal changes (debounced, on a worker thread, because a
long journal takes tens of milliseconds); dismissals and self-checks go through the
``JournalModel`` so they are undoable and saved like any other change.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Executor
from datetime import date

from PySide6.QtCore import QObject, QPoint, QPointF, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from twitchtrack.domain.guidance import (
    SELF_CHECK_IDS,
    GuidanceContent,
    GuidanceContentError,
    GuidanceReport,
    evaluate,
)
from twitchtrack.domain.models import SelfCheck
from twitchtrack.domain.text import format_day
from twitchtrack.ui.guidance.banner import RedFlagBanner
from twitchtrack.ui.guidance.content import load_guidance_content
from twitchtrack.ui.guidance.map_notes import MapWithNotes
from twitchtrack.ui.guidance.page import PAGE_NAME, GuidancePage
from twitchtrack.ui.guidance.panel import GuidancePanel
from twitchtrack.ui.jobs import JobResult, JobRunner
from twitchtrack.ui.model import JournalModel

# After the last change, wait this long before running the rules again: a slider
# being dragged or a note being typed is one change, not fifty.
DEFAULT_DELAY_MS = 300
_RULES = "rules"  # the job channel: a newer run makes an older result stale


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
        self._jobs = JobRunner(
            self, executor=executor, thread_name="twitchtrack-guidance"
        )
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
        self._jobs.drop(_RULES)
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
        if self.map_area is not None:
            self.map_area.set_dark(dark)
        self.page.set_dark(dark)

    def shutdown(self) -> None:
        """Stop background work (the window is closing)."""
        self._timer.stop()
        self._jobs.shutdown()

    # ------------------------------------------------------------------ evaluation

    def _start_evaluation(self) -> None:
        # The journal is an immutable snapshot: safe to read on the worker.
        journal, today = self._model.journal, self._model.today()
        self._jobs.run(
            _RULES, lambda: evaluate(journal, today), self._on_evaluated, channel=_RULES
        )

    def _on_evaluated(self, result: JobResult) -> None:
        if not result.ok:
            self.evaluation_failed.emit(result.message or "unknown error")
            return
        self._apply(result.value)

    def _apply(self, report: GuidanceReport) -> None:
        self._report = report
        self.banner.set_report(report)
        self.page.set_report(report)
        self.evaluated.emit(report)

    def _on_model_journal_changed(self) -> None:
        # A run already under way used the old journal: its result would briefly
        # bring back a note the user has just dismissed.
        self._jobs.drop(_RULES)
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
