"""JournalStore: round trips, merging, load errors, versions, locks, permissions."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import filelock
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storage.conftest import T0, FakeClock, edited, episode, sample_journal
from twitchtrack.domain.models import SCHEMA_VERSION, DayLog, Journal, Settings
from twitchtrack.storage.errors import (
    JournalError,
    JournalLockedError,
    ReadOnlyJournalError,
    SaveError,
)
from twitchtrack.storage.journal_store import (
    BACKUP_DIR,
    JOURNAL_FILE,
    LOCK_FILE,
    JournalStore,
    default_data_dir,
)


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.tmp"))


def _canonical(journal: Journal, tmp_path: Path) -> bytes:
    """The bytes a brand-new store writes for ``journal`` (no reused text)."""
    other = tmp_path / f"canonical-{len(list(tmp_path.iterdir()))}"
    JournalStore(other).save(journal)
    return (other / JOURNAL_FILE).read_bytes()


# -- round trips ---------------------------------------------------------------


def test_missing_file_loads_empty_and_creates_no_file(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.load()
    assert journal == Journal()
    assert not store.path.exists()
    assert not store.read_only
    assert store.changed_on_disk() is False


def test_save_then_load_round_trips_every_field(folder: Path) -> None:
    journal = sample_journal()
    store = JournalStore(folder)
    store.load()
    written = store.save(journal)
    assert written == journal
    assert JournalStore(folder).load() == journal
    # The file is plain JSON a person or another tool can read.
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["format"] == "twitchtrack-journal"
    assert data["schema_version"] == SCHEMA_VERSION
    assert len(data["episodes"]) == 3


def test_file_layout_has_one_record_per_line(folder: Path) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    lines = store.path.read_bytes().split(b"\n")
    record_lines = [line for line in lines if line.startswith(b'{"id":')]
    assert len(record_lines) == 3 + 2
    # A note with quotes, braces and a newline stays inside its own line.
    assert lines[-1] == b""


def test_save_without_load_merges_with_the_existing_file(folder: Path) -> None:
    first = JournalStore(folder)
    first.save(Journal(episodes=[episode(1)]))
    second = JournalStore(folder)  # never loaded
    result = second.save(Journal(episodes=[episode(2)]))
    ids = {e.id for e in JournalStore(folder).load().episodes}
    assert ids == {episode(1).id, episode(2).id} == {e.id for e in result.episodes}


def test_a_save_with_its_base_keeps_another_process_edit_of_other_fields(
    folder: Path,
) -> None:
    """A window edits caffeine while the command line sets sleep on the same day."""
    window = JournalStore(folder)
    day = DayLog.for_day(T0.date(), caffeine_mg=100.0)
    base = window.save(Journal(days=[day]))
    # The command line: load, change, save (under the lock, as `twitchtrack day`).
    JournalStore(folder).update(
        lambda j: j.with_records(days=[j.days[0].edited(sleep_h=6.5)])
    )
    mine = Journal(days=[base.days[0].edited(caffeine_mg=250.0)])
    saved = window.save(mine, base=base)
    on_disk = JournalStore(folder).load().days[0]
    assert (on_disk.caffeine_mg, on_disk.sleep_h) == (250.0, 6.5)
    assert saved.days[0] == on_disk


def test_saving_unchanged_content_does_not_rewrite_the_file(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    before = os.stat(store.path)
    store.save(journal)
    after = os.stat(store.path)
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_default_data_dir_honours_the_environment(tmp_path: Path) -> None:
    assert default_data_dir({"TWITCHTRACK_DATA_DIR": str(tmp_path)}) == tmp_path
    fallback = default_data_dir({})
    assert fallback.is_absolute()
    assert fallback.name == "twitchtrack"


# -- merging with another process's save ---------------------------------------


def test_two_stores_saving_in_turn_keep_both_records(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    a.save(ja.with_records([episode(1)]))
    assert b.changed_on_disk()
    merged = b.save(jb.with_records([episode(2)]))
    on_disk = JournalStore(folder).load()
    assert {e.id for e in on_disk.episodes} == {episode(1).id, episode(2).id}
    assert merged == on_disk
    assert not b.changed_on_disk()


@pytest.mark.parametrize("other_is_newer", [True, False])
def test_newer_edit_wins_whichever_process_saves_last(
    folder: Path, other_is_newer: bool
) -> None:
    base = episode(1, intensity=3)
    seed = JournalStore(folder)
    seed.save(Journal(episodes=[base]))
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    t = base.updated_at
    newer, older = t + timedelta(hours=2), t + timedelta(hours=1)
    a_edit = edited(base, newer if other_is_newer else older, intensity=9)
    b_edit = edited(base, older if other_is_newer else newer, intensity=1)
    a.save(ja.with_records([a_edit]))
    b.save(jb.with_records([b_edit]))
    (final,) = JournalStore(folder).load().episodes
    assert final.intensity == (9 if other_is_newer else 1)


def test_tombstone_wins_over_an_older_edit(folder: Path) -> None:
    base = episode(1)
    JournalStore(folder).save(Journal(episodes=[base]))
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    t = base.updated_at
    gone = edited(base, t + timedelta(hours=2), deleted_at=t + timedelta(hours=2))
    a.save(ja.with_records([gone]))
    b.save(jb.with_records([edited(base, t + timedelta(hours=1), intensity=8)]))
    (final,) = JournalStore(folder).load().episodes
    assert final.deleted
    assert final.intensity == base.intensity


def test_settings_come_from_the_saving_process(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    ja, jb = a.load(), b.load()
    a.save(ja.with_records([episode(1)]))
    mine = jb.model_copy(update={"settings": Settings(default_intensity=6)})
    result = b.save(mine)
    assert result.settings.default_intensity == 6
    assert len(result.episodes) == 1


def test_update_applies_a_change_to_the_fresh_file(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    a.load()
    a.update(lambda j: j.with_records([episode(1)]))
    result = b.update(lambda j: j.with_records([episode(2)]))
    assert {e.id for e in result.episodes} == {episode(1).id, episode(2).id}
    assert JournalStore(folder).load() == result


def test_update_with_a_backup_reason_backs_up_first(folder: Path) -> None:
    store = JournalStore(folder)
    store.save(Journal(episodes=[episode(1)]))
    before = store.path.read_bytes()
    store.update(lambda j: j.with_records([episode(2)]), backup_reason="before-import")
    backups = store.list_backups()
    assert [b.reason for b in backups] == ["before-import"]
    assert backups[0].path.read_bytes() == before
    with pytest.raises(ValueError, match="backup reason"):
        store.update(lambda j: j, backup_reason="Before Import!")


# -- the record-text reuse gives exactly the canonical file -----------------------


def test_reused_text_after_load_matches_a_fresh_write(
    folder: Path, tmp_path: Path
) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    journal = JournalStore(folder).load()
    store = JournalStore(folder)
    journal = store.load()
    first, middle, _ = journal.episodes
    changed = journal.with_records(
        [edited(middle, middle.updated_at + timedelta(hours=1), intensity=2)],
        [DayLog.for_day(datetime(2026, 3, 3).date(), stress=1)],
    )
    written = store.save(changed)
    assert store.path.read_bytes() == _canonical(written, tmp_path)
    assert JournalStore(folder).load() == changed
    # Removing records (a purge) and re-ordering are handled too.
    shorter = changed.model_copy(update={"episodes": [changed.episodes[2], first]})
    store.save(shorter)
    assert store.path.read_bytes() == _canonical(shorter, tmp_path)


def test_hand_edited_layout_is_rewritten_correctly(
    folder: Path, tmp_path: Path
) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    raw = store.path.read_bytes()
    # Join two record lines and split another record across two lines: the
    # file is the same JSON, but lines no longer map to records.
    mangled = raw.replace(b'},\n{"id"', b'}, {"id"', 1)
    mangled = mangled.replace(b',"created_at"', b',\n"created_at"', 2)
    assert mangled != raw
    store.path.write_bytes(mangled)
    reader = JournalStore(folder)
    assert reader.load() == journal
    updated = journal.with_records([episode(9)])
    reader.save(updated)
    assert reader.path.read_bytes() == _canonical(updated, tmp_path)
    # Pretty-printed JSON from another tool loads and is saved canonically too.
    store.path.write_text(json.dumps(json.loads(raw), indent=2), encoding="utf-8")
    reader = JournalStore(folder)
    assert reader.load() == journal
    reader.save(updated)
    assert reader.path.read_bytes() == _canonical(updated, tmp_path)


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["append", "edit", "tombstone", "drop", "day", "settings"]),
        st.integers(0, 1_000),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=_OPS, reload_each=st.booleans())
def test_any_edit_sequence_writes_the_canonical_file(
    tmp_path: Path, ops: list[tuple[str, int]], reload_each: bool
) -> None:
    folder = tmp_path / f"seq-{len(list(tmp_path.iterdir()))}"
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    counter = 100
    for op, n in ops:
        eps = list(journal.episodes)
        when = datetime(2026, 4, 1, tzinfo=UTC) + timedelta(minutes=counter)
        counter += 1
        if op == "append" or not eps:
            journal = journal.with_records([episode(counter)])
        elif op == "edit":
            target = eps[n % len(eps)]
            journal = journal.with_records([edited(target, when, intensity=1 + n % 10)])
        elif op == "tombstone":
            target = eps[n % len(eps)]
            journal = journal.with_records([edited(target, when, deleted_at=when)])
        elif op == "drop":
            del eps[n % len(eps)]
            journal = journal.model_copy(update={"episodes": eps})
        elif op == "day":
            day = datetime(2026, 1, 1).date() + timedelta(days=n % 40)
            journal = journal.with_records(days=[DayLog.for_day(day, stress=n % 11)])
        else:
            settings_ = Settings(default_intensity=1 + n % 10)
            journal = journal.model_copy(update={"settings": settings_})
        journal = store.save(journal)
        if reload_each:
            store = JournalStore(folder)
            journal = store.load()
    assert store.path.read_bytes() == _canonical(journal, tmp_path)
    assert JournalStore(folder).load() == journal


# -- load errors -----------------------------------------------------------------


def _valid_bytes() -> bytes:
    data = json.loads(sample_journal().model_dump_json())
    return json.dumps(data, indent=1).encode()


def _with(change: Any) -> bytes:
    data = json.loads(sample_journal().model_dump_json())
    change(data)
    return json.dumps(data, indent=1).encode()


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: Any) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


_BAD_FILES: dict[str, tuple[bytes, str, str]] = {
    "syntax": (
        b'{"format": "twitchtrack-journal",\n  "episodes": [,]}',
        "line 2",
        "JSON",
    ),
    "truncated": (_valid_bytes()[:300], "line", "JSON"),
    "not utf-8": (b'{"format": "twitchtrack-\xff\xfe"}', "line 1, column 25", "UTF-8"),
    "empty": (b"", "whole file", "empty"),
    "blank": (b"  \n\n", "whole file", "empty"),
    "top-level list": (b"[1, 2]", "whole file", "top level"),
    "wrong format": (_with(_set(("format",), "other-app")), "format", "'other-app'"),
    "missing format": (_with(lambda d: d.pop("format")), "format", "missing"),
    "missing version": (
        _with(lambda d: d.pop("schema_version")),
        "schema_version",
        "missing",
    ),
    "version text": (_with(_set(("schema_version",), "1")), "schema_version", "whole"),
    "version zero": (
        _with(_set(("schema_version",), 0)),
        "schema_version",
        "unknown schema version 0",
    ),
    "intensity": (
        _with(_set(("episodes", 1, "intensity"), 11)),
        "episodes[1].intensity",
        "less than or equal to 10 (found 11)",
    ),
    "region": (
        _with(_set(("episodes", 0, "region"), "elbow_middle")),
        "episodes[0].region",
        "unknown body region",
    ),
    "unknown field": (
        _with(_set(("days", 1, "mood"), 3)),
        "days[1].mood",
        "unknown field (found 3)",
    ),
    "odd key": (_with(_set(("bad\nkey",), 1)), "['bad\\nkey']", "unknown field"),
    "naive time": (
        _with(_set(("episodes", 0, "at"), "2026-03-01T08:00:00")),
        "episodes[0].at",
        "timezone",
    ),
    "nan": (_valid_bytes().replace(b'"sleep_h": 6.5', b'"sleep_h": NaN'), "", ""),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "", "JSON"),
    "huge number": (
        b'{"format": "twitchtrack-journal", "x": 1' + b"0" * 5000 + b"}",
        "",
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(_BAD_FILES))
def test_bad_file_gives_a_clear_error_and_is_never_touched(
    folder: Path, name: str
) -> None:
    raw, where, what = _BAD_FILES[name]
    folder.mkdir()
    path = folder / JOURNAL_FILE
    path.write_bytes(raw)
    store = JournalStore(folder)
    with pytest.raises(JournalError) as caught:
        store.load()
    err = caught.value
    assert err.path == path
    assert where in err.where
    assert what in err.what
    message = str(err)
    assert message == f"{path}: {err.where}: {err.what}"
    assert "\n" not in message
    assert "Traceback" not in message
    # Saving over a file that does not load is refused, and nothing is written.
    with pytest.raises(JournalError):
        store.save(Journal(episodes=[episode(1)]))
    with pytest.raises(JournalError):
        store.update(lambda j: j)
    with pytest.raises(JournalError):
        store.backup("manual")
    assert path.read_bytes() == raw
    assert not (folder / BACKUP_DIR).exists()
    assert _temps(folder) == []


def test_a_folder_in_place_of_the_file_is_reported(folder: Path) -> None:
    (folder / JOURNAL_FILE).mkdir(parents=True)
    with pytest.raises(JournalError, match="is a folder"):
        JournalStore(folder).load()


def test_a_fifo_in_place_of_the_file_does_not_hang(folder: Path) -> None:
    folder.mkdir()
    os.mkfifo(folder / JOURNAL_FILE)
    with pytest.raises(JournalError, match="not a regular file"):
        JournalStore(folder).load()


def test_a_dangling_link_is_reported_not_replaced(folder: Path, tmp_path: Path) -> None:
    folder.mkdir()
    (folder / JOURNAL_FILE).symlink_to(tmp_path / "unmounted" / "journal.json")
    store = JournalStore(folder)
    with pytest.raises(JournalError, match="does not exist"):
        store.load()
    with pytest.raises(JournalError):
        store.save(Journal())
    assert (folder / JOURNAL_FILE).is_symlink()


def test_permission_denied_is_reported(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    raw = store.path.read_bytes()
    real_open = os.open

    # Tests run as root here, where chmod 000 does not deny reading; inject the
    # error the kernel gives an ordinary user instead.
    def deny(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == os.fspath(store.path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(JournalError) as caught:
        JournalStore(folder).load()
    assert caught.value.what == "cannot be read: permission denied"
    monkeypatch.undo()
    assert store.path.read_bytes() == raw


def test_a_byte_order_mark_is_accepted(folder: Path) -> None:
    folder.mkdir()
    (folder / JOURNAL_FILE).write_bytes(b"\xef\xbb\xbf" + _valid_bytes())
    assert JournalStore(folder).load() == sample_journal()


def test_validation_error_reports_the_first_field_and_how_many_more(
    folder: Path,
) -> None:
    def two_problems(data: Any) -> None:
        data["episodes"][0]["intensity"] = 0
        data["days"][0]["stress"] = 99

    folder.mkdir()
    (folder / JOURNAL_FILE).write_bytes(_with(two_problems))
    with pytest.raises(JournalError) as caught:
        JournalStore(folder).load()
    assert caught.value.where == "episodes[0].intensity"
    assert "and 1 more problem" in caught.value.what


def test_long_text_is_not_echoed_in_errors(folder: Path) -> None:
    secret = "private health note " * 600  # longer than the 10,000 allowed
    folder.mkdir()
    (folder / JOURNAL_FILE).write_bytes(_with(_set(("episodes", 0, "note"), secret)))
    with pytest.raises(JournalError) as caught:
        JournalStore(folder).load()
    assert caught.value.where == "episodes[0].note"
    assert "private health note" not in str(caught.value)


def test_save_refuses_when_the_file_went_bad_after_loading(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    store.path.write_bytes(b'{"format": "twitchtrack-journal", "schema_version": 1,')
    with pytest.raises(JournalError):
        store.save(journal.with_records([episode(5)]))
    assert store.path.read_bytes().endswith(b'"schema_version": 1,')


# -- schema versions ---------------------------------------------------------------


def _newer_file() -> bytes:
    data = json.loads(sample_journal().model_dump_json())
    data["schema_version"] = SCHEMA_VERSION + 1
    data["attachments"] = []
    data["episodes"][0]["mood"] = "fine"
    data["episodes"][1]["region"] = "left_little_toe_nail"
    return json.dumps(data).encode()


def test_newer_schema_opens_read_only_and_is_never_rewritten(folder: Path) -> None:
    folder.mkdir()
    raw = _newer_file()
    (folder / JOURNAL_FILE).write_bytes(raw)
    store = JournalStore(folder)
    journal = store.load()
    assert store.read_only
    assert store.read_only_reason is not None
    assert f"schema {SCHEMA_VERSION + 1}" in store.read_only_reason
    assert "1 record could not be shown" in store.read_only_reason
    # What this version understands is shown: unknown fields are dropped.
    assert len(journal.episodes) == 2
    assert len(journal.days) == 2
    with pytest.raises(ReadOnlyJournalError, match="newer version"):
        store.save(journal)
    with pytest.raises(ReadOnlyJournalError):
        store.update(lambda j: j.with_records([episode(4)]))
    assert (folder / JOURNAL_FILE).read_bytes() == raw
    assert _temps(folder) == []


def test_a_newer_file_written_by_another_process_stops_our_save(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    raw = _newer_file()
    store.path.write_bytes(raw)
    with pytest.raises(ReadOnlyJournalError):
        store.save(journal.with_records([episode(7)]))
    assert store.read_only
    assert store.path.read_bytes() == raw


def test_validate_all_reports_the_journal_and_each_backup(folder: Path) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    good = store.backup("manual")
    assert good is not None
    bad = good.with_name("journal-20200101T000000Z-manual.json")
    bad.write_bytes(b"{")
    journal, results = store.validate_all()
    assert journal == sample_journal()
    assert results[0] == (store.path, None)
    by_path = dict(results)
    assert by_path[good] is None
    assert isinstance(by_path[bad], JournalError)
    store.path.write_bytes(_newer_file())
    store.validate_all()
    assert store.read_only


# -- locking, temp files, permissions ----------------------------------------------


def test_lock_timeout_raises_and_writes_nothing(folder: Path) -> None:
    store = JournalStore(folder, lock_timeout=0.05)
    journal = store.save(sample_journal())
    raw = store.path.read_bytes()
    held = filelock.FileLock(folder / LOCK_FILE)
    with held:
        with pytest.raises(JournalLockedError, match="locked"):
            store.save(journal.with_records([episode(3)]))
        with pytest.raises(JournalLockedError):
            store.update(lambda j: j)
        # Reading needs no lock.
        assert JournalStore(folder).load() == journal
    assert store.path.read_bytes() == raw
    store.save(journal.with_records([episode(3)]))


def test_stale_temp_files_are_removed_on_load_but_not_foreign_ones(
    folder: Path,
) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    store.backup("manual")
    stale = [
        folder / ".journal.json.0123456789ab.tmp",
        folder / BACKUP_DIR / ".journal-20260101T000000Z-auto.json.ba9876543210.tmp",
    ]
    foreign = [folder / ".notes.tmp", folder / BACKUP_DIR / "mine.tmp"]
    for p in stale + foreign:
        p.write_bytes(b"partial")
    # While another process holds the lock (it may be mid-save), nothing goes.
    with filelock.FileLock(folder / LOCK_FILE):
        JournalStore(folder).load()
        assert all(p.exists() for p in stale)
    JournalStore(folder).load()
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in foreign)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.usefixtures("umask_022")
def test_new_files_and_folders_are_private(folder: Path) -> None:
    store = JournalStore(folder)
    store.load()
    assert _mode(folder) == 0o700
    store.save(sample_journal())
    backup = store.backup("manual")
    assert backup is not None
    assert _mode(store.path) == 0o600
    assert _mode(folder / LOCK_FILE) == 0o600
    assert _mode(store.backups_dir) == 0o700
    assert _mode(backup) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_an_existing_folder_keeps_its_permissions(folder: Path) -> None:
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    JournalStore(folder).save(sample_journal())
    assert _mode(folder) == 0o755
    assert _mode(folder / JOURNAL_FILE) == 0o600


def test_changed_on_disk_follows_other_writers(folder: Path) -> None:
    a, b = JournalStore(folder), JournalStore(folder)
    a.load()
    assert not a.changed_on_disk()
    b.save(sample_journal())
    assert a.changed_on_disk()
    a.load()
    assert not a.changed_on_disk()
    a.path.unlink()
    assert a.changed_on_disk()


def test_a_file_in_place_of_the_folder_fails_the_save_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    store = JournalStore(blocker)
    with pytest.raises(JournalError, match="Not a directory"):
        store.load()
    with pytest.raises(SaveError, match="not a folder"):
        store.save(sample_journal())


def test_clock_may_be_naive_or_any_zone(folder: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 10, 0))  # naive: taken as UTC
    store = JournalStore(folder, clock=clock)
    store.save(sample_journal())
    path = store.backup("manual")
    assert path is not None
    assert path.name == "journal-20260302T100000Z-manual.json"


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([b"},\n", b'{"id":"', b"x", b"\n]", b","]), max_size=60
    ),
    pattern=st.sampled_from([b"},\n" + b'{"id":"', b'{"id":"', b",\n", b"\n]"]),
    bounds=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_sliced_scans_agree_with_whole_buffer_scans(
    data: list[bytes], pattern: bytes, bounds: tuple[int, int]
) -> None:
    """The GIL-friendly find/count give what bytes.find/count give, whatever
    the slice size and wherever a match straddles a slice boundary."""
    from twitchtrack.storage import journal_store as module

    text = b"".join(data)
    start, end = min(bounds), max(bounds)
    end = min(end, len(text))
    saved = module._SCAN_SLICE
    try:
        for size in (1, 3, 7, 64):
            module._SCAN_SLICE = size
            assert module._find(text, pattern, start, end) == text.find(
                pattern, start, end
            )
            assert module._count(text, pattern, start, end) == text.count(
                pattern, start, end
            )
    finally:
        module._SCAN_SLICE = saved
