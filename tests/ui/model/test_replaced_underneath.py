"""A sync tool puts an older journal in place under an open window (issue #13,
item 2): what only this side had is written back, even if the window quits at
once."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.cli.helpers import run
from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore

from ..conftest import MakeModel, durable, on_disk

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _replace_like_a_sync_tool(folder: Path, version: Path) -> None:
    incoming = folder / ".syncthing.journal.json.tmp"
    shutil.copy2(version, incoming)
    os.utime(incoming, (1_600_000_000, 1_600_000_000))  # an older time, too
    os.replace(incoming, folder / JOURNAL_FILE)


@pytest.mark.parametrize("theirs_new", [True, False], ids=["with-theirs", "older"])
def test_quitting_right_after_a_replacement_keeps_every_record(
    qtbot: QtBot,
    make_model: MakeModel,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    theirs_new: bool,
) -> None:
    first = Episode(at=AT, region="calf_left")
    JournalStore(data_dir).save(Journal(episodes=[first]))
    # What the other computer has: that first state, maybe with one of its own.
    other = tmp_path / "other"
    theirs = Episode(at=AT, region="thumb_left")
    JournalStore(other).save(
        Journal(episodes=[first, theirs] if theirs_new else [first])
    )

    model = make_model(watch_delay_ms=0)
    for region in ("chin", "calf_right", "eyelid_upper_left"):
        code, _, err = run(["log", region], capsys)
        assert code == 0, err
    qtbot.waitUntil(lambda: model.live_episode_count() == 4, timeout=10_000)
    with durable(qtbot, model):
        own = model.log_episode("thumb_right", at=AT)
    assert own is not None
    shown = {e.id for e in model.episodes() if not e.deleted}
    assert len(shown) == 5

    _replace_like_a_sync_tool(data_dir, other / JOURNAL_FILE)

    # The window notices, and knows its records are no longer all on disk: it
    # has unsaved changes (or has already written them back).
    def noticed() -> bool:
        return model.is_dirty or shown <= {e.id for e in on_disk(data_dir).episodes}

    qtbot.waitUntil(noticed, timeout=10_000)
    assert model.close()  # quitting now
    disk = {e.id for e in on_disk(data_dir).live_episodes()}
    assert shown <= disk
    if theirs_new:
        assert theirs.id in disk
