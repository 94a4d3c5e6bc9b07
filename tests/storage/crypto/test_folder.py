"""An encrypted data folder: no readable health text anywhere, and nothing lost."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.envelope import is_encrypted, unlock_file
from twitchtrack.storage.crypto.keys import KdfParams, WrongKeyError
from twitchtrack.storage.crypto.session import LockedJournalError
from twitchtrack.storage.errors import JournalError, SaveError
from twitchtrack.storage.journal_store import JournalStore

CHEAP = KdfParams(salt=b"fedcba9876543210", time_cost=1, memory_kib=8)
NOTE = "twitch under the left eye after a long call"
MEDICINE = "gabapentinoid-x"
REGION = "calf_left"
SECRETS = (NOTE.encode(), MEDICINE.encode(), REGION.encode(), b"caffeine_mg")
T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    yield data
    crypto.lock(data)


def _episode(n: int) -> Episode:
    return Episode(
        at=T0 + timedelta(hours=n), region=REGION, note=NOTE if n == 0 else f"#{n}"
    )


def _fill(folder: Path, clock: Clock) -> JournalStore:
    """A journal with a note, a medicine and a region, several backups, a damaged
    file kept aside and a put-away conflict copy."""
    store = JournalStore(folder, clock=clock, device="aaaa1111")
    journal = Journal(
        episodes=[_episode(0)],
        days=[
            DayLog.for_day(date(2026, 5, 1), caffeine_mg=200, medications=[MEDICINE])
        ],
    )
    journal = store.save(journal)
    for n in range(1, 4):
        clock.now += timedelta(hours=1)
        journal = store.save(journal.with_records(episodes=[_episode(n)]))
    store.backup("before-import")
    (folder / "journal-damaged-20260501T000000Z.json").write_bytes(
        (folder / "journal.json").read_bytes()[:-40]
    )
    conflicts = folder / "conflicts"
    conflicts.mkdir(mode=0o700, exist_ok=True)
    (conflicts / "20260501T000000Z-journal.sync-conflict-x.json").write_bytes(
        (folder / "journal.json").read_bytes()
    )
    return store


def _every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _assert_nothing_readable(folder: Path) -> None:
    for path in _every_file(folder):
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret not in data, f"{secret!r} readable in {path.name}"


def _encrypt(store: JournalStore, password: str = "pw one") -> str:
    _, recovery, _ = crypto.encrypt_folder(
        store.folder, password, locked=store.locked, kdf=CHEAP
    )
    return recovery


def test_encrypting_covers_the_journal_backups_copies_and_damaged_files(
    folder: Path,
) -> None:
    clock = Clock()
    store = _fill(folder, clock)
    before = store.load()
    assert len(store.list_backups()) >= 2
    _encrypt(store)
    _assert_nothing_readable(folder)
    assert store.load() == before
    for backup in store.list_backups():
        assert backup.error is None, backup.error
        assert is_encrypted(backup.path.read_bytes())
    # Saves and new backups stay sealed.
    clock.now += timedelta(hours=2)
    after = store.save(before.with_records(episodes=[_episode(9)]))
    clock.now += timedelta(hours=2)
    store.save(after.with_records(episodes=[_episode(10)]))
    _assert_nothing_readable(folder)
    assert len(JournalStore(folder).load().live_episodes()) == 6


def test_a_locked_folder_refuses_to_read_and_opens_with_the_password_or_recovery_key(
    folder: Path,
) -> None:
    store = _fill(folder, Clock())
    recovery = _encrypt(store)
    crypto.lock(folder)
    raw_before = (folder / "journal.json").read_bytes()
    with pytest.raises(LockedJournalError):
        JournalStore(folder).load()
    with pytest.raises(JournalError):
        JournalStore(folder).append(lambda _s: [_episode(20)])
    with pytest.raises(WrongKeyError):
        crypto.unlock(folder, password="pw 1")
    assert (folder / "journal.json").read_bytes() == raw_before  # never overwritten
    crypto.unlock(folder, recovery=recovery)
    assert len(JournalStore(folder).load().live_episodes()) == 4
    crypto.lock(folder)
    crypto.unlock(folder, password="pw one")
    JournalStore(folder).append(lambda _s: [_episode(21)])
    assert len(JournalStore(folder).load().live_episodes()) == 5


def test_a_changed_password_opens_every_backup_and_the_old_one_opens_none(
    folder: Path,
) -> None:
    store = _fill(folder, Clock())
    recovery = _encrypt(store)
    crypto.change_password(folder, "pw two", locked=store.locked, kdf=CHEAP)
    for path in [folder / "journal.json", *(b.path for b in store.list_backups())]:
        raw = path.read_bytes()
        unlock_file(raw, password="pw two")
        unlock_file(raw, recovery=recovery)
        with pytest.raises(WrongKeyError):
            unlock_file(raw, password="pw one")
    crypto.lock(folder)
    crypto.unlock(folder, password="pw two")
    assert all(b.error is None for b in store.list_backups())


def test_turning_encryption_off_restores_plain_files(folder: Path) -> None:
    store = _fill(folder, Clock())
    before = store.load()
    _encrypt(store)
    crypto.decrypt_folder(folder, locked=store.locked)
    for path in _every_file(folder):
        if path.name in (".journal.lock",):
            continue
        assert not is_encrypted(path.read_bytes()), path.name
    json.loads((folder / "journal.json").read_bytes())
    crypto.lock(folder)
    assert JournalStore(folder).load() == before


def test_a_tampered_journal_is_reported_as_damaged_and_left_alone(folder: Path) -> None:
    store = _fill(folder, Clock())
    _encrypt(store)
    path = folder / "journal.json"
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x40
    path.write_bytes(bytes(raw))
    with pytest.raises(JournalError, match="authentication failed"):
        JournalStore(folder).load()
    with pytest.raises(JournalError):
        JournalStore(folder).save(Journal())
    assert path.read_bytes() == bytes(raw)
    crypto.lock(folder)
    with pytest.raises(JournalError, match="authentication failed"):
        crypto.unlock(folder, password="pw one")


def test_a_crash_mid_save_leaves_no_readable_temp_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _fill(folder, Clock())
    journal = store.load()
    _encrypt(store)
    seen: list[bytes] = []
    real_replace = os.replace

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        # Look at every file while the temp file is in place, then fail.
        seen.extend(p.read_bytes() for p in _every_file(folder))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SaveError):
        store.save(journal.with_records(episodes=[_episode(30)]))
    monkeypatch.setattr(os, "replace", real_replace)
    assert seen
    for data in seen:
        for secret in SECRETS:
            assert secret not in data
    _assert_nothing_readable(folder)
    assert store.load() == journal


def test_a_sealed_save_writes_each_change_and_leaves_an_unchanged_file_alone(
    folder: Path,
) -> None:
    # Whether a sealed journal changed is told from its size when it can be: a
    # change of the same size must still be written, and no change never is.
    store = _fill(folder, Clock())
    _encrypt(store)
    path = folder / "journal.json"
    journal = store.load()
    before = os.stat(path)
    journal = store.save(journal)
    assert os.stat(path).st_ino == before.st_ino  # nothing changed: not rewritten
    first = next(e for e in journal.episodes if e.note == "#1")
    same_size = first.edited(note="#9")  # "#1" -> "#9": not one byte more or less
    journal = store.save(journal.with_records(episodes=[same_size]))
    assert os.stat(path).st_ino != before.st_ino
    again = JournalStore(folder).load()
    assert [e for e in again.episodes if e.id == first.id] == [same_size]
    assert is_encrypted(path.read_bytes())
    _assert_nothing_readable(folder)
