"""The trust note: appending to a journal this program wrote, and never trusting
any other byte."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.storage.conftest import episode
from twitchtrack.domain.models import DayLog, Episode, Journal, Record, Settings
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.storage.trust import TrustNote

DEVICE = "0123456789abcdef"


def _journal(episodes: int = 30, days: int = 5) -> Journal:
    return Journal(
        episodes=[episode(i, note="n" * (i % 7)) for i in range(episodes)],
        days=[
            DayLog.for_day(date(2026, 3, 1) + timedelta(days=d), caffeine_mg=90.0)
            for d in range(days)
        ],
    )


def _new_episode(settings: Settings) -> list[Record]:
    at = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
    return [
        Episode(at=at, region="eyelid_upper_left", intensity=settings.default_intensity)
    ]


def _hand_edit(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` (once) by ``new`` of the same length, in place, keeping the
    file's size and modification time: only the content tells the change."""
    assert len(old) == len(new)
    st = os.stat(path)
    raw = path.read_bytes()
    assert raw.count(old) >= 1
    with path.open("r+b") as f:
        f.seek(raw.index(old))
        f.write(new)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_size == st.st_size


@pytest.mark.parametrize(
    ("episodes", "days", "device"),
    [(30, 5, DEVICE), (0, 0, DEVICE), (1, 0, None), (0, 3, None), (200, 40, DEVICE)],
)
def test_append_to_a_journal_it_wrote_reads_no_record_and_writes_the_same_bytes(
    tmp_path: Path, episodes: int, days: int, device: str | None
) -> None:
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    JournalStore(fast, device=device).save(_journal(episodes, days))
    shutil.copytree(fast, slow)
    store = JournalStore(fast, device=device)
    made = store.append(_new_episode)
    assert store.trust.hits == 1
    # The full path (every record read and validated) writes the same file.
    other = JournalStore(slow, device=device)
    other.trust.clear()
    other.append(lambda s: made)
    assert other.trust.hits == 0
    assert (fast / "journal.json").read_bytes() == (slow / "journal.json").read_bytes()
    loaded = JournalStore(fast).load()
    assert [e.id for e in loaded.episodes][-1] == made[0].id
    assert len(loaded.episodes) == episodes + 1
    assert len(loaded.days) == days


def test_appends_in_a_row_each_trust_the_file_the_last_one_wrote(folder: Path) -> None:
    JournalStore(folder).save(_journal())
    ids = []
    for n in range(4):
        store = JournalStore(folder)
        ids += [r.id for r in store.append(lambda s, n=n: [episode(100 + n)])]
        assert store.trust.hits == 1
    assert [e.id for e in JournalStore(folder).load().episodes][-4:] == ids


def test_one_byte_changed_by_hand_is_validated_and_refused_despite_the_note(
    folder: Path,
) -> None:
    JournalStore(folder).save(_journal())
    path = folder / "journal.json"
    note = TrustNote(path).read()
    assert note is not None
    assert note.size == path.stat().st_size  # the note describes this very file
    _hand_edit(path, b'"intensity":3', b'"intensity":0')
    before = path.read_bytes()
    store = JournalStore(folder)
    with pytest.raises(JournalError) as err:
        store.append(_new_episode)
    assert err.value.where.endswith(".intensity")
    assert store.trust.hits == 0
    assert path.read_bytes() == before  # never overwritten
    assert TrustNote(path).read() == note  # and the note still tells only the past


def test_the_log_command_refuses_a_hand_broken_journal_the_note_calls_valid(
    data_dir: Path,
) -> None:
    from tests.cli.helpers import spawn

    JournalStore(data_dir).save(_journal())
    path = data_dir / "journal.json"
    _hand_edit(path, b'"region":"calf_left"', b'"region":"calf_lefx"')
    before = path.read_bytes()
    done = spawn(["log", "calf_right"], data_dir)
    assert done.returncode == 3
    assert done.stderr.startswith("twitchtrack: error: ")
    assert "region" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert path.read_bytes() == before


