"""Conflict copies from sync tools: names, merging, bad copies, conflicts/."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from tests.storage.conftest import T0, FakeClock, edited, episode
from twitchtrack.domain.models import DayLog, Journal, day_id
from twitchtrack.storage.conflicts import (
    ARCHIVE_DIR,
    BACKUP_REASON,
    archive,
    conflict_copy,
    find_conflict_copies,
    merge_copy,
    plan_merge,
    prune_archive,
    resolve,
)
from twitchtrack.storage.journal_store import (
    BACKUP_DIR,
    JOURNAL_FILE,
    JournalStore,
)

DEC1 = date(2026, 12, 1)

# name -> (tool, date, time, made_by)
NAMES: dict[str, tuple[str, date, time | None, str | None]] = {
    "journal.sync-conflict-20261201-101500-ABCDEF7.json": (
        "Syncthing",
        DEC1,
        time(10, 15),
        "ABCDEF7",
    ),
    # A conflict of a conflict copy: the last (newest) stamp describes it.
    "journal.sync-conflict-20261130-080000-ZZZZZZZ"
    ".sync-conflict-20261201-101500-ABCDEF7.json": (
        "Syncthing",
        DEC1,
        time(10, 15),
        "ABCDEF7",
    ),
    "journal (Ann's conflicted copy 2026-12-01).json": ("Dropbox", DEC1, None, "Ann"),
    "journal (Ann's conflicted copy 2026-12-01) (1).json": (
        "Dropbox",
        DEC1,
        None,
        "Ann",
    ),
    "journal (Ann's conflicted copy 2026-12-01 (2)).json": (
        "Dropbox",
        DEC1,
        None,
        "Ann",
    ),
    "journal (Ann\u2019s laptop's conflicted copy 2026-12-01).json": (
        "Dropbox",
        DEC1,
        None,
        "Ann\u2019s laptop",
    ),
    "journal (conflicted copy 2026-12-01 101500).json": (
        "Nextcloud",
        DEC1,
        time(10, 15),
        None,
    ),
    "journal (conflicted copy ann 2026-12-01 101500).json": (
        "Nextcloud",
        DEC1,
        time(10, 15),
        "ann",
    ),
    "journal_conflict-20261201-101500.json": ("ownCloud", DEC1, time(10, 15), None),
}

NOT_COPIES = [
    JOURNAL_FILE,
    ".syncthing.journal.json.tmp",
    "~syncthing~journal.json.tmp",
    ".syncthing.journal.sync-conflict-20261201-101500-ABCDEF7.json.tmp",
    ".journal.json.0123456789ab.tmp",
    "journal-20261201T101500Z-auto.json",
    "journal-damaged-20261201T101500Z.json",
    "notes.sync-conflict-20261201-101500-ABCDEF7.json",
    "journal.sync-conflict-20261201-101500-ABCDEF7.txt",
    "journal.sync-conflict-2026121-101500-ABCDEF7.json",
    "journal.sync-conflict-20261201-101500-abcdef7.json",
    "Journal (conflicted copy 2026-12-01 101500).json",
    "journal (conflicted copy 2026-12-01).json",
    "journal (Ann's copy 2026-12-01).json",
    "journal.json (Ann's conflicted copy 2026-12-01)",
    "myjournal_conflict-20261201-101500.json",
]


def _write(path: Path, journal: Journal) -> Path:
    path.write_text(journal.model_dump_json(), encoding="utf-8")
    return path


def _store(folder: Path, journal: Journal, clock: FakeClock) -> JournalStore:
    store = JournalStore(folder, clock=clock)
    store.save(journal)
    return store


def _listing(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- names -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), sorted(NAMES.items()))
def test_conflict_copy_names(
    tmp_path: Path, name: str, expected: tuple[str, date, time | None, str | None]
) -> None:
    copy = conflict_copy(tmp_path / name, tmp_path / JOURNAL_FILE)
    assert copy is not None
    assert (copy.tool, copy.made_on, copy.made_at, copy.made_by) == expected


@pytest.mark.parametrize("name", NOT_COPIES)
def test_other_files_are_not_conflict_copies(tmp_path: Path, name: str) -> None:
    assert conflict_copy(tmp_path / name, tmp_path / JOURNAL_FILE) is None


def test_a_copy_is_only_a_copy_beside_its_journal(tmp_path: Path) -> None:
    name = next(iter(NAMES))
    assert conflict_copy(tmp_path / BACKUP_DIR / name, tmp_path / JOURNAL_FILE) is None


def test_find_lists_copies_of_the_journal_only_oldest_first(tmp_path: Path) -> None:
    for name in (*NAMES, *NOT_COPIES):
        _write(tmp_path / name, Journal())
    (tmp_path / BACKUP_DIR).mkdir()
    _write(tmp_path / BACKUP_DIR / next(iter(NAMES)), Journal())
    # A folder with a copy's name is not a copy.
    (tmp_path / "journal_conflict-20261101-101500.json").mkdir()
    _write(tmp_path / "journal_conflict-20261102-101500.json", Journal())
    found = find_conflict_copies(tmp_path / JOURNAL_FILE)
    assert {c.path.name for c in found} == {
        *NAMES,
        "journal_conflict-20261102-101500.json",
    }
    assert found[0].made_on == date(2026, 11, 2)
    days = [c.made_on for c in found]
    assert days == sorted(d for d in days if d is not None)
    assert find_conflict_copies(tmp_path / "missing" / JOURNAL_FILE) == []


def test_an_impossible_date_in_a_name_is_still_a_copy(tmp_path: Path) -> None:
    copy = conflict_copy(
        tmp_path / "journal_conflict-20261341-256199.json", tmp_path / JOURNAL_FILE
    )
    assert copy is not None
    assert (copy.made_on, copy.made_at) == (None, None)


def test_copy_times_are_the_names_not_the_files(tmp_path: Path) -> None:
    path = _write(tmp_path / "journal_conflict-20261201-101500.json", Journal())
    os.utime(path, (0, 0))
    (copy,) = find_conflict_copies(tmp_path / JOURNAL_FILE)
    # The copying computer's wall clock, as the name says; not the file's time.
    assert (copy.made_on, copy.made_at) == (DEC1, time(10, 15))


# -- merging hand-made copies, one per tool ----------------------------------------


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_tools_copy_is_merged_and_put_away(
    folder: Path, clock: FakeClock, name: str
) -> None:
    mine = Journal(episodes=[episode(0)], days=[DayLog.for_day(DEC1, caffeine_mg=90)])
    store = _store(folder, mine, clock)
    # The other computer logged two episodes and, on its own, the same day's
    # check-in (same id, since it comes from the date) with its sleep.
    theirs = Journal(
        episodes=[episode(1), episode(2)],
        days=[
            DayLog.for_day(
                DEC1, sleep_h=6.5, created_at=T0, updated_at=T0 + timedelta(hours=1)
            )
        ],
    )
    copy = _write(folder / name, theirs)
    copy.chmod(0o644)

    plan = resolve(store)

    journal = store.load()
    assert {e.id for e in journal.episodes} == {episode(n).id for n in range(3)}
    day = journal.day(DEC1)
    assert day is not None
    assert day.id == day_id(DEC1)
    assert (day.caffeine_mg, day.sleep_h) == (90, 6.5)
    assert not copy.exists()
    (result,) = plan.results
    assert (result.added, result.updated, result.deleted) == (2, 1, 0)
    assert result.archived_to is not None
    assert result.archived_to.parent == folder / ARCHIVE_DIR
    assert result.archived_to.read_bytes() == theirs.model_dump_json().encode()
    assert plan.notice(today=DEC1) == (
        "Merged 3 entries from another computer's copy made on 1 Dec."
    )
    backups = os.listdir(folder / BACKUP_DIR)
    assert any(BACKUP_REASON in b for b in backups)


def test_notice_wording() -> None:
    from twitchtrack.storage.conflicts import ConflictCopy, CopyResult, MergePlan

    one = ConflictCopy(Path("a"), "Syncthing", date(2025, 12, 1))
    two = ConflictCopy(Path("b"), "Dropbox", date(2026, 1, 3))
    plan = MergePlan(
        Journal(), (CopyResult(one, added=1), CopyResult(two, updated=2)), True
    )
    assert plan.notice(today=date(2026, 1, 5)) == (
        "Merged 3 entries from 2 copies from other computers made on "
        "1 Dec 2025 and 3 Jan."
    )
    same = MergePlan(Journal(), (CopyResult(one),), False)
    assert same.notice(today=date(2025, 12, 2)) == (
        "Everything in another computer's copy made on 1 Dec was already in "
        "your journal."
    )
    assert MergePlan(Journal()).notice() is None


def test_dry_run_plan_writes_nothing(folder: Path, clock: FakeClock) -> None:
    store = _store(folder, Journal(episodes=[episode(0)]), clock)
    gone = episode(0).tombstoned()
    _write(
        folder / "journal_conflict-20261201-101500.json",
        Journal(episodes=[gone, episode(5)]),
    )
    before = _listing(folder)
    plan = plan_merge(store.load(), find_conflict_copies(store.path))
    assert _listing(folder) == before
    (result,) = plan.results
    assert (result.added, result.updated, result.deleted) == (1, 0, 1)
    assert plan.changed
    assert plan.report_lines() == [
        "Conflict copy journal_conflict-20261201-101500.json (ownCloud, "
        "2026-12-01): merging would bring in 1 new, 1 deleted"
    ]


def test_merging_the_same_copy_again_changes_nothing(
    folder: Path, clock: FakeClock
) -> None:
    store = _store(folder, Journal(episodes=[episode(0)]), clock)
    name = "journal (conflicted copy 2026-12-01 101500).json"
    _write(folder / name, Journal(episodes=[episode(1)]))
    resolve(store)
    on_disk = store.path.read_bytes()
    _write(folder / name, Journal(episodes=[episode(1)]))
    clock.advance(seconds=1)
    plan = resolve(store)
    assert not plan.changed
    assert plan.entries == 0
    assert store.path.read_bytes() == on_disk
    assert len(os.listdir(folder / ARCHIVE_DIR)) == 2


def test_a_field_both_changed_since_a_shared_version_merges_field_by_field() -> None:
    shared = DayLog.for_day(DEC1, caffeine_mg=100, created_at=T0, updated_at=T0)
    mine = edited(shared, T0 + timedelta(hours=1), caffeine_mg=250)
    theirs = edited(shared, T0 + timedelta(hours=2), sleep_h=7.0)
    both = merge_copy(
        Journal(days=[mine]), Journal(days=[theirs]), [Journal(days=[shared])]
    )
    (day,) = both.days
    assert (day.caffeine_mg, day.sleep_h) == (250, 7.0)
    # Without the shared version the newest wins whole: what the merge rule says.
    (day,) = merge_copy(Journal(days=[mine]), Journal(days=[theirs])).days
    assert day == theirs


def test_a_base_newer_than_either_side_is_not_used() -> None:
    shared = DayLog.for_day(DEC1, caffeine_mg=100, created_at=T0, updated_at=T0)
    mine = edited(shared, T0 + timedelta(hours=1), caffeine_mg=250)
    theirs = edited(shared, T0 + timedelta(hours=2), sleep_h=7.0)
    later = edited(shared, T0 + timedelta(hours=3), note="x")
    (day,) = merge_copy(
        Journal(days=[mine]), Journal(days=[theirs]), [Journal(days=[later])]
    ).days
    assert day == theirs


def test_a_newer_deletion_wins_and_a_newer_edit_restores() -> None:
    shared = episode(0)
    deleted = edited(shared, T0 + timedelta(hours=1), deleted_at=T0)
    changed = edited(shared, T0 + timedelta(hours=2), note="still here")
    bases = [Journal(episodes=[shared])]
    (e,) = merge_copy(
        Journal(episodes=[deleted]), Journal(episodes=[changed]), bases
    ).episodes
    assert e == changed
    later = edited(shared, T0 + timedelta(hours=3), deleted_at=T0)
    (e,) = merge_copy(
        Journal(episodes=[changed]), Journal(episodes=[later]), bases
    ).episodes
    assert e == later


def test_settings_stay_this_computers() -> None:
    mine = Journal()
    theirs = Journal.model_validate({"settings": {"units": "us"}})
    assert merge_copy(mine, theirs).settings == mine.settings


# -- bad copies are left alone -----------------------------------------------------


def _newer_schema(path: Path) -> None:
    data = json.loads(Journal(episodes=[episode(7)]).model_dump_json())
    data["schema_version"] = 99
    data["episodes"][0]["future_field"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b'{"format": "twitchtrack-journal", "schema_version": 2, "episodes": [',
            "not valid JSON",
        ),
        (b"", "empty"),
        (b'{"format": "something-else", "schema_version": 2}', "not a twitchtrack"),
        (
            Journal(episodes=[episode(3)])
            .model_dump_json()
            .replace('"intensity":3', '"intensity":11')
            .encode(),
            "episodes[0].intensity",
        ),
        (None, "newer version of twitchtrack"),
    ],
)
def test_a_bad_copy_is_reported_and_left_alone(
    folder: Path, clock: FakeClock, content: bytes | None, problem: str
) -> None:
    store = _store(folder, Journal(episodes=[episode(0)]), clock)
    bad = folder / "journal.sync-conflict-20261201-101500-BADBAD7.json"
    if content is None:
        _newer_schema(bad)
    else:
        bad.write_bytes(content)
    good = _write(
        folder / "journal.sync-conflict-20261202-101500-GOODGO7.json",
        Journal(episodes=[episode(1)]),
    )
    raw = bad.read_bytes()

    plan = resolve(store)

    assert bad.read_bytes() == raw
    assert not good.exists()
    ids = {e.id for e in store.load().episodes}
    assert ids == {episode(0).id, episode(1).id}
    (failed,) = plan.bad
    assert problem in (failed.problem or "")
    assert failed.archived_to is None
    notice = plan.notice(today=DEC1) or ""
    assert notice.startswith(
        "Merged 1 entry from another computer's copy made on 2 Dec."
    )
    assert bad.name in notice
    assert "left where it is" in notice


def test_only_bad_copies_write_nothing(folder: Path, clock: FakeClock) -> None:
    store = _store(folder, Journal(episodes=[episode(0)]), clock)
    (folder / "journal_conflict-20261201-101500.json").write_text("{")
    before = _listing(folder)
    plan = resolve(store)
    assert _listing(folder) == before
    assert len(plan.bad) == 1
    assert not plan.changed


def test_a_link_named_like_a_copy_is_not_followed(
    folder: Path, clock: FakeClock, tmp_path: Path
) -> None:
    store = _store(folder, Journal(), clock)
    elsewhere = _write(tmp_path / "elsewhere.json", Journal(episodes=[episode(1)]))
    link = folder / "journal_conflict-20261201-101500.json"
    link.symlink_to(elsewhere)
    plan = resolve(store)
    assert "link" in (plan.bad[0].problem or "")
    assert link.is_symlink()
    assert store.load().episodes == []


def test_a_damaged_journal_stops_the_merge(folder: Path, clock: FakeClock) -> None:
    from twitchtrack.storage.errors import JournalError

    store = _store(folder, Journal(), clock)
    store.path.write_text("{")
    copy = _write(folder / "journal_conflict-20261201-101500.json", Journal())
    with pytest.raises(JournalError):
        resolve(store)
    assert copy.exists()
    assert store.path.read_text() == "{"


# -- the conflicts/ folder ---------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_archive_is_private_and_never_replaces(
    tmp_path: Path, clock: FakeClock
) -> None:
    name = "journal (conflicted copy 2026-12-01 101500).json"
    first = _write(tmp_path / name, Journal(episodes=[episode(1)]))
    first.chmod(0o644)
    a = archive(first, tmp_path, now=clock)
    second = _write(tmp_path / name, Journal(episodes=[episode(2)]))
    b = archive(second, tmp_path, now=clock)
    assert a != b
    assert a.name == f"20260302T090000Z-{name}"
    assert b.name == f"20260302T090000Z-2-{name}"
    assert episode(1).id.hex[:8] in a.read_text().replace("-", "")
    assert not first.exists()
    folder = tmp_path / ARCHIVE_DIR
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for p in (a, b):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_archive_refuses_a_conflicts_link(tmp_path: Path, clock: FakeClock) -> None:
    from twitchtrack.storage.errors import SaveError

    (tmp_path / "else").mkdir()
    (tmp_path / ARCHIVE_DIR).symlink_to(tmp_path / "else")
    copy = _write(tmp_path / "journal_conflict-20261201-101500.json", Journal())
    with pytest.raises(SaveError):
        archive(copy, tmp_path, now=clock)
    assert copy.exists()


def test_prune_removes_only_our_old_copies(tmp_path: Path, clock: FakeClock) -> None:
    name = "journal_conflict-20261201-101500.json"
    old = archive(_write(tmp_path / name, Journal()), tmp_path, now=clock)
    clock.advance(days=10)
    recent = archive(_write(tmp_path / name, Journal()), tmp_path, now=clock)
    folder = tmp_path / ARCHIVE_DIR
    foreign = folder / "notes.txt"
    foreign.write_text("mine")
    old_link = folder / "20200101T000000Z-link.json"
    old_link.symlink_to(foreign)

    clock.advance(days=20, seconds=1)  # old: 30 days and a second; recent: 20 days
    assert prune_archive(tmp_path, keep_days=30, now=clock) == [old]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [recent.name, foreign.name, old_link.name]
    )
    clock.advance(days=10, seconds=-1)  # recent: exactly 30 days
    assert prune_archive(tmp_path, keep_days=30, now=clock) == []
    clock.advance(seconds=1)
    assert prune_archive(tmp_path, keep_days=30, now=clock) == [recent]
    assert foreign.exists()
    assert prune_archive(tmp_path / "nothing-here", now=clock) == []


def test_resolve_prunes_the_archive(folder: Path, clock: FakeClock) -> None:
    store = _store(folder, Journal(), clock)
    old = archive(
        _write(folder / "journal_conflict-20261201-101500.json", Journal()),
        folder,
        now=clock,
    )
    clock.advance(days=3)
    resolve(store, keep_days=2)
    assert not old.exists()
