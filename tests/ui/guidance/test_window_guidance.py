"""Guidance in the main window: area notes follow the map, ticked symptoms explain,
red flags show as a banner that dismisses (saved, undoable), and the self-check."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QFrame
from pytestqt.qtbot import QtBot

from twitchtrack.domain.guidance import GuidanceReport, evaluate
from twitchtrack.domain.models import DayLog, Episode, Journal, SelfCheck
from twitchtrack.domain.regions import region
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import Session
from twitchtrack.ui.guidance import style as gp
from twitchtrack.ui.guidance.hub import GuidanceHub
from twitchtrack.ui.jobs import JobRunner
from twitchtrack.ui.style import colours
from twitchtrack.ui.window.main_window import MainWindow

from ..conftest import MakeModel, OpenWindow, durable, on_disk

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 31, 18, 0, tzinfo=TZ)
TODAY = NOW.date()

# The offscreen platform notes that it cannot pass size hints to a window manager
# whenever a top-level widget is shown; that is not a defect of the window.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def at(back: int, hour: int = 12) -> datetime:
    day = TODAY - timedelta(days=back)
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def weakness_journal() -> Journal:
    """Calf twitches, one of them with weakness ticked: one red flag."""
    return Journal(
        episodes=[
            Episode(at=at(5), region="calf_left"),
            Episode(at=at(3), region="calf_left", weakness=True),
        ]
    )


def save(folder: Path, journal: Journal) -> None:
    JournalStore(folder).save(journal)


def opened(
    qtbot: QtBot, open_window: OpenWindow, **options: Any
) -> tuple[Session, MainWindow]:
    """A shown window with a fixed clock whose guidance runs without a delay."""
    session = open_window(clock=lambda: NOW, **options)
    window = session.window
    window.guidance.set_delay(0)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.body_map.setFocus()
    return session, window


def wait_report(qtbot: QtBot, hub: GuidanceHub) -> GuidanceReport:
    """The first report (the window runs the rules once it has opened)."""
    if hub.report is None:
        with qtbot.waitSignal(hub.evaluated, timeout=10_000):
            pass
    assert hub.report is not None
    return hub.report


def click_region(qtbot: QtBot, window: MainWindow, region_id: str) -> None:
    """Click the middle of a region on the body map, as a user would."""
    body_map = window.body_map
    body_map.set_view(region(region_id).view.value)
    inside = body_map.map_from_view(body_map.geometry_model.interior_point(region_id))
    assert body_map.region_at(inside) == region_id
    point = QPoint(round(inside.x()), round(inside.y()))
    qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=point)


def button(window: MainWindow, name: str) -> QAbstractButton:
    found = window.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


def click(qtbot: QtBot, widget: QAbstractButton) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def ctrl_z(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def banner_ids(window: MainWindow) -> list[str]:
    return [i.id for i in window.guidance.banner.items]


# ------------------------------------------------------------------ area notes


def test_clicking_the_map_shows_that_areas_notes(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    _, window = opened(qtbot, open_window)
    panel = window.guidance.panel
    content = window.guidance.content
    assert panel.current_topic_id is None  # nothing selected yet
    assert window.guidance.map_area is not None
    assert window.guidance.map_area.isVisible()

    click_region(qtbot, window, "calf_left")
    legs = content.for_region("calf_left")
    assert legs is not None
    assert panel.current_topic_id == legs.id
    assert legs.title in panel.region_note_text()
    assert legs.body[0] in panel.region_note_text()

    click_region(qtbot, window, "eyelid_upper_left")
    eyes = content.for_region("eyelid_upper_left")
    assert eyes is not None
    assert eyes.id != legs.id
    assert panel.current_topic_id == eyes.id
    assert eyes.title in panel.region_note_text()


def test_choosing_an_episode_in_history_shows_its_areas_notes(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    episode = Episode(at=at(2), region="tongue")
    save(data_dir, Journal(episodes=[episode]))
    _, window = opened(qtbot, open_window)
    window.history.episode_activated.emit(episode.id)
    assert window.current_view() == "log"
    mouth = window.guidance.content.for_region("tongue")
    assert mouth is not None
    assert window.guidance.panel.current_topic_id == mouth.id


def test_ticking_a_symptom_flag_shows_the_doctor_note(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    session, window = opened(qtbot, open_window)
    panel = window.guidance.panel
    click_region(qtbot, window, "thigh_front_right")
    assert panel.flag_note_text() == ""

    box = window.details.findChild(QCheckBox, "episode_flag_weakness")
    assert box is not None
    click(qtbot, box)
    weakness = window.guidance.content.for_flag("weakness")
    assert weakness is not None
    assert weakness.title in panel.flag_note_text()
    assert weakness.body[0] in panel.flag_note_text()
    # The note follows the episode, not the check box: it is the model's value.
    assert session.model.journal.live_episodes()[0].weakness is True

    numb = window.details.findChild(QCheckBox, "episode_flag_numbness")
    assert numb is not None
    click(qtbot, numb)
    numbness = window.guidance.content.for_flag("numbness")
    assert numbness is not None
    assert numbness.title in panel.flag_note_text()
    # Two notes do not fit beside the map: the newly ticked one is scrolled to.
    area = window.guidance.map_area
    assert area is not None
    flags = panel.findChild(QFrame, "guidancePanelFlags")
    assert flags is not None

    def flags_in_view() -> bool:
        top = flags.mapTo(area.notes_scroll.viewport(), QPoint(0, 0)).y()
        return area.notes_scroll.verticalScrollBar().value() > 0 and top >= 0

    qtbot.waitUntil(flags_in_view)

    click(qtbot, box)
    click(qtbot, numb)
    assert panel.flag_note_text() == ""
    # Undo (the window's Ctrl+Z) brings the ticked flag and its note back.
    ctrl_z(qtbot, window)
    assert numbness.title in panel.flag_note_text()


def test_notes_sit_beside_a_wide_map_and_below_a_narrow_one(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    _, window = opened(qtbot, open_window)
    area = window.guidance.map_area
    assert area is not None

    def beside() -> bool:
        notes, map_box = area.notes_scroll.geometry(), window.map_panel.geometry()
        return notes.left() > map_box.right() and notes.top() == map_box.top()

    def below() -> bool:
        notes, map_box = area.notes_scroll.geometry(), window.map_panel.geometry()
        return notes.top() > map_box.bottom() and notes.width() == map_box.width()

    window.resize(1280, 800)
    qtbot.waitUntil(lambda: area.is_wide() and beside())
    window.resize(960, 1000)
    qtbot.waitUntil(lambda: area.mode() == "below" and below())
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: area.is_wide() and beside())


def test_a_small_window_folds_the_notes_into_a_line_that_opens_them(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    # At 960x640 the notes under the map left the figure ~130 px high (#12): there
    # they fold into one line under the map, which opens them in its place.
    _, window = opened(qtbot, open_window)
    area = window.guidance.map_area
    assert area is not None
    window.resize(960, 640)
    qtbot.waitUntil(lambda: area.mode() == "folded")
    # Before a place is chosen the notes only say to choose one: no line yet.
    assert not area.fold_bar.isVisible()
    assert not area.notes_scroll.isVisible()
    assert window.map_panel.isVisible()
    click_region(qtbot, window, "calf_left")
    assert area.fold_bar.isVisible()
    legs = window.guidance.content.for_region("calf_left")
    assert legs is not None
    assert legs.title in area.fold_label.text()
    click(qtbot, area.fold_button)  # "Read"
    assert area.is_reading()
    assert area.notes_scroll.isVisible()
    assert not window.map_panel.isVisible()
    assert legs.title in window.guidance.panel.region_note_text()
    click(qtbot, area.fold_button)  # "Back to the map"
    assert not area.is_reading()
    assert window.map_panel.isVisible()
    # A ticked symptom is named on the folded line.
    box = window.details.findChild(QCheckBox, "episode_flag_weakness")
    assert box is not None
    click(qtbot, box)
    assert "1 symptom worth a doctor's look" in area.fold_label.text()
    # Room again: the notes come back beside the map.
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: area.is_wide() and area.notes_scroll.isVisible())
    assert not area.fold_bar.isVisible()


# ------------------------------------------------------------------ banner


def test_a_weakness_flag_shows_the_banner_dismiss_is_saved_and_undone(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    save(data_dir, weakness_journal())
    session, window = opened(qtbot, open_window)
    report = wait_report(qtbot, window.guidance)
    assert [i.id for i in report.red_flags] == ["weakness"]
    banner = window.guidance.banner
    assert banner.isVisible()
    assert banner_ids(window) == ["weakness"]
    assert "weakness" in banner.summary_text().lower()

    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        click(qtbot, button(window, "redFlagBannerDismiss"))
    assert not banner.isVisible()
    fingerprint = report.red_flags[0].fingerprint
    assert on_disk(data_dir).settings.dismissed_guidance == {"weakness": fingerprint}
    # Run again over the changed journal, the note stays dismissed.
    assert window.guidance.report is not None
    assert [i.id for i in window.guidance.report.hidden] == ["weakness"]
    assert not banner.isVisible()

    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        ctrl_z(qtbot, window)
    assert banner.isVisible()
    assert banner_ids(window) == ["weakness"]
    assert on_disk(data_dir).settings.dismissed_guidance == {}


def test_dismiss_all_is_one_undo_step(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    journal = weakness_journal()
    journal = journal.with_records(
        episodes=[Episode(at=at(1), region="tongue", numbness=True)]
    )
    save(data_dir, journal)
    session, window = opened(qtbot, open_window)
    wait_report(qtbot, window.guidance)
    assert set(banner_ids(window)) == {"weakness", "numbness", "tongue"}
    model = session.model
    with durable(qtbot, model), qtbot.waitSignal(model.settings_changed):
        click(qtbot, button(window, "redFlagBannerDismiss"))
    stored = on_disk(data_dir).settings.dismissed_guidance
    assert set(stored) == {"weakness", "numbness", "tongue"}
    assert session.model.undo_stack.count() == 1
    with qtbot.waitSignal(window.guidance.evaluated):
        ctrl_z(qtbot, window)
    assert set(banner_ids(window)) == {"weakness", "numbness", "tongue"}


def test_a_dismissed_flag_returns_when_the_data_change(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    save(data_dir, weakness_journal())
    session, window = opened(qtbot, open_window)
    wait_report(qtbot, window.guidance)
    with qtbot.waitSignal(window.guidance.evaluated):
        click(qtbot, button(window, "redFlagBannerDismiss"))
    assert not window.guidance.banner.isVisible()
    # Another twitch with weakness is new information: the note comes back.
    with qtbot.waitSignal(window.guidance.evaluated):
        session.model.log_episode("calf_left", at=at(0, 9), weakness=True)
    assert banner_ids(window) == ["weakness"]
    assert window.guidance.banner.isVisible()


def test_details_opens_the_guidance_view_at_that_note(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    # Enough notes (three red flags and tips) that the view has to scroll.
    journal = weakness_journal().with_records(
        episodes=[
            Episode(at=at(2), region="tongue", numbness=True, speech_swallowing=True),
            Episode(at=at(1), region="forearm_front_left", wasting=True),
        ],
        days=[
            DayLog.for_day(TODAY - timedelta(days=i), sleep_h=5.0, water_ml=600.0)
            for i in range(10)
        ],
    )
    save(data_dir, journal)
    _, window = opened(qtbot, open_window)
    report = wait_report(qtbot, window.guidance)
    last = report.red_flags[-1].id
    details = button(window, "redFlagBannerDetailsButton")
    click(qtbot, details)
    assert window.current_view() == "guidance"
    # The Guidance view lists the same notes: the banner rests there.
    assert not window.guidance.banner.isVisible()
    assert not details.isChecked()
    assert window.guidance.page.view.item_ids()[: len(report.red_flags)] == [
        i.id for i in report.red_flags
    ]
    # Clicking Details opens the first note; open_item scrolls to any of them.
    window.guidance.open_item(last)
    scroll = window.guidance.page.scroll_area()
    assert scroll is not None
    card = window.guidance.page.view.findChild(QFrame, f"guidanceItem_{last}")
    assert card is not None

    def card_at_top() -> bool:
        inner = scroll.widget()
        top = card.mapTo(inner, QPoint(0, 0)).y()
        return scroll.verticalScrollBar().value() == max(0, top - 8) > 0

    qtbot.waitUntil(card_at_top)
    window.set_view("log")
    assert window.guidance.banner.isVisible()


def test_more_in_guidance_opens_the_area_topic(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    _, window = opened(qtbot, open_window)
    window.set_view("guidance")
    window.guidance.page.view.set_filter("caffeine")
    window.set_view("log")
    click_region(qtbot, window, "upper_back_left")
    topic = window.guidance.panel.current_topic_id
    assert topic is not None
    click(qtbot, button(window, "guidancePanelMore"))
    assert window.current_view() == "guidance"
    page = window.guidance.page
    assert topic in page.view.visible_topic_ids()  # the search was cleared
    scroll = page.scroll_area()
    card = page.view.findChild(QFrame, f"guidanceTopic_{topic}")
    assert scroll is not None
    assert card is not None
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0)
    top = card.mapTo(scroll.widget(), QPoint(0, 0)).y()
    assert scroll.verticalScrollBar().value() == top - 8


def test_dismissing_in_the_guidance_view_and_showing_again(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    days = [DayLog.for_day(TODAY - timedelta(days=i), sleep_h=5.5) for i in range(10)]
    save(data_dir, Journal(days=days))
    session, window = opened(qtbot, open_window)
    wait_report(qtbot, window.guidance)
    window.set_view("guidance")
    page = window.guidance.page
    assert page.view.item_ids() == ["sleep_short"]
    assert not window.guidance.banner.isVisible()  # a tip is not a red flag
    restore = button(window, "guidanceRestore")
    assert not restore.isVisible()

    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        click(qtbot, button(window, "guidanceDismiss_sleep_short"))
    assert page.view.item_ids() == []
    assert "sleep_short" in on_disk(data_dir).settings.dismissed_guidance
    assert restore.isVisible()
    assert "1 note" in page.hidden_text.text()

    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        click(qtbot, restore)
    assert page.view.item_ids() == ["sleep_short"]
    assert on_disk(data_dir).settings.dismissed_guidance == {}
    assert not restore.isVisible()


# ------------------------------------------------------------------ self-check


def test_a_submitted_self_check_is_saved_and_a_yes_raises_its_flag(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session, window = opened(qtbot, open_window)
    assert wait_report(qtbot, window.guidance).red_flags == []
    window.set_view("guidance")
    click(qtbot, button(window, "selfCheck_weakness_yes"))
    click(qtbot, button(window, "selfCheck_falls_no"))
    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        click(qtbot, button(window, "selfCheckSave"))
    checks = on_disk(data_dir).self_checks
    assert len(checks) == 1
    assert checks[0].date == TODAY
    assert (checks[0].weakness, checks[0].falls, checks[0].wasting) == (
        True,
        False,
        None,
    )
    assert "Saved for" in window.guidance.page.status.text()

    window.set_view("log")
    assert window.guidance.banner.isVisible()
    assert banner_ids(window) == ["self_check_weakness"]

    # Saving again the same day corrects today's answers rather than adding more.
    window.set_view("guidance")
    click(qtbot, button(window, "selfCheck_weakness_no"))
    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        click(qtbot, button(window, "selfCheckSave"))
    checks = on_disk(data_dir).self_checks
    assert [(c.id, c.weakness) for c in checks] == [(checks[0].id, False)]
    assert banner_ids(window) == []

    # Ctrl+Z puts the first answers back, and with them the note.
    with durable(qtbot, session.model), qtbot.waitSignal(window.guidance.evaluated):
        ctrl_z(qtbot, window)
    assert on_disk(data_dir).self_checks[0].weakness is True
    assert banner_ids(window) == ["self_check_weakness"]


def test_a_self_check_with_every_answer_skipped_saves_nothing(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session, window = opened(qtbot, open_window)
    window.set_view("guidance")
    click(qtbot, button(window, "selfCheckSave"))
    assert list(session.model.records("self_checks")) == []
    assert session.model.undo_stack.count() == 0
    assert "nothing was saved" in window.guidance.page.status.text()


def test_the_last_self_check_is_shown_and_todays_answers_are_filled_in(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    journal = Journal(
        self_checks=[
            SelfCheck(date=TODAY - timedelta(days=7), weakness=False),
            SelfCheck(date=TODAY, wasting=True, falls=False),
        ]
    )
    save(data_dir, journal)
    _, window = opened(qtbot, open_window)
    assert not window.guidance.page.is_built()  # made when first shown
    window.set_view("guidance")
    assert "Today's answers are saved" in window.guidance.page.status.text()
    assert button(window, "selfCheck_wasting_yes").isChecked()
    assert button(window, "selfCheck_falls_no").isChecked()
    assert button(window, "selfCheck_weakness_skip").isChecked()


# ------------------------------------------------------------------ read-only


def test_a_read_only_window_shows_notes_but_changes_nothing(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    save(data_dir, weakness_journal())
    first, _ = opened(qtbot, open_window)
    second, window = opened(qtbot, open_window)  # the second one is read-only
    assert not first.model.read_only
    assert second.model.read_only
    wait_report(qtbot, window.guidance)
    click_region(qtbot, window, "upper_arm_front_left")
    arms = window.guidance.content.for_region("upper_arm_front_left")
    assert arms is not None
    assert window.guidance.panel.current_topic_id == arms.id
    window.set_view("guidance")
    assert not button(window, "selfCheckSave").isEnabled()
    assert not button(window, "guidanceRestore").isEnabled()
    window.set_view("log")
    click(qtbot, button(window, "redFlagBannerDismiss"))
    # Refused (read-only): the note comes straight back and nothing is stored.
    qtbot.waitUntil(lambda: banner_ids(window) == ["weakness"])
    assert window.guidance.banner.isVisible()
    assert "read-only" in window.statusBar().currentMessage()
    assert second.model.settings.dismissed_guidance == {}
    assert on_disk(data_dir).settings.dismissed_guidance == {}


# ------------------------------------------------------------------ off the UI thread


class HeldExecutor(Executor):
    """Keeps submitted jobs until the test runs them (on another thread)."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], None]] = []
        self.threads: list[str] = []

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()

        def run() -> None:
            self.threads.append(threading.current_thread().name)
            future.set_result(fn(*args, **kwargs))

        self.jobs.append(run)
        return future

    def run_next(self) -> None:
        worker = threading.Thread(target=self.jobs.pop(0), name="held-worker")
        worker.start()
        worker.join()


