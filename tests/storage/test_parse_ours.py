"""Reading a journal this program wrote a slice of records at a time: the same
journal as a whole read, records sharing their fields sets, and any other file
read the ordinary way."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from tests.storage.conftest import episode
from tests.storage.test_trust import _hand_edit
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.storage import parse_ours
from twitchtrack.storage.durable import content_digest
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.storage.parse_ours import read_our_layout, slices


def _journal(episodes: int, days: int) -> Journal:
    return Journal(
        episodes=[episode(i, note="n" * (i % 11)) for i in range(episodes)],
        days=[
            DayLog.for_day(date(2026, 3, 1) + timedelta(days=d), stress=d % 10)
            for d in range(days)
        ],
    )


@pytest.mark.parametrize("size", [1, 300, 5_000, 1 << 20])
def test_slices_hold_every_record_once_whole(tmp_path: Path, size: int) -> None:
    store = JournalStore(tmp_path / "data")
    store.save(_journal(57, 9))
    raw = store.path.read_bytes()
    spans = store.trust.spans(raw, content_digest(raw))
    assert [s.name for s in spans] == ["episodes", "days"]
    for span in spans:
        runs = slices(raw, span.start, span.end, size)
        assert runs[0][0] == span.start
        assert runs[-1][1] == span.end
        assert all(a < b for a, b in runs)
        # Runs follow each other with only the separator between them.
        assert all(raw[b:c] == b",\n" for (_, b), (c, _) in pairwise(runs))
        texts = [raw[a:b] for a, b in runs]
        assert all(t.startswith(b'{"id":"') and t.endswith(b"}") for t in texts)
        assert sum(t.count(b'{"id":"') for t in texts) == span.count
        if size == 1:
            assert len(runs) == span.count  # one record a slice


def test_a_store_reads_its_own_file_in_slices_as_the_same_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_ours, "SLICE_BYTES", 2_000)  # many slices
    store = JournalStore(tmp_path / "data")
    written = store.save(_journal(300, 40))
    raw = store.path.read_bytes()
    spans = store.trust.spans(raw, content_digest(raw))
    sliced = read_our_layout(raw, spans)
    assert sliced is not None
    assert sliced == Journal.model_validate_json(raw) == written
    assert sliced.model_fields_set == Journal.model_validate_json(raw).model_fields_set
    loaded = JournalStore(tmp_path / "data").load()
    assert loaded == written
    # Records of a kind share one fields set: 2 KB a record otherwise.
    assert len({id(e.__pydantic_fields_set__) for e in loaded.episodes}) == 1
    assert len({id(d.__pydantic_fields_set__) for d in loaded.days}) == 1
    # ... which a copy never changes in place.
    first, second = loaded.episodes[:2]
    first.model_copy(update={"intensity": 9})
    edited = first.edited(intensity=8)
    assert edited.intensity == 8
    assert second.__pydantic_fields_set__ == set(type(second).model_fields)


def test_a_byte_changed_by_hand_is_read_in_full_and_refused(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "data")
    store.save(_journal(40, 5))
    _hand_edit(store.path, b'"intensity":3', b'"intensity":0')
    with pytest.raises(JournalError) as caught:
        JournalStore(tmp_path / "data").load()
    assert caught.value.where.startswith("episodes[")
    assert caught.value.where.endswith("].intensity")


def test_spans_that_do_not_fit_the_text_mean_the_ordinary_read(
    tmp_path: Path,
) -> None:
    store = JournalStore(tmp_path / "data")
    store.save(_journal(20, 3))
    raw = store.path.read_bytes()
    spans = store.trust.spans(raw, content_digest(raw))
    # One record fewer than the note says: never a journal missing a record.
    short = [spans[0].__class__(s.name, s.start, s.end, s.count + 1) for s in spans]
    assert read_our_layout(raw, short) is None
    assert read_our_layout(raw, spans[::-1]) is None
