"""Shared UI fixtures: windows on a private folder, no delays; one body geometry."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from twitchtrack.domain.models import Journal
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.app import Session, open_session
from twitchtrack.ui.model import JournalModel


@pytest.fixture(scope="session")
def body_geometry(qapp: object) -> BodyGeometry:
    """The bundled body geometry, built once per test session."""
    return BodyGeometry()


# Tests wait for signals, never for time: saves start at once, retries come fast.
FAST: dict[str, Any] = {
    "save_delay_ms": 0,
    "watch_delay_ms": 0,
    "poll_ms": 0,
    "retry_delays_ms": (30,),
}

OpenWindow = Callable[..., Session]
MakeModel = Callable[..., JournalModel]


def on_disk(folder: Path) -> Journal:
    """What a fresh store (another process, say) reads from the folder."""
    return JournalStore(folder).load()


@contextmanager
def durable(qtbot: QtBot, model: JournalModel) -> Iterator[None]:
    """Run the block, then wait (on the ``saved`` signal) until every change is on disk.

    Waiting for one ``saved`` is not enough: it may be the save of an earlier change
    that was already under way.
    """
    yield
    while model.is_dirty:
        with qtbot.waitSignal(model.saved, timeout=10_000):
            pass


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in an ini file of the test's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(
    qtbot: QtBot, data_dir: Path, settings: QSettings
) -> Iterator[OpenWindow]:
    """Open a main window on a folder (default: the test's data folder)."""
    sessions: list[Session] = []

    def factory(folder: Path | None = None, **options: Any) -> Session:
        session = open_session(folder or data_dir, settings, **{**FAST, **options})
        assert session is not None
        qtbot.addWidget(session.window)
        sessions.append(session)
        return session

    yield factory
    for session in reversed(sessions):
        session.window.close()
        session.close()


@pytest.fixture
def make_model(qapp: object, data_dir: Path) -> Iterator[MakeModel]:
    """A JournalModel without a window; closed (and its thread stopped) afterwards."""
    models: list[JournalModel] = []

    def factory(folder: Path | None = None, **options: Any) -> JournalModel:
        store = JournalStore(folder or data_dir)
        model = JournalModel(store, QUndoStack(), **{**FAST, **options})
        models.append(model)
        return model

    yield factory
    for model in reversed(models):
        model.close()
