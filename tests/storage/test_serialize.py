"""The file layout: one record per line, and reused text that is exactly canonical."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storage.conftest import edited, episode, sample_journal
from twitchtrack.domain.models import DayLog, Journal, Settings
from twitchtrack.storage import serialize as module
from twitchtrack.storage.journal_store import (
    JOURNAL_FILE,
    JournalStore,
)


def _canonical(journal: Journal, tmp_path: Path) -> bytes:
    """The bytes a brand-new store writes for ``journal`` (no reused text)."""
    other = tmp_path / f"canonical-{len(list(tmp_path.iterdir()))}"
    JournalStore(other).save(journal)
    return (other / JOURNAL_FILE).read_bytes()


def test_file_layout_has_one_record_per_line(folder: Path) -> None:
    store = JournalStore(folder)
    store.save(sample_journal())
    lines = store.path.read_bytes().split(b"\n")
    record_lines = [line for line in lines if line.startswith(b'{"id":')]
    assert len(record_lines) == 3 + 2
    # A note with quotes, braces and a newline stays inside its own line.
    assert lines[-1] == b""


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
    _check_edit_sequence(tmp_path, ops, reload_each)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=_OPS)
def test_text_kept_in_many_pieces_still_writes_the_canonical_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ops: list[tuple[str, int]]
) -> None:
    # No run is short enough to be joined: each save's new records stay pieces
    # of their own, so edits land inside, between and across reused pieces.
    # A reload makes each list one run of the file read, which later saves cut.
    monkeypatch.setattr(module, "_SMALL", 1)
    start = [("append", 0)] * 3 + [("reload", 0)] + [("append", 0)] * 2
    _check_edit_sequence(tmp_path, start + ops, reload_each=False)


def test_a_long_session_writes_the_file_from_few_pieces(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(module, "_SMALL", 2_000)
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    for n in range(60):  # about 17 kB of new records, a save for each
        journal = store.save(journal.with_records([episode(200 + n)]))
    text = store._text.serialize(journal)
    assert bytes(text) == store.path.read_bytes() == _canonical(journal, tmp_path)
    # Short runs are joined as they come: about one piece per 2,000 bytes of new
    # text (and a separator after each), not one per save (over 120).
    assert len(text.parts) < 40


def _check_edit_sequence(
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
        if op == "reload":
            store = JournalStore(folder)
            journal = store.load()
            continue
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
