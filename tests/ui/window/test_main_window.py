"""The main window end to end: click to log, undo/redo on disk, errors, other apps."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Episode, Journal, Units
from twitchtrack.domain.regions import region
from twitchtrack.storage.errors import JournalError, SaveError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui import app as app_module
from twitchtrack.ui.app import (
    OTHER_WINDOW_REASON,
    Session,
    bad_journal_dialog,
    make_demo_folder,
    open_session,
)
from twitchtrack.ui.window.main_window import MainWindow
from twitchtrack.ui.window.screenshot import render_screenshot

from ..conftest import FAST, OpenWindow, durable, on_disk

ROOT = Path(__file__).resolve().parents[3]
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def shown(session: Session, qtbot: QtBot) -> MainWindow:
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    # Window shortcuts (Ctrl+Z, Ctrl+2) need an active window with focus inside.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.body_map.setFocus()
    return window


def click_region(qtbot: QtBot, window: MainWindow, region_id: str) -> None:
    """Click the middle of a region on the body map, as a user would."""
    body_map = window.body_map
    body_map.set_view(region(region_id).view.value)
    inside = body_map.geometry_model.interior_point(region_id)
    pos = body_map.map_from_view(inside)
    assert body_map.region_at(pos) == region_id
    qtbot.mouseClick(
        body_map, Qt.MouseButton.LeftButton, pos=QPoint(round(pos.x()), round(pos.y()))
    )


def test_a_click_on_the_map_logs_an_episode_on_disk(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window()
    window = shown(session, qtbot)
    assert window.first_run_hint.isVisible()
    with durable(qtbot, session.model):
        click_region(qtbot, window, "thigh_front_left")
    episodes = on_disk(data_dir).live_episodes()
    assert [e.region for e in episodes] == ["thigh_front_left"]
    assert episodes[0].tap is not None
    assert episodes[0].tap.view == "front"
    # The new episode is selected in the details panel and on the map.
    assert window.details.episode_id == episodes[0].id
    assert window.body_map.selected() == "thigh_front_left"
    assert not window.first_run_hint.isVisible()
    assert window.saved_label.text().startswith("Saved ")


def test_editing_details_persists_and_ctrl_z_shift_z_work_on_disk(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window()
    window = shown(session, qtbot)
    with durable(qtbot, session.model):
        click_region(qtbot, window, "shin_right")
    with durable(qtbot, session.model):
        window.details.intensity.setValue(8)
    assert on_disk(data_dir).live_episodes()[0].intensity == 8

    with durable(qtbot, session.model):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(data_dir).live_episodes()[0].intensity == 3  # edit undone
    with durable(qtbot, session.model):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(data_dir).live_episodes() == []  # logging undone
    with durable(qtbot, session.model):
        qtbot.keyClick(
            window,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert [e.region for e in on_disk(data_dir).live_episodes()] == ["shin_right"]
    # Redo brings the episode back into the details panel too.
    assert window.details.pages.currentIndex() == 1


def test_a_failed_save_shows_the_error_bar_and_the_change_survives(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = open_window(retry_delays_ms=(60_000,))
    window = shown(session, qtbot)
    folder_mode = data_dir.stat().st_mode
    real_save = session.store.save
    if os.geteuid() == 0:
        # root ignores folder permissions, so make the store fail the way a full
        # or read-only disk does.
        def broken(journal: Journal, base: Journal | None = None) -> Journal:
            raise SaveError(
                f"could not create a temporary file in {data_dir}: read-only"
            )

        monkeypatch.setattr(session.store, "save", broken)
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        data_dir.chmod(0o500)
    try:
        with qtbot.waitSignal(session.model.save_failed):
            click_region(qtbot, window, "thigh_front_left")
        assert window.error_bar.isVisible()
        assert str(data_dir) in window.error_bar.label.text()
        assert window.saved_label.text() == "Not saved yet"
        assert session.model.live_episode_count() == 1  # still here
    finally:
        data_dir.chmod(folder_mode)
        monkeypatch.setattr(session.store, "save", real_save)
    assert window.error_bar.button is not None
    with durable(qtbot, session.model):
        qtbot.mouseClick(window.error_bar.button, Qt.MouseButton.LeftButton)
    assert not window.error_bar.isVisible()
    assert [e.region for e in on_disk(data_dir).live_episodes()] == ["thigh_front_left"]


def test_an_episode_logged_by_the_cli_appears_and_nothing_is_lost(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window()
    window = shown(session, qtbot)
    with durable(qtbot, session.model):
        click_region(qtbot, window, "thigh_front_left")
    env = {**os.environ, "TWITCHTRACK_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "twitchtrack", "log", "calf_right", "--intensity", "6"],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    window.set_view("history")
    qtbot.waitUntil(lambda: window.history.table_model.total() == 2, timeout=10_000)
    assert window.count_label.text() == "2 episodes"
    # A later change in the window keeps the CLI's record on disk.
    with durable(qtbot, session.model):
        click_region(qtbot, window, "chest_left")
    regions = sorted(e.region for e in on_disk(data_dir).live_episodes())
    assert regions == ["calf_right", "chest_left", "thigh_front_left"]


def test_a_second_window_on_the_same_folder_is_read_only(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    first = open_window()
    second = open_window()
    assert not first.model.read_only
    assert second.model.read_only
    window = shown(second, qtbot)
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.label.text() == OTHER_WINDOW_REASON
    assert "read-only" in window.windowTitle()
    click_region(qtbot, window, "thigh_front_left")
    assert second.model.live_episode_count() == 0
    assert not window.details.intensity.isEnabled()
    # The first window's changes still reach the second one.
    with durable(qtbot, first.model):
        first.model.log_episode("chin", at=AT)
    second.model.check_external()
    qtbot.waitUntil(lambda: second.model.live_episode_count() == 1)


def test_window_size_and_view_are_remembered(
    qtbot: QtBot, data_dir: Path, settings: QSettings
) -> None:
    session = open_session(data_dir, settings, **FAST)
    assert session is not None
    qtbot.addWidget(session.window)
    session.window.set_view("history")
    session.window.resize(1100, 720)
    session.window.close()
    session.close()

    again = open_session(data_dir, settings, **FAST)
    assert again is not None
    qtbot.addWidget(again.window)
    try:
        assert again.window.current_view() == "history"
        assert isinstance(settings.value("window/geometry"), bytes | QByteArray)
        # Without a stored geometry a window opens at 1280x800; the offscreen test
        # screen is smaller, so Qt fits the restored 1100 px into it (never 1280).
        assert again.window.size().width() < 1280
    finally:
        again.window.close()
        again.close()


def test_view_shortcuts_switch_pages(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = shown(open_window(), qtbot)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == "history"
    qtbot.mouseClick(window.nav_buttons["guidance"], Qt.MouseButton.LeftButton)
    assert window.current_view() == "guidance"
    with pytest.raises(ValueError, match="unknown view"):
        window.set_view("nowhere")


def test_units_menu_switches_the_check_in_to_us_units(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    session = open_window()
    window = session.window
    with durable(qtbot, session.model):
        window.units_actions[Units.US].trigger()
    assert window.checkin.numbers["water_ml"].unit.text() == "fl oz"
    assert on_disk(data_dir).settings.units == Units.US


def test_a_damaged_journal_is_never_overwritten(
    qtbot: QtBot, data_dir: Path, settings: QSettings
) -> None:
    store = JournalStore(data_dir)
    good = Episode(at=AT, region="chin")
    store.save(Journal(episodes=[good]))
    assert store.backup("manual") is not None
    damaged = b'{"format": "twitchtrack-journal", "schema_version": 1, "episodes": [\n'
    store.path.write_bytes(damaged)
    asked: list[tuple[JournalError, bool]] = []

    def decline(_store: JournalStore, error: JournalError, has_backup: bool) -> str:
        asked.append((error, has_backup))
        return "quit"

    assert open_session(data_dir, settings, ask=decline, **FAST) is None
    assert asked
    assert asked[0][1] is True
    assert store.path.read_bytes() == damaged

    session = open_session(data_dir, settings, ask=lambda *_: "backup", **FAST)
    assert session is not None
    qtbot.addWidget(session.window)
    try:
        assert session.model.read_only
        assert session.model.episode(good.id) == good
        assert "cannot be read" in (session.model.read_only_reason or "")
        session.model.log_episode("chin")
    finally:
        session.window.close()
        session.close()
    assert store.path.read_bytes() == damaged


def test_the_damaged_journal_dialog_names_file_and_problem(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    error = JournalError(
        store.path, "line 3, column 1", "not valid JSON: Expecting value"
    )
    box = bad_journal_dialog(store, error, has_backup=True)
    try:
        assert str(store.path) in box.text()
        assert "line 3, column 1" in box.informativeText()
        assert "Expecting value" in box.informativeText()
        names = {b.objectName() for b in box.buttons()}
        assert names == {"restore_backup_button", "open_backup_button", "quit_button"}
    finally:
        box.deleteLater()
    no_backup = bad_journal_dialog(store, error, has_backup=False)
    assert {b.objectName() for b in no_backup.buttons()} == {"quit_button"}
    no_backup.deleteLater()


def test_closing_with_an_unsaveable_change_asks_first(
    qtbot: QtBot,
    open_window: OpenWindow,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    session = open_window(save_delay_ms=60_000)
    window = shown(session, qtbot)
    session.model.log_episode("chin", at=AT)
    real_save = session.store.save

    def broken(journal: Journal, base: Journal | None = None) -> Journal:
        raise SaveError("disk full")

    monkeypatch.setattr(session.store, "save", broken)
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: answers.pop(0))
    assert not window.close()  # the user kept the window open
    assert window.isVisible()
    monkeypatch.setattr(session.store, "save", real_save)
    assert window.close()
    assert [e.region for e in on_disk(data_dir).live_episodes()] == ["chin"]


def test_demo_folder_is_temporary_and_filled(data_dir: Path) -> None:
    folder = make_demo_folder(days=20)
    try:
        assert folder != data_dir
        assert not folder.is_relative_to(data_dir)
        assert len(JournalStore(folder).load().live_episodes()) > 10
    finally:
        import shutil

        shutil.rmtree(folder)
    assert not (data_dir / "journal.json").exists()


@pytest.mark.parametrize("view", ["log", "history"])
def test_render_screenshot_writes_a_png_of_the_requested_size(
    qtbot: QtBot, tmp_path: Path, view: str
) -> None:
    out = render_screenshot(
        None, tmp_path / f"{view}.png", view, (1100, 720), demo=True
    )
    image = QImage(str(out))
    assert out.stat().st_size > 10_000
    assert (image.width(), image.height()) == (1100, 720)


def test_render_screenshot_refuses_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        render_screenshot(None, tmp_path / "x.png", "charts", (1280, 800), demo=True)
    with pytest.raises(ValueError, match="from 960x640 to 7680x4320"):
        render_screenshot(None, tmp_path / "x.png", "log", (300, 200), demo=True)


def test_run_gui_demo_uses_a_throwaway_folder(
    qtbot: QtBot, qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Path] = []
    real = app_module.make_demo_folder

    def small_demo(**kwargs: object) -> Path:
        folder = real(days=14)
        made.append(folder)
        return folder

    monkeypatch.setattr(app_module, "make_demo_folder", small_demo)
    shown_titles: list[str] = []

    def close_when_shown() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        visible = [w for w in windows if w.isVisible()]
        if not visible:
            QTimer.singleShot(20, close_when_shown)
            return
        shown_titles.extend(w.windowTitle() for w in visible)
        assert all(w.demo_banner.isVisible() for w in visible)
        qapp.closeAllWindows()

    QTimer.singleShot(0, close_when_shown)
    try:
        assert app_module.run_gui(None, demo=True) == 0
    finally:
        gc.unfreeze()  # run_gui freezes what it loaded; give the test process it back
    assert shown_titles == ["twitchtrack — demo journal"]
    assert made
    assert not made[0].exists()  # thrown away on exit
    assert not (data_dir / "journal.json").exists()  # the user's journal untouched


def test_the_four_views_are_the_real_pages(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window().window
    assert window.pages == {
        "log": window.pages["log"],
        "history": window.history,
        "trends": window.trends_page,
        "guidance": window.guidance.page,
    }
    # Nothing built only to be thrown away: one page per view in the stack.
    assert window.stack.count() == len(window.pages)
    for name in window.pages:
        window.set_view(name)
        assert window.current_view() == name


def test_opening_a_window_leaves_a_workers_collector_pause_alone(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(gc.isenabled)  # no other worker holds it off right now
    started, release = threading.Event(), threading.Event()

    def worker() -> None:  # another window's save, say, that starts meanwhile
        with paused_collector():
            started.set()
            release.wait(10)

    thread = threading.Thread(target=worker)
    real_window = app_module.MainWindow

    def window_while_a_worker_starts(*args: object, **kwargs: object) -> MainWindow:
        thread.start()
        assert started.wait(10)
        return real_window(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "MainWindow", window_while_a_worker_starts)
    try:
        open_window()
        # The worker is still running Python: a collection on its thread could
        # destroy garbage Qt objects there.
        assert not gc.isenabled()
    finally:
        release.set()
        thread.join()


def test_the_application_lets_its_window_thread_at_the_gil_often(qapp: object) -> None:
    # Workers (saving, guidance, trends) run Python; at the default 5 ms switch
    # interval the window's thread waited up to 17 ms for the GIL (benchmarks).
    previous = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        app_module.make_application()
        assert sys.getswitchinterval() <= 0.002
    finally:
        sys.setswitchinterval(previous)