def test_rules_run_on_a_worker_and_a_result_for_an_older_journal_is_dropped(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    save(data_dir, weakness_journal())
    model = make_model(clock=lambda: NOW)
    executor = HeldExecutor()
    hub = GuidanceHub(model, delay_ms=0, executor=executor)
    qtbot.waitUntil(lambda: len(executor.jobs) == 1)
    seen: list[GuidanceReport] = []
    hub.evaluated.connect(seen.append)

    # The journal changes while the first run is under way.
    model.log_episode("tongue", at=at(0, 8))
    executor.run_next()
    with qtbot.assertNotEmitted(hub.evaluated, wait=50):
        pass
    assert seen == []  # the older journal's result never reaches the banner
    qtbot.waitUntil(lambda: len(executor.jobs) == 1)
    with qtbot.waitSignal(hub.evaluated):
        executor.run_next()
    assert [i.id for i in seen[-1].red_flags] == ["weakness", "tongue"]
    assert executor.threads == ["held-worker", "held-worker"]
    assert hub.banner.items == seen[-1].red_flags
    hub.shutdown()
    hub.banner.deleteLater()
    hub.panel.deleteLater()
    hub.page.deleteLater()
    hub.banner_slot.deleteLater()


def test_the_rules_job_keeps_the_collector_off_until_its_report_is_sent(
    qtbot: QtBot,
) -> None:
    # Any allocation on the worker could start a collection there, and a collection
    # there could destroy garbage Qt objects off the GUI thread.
    qtbot.waitUntil(gc.isenabled)  # no other worker holds it off right now
    executor = HeldExecutor()
    runner = JobRunner(executor=executor)  # as the hub runs the rules
    sent: list[bool] = []
    runner._delivered.connect(
        lambda _ticket, _result: sent.append(gc.isenabled()),
        Qt.ConnectionType.DirectConnection,  # runs on the worker, as it emits
    )
    journal = weakness_journal()
    runner.run("rules", lambda: evaluate(journal, TODAY))
    executor.run_next()  # on a worker thread, joined: the slot above has run
    assert sent == [False]
    runner.shutdown()
    runner.deleteLater()


def test_evaluate_now_runs_in_place(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    save(data_dir, weakness_journal())
    model = make_model(clock=lambda: NOW)
    hub = GuidanceHub(model, delay_ms=60_000)
    report = hub.evaluate_now()
    assert [i.id for i in report.red_flags] == ["weakness"]
    assert hub.banner.items == report.red_flags
    assert report.today == date(2026, 3, 31)
    hub.shutdown()
    for widget in (hub.banner_slot, hub.panel, hub.page):
        widget.deleteLater()


def test_dark_mode_restyles_every_guidance_part(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    save(data_dir, weakness_journal())
    _, window = opened(qtbot, open_window)
    hub = window.guidance
    dark_text = colours(True).text
    hub.set_dark(True)
    window.set_view("guidance")  # built after the switch: dark from the start
    parts = [hub.banner, hub.panel, hub.page.view, hub.page.form]
    for part in parts:
        sheet = part.styleSheet()
        assert dark_text in sheet
        assert gp.INK not in sheet  # no dark-on-dark text left
        assert gp.PAPER not in sheet  # no white cards in a dark window
    hub.set_dark(False)
    for part in parts:
        assert gp.INK in part.styleSheet()
        assert dark_text not in part.styleSheet()
