"""The one durable file write (temp file, every byte, fsync, rename) and safe reads."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import threading
from pathlib import Path

from twitchtrack.storage.errors import JournalError, SaveError
from twitchtrack.storage.pieces import Data, parts_of

try:
    import fcntl
except ImportError:  # Windows: no flock; temp files are told apart by age
    fcntl = None  # type: ignore[assignment]

FILE_MODE = 0o600
DIR_MODE = 0o700
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Opening a FIFO put in place of the journal must not hang the app.
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_TEMP_TOKEN_BYTES = 6  # 12 hex digits: see temp_name_pattern

FileSig = tuple[int, int, int]


def os_reason(err: OSError) -> str:
    """The human part of an OS error ("No space left on device")."""
    return err.strerror or str(err) or type(err).__name__


def temp_name_pattern(name: str) -> re.Pattern[str]:
    """The temp files :func:`atomic_write_bytes` makes for files named like ``name``.

    ``name`` is a regular expression for the target's file name; a temp file is
    called ``.<name>.<12 hex digits>.tmp``.
    """
    hex_digits = 2 * _TEMP_TOKEN_BYTES
    return re.compile(rf"\.(?:{name})\.[0-9a-f]{{{hex_digits}}}\.tmp")


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: Data,
    *,
    mode: int = FILE_MODE,
    also_link: Path | None = None,
) -> None:
    """Replace ``path`` with ``data`` durably, or leave it byte-identical.

    Writes a temp file (created with ``mode``, whatever the umask) next to the
    target, checks that every byte was written, fsyncs it, renames it over the
    target and fsyncs the folder. On any failure the temp file is removed and
    :class:`SaveError` says what failed. A failed folder fsync is reported after
    the rename (the new content is in place but may not survive a power cut),
    except where the file system cannot fsync a folder at all.

    ``also_link`` (in the same folder) becomes a second name of the new file, made
    from the temp file before the rename, so it never names a file someone else
    put in place meanwhile. It is best effort: without hard links, none is made.
    """
    target = Path(path)
    folder = target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(_TEMP_TOKEN_BYTES)}.tmp"
    link_tmp: Path | None = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_NOFOLLOW
    try:
        fd = os.open(tmp, flags, mode)
    except OSError as err:
        raise SaveError(
            f"could not create a temporary file in {folder}: {os_reason(err)}; "
            f"{target} was not changed"
        ) from err
    step = "writing"
    try:
        try:
            # Held while the temp file exists under its name: a cleaner can tell
            # the temp file of a live writer from one a killed writer left.
            _claim(fd)
            if hasattr(os, "fchmod"):
                # The mode given to os.open is masked by the umask; fchmod is not.
                os.fchmod(fd, mode)
            _write_all(fd, data, target)
            step = "flushing to disk"
            os.fsync(fd)
        finally:
            os.close(fd)
        if also_link is not None:
            link_tmp = _link_temp(tmp, also_link)
        step = "replacing"
        os.replace(tmp, target)
    except BaseException as err:
        for left in (tmp, link_tmp):
            if left is not None:
                with contextlib.suppress(OSError):
                    os.unlink(left)
        if isinstance(err, OSError):
            raise SaveError(
                f"{step} {target} failed: {os_reason(err)}; {target} was not changed"
            ) from err
        raise
    if link_tmp is not None and also_link is not None:
        try:
            os.replace(link_tmp, also_link)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(link_tmp)
    _sync_folder(folder, target)


def _claim(fd: int) -> None:
    """An exclusive ``flock`` on a temp file being written (where there is one)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def temp_in_use(path: Path) -> bool | None:
    """Whether a live writer is writing the temp file ``path`` (it holds the
    claim :func:`atomic_write_bytes` takes); None when that cannot be told (no
    ``flock`` on this system or file system)."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    else:
        return False
    finally:
        os.close(fd)  # closing drops the probe's own lock


def _link_temp(tmp: Path, link: Path) -> Path | None:
    """A hard link to ``tmp`` under a temp name for ``link``; None if impossible."""
    # Named like the temp files of a journal write, so a killed writer's one is
    # cleaned up with them.
    name = f".{link.name.lstrip('.')}.{secrets.token_hex(_TEMP_TOKEN_BYTES)}.tmp"
    made = link.parent / name
    try:
        os.link(tmp, made)
    except OSError:
        return None  # no hard links here (FAT, some network shares): no net
    return made


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    encoding: str = "utf-8",
    mode: int = FILE_MODE,
) -> None:
    """:func:`atomic_write_bytes` of ``text`` encoded (line ends written as given)."""
    atomic_write_bytes(path, text.encode(encoding), mode=mode)


def _write_all(fd: int, data: Data, target: Path) -> None:
    total = len(data)
    done = 0
    for part in parts_of(data):
        view = memoryview(part)
        while len(view):
            n = os.write(fd, view)
            if n <= 0:
                # A full disk can show up as a write that accepts nothing; looping
                # would spin forever and stopping early would commit a truncated
                # file.
                raise SaveError(
                    f"writing {target} stopped after {done} of {total} bytes "
                    f"(is the disk full?); {target} was not changed"
                )
            done += n
            view = view[n:]


def _sync_folder(folder: Path, target: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    try:
        dfd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError as err:
        raise SaveError(
            f"{target} was written, but its folder could not be opened to flush "
            f"it to disk: {os_reason(err)}"
        ) from err
    try:
        os.fsync(dfd)
    except OSError as err:
        # Some file systems (certain network mounts) cannot fsync a directory at
        # all; that is not a failure of this save.
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise SaveError(
                f"{target} was written, but flushing its folder to disk failed: "
                f"{os_reason(err)}"
            ) from err
    finally:
        os.close(dfd)


# The most one read of a file asks for (a larger file takes more reads).
_ONE_READ_MAX = 1 << 30


def read_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes and stat of a regular file; None when there is no file.

    Never follows a dangling link silently, never blocks on a FIFO, and reports
    anything that is not a readable regular file as a :class:`JournalError`.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC)
    except FileNotFoundError:
        if os.path.islink(path):
            raise JournalError(
                path, "whole file", "is a link to a file that does not exist"
            ) from None
        return None
    except IsADirectoryError:
        raise JournalError(path, "whole file", "is a folder, not a file") from None
    except PermissionError:
        raise JournalError(
            path, "whole file", "cannot be read: permission denied"
        ) from None
    except OSError as err:
        raise JournalError(
            path, "whole file", f"cannot be read: {os_reason(err)}"
        ) from err
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise JournalError(path, "whole file", "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise JournalError(path, "whole file", "is not a regular file")
        chunks: list[bytes] = []
        # The whole file in one read, so joining copies nothing (a second copy of
        # 50 MB took 12 ms); more reads only if the file grew meanwhile.
        want = min(st.st_size + 1, _ONE_READ_MAX)
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            want = 1 << 22
        return b"".join(chunks), st
    except OSError as err:
        raise JournalError(
            path, "whole file", f"cannot be read: {os_reason(err)}"
        ) from err
    finally:
        os.close(fd)


# How much of a file ``holds_bytes`` reads at a time: one buffer the allocator
# reuses, where one read of the whole file would touch 50 fresh megabytes.
_COMPARE_CHUNK = 1 << 20


def holds_bytes(path: Path, data: Data) -> os.stat_result | None:
    """The stat of ``path`` when it is a regular file holding exactly ``data``;
    None when it holds anything else, is not there or cannot be read.

    Compared a chunk at a time, so proving that a file is unchanged costs no
    second copy of it in memory and no digest (10 ms at fifty years, where
    reading 57 MB into a new buffer and hashing it took 40 to 80).
    """
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return None
        for part in parts_of(data):
            view = memoryview(part)
            while len(view):
                chunk = os.read(fd, min(_COMPARE_CHUNK, len(view)))
                # Full length each side, so startswith is one memcmp, no copy.
                if not chunk or not chunk.startswith(view[: len(chunk)]):
                    return None
                view = view[len(chunk) :]
        return st if not os.read(fd, 1) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each made here 0700 whatever the
    umask; folders that exist keep the permissions their owner chose.

    ``Path.mkdir(mode=..., parents=True)`` masks the mode by the umask and gives the
    parents the default mode: under umask 000 they would be open to everyone.
    Raises OSError (``FileExistsError`` when something that is not a folder is
    in the way).
    """
    missing: list[Path] = []
    current = Path(folder)
    while not current.is_dir():
        if os.path.lexists(current):
            raise FileExistsError(errno.EEXIST, "not a folder", str(current))
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, DIR_MODE)
        except FileExistsError:
            if not made.is_dir():
                raise
            continue  # made by someone else meanwhile: theirs, not ours to chmod
        os.chmod(made, DIR_MODE)


