"""The window's Export Report in a first week: periods of 1 to 8 days are written."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ..conftest import OpenWindow
from .test_exchange import END, LONG, NOW, FileDialogs, exchange_of, with_demo

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_reports_of_one_to_eight_days_are_saved_as_pdfs(
    qtbot: QtBot,
    open_window: OpenWindow,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialogs = FileDialogs(monkeypatch)
    with_demo(data_dir, days=8)
    session = open_window(clock=lambda: NOW)
    exchange = exchange_of(session)
    done: list[object] = []
    exchange.report_saved.connect(done.append)
    exchange.failed.connect(done.append)  # a message: the test fails fast
    for days in range(1, 9):
        out = tmp_path / f"report-{days}.pdf"
        dialogs.save.append(str(out))
        exchange.report_action.trigger()
        options = exchange.report_dialog
        assert options is not None
        start = END - timedelta(days=days - 1)
        options.set_dates(start, END)
        assert options.ok_button.isEnabled()
        done.clear()
        options.accept()
        qtbot.waitUntil(lambda: bool(done), timeout=LONG)
        summary = done[0]
        assert not isinstance(summary, str), summary
        assert (summary.start, summary.end) == (start, END)
        assert out.read_bytes().startswith(b"%PDF-")
        assert exchange.message_box is None or not exchange.message_box.isVisible()
