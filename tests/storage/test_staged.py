"""A staged load: a journal this program wrote, its newest records first and the
rest later; a part is never written over the whole, and a file that is not what
its trust note says is refused when the rest is read."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.storage.conftest import episode
from tests.storage.test_parse_ours import _journal
from tests.storage.test_trust import _hand_edit
from twitchtrack.domain.models import Journal
from twitchtrack.storage import parse_ours
from twitchtrack.storage.durable import content_digest
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.storage.staged import StagedRead
from twitchtrack.storage.trust import Layout

DEVICE = "laptop-1"


@pytest.fixture(autouse=True)
def _small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    # Slices of a few records: a journal of a few hundred has many, as ten years
    # have with the real size.
    monkeypatch.setattr(parse_ours, "SLICE_BYTES", 2_000)


def _ids(records: object) -> set[object]:
    return {r.id for r in records}  # type: ignore[attr-defined]


def _staged(folder: Path, device: str | None = DEVICE) -> tuple[Journal, StagedRead]:
    first, rest = JournalStore(folder, device=device).load_staged()
    assert rest is not None
    return first, rest


def test_the_first_part_is_the_newest_records_and_the_rest_makes_the_whole(
    tmp_path: Path,
) -> None:
    JournalStore(tmp_path, device=DEVICE).save(_journal(300, 40))
    written = JournalStore(tmp_path).load()  # as signed by its writer
    store = JournalStore(tmp_path, device=DEVICE)
    first, rest = store.load_staged()
    assert rest is not None
    assert rest.steps_left > 2
    # The head is whole; of the records, the last of each list in the file.
    assert first.settings == written.settings
    assert 0 < len(first.episodes) < len(written.episodes)
    assert first.episodes == written.episodes[-len(first.episodes) :]
    assert first.days == written.days[-len(first.days) :]
    while rest.steps_left:
        rest.step()
    whole = store.settle(rest)
    assert whole == written
    assert rest.finish() is whole  # the same journal every time


def test_a_save_of_the_first_part_before_the_rest_is_in_keeps_every_record(
    tmp_path: Path,
) -> None:
    JournalStore(tmp_path, device=DEVICE).save(_journal(300, 40))
    written = JournalStore(tmp_path).load()
    store = JournalStore(tmp_path, device=DEVICE)
    first, rest = store.load_staged()
    assert rest is not None
    new = episode(1000, at=datetime(2026, 6, 1, tzinfo=UTC))
    saved = store.save(first.with_lists({"episodes": [*first.episodes, new]}))
    assert _ids(saved.episodes) == _ids(written.episodes) | {new.id}
    on_disk = JournalStore(tmp_path).load()
    assert _ids(on_disk.episodes) == _ids(written.episodes) | {new.id}
    assert {d.id: d for d in on_disk.days} == {d.id: d for d in written.days}
    # The read finished after the save does not make the store forget it.
    store.settle(rest)
    again = store.save(saved)
    assert _ids(again.episodes) == _ids(on_disk.episodes)


def test_settle_makes_the_next_save_keep_the_text_of_every_record(
    tmp_path: Path,
) -> None:
    JournalStore(tmp_path, device=DEVICE).save(_journal(300, 40))
    before = (tmp_path / "journal.json").read_bytes()
    store = JournalStore(tmp_path, device=DEVICE)
    _, rest = store.load_staged()
    assert rest is not None
    whole = store.settle(rest)
    # Known as the file's content: saving it unchanged writes nothing new.
    mtime = os.stat(store.path).st_mtime_ns
    store.save(whole)
    assert store.path.read_bytes() == before
    assert os.stat(store.path).st_mtime_ns == mtime


def test_an_older_record_made_invalid_under_a_forged_note_is_refused(
    tmp_path: Path,
) -> None:
    """One byte in one old record, and a trust note rewritten to match it: the
    first part (the newest records) reads, the rest is validated and refused."""
    JournalStore(tmp_path, device=DEVICE).save(_journal(300, 40))
    store = JournalStore(tmp_path, device=DEVICE)
    layout = store.trust.read()
    assert layout is not None
    # episode(3) is among the oldest; 3 % 11 == 3 letters of note.
    _hand_edit(store.path, b'"note":"nnn"', b'"note":12345')
    damaged = store.path.read_bytes()
    store.trust.write(Layout(content_digest(damaged), len(damaged), layout.lists))
    first, rest = store.load_staged()
    assert rest is not None
    assert first.episodes  # the newest slice is fine
    with pytest.raises(JournalError) as caught:
        store.settle(rest)
    assert caught.value.where.startswith("episodes[")
    with pytest.raises(JournalError):
        rest.finish()  # the same answer again
    # A save from the part read refuses the damaged file too; nothing is written.
    with pytest.raises(JournalError):
        store.save(first)
    assert store.path.read_bytes() == damaged


@pytest.mark.parametrize(
    ("episodes", "writer", "reader"),
    [
        (300, "desktop-2", DEVICE),  # another computer's file: kept whole
        (3, DEVICE, DEVICE),  # one slice a list: nothing to gain
    ],
)
def test_other_files_are_read_whole(
    tmp_path: Path, episodes: int, writer: str, reader: str
) -> None:
    JournalStore(tmp_path, device=writer).save(_journal(episodes, 2))
    written = JournalStore(tmp_path).load()
    journal, rest = JournalStore(tmp_path, device=reader).load_staged()
    assert rest is None
    assert journal == written


def test_a_file_changed_since_the_note_is_read_whole(tmp_path: Path) -> None:
    JournalStore(tmp_path, device=DEVICE).save(_journal(300, 40))
    _hand_edit(tmp_path / "journal.json", b'"intensity":3', b'"intensity":4')
    journal, rest = JournalStore(tmp_path, device=DEVICE).load_staged()
    assert rest is None
    assert len(journal.episodes) == 300


def test_steps_validate_newest_slices_first(tmp_path: Path) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    journal = Journal(
        episodes=[episode(i, at=start + timedelta(hours=i)) for i in range(300)]
    )
    JournalStore(tmp_path, device=DEVICE).save(journal)
    first, rest = _staged(tmp_path)
    newest = min(e.at for e in first.episodes)
    assert all(e.at < newest for e in journal.episodes[: -len(first.episodes)])
    steps = rest.steps_left
    for _ in range(steps + 3):
        rest.step()  # more steps than slices: the extra ones do nothing
    assert rest.steps_left == 0
    assert rest.finish().episodes == journal.episodes