def list_names(folder: Path) -> list[Path]:
    """Everything in ``folder``; an unreadable or missing folder holds nothing."""
    try:
        return [Path(e.path) for e in os.scandir(folder)]
    except OSError:
        return []


def content_digest(data: Data) -> bytes:
    """What a file holds, to tell two versions apart without keeping both."""
    hashing = hashlib.sha256()
    for part in parts_of(data):
        hashing.update(part)
    return hashing.digest()


class DigestSoon:
    """``content_digest(data)``, worked out on a thread of its own meanwhile.

    A save writes and flushes the file while this hashes it: both wait outside
    the GIL, so on two cores the 50 MB of a fifty-year journal cost one pass of
    time, not two. ``result`` waits for it.
    """

    def __init__(self, data: Data) -> None:
        self._digest = b""
        self._thread: threading.Thread | None = None
        if len(data) < _HASH_APART_FROM:
            self._digest = content_digest(data)
            return
        self._thread = threading.Thread(target=self._run, args=(data,), daemon=True)
        self._thread.start()

    @classmethod
    def ready(cls, digest: bytes) -> DigestSoon:
        """One already known (of bytes shown equal to ones hashed before)."""
        done = cls(b"")
        done._digest = digest
        return done

    def _run(self, data: Data) -> None:
        self._digest = content_digest(data)

    def result(self) -> bytes:
        """The digest (waits for the thread)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self._digest


# Below this a digest takes under a millisecond: not worth a thread.
_HASH_APART_FROM = 1 << 21


def file_sig(st: os.stat_result) -> FileSig:
    """A cheap identity of a file version (inode, size, modification time)."""
    return st.st_ino, st.st_size, st.st_mtime_ns
