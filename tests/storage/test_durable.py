"""Durable writes and safe reads: a failed save leaves the old file byte-identical."""

from __future__ import annotations

import errno
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.storage.conftest import episode, sample_journal
from twitchtrack.domain.models import Journal
from twitchtrack.storage.durable import (
    atomic_write_bytes,
    atomic_write_text,
    content_digest,
    holds_bytes,
    read_file,
    temp_name_pattern,
)
from twitchtrack.storage.errors import JournalError, SaveError
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore
from twitchtrack.storage.pieces import Pieces

REAL_OPEN = os.open
REAL_WRITE = os.write
REAL_FSYNC = os.fsync
REAL_REPLACE = os.replace
REAL_CLOSE = os.close


def _is_journal_temp(name: str) -> bool:
    """The temp file of the journal itself (not of a backup)."""
    base = os.path.basename(name)
    return base.startswith(f".{JOURNAL_FILE}.") and base.endswith(".tmp")


class Faults:
    """Wraps os functions so that only operations on the journal's temp file fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.temp_fds: set[int] = set()
        self.dir_fds: set[int] = set()
        monkeypatch.setattr(os, "open", self._open)
        monkeypatch.setattr(os, "close", self._close)

    def _close(self, fd: int) -> None:
        # Descriptor numbers are reused: forget a closed one.
        self.temp_fds.discard(fd)
        self.dir_fds.discard(fd)
        REAL_CLOSE(fd)

    def _open(self, path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = REAL_OPEN(path, flags, *args, **kwargs)
        name = os.fspath(path)
        if _is_journal_temp(name):
            self.temp_fds.add(fd)
        elif os.path.isdir(name):
            self.dir_fds.add(fd)
        return fd

    def fail_open(
        self, err: OSError, which: Callable[[str], bool] = _is_journal_temp
    ) -> None:
        def failing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if which(os.fspath(path)):
                raise err
            return self._open(path, flags, *args, **kwargs)

        self.monkeypatch.setattr(os, "open", failing)

    def on_temp_write(self, replacement: Callable[[int, Any], int]) -> None:
        def write(fd: int, data: Any) -> int:
            if fd in self.temp_fds:
                return replacement(fd, data)
            return REAL_WRITE(fd, data)

        self.monkeypatch.setattr(os, "write", write)

    def fail_fsync(self, err: OSError, *, directory: bool = False) -> None:
        def fsync(fd: int) -> None:
            if fd in (self.dir_fds if directory else self.temp_fds):
                raise err
            REAL_FSYNC(fd)

        self.monkeypatch.setattr(os, "fsync", fsync)

    def fail_replace(self, err: OSError) -> None:
        def replace(src: Any, dst: Any) -> None:
            if _is_journal_temp(os.fspath(src)):
                raise err
            REAL_REPLACE(src, dst)

        self.monkeypatch.setattr(os, "replace", replace)


def _enospc() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _saved_store(folder: Path) -> tuple[JournalStore, Journal, bytes]:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    return store, journal, store.path.read_bytes()


def _temps(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.tmp"))


def _raise(err: OSError) -> Callable[[int, Any], int]:
    def fail(fd: int, data: Any) -> int:
        raise err

    return fail


SETUPS: dict[str, tuple[Callable[[Faults], None], str]] = {
    "open": (lambda f: f.fail_open(_enospc()), "No space left on device"),
    "write": (lambda f: f.on_temp_write(_raise(_enospc())), "No space left"),
    "write accepts nothing": (lambda f: f.on_temp_write(lambda fd, d: 0), "disk full"),
    "fsync": (
        lambda f: f.fail_fsync(OSError(errno.EIO, "Input/output error")),
        "flushing to disk",
    ),
    "replace": (
        lambda f: f.fail_replace(OSError(errno.EACCES, "Permission denied")),
        "replacing",
    ),
}


@pytest.mark.parametrize("fault", sorted(SETUPS))
def test_failed_save_keeps_the_original_byte_identical(
    folder: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    store, journal, before = _saved_store(folder)
    setup, expected = SETUPS[fault]
    faults = Faults(monkeypatch)
    setup(faults)
    with pytest.raises(SaveError) as caught:
        store.save(journal.with_records([episode(10)]))
    message = str(caught.value)
    assert expected in message
    assert str(store.path) in message
    assert "was not changed" in message
    assert "\n" not in message
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert _temps(folder) == []
    # The next save works and still holds the record that failed to save.
    result = store.save(journal.with_records([episode(10)]))
    assert episode(10).id in {e.id for e in JournalStore(folder).load().episodes}
    assert result == JournalStore(folder).load()


def test_short_writes_are_continued_until_every_byte_is_written(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal, _ = _saved_store(folder)
    calls: list[int] = []

    def dribble(fd: int, data: Any) -> int:
        # Accept at most 7 bytes per call, as a pipe or a nearly full disk may.
        calls.append(len(data))
        return REAL_WRITE(fd, bytes(data[:7]))

    Faults(monkeypatch).on_temp_write(dribble)
    wanted = journal.with_records([episode(11)])
    store.save(wanted)
    monkeypatch.undo()
    assert len(calls) > 10
    assert JournalStore(folder).load() == wanted


def test_a_write_that_stops_midway_fails_instead_of_truncating(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal, before = _saved_store(folder)
    budget = [100]

    def fill_up(fd: int, data: Any) -> int:
        take = min(budget[0], len(data))
        budget[0] -= take
        return REAL_WRITE(fd, bytes(data[:take])) if take else 0

    Faults(monkeypatch).on_temp_write(fill_up)
    with pytest.raises(SaveError, match=r"stopped after 100 of \d+ bytes"):
        store.save(journal.with_records([episode(12)]))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert _temps(folder) == []


def test_failing_folder_fsync_is_reported_after_the_rename(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal, _ = _saved_store(folder)
    Faults(monkeypatch).fail_fsync(OSError(errno.EIO, "I/O error"), directory=True)
    with pytest.raises(SaveError, match="was written, but flushing its folder"):
        store.save(journal.with_records([episode(13)]))
    monkeypatch.undo()
    # The rename happened; the store treats the file as changed and merges.
    assert _temps(folder) == []
    again = store.save(journal.with_records([episode(14)]))
    assert {episode(13).id, episode(14).id} <= {e.id for e in again.episodes}


def test_folder_fsync_unsupported_by_the_file_system_is_not_an_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal, _ = _saved_store(folder)
    Faults(monkeypatch).fail_fsync(
        OSError(errno.EINVAL, "Invalid argument"), directory=True
    )
    store.save(journal.with_records([episode(15)]))
    monkeypatch.undo()
    assert episode(15).id in {e.id for e in JournalStore(folder).load().episodes}


def test_atomic_write_creates_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    old = os.umask(0)
    try:
        atomic_write_bytes(target, b"{}")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"{}"
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [target]


def test_failed_backup_before_import_aborts_the_update(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _, before = _saved_store(folder)
    faults = Faults(monkeypatch)
    faults.fail_open(_enospc(), lambda name: "/backups/" in name)
    with pytest.raises(SaveError, match="backups"):
        store.update(
            lambda j: j.with_records([episode(16)]), backup_reason="before-import"
        )
    monkeypatch.undo()
    assert store.path.read_bytes() == before


def test_failed_automatic_backup_does_not_block_the_save(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal, _ = _saved_store(folder)
    backups = folder / "backups"
    backups.write_text("a file where the backups folder should be")
    store.save(journal.with_records([episode(17)]))
    assert store.last_backup_error is not None
    assert "backups" in store.last_backup_error
    assert episode(17).id in {e.id for e in JournalStore(folder).load().episodes}
    assert (folder / JOURNAL_FILE).exists()


# -- the write on its own ----------------------------------------------------------


def test_atomic_write_text_writes_the_encoded_text_as_given(tmp_path: Path) -> None:
    target = tmp_path / "notes.csv"
    atomic_write_text(target, "a,b\r\nå,1\n")
    assert target.read_bytes() == "a,b\r\nå,1\n".encode()
    atomic_write_text(target, "x", encoding="utf-16", mode=0o640)
    assert target.read_text(encoding="utf-16") == "x"
    assert os.stat(target).st_mode & 0o777 == 0o640


def test_a_write_that_accepts_nothing_fails_and_leaves_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    target.write_bytes(b"old")

    def nothing(fd: int, data: Any) -> int:
        return 0

    monkeypatch.setattr(os, "write", nothing)
    with pytest.raises(SaveError, match="stopped after 0 of 3 bytes"):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_temp_names_match_the_pattern_of_their_target(tmp_path: Path) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:
        seen.append(os.path.basename(os.fspath(src)))
        real_replace(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", spy)
        atomic_write_bytes(tmp_path / "journal-x.json", b"{}")
    (name,) = seen
    assert temp_name_pattern(r"journal[^/]*").fullmatch(name)
    assert not temp_name_pattern(r"other").fullmatch(name)


# -- safe reads ----------------------------------------------------------------------


def test_reading_a_missing_file_gives_none(tmp_path: Path) -> None:
    assert read_file(tmp_path / "nothing.json") is None
    (tmp_path / "there.json").write_bytes(b"{}")
    read = read_file(tmp_path / "there.json")
    assert read is not None
    assert read[0] == b"{}"


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


# -- an unchanged file, compared instead of read -------------------------------------


def test_holds_bytes_is_true_only_for_exactly_the_same_bytes(tmp_path: Path) -> None:
    data = bytes(range(256)) * 12_000  # 3 MB: the comparison takes several chunks
    path = tmp_path / "j.json"
    path.write_bytes(data)
    st = holds_bytes(path, data)
    assert st is not None
    assert st.st_size == len(data)
    late = bytearray(data)
    late[len(data) - 2_000_000] ^= 1  # one bit, past the first chunk
    path.write_bytes(bytes(late))
    assert holds_bytes(path, data) is None
    path.write_bytes(data + b" ")
    assert holds_bytes(path, data) is None
    path.write_bytes(data[:-1])
    assert holds_bytes(path, data) is None
    assert holds_bytes(tmp_path / "missing.json", data) is None
    assert holds_bytes(tmp_path, data) is None  # a folder
    os.mkfifo(tmp_path / "fifo")
    assert holds_bytes(tmp_path / "fifo", b"") is None  # does not hang either


def test_holds_bytes_compares_bytes_in_pieces_across_their_seams(
    tmp_path: Path,
) -> None:
    data = bytes(range(256)) * 12_000
    cuts = [0, 5, 1 << 20, (1 << 20) + 1, 2_000_000, len(data)]
    view = memoryview(data)
    pieces = Pieces(view[a:b] for a, b in itertools.pairwise(cuts))
    path = tmp_path / "j.json"
    path.write_bytes(data)
    assert holds_bytes(path, pieces) is not None
    for at in (4, 5, (1 << 20) + 1, len(data) - 1):  # either side of each seam
        changed = bytearray(data)
        changed[at] ^= 1
        path.write_bytes(bytes(changed))
        assert holds_bytes(path, pieces) is None
    path.write_bytes(data + b" ")
    assert holds_bytes(path, pieces) is None


def test_a_file_written_from_pieces_holds_exactly_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = Pieces([b"head,", memoryview(b"0123456789" * 50)[3:], b"", b"tail"])
    calls: list[int] = []

    def dribble(fd: int, data: Any) -> int:
        calls.append(len(data))
        return REAL_WRITE(fd, bytes(data[:7]))  # short writes, across the seams

    Faults(monkeypatch).on_temp_write(dribble)
    atomic_write_bytes(tmp_path / JOURNAL_FILE, pieces)
    monkeypatch.undo()
    assert (tmp_path / JOURNAL_FILE).read_bytes() == bytes(pieces)
    assert len(calls) > len(bytes(pieces)) // 7
    assert content_digest(pieces) == content_digest(bytes(pieces))


def test_a_same_size_edit_keeping_the_time_is_seen_by_the_next_save(
    folder: Path,
) -> None:
    """The store takes an unchanged file's bytes from memory: an edit by hand of
    one byte, same size and modification time, is still found and merged in."""
    store = JournalStore(folder)
    first = store.save(Journal(episodes=[episode(1, intensity=2), episode(2)]))
    raw = store.path.read_bytes()
    st = os.stat(store.path)
    edited = raw.replace(b'"intensity":2', b'"intensity":3', 1)
    assert edited != raw
    assert len(edited) == len(raw)
    with open(store.path, "r+b") as f:  # in place: the same file, not a new one
        f.write(edited)
    os.utime(store.path, ns=(st.st_atime_ns, st.st_mtime_ns))
    saved = store.save(first.with_records([episode(3)]), base=first)
    assert {e.intensity for e in saved.episodes if e.id == episode(1).id} == {3}
    assert len(saved.episodes) == 3
    on_disk = JournalStore(folder).load()
    assert on_disk.episodes == saved.episodes
