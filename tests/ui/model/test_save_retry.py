"""After "Changes not saved" -> Cancel the window keeps retrying (issue #13, item 5).

The failure is real: the lock file's place is taken by a folder, so no save can
take the lock until it is gone (as a full disk would be freed).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from twitchtrack.storage.journal_store import LOCK_FILE

from ..conftest import MakeModel, OpenWindow, on_disk

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _block(folder: Path) -> Path:
    lock = folder / LOCK_FILE
    lock.unlink(missing_ok=True)
    lock.mkdir()
    return lock


def test_cancel_on_close_keeps_the_retry_going(
    qtbot: QtBot,
    open_window: OpenWindow,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    session = open_window(save_delay_ms=60_000, retry_delays_ms=(50,))
    window = session.window
    window.show()
    qtbot.waitExposed(window)
    model = session.model
    blocker = _block(data_dir)
    episode = model.log_episode("chin", at=AT)
    assert episode is not None
    asked: list[str] = []

    def cancel(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", cancel)
    assert not window.close()  # "Changes not saved" -> Cancel: the window stays
    assert asked == ["Changes not saved"]
    assert window.isVisible()
    assert model.is_dirty
    assert "lock" in (model.last_error or "")

    blocker.rmdir()  # the space is free again; nobody touches the window
    qtbot.waitUntil(lambda: not model.is_dirty, timeout=10_000)
    assert [e.id for e in on_disk(data_dir).live_episodes()] == [episode.id]


def test_a_failed_flush_restarts_the_retry(
    qtbot: QtBot, make_model: MakeModel, data_dir: Path
) -> None:
    model = make_model(save_delay_ms=60_000, retry_delays_ms=(50,))
    blocker = _block(data_dir)
    model.log_episode("chin", at=AT)
    with qtbot.waitSignal(model.save_failed):
        assert not model.flush()
    blocker.rmdir()
    with qtbot.waitSignal(model.saved, timeout=10_000):
        pass  # the retry saves without any new change
    assert not model.is_dirty
    assert len(on_disk(data_dir).live_episodes()) == 1
