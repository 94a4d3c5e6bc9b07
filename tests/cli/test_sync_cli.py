"""Commands in a sync folder: every writer merges conflict copies and names this
computer; ``check`` reports copies and what merging them would bring in."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.storage.test_conflicts import NAMES
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.storage.conflicts import ARCHIVE_DIR, find_conflict_copies
from twitchtrack.storage.device import device_id
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore

from .helpers import run

THERE = "77e1b0c0ffee51de"
DAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
COPY = "journal.sync-conflict-20261201-101500-BBBBBBB.json"


def _copy(folder: Path, journal: Journal, name: str = COPY) -> Path:
    """The other computer's journal, left beside ours under a copy's name."""
    other = folder.parent / f"other-{abs(hash(name))}"
    store = JournalStore(other, device=THERE)
    store.save(journal)
    target = folder / name
    os.replace(store.path, target)
    return target


def _theirs() -> Journal:
    return Journal(
        episodes=[
            Episode(at=AT + timedelta(minutes=n), region="chin", device=THERE)
            for n in range(2)
        ],
        days=[DayLog.for_day(DAY, sleep_h=6.5, device=THERE)],
    )


def _listing(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("name", sorted(NAMES))
def test_log_merges_each_tools_copy_and_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str
) -> None:
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(DAY, caffeine_mg=90)]))
    copy = _copy(data_dir, _theirs(), name)
    code, out, err = run(["log", "calf_left"], capsys)
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first == "Merged 3 entries from another computer's copy made on 1 Dec."
    assert second.startswith("Logged left calf")
    journal = JournalStore(data_dir).load()
    assert len(journal.live_episodes()) == 3
    day = journal.day(DAY)
    assert day is not None
    assert (day.caffeine_mg, day.sleep_h) == (90, 6.5)
    assert not copy.exists()
    (archived,) = (data_dir / ARCHIVE_DIR).iterdir()
    assert archived.name.endswith(name)


def test_day_edits_the_check_in_the_copy_brought(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(DAY, caffeine_mg=90)]))
    _copy(data_dir, _theirs())
    code, out, _ = run(["day", DAY.isoformat(), "--stress", "4"], capsys)
    assert code == 0
    assert "6.5 h sleep" in out  # the copy's field, merged before the edit
    day = JournalStore(data_dir).load().day(DAY)
    assert day is not None
    assert (day.caffeine_mg, day.sleep_h, day.stress) == (90, 6.5, 4)


def test_what_a_command_writes_names_this_computer(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(["log", "calf_left"], capsys)[0] == 0
    assert run(["day", DAY.isoformat(), "--stress", "2"], capsys)[0] == 0
    here = device_id()
    assert here is not None
    journal = JournalStore(data_dir).load()
    assert [e.device for e in journal.episodes] == [here]
    assert [d.device for d in journal.days] == [here]
    assert json.loads((data_dir / JOURNAL_FILE).read_bytes())["written_by"] == here


def test_import_keeps_the_records_device_and_still_merges_copies(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    JournalStore(data_dir).save(Journal())
    _copy(data_dir, _theirs())
    exported = tmp_path / "from-elsewhere.json"
    exported.write_text(
        Journal(
            episodes=[Episode(at=AT, region="thumb_left", device="0f0f")]
        ).model_dump_json()
    )
    code, out, _ = run(["import", str(exported)], capsys)
    assert code == 0
    assert out.startswith("Merged 3 entries")
    devices = {e.region: e.device for e in JournalStore(data_dir).load().episodes}
    assert devices == {"thumb_left": "0f0f", "chin": THERE}


def test_check_reports_copies_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    JournalStore(data_dir).save(Journal(days=[DayLog.for_day(DAY, caffeine_mg=90)]))
    _copy(data_dir, _theirs())
    before = _listing(data_dir)
    code, out, err = run(["check"], capsys)
    assert (code, err) == (0, "")
    assert (
        f"Conflict copy {COPY} (Syncthing, 2026-12-01): merging would bring in "
        "2 new, 1 changed"
    ) in out.splitlines()
    assert "Nothing was changed" in out
    assert _listing(data_dir) == before


def test_check_says_a_copy_cannot_be_merged_with_exit_3(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    JournalStore(data_dir).save(Journal())
    bad = data_dir / "journal_conflict-20261201-101500.json"
    bad.write_text("{")
    code, out, _ = run(["check"], capsys)
    assert code == 3
    assert (
        "Conflict copy journal_conflict-20261201-101500.json (ownCloud, 2026-12-01): "
        "cannot be merged, left alone: line 1, column 2: not valid JSON"
    ) in out
    # A writer leaves it alone too, and says so once.
    code, out, _ = run(["log", "chin"], capsys)
    assert code == 0
    assert "could not be read and was left where it is" in out
    assert bad.read_text() == "{"
    assert find_conflict_copies(data_dir / JOURNAL_FILE)[0].path == bad


def test_check_without_copies_says_nothing_about_them(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    JournalStore(data_dir).save(Journal())
    code, out, _ = run(["check"], capsys)
    assert code == 0
    assert "Conflict copy" not in out