def test_a_valid_hand_edit_is_read_in_full_and_kept(folder: Path) -> None:
    JournalStore(folder).save(_journal())
    path = folder / "journal.json"
    _hand_edit(path, b'"intensity":3', b'"intensity":7')
    store = JournalStore(folder)
    store.append(_new_episode)
    assert store.trust.hits == 0
    loaded = JournalStore(folder).load()
    assert loaded.episodes[0].intensity == 7
    assert len(loaded.episodes) == 31
    # That write left a note for the file it wrote: the next append trusts it.
    again = JournalStore(folder)
    again.append(lambda s: [episode(500)])
    assert again.trust.hits == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda note: note.write_bytes(b"\x00garbage"),
        lambda note: note.write_text(
            json.dumps({**json.loads(note.read_text()), "program": "other"})
        ),
        lambda note: note.write_text(
            json.dumps({**json.loads(note.read_text()), "lists": [["days", 0, 1, 1]]})
        ),
        lambda note: note.unlink(),
    ],
    ids=["garbage", "another-version", "wrong-places", "missing"],
)
def test_a_damaged_stale_or_missing_note_means_a_full_read(
    folder: Path, damage: object
) -> None:
    JournalStore(folder).save(_journal())
    note = TrustNote(folder / "journal.json").path
    damage(note)  # type: ignore[operator]
    store = JournalStore(folder)
    store.append(_new_episode)
    assert store.trust.hits == 0
    assert len(JournalStore(folder).load().episodes) == 31
    assert TrustNote(folder / "journal.json").read() is not None  # rebuilt


def test_a_record_whose_id_is_in_the_file_replaces_it_the_full_way(
    folder: Path,
) -> None:
    JournalStore(folder).save(_journal())
    store = JournalStore(folder)
    again = DayLog.for_day(date(2026, 3, 2), caffeine_mg=400.0)
    store.append(lambda s: [again])
    days = JournalStore(folder).load().days
    assert len(days) == 5
    assert [d.caffeine_mg for d in days if d.id == again.id] == [400.0]


def test_a_journal_another_computer_signed_is_read_in_full(folder: Path) -> None:
    JournalStore(folder, device="aaaaaaaaaaaaaaaa").save(_journal())
    store = JournalStore(folder, device=DEVICE)
    store.append(_new_episode)
    assert store.trust.hits == 0
    assert JournalStore(folder).load().written_by == DEVICE


def test_conflict_copies_beside_the_journal_are_merged_by_an_append(
    folder: Path,
) -> None:
    JournalStore(folder).save(_journal())
    copy = folder / "journal.sync-conflict-20260301-101500-ABCDEF7.json"
    JournalStore(folder / "elsewhere").save(Journal(episodes=[episode(900)]))
    shutil.move(folder / "elsewhere" / "journal.json", copy)
    store = JournalStore(folder)
    store.append(_new_episode)
    assert store.trust.hits == 0
    ids = {e.id for e in JournalStore(folder).load().episodes}
    assert episode(900).id in ids
    assert len(ids) == 32


def test_the_note_is_private_outside_the_data_folder_and_holds_no_health_text(
    folder: Path,
) -> None:
    JournalStore(folder).save(
        Journal(episodes=[episode(1, note="xyzzy words", tags=["plugh"])])
    )
    note = TrustNote(folder / "journal.json").path
    cache = Path(os.environ["XDG_CACHE_HOME"])
    assert note.is_relative_to(cache)
    assert not note.is_relative_to(folder)
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    assert stat.S_IMODE(note.parent.stat().st_mode) == 0o700
    text = note.read_text()
    assert "xyzzy" not in text
    assert "plugh" not in text
    assert "calf" not in text
    assert not [p for p in folder.iterdir() if "trust" in p.name]


def test_notes_of_journals_that_are_gone_are_pruned(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    JournalStore(gone).save(_journal(1, 0))
    old_note = TrustNote(gone / "journal.json").path
    shutil.rmtree(gone)
    JournalStore(tmp_path / "new").save(_journal(1, 0))
    assert not old_note.exists()
    assert TrustNote(tmp_path / "new" / "journal.json").path.exists()
