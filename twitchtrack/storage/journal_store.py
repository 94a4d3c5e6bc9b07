"""The journal file on disk: validated loads, locked merged durable saves, backups."""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import os
import re
import secrets
import stat
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import filelock
import platformdirs
from pydantic import BaseModel, ValidationError

from twitchtrack.domain.models import (
    FORMAT,
    SCHEMA_VERSION,
    DayLog,
    Episode,
    Journal,
    Record,
    Settings,
    merge,
    now_utc,
)
from twitchtrack.storage import migrations
from twitchtrack.storage.errors import (
    JournalError,
    JournalLockedError,
    MigrationError,
    ReadOnlyJournalError,
    SaveError,
    StorageError,
)

JOURNAL_FILE = "journal.json"
BACKUP_DIR = "backups"
LOCK_FILE = ".journal.lock"
DATA_DIR_ENV = "TWITCHTRACK_DATA_DIR"

# Backup policy. Automatic ("auto") backups are taken before a save replaces the
# file, at most once per interval and only when the content differs from the
# newest backup. Thinning keeps the newest backup of each of the 12 most recent
# UTC days, 10 most recent ISO weeks and 9 most recent months that have backups
# (the three rules are applied independently and their picks united). Backups
# with any other reason ("before-import", "before-restore", "before-migration",
# a manual one) are never thinned while younger than PROTECT_NAMED_BACKUPS; after
# that they are thinned like the rest.
AUTO_REASON = "auto"
AUTO_BACKUP_INTERVAL = timedelta(minutes=30)
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
# Every backup of the last day stays: the most common rescue is undoing a mistake
# made an hour ago, which the one-per-day rule alone would have thinned away.
KEEP_ALL_WITHIN = timedelta(hours=24)
PROTECT_NAMED_BACKUPS = timedelta(days=30)

_FILE_MODE = 0o600
_DIR_MODE = 0o700
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Opening a FIFO put in place of the journal must not hang the app.
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)

_REASON = re.compile(r"[a-z]+(?:-[a-z]+)*")
_BACKUP_NAME = re.compile(
    r"journal-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z]+(?:-[a-z]+)*)"
    r"(?:-(?P<seq>\d+))?\.json"
)
_STAMP = "%Y%m%dT%H%M%SZ"
# Every temporary file atomic_write makes for one of our files: ".<name>.<hex>.tmp".
_OUR_TEMP = re.compile(r"\.journal[^/]*\.[0-9a-f]{12}\.tmp")
_SHOWN_TEXT = 40


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the journal lives: ``$TWITCHTRACK_DATA_DIR`` or the platform data dir."""
    env = os.environ if environ is None else environ
    override = env.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser().absolute()
    return Path(platformdirs.user_data_dir("twitchtrack", appauthor=False))


# ---------------------------------------------------------------------------
# Durable writing


def _reason(err: OSError) -> str:
    return err.strerror or str(err) or type(err).__name__


def atomic_write(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` durably, or leave it byte-identical.

    Writes a 0600 temp file next to the target, checks that every byte was
    written, fsyncs it, renames it over the target and fsyncs the folder. On any
    failure the temp file is removed and :class:`SaveError` says what failed.
    """
    folder = target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_NOFOLLOW
    try:
        fd = os.open(tmp, flags, _FILE_MODE)
    except OSError as err:
        raise SaveError(
            f"could not create a temporary file in {folder}: {_reason(err)}; "
            f"{target} was not changed"
        ) from err
    step = "writing"
    try:
        try:
            if hasattr(os, "fchmod"):
                # The mode given to os.open is masked by the umask; fchmod is not.
                os.fchmod(fd, _FILE_MODE)
            _write_all(fd, data, target)
            step = "flushing to disk"
            os.fsync(fd)
        finally:
            os.close(fd)
        step = "replacing"
        os.replace(tmp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise SaveError(
                f"{step} {target} failed: {_reason(err)}; {target} was not changed"
            ) from err
        raise
    _sync_folder(folder, target)


def _write_all(fd: int, data: bytes, target: Path) -> None:
    view = memoryview(data)
    total = len(view)
    done = 0
    while done < total:
        n = os.write(fd, view[done:])
        if n <= 0:
            # A full disk can show up as a write that accepts nothing; looping
            # would spin forever and stopping early would commit a truncated file.
            raise SaveError(
                f"writing {target} stopped after {done} of {total} bytes "
                f"(is the disk full?); {target} was not changed"
            )
        done += n


def _sync_folder(folder: Path, target: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    try:
        dfd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError as err:
        raise SaveError(
            f"{target} was written, but its folder could not be opened to flush "
            f"it to disk: {_reason(err)}"
        ) from err
    try:
        os.fsync(dfd)
    except OSError as err:
        # Some file systems (certain network mounts) cannot fsync a directory at
        # all; that is not a failure of this save.
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise SaveError(
                f"{target} was written, but flushing its folder to disk failed: "
                f"{_reason(err)}"
            ) from err
    finally:
        os.close(dfd)


# ---------------------------------------------------------------------------
# Reading and validating


def _read_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes and stat of a journal file; None when there is no file."""
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
            path, "whole file", f"cannot be read: {_reason(err)}"
        ) from err
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise JournalError(path, "whole file", "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise JournalError(path, "whole file", "is not a regular file")
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 22):
            chunks.append(chunk)
        return b"".join(chunks), st
    except OSError as err:
        raise JournalError(
            path, "whole file", f"cannot be read: {_reason(err)}"
        ) from err
    finally:
        os.close(fd)


@dataclass(frozen=True)
class ParsedJournal:
    """A journal read from bytes, with the version it was written in."""

    journal: Journal
    schema_version: int
    read_only_reason: str | None = None


def _shown(value: object) -> str:
    """A short value for an error message; long text (notes) is never echoed."""
    if value is None or isinstance(value, bool | int | float):
        return f" (found {value!r})"
    if isinstance(value, str) and len(value) <= _SHOWN_TEXT:
        return f" (found {value!r})"
    return ""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _location(loc: Sequence[int | str]) -> str:
    """``episodes[3].intensity``; an odd key (from a damaged file) is quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{part[:_SHOWN_TEXT]!a}]"
    return out


def _validation_error(path: Path, err: ValidationError) -> JournalError:
    problems = err.errors(include_url=False)
    first = problems[0]
    where = _location(first["loc"]) or "whole file"
    what = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        what = "unknown field"
    given = first.get("input")
    if repr(given) not in what:
        what += _shown(given)
    if len(problems) > 1:
        more = len(problems) - 1
        what += f" (and {more} more problem{'s' if more > 1 else ''})"
    return JournalError(path, where, what)


def _position(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Validating a big journal creates hundreds of thousands of objects and no
    cycles; the collector would scan them again and again, which more than
    doubled load time (measured). Collection resumes right after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_journal(raw: bytes, path: Path) -> ParsedJournal:
    """Validate journal bytes; :class:`JournalError` says where and what is wrong.

    A current-version file takes the fast path (``model_validate_json``). Only
    when that fails is the file looked at more closely: JSON position of a syntax
    error, the ``format`` and ``schema_version`` fields, an upgrade of an older
    version, or a lenient read-only reading of a newer one.
    """
    fast_error: ValidationError | None = None
    try:
        with _no_gc():
            journal = Journal.model_validate_json(raw)
    except ValidationError as err:
        fast_error = err
    else:
        # The model has defaults for both, but a file must say what it is.
        if {"format", "schema_version"} <= journal.model_fields_set:
            return ParsedJournal(journal, SCHEMA_VERSION)
    if not raw.strip():
        raise JournalError(path, "whole file", "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise JournalError(
            path, _position(raw, err.start), "is not UTF-8 text (is it a journal file?)"
        ) from None
    # Editors on Windows may add a byte-order mark; it is not damage.
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise JournalError(
            path, f"line {err.lineno}, column {err.colno}", f"not valid JSON: {err.msg}"
        ) from None
    except RecursionError:
        raise JournalError(
            path, "whole file", "not valid JSON: nested too deeply"
        ) from None
    except ValueError:
        # Python refuses integers with thousands of digits.
        raise JournalError(
            path, "whole file", "not valid JSON: a number is too long"
        ) from None
    if not isinstance(data, dict):
        raise JournalError(
            path,
            "whole file",
            "not a twitchtrack journal: the top level is not an object",
        )
    fmt = data.get("format")
    if fmt != FORMAT:
        found = (
            "is missing"
            if fmt is None
            else f"is {fmt!r}"
            if _shown(fmt)
            else "is wrong"
        )
        raise JournalError(
            path, "format", f"not a twitchtrack journal: the format field {found}"
        )
    version = data.get("schema_version")
    if "schema_version" not in data:
        raise JournalError(path, "schema_version", "the field is missing")
    if not isinstance(version, int) or isinstance(version, bool):
        raise JournalError(
            path, "schema_version", "must be a whole number" + _shown(version)
        )
    oldest = migrations.oldest_supported()
    if version < oldest:
        raise JournalError(
            path,
            "schema_version",
            f"unknown schema version {version} (this version of twitchtrack "
            f"reads {oldest} to {SCHEMA_VERSION})",
        )
    if version > SCHEMA_VERSION:
        return _read_newer(data, version, path)
    if version == SCHEMA_VERSION and not bom and fast_error is not None:
        raise _validation_error(path, fast_error)
    try:
        upgraded = migrations.migrate(data)
    except MigrationError as err:
        raise JournalError(path, "schema_version", str(err)) from None
    try:
        # Validate in JSON mode, as every later load will: a value that only the
        # Python mode accepts must not get into a file we then cannot read back.
        again = json.dumps(upgraded, allow_nan=False)
    except (ValueError, RecursionError):
        raise JournalError(
            path, "whole file", "contains NaN or Infinity, which a journal may not"
        ) from None
    try:
        journal = Journal.model_validate_json(again)
    except ValidationError as err:
        raise _validation_error(path, err) from None
    return ParsedJournal(journal, version)


def _lenient(model: type[BaseModel], item: object) -> Any:
    """A record of a newer file read with the fields this version knows, or None."""
    if not isinstance(item, dict):
        return None
    known = {k: v for k, v in item.items() if k in model.model_fields}
    try:
        return model.model_validate(known)
    except ValidationError:
        return None


def _read_newer(data: dict[str, Any], version: int, path: Path) -> ParsedJournal:
    """Best-effort reading of a file from a newer version, for read-only display."""
    lists: dict[str, list[Any]] = {}
    skipped = 0
    for key, model in (("episodes", Episode), ("days", DayLog)):
        items = data.get(key)
        items = items if isinstance(items, list) else []
        read = [r for r in (_lenient(model, i) for i in items) if r is not None]
        skipped += len(items) - len(read)
        lists[key] = read
    settings = _lenient(Settings, data.get("settings")) or Settings()
    journal = Journal(episodes=lists["episodes"], days=lists["days"], settings=settings)
    reason = (
        f"{path.name} was written by a newer version of twitchtrack (journal "
        f"schema {version}; this version knows schema {SCHEMA_VERSION}). It is "
        "open read-only so nothing in it is lost; update twitchtrack to edit it."
    )
    if skipped:
        reason += f" {skipped} record{'s' if skipped > 1 else ''} could not be shown."
    return ParsedJournal(journal, version, reason)


# ---------------------------------------------------------------------------
# Backups


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. Counts are of live (not deleted) records.

    ``error`` is set when the backup cannot be restored (damaged, or from a newer
    version); the counts are then what could be read, or zero.
    """

    path: Path
    created: datetime
    reason: str
    episodes: int
    days: int
    size: int
    error: str | None = None


@dataclass(frozen=True)
class _BackupName:
    path: Path
    created: datetime
    reason: str
    seq: int


def _scan_backups(folder: Path) -> list[_BackupName]:
    """Our backup files in ``folder``, newest first. Anything else is ignored."""
    found: list[_BackupName] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    except OSError as err:
        raise StorageError(
            f"cannot list the backups in {folder}: {_reason(err)}"
        ) from err
    for entry in entries:
        match = _BACKUP_NAME.fullmatch(entry.name)
        # Only plain files: a symlink in the folder is not ours to delete.
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        seq = int(match["seq"] or 1)
        found.append(_BackupName(Path(entry.path), created, match["reason"], seq))
    found.sort(key=lambda b: (b.created, b.seq), reverse=True)
    return found


def _day(t: datetime) -> date:
    return t.date()


def _week(t: datetime) -> tuple[int, int]:
    iso = t.isocalendar()
    return iso.year, iso.week


def _month(t: datetime) -> tuple[int, int]:
    return t.year, t.month


_RULES: tuple[tuple[int, Callable[[datetime], object]], ...] = (
    (KEEP_DAILY, _day),
    (KEEP_WEEKLY, _week),
    (KEEP_MONTHLY, _month),
)


def _backups_to_thin(
    backups: Sequence[_BackupName], now: datetime
) -> list[_BackupName]:
    """The backups the retention policy drops (``backups`` newest first)."""
    keep: set[Path] = set()
    for limit, bucket in _RULES:
        seen: set[object] = set()
        for b in backups:
            key = bucket(b.created)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.add(key)
            keep.add(b.path)
    return [
        b
        for b in backups
        if b.path not in keep
        and now - b.created >= KEEP_ALL_WITHIN
        and (b.reason == AUTO_REASON or now - b.created >= PROTECT_NAMED_BACKUPS)
    ]


# ---------------------------------------------------------------------------
# The store


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


_Sig = tuple[int, int, int]


def _sig(st: os.stat_result) -> _Sig:
    return st.st_ino, st.st_size, st.st_mtime_ns


@dataclass(frozen=True)
class _Snapshot:
    raw: bytes
    digest: bytes
    sig: _Sig


@dataclass(frozen=True)
class _Known:
    """What this store last loaded or wrote: it decides if the disk changed."""

    digest: bytes
    version: int


class JournalStore:
    """Loads and saves one journal folder; safe across processes and threads.

    Every write happens under a file lock. A save re-reads the file first and,
    if another process changed it, merges the two journals by record id, so
    neither side's records are lost.
    """

    def __init__(
        self,
        folder: Path,
        *,
        lock_timeout: float = 5.0,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL_FILE
        self.backups_dir = self.folder / BACKUP_DIR
        self.lock_path = self.folder / LOCK_FILE
        self.lock_timeout = lock_timeout
        self.read_only = False
        self.read_only_reason: str | None = None
        # Set after loading an older schema; the first save backs the old file up.
        self.migrated_from: int | None = None
        # An automatic backup that failed does not fail the save; it is kept here.
        self.last_backup_error: str | None = None
        # Where restore() put a damaged journal file it replaced.
        self.set_aside: Path | None = None
        self._clock = clock
        self._known: _Known | None = None
        self._seen_sig: _Sig | None = None
        self._mutex = threading.RLock()
        self._lock = filelock.FileLock(
            self.lock_path, timeout=lock_timeout, mode=_FILE_MODE
        )
        # The text of each record list as last read or written, so a save
        # serialises only the records after the first one that changed.
        self._texts: dict[str, _ListText] = {}
        self._backup_digests: dict[Path, tuple[_Sig, bytes]] = {}
        self._backup_infos: dict[Path, tuple[_Sig, BackupInfo]] = {}

    # -- public API --------------------------------------------------------

    def load(self) -> Journal:
        """Read the journal; a missing file is an empty journal (nothing is created).

        Raises :class:`JournalError` for a file that is not a valid journal; that
        file is left exactly as it is. A newer schema opens read-only.
        """
        with self._mutex:
            with contextlib.suppress(StorageError):
                self._ensure_folder()
            self._clean_stale_temps()
            self._known = None
            self.read_only = False
            self.read_only_reason = None
            self.migrated_from = None
            snap = self._snapshot()
            if snap is None:
                return Journal()
            parsed = parse_journal(snap.raw, self.path)
            self._adopt(snap, parsed)
            return parsed.journal

    def save(self, journal: Journal, base: Journal | None = None) -> Journal:
        """Write ``journal``, merged with any change another process made meanwhile.

        ``base`` is the journal ``journal`` was edited from (what this process last
        read or wrote): a record both processes edited since is then merged field
        by field (``merge_record``) instead of the newer one winning whole.

        Returns the journal as now on disk. Raises :class:`ReadOnlyJournalError`
        for a newer-schema journal, :class:`JournalError` if the file on disk has
        become invalid (nothing is written), :class:`JournalLockedError` and
        :class:`SaveError`.
        """
        with self._mutex:
            if self.read_only:
                raise ReadOnlyJournalError(
                    self.read_only_reason or f"{self.path} is read-only"
                )
            with self._locked():
                snap = self._snapshot()
                version = SCHEMA_VERSION
                if snap is not None:
                    if self._known is not None and snap.digest == self._known.digest:
                        version = self._known.version
                    else:
                        parsed = self._parse_current(snap)
                        version = parsed.schema_version
                        journal = merge(journal, parsed.journal, base)
                self._commit(journal, snap, version)
                return journal

    def update(
        self,
        change: Callable[[Journal], Journal],
        *,
        backup_reason: str | None = None,
    ) -> Journal:
        """Under the lock: load fresh from disk, apply ``change``, save, return.

        With ``backup_reason`` (e.g. ``"before-import"``) the current file is
        backed up first, inside the same lock, and a failed backup aborts.
        """
        if backup_reason is not None:
            _check_reason(backup_reason)
        with self._mutex, self._locked():
            snap = self._snapshot()
            if snap is None:
                current, version = Journal(), SCHEMA_VERSION
            else:
                parsed = self._parse_current(snap)
                current, version = parsed.journal, parsed.schema_version
                self._remember_texts(snap.raw, parsed)
            changed = change(current)
            self._commit(changed, snap, version, backup_reason=backup_reason)
            return changed

    def changed_on_disk(self) -> bool:
        """True if the file differs (by stat) from what this store last read or wrote.

        A cheap hint for a file watcher; saving compares the content itself.
        """
        try:
            current: _Sig | None = _sig(os.stat(self.path))
        except FileNotFoundError:
            current = None
        except OSError:
            return True
        return current != self._seen_sig

    def backup(self, reason: str) -> Path | None:
        """Copy the current file into the backups folder; None if there is no file.

        Raises :class:`JournalError` if the current file is not valid: only good
        journals are backed up.
        """
        _check_reason(reason)
        with self._mutex, self._locked():
            snap = self._snapshot()
            if snap is None:
                return None
            if self._known is None or snap.digest != self._known.digest:
                parse_journal(snap.raw, self.path)
            return self._write_backup(snap.raw, reason)

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first, with its record counts."""
        with self._mutex:
            infos = [self._backup_info(b) for b in _scan_backups(self.backups_dir)]
            alive = {i.path for i in infos}
            self._backup_infos = {
                p: v for p, v in self._backup_infos.items() if p in alive
            }
            return infos

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup that can be restored, if any."""
        return next((b for b in self.list_backups() if b.error is None), None)

    def load_backup(self, path: Path) -> Journal:
        """Validate and read a backup (for a preview); the store is not changed."""
        return self._read_other(path).journal

    def restore(self, path: Path) -> Journal:
        """Make a backup's content the current journal.

        The current file is first backed up (reason ``before-restore``) or, if it
        is damaged, kept aside as ``journal-damaged-<time>.json`` in the folder.
        """
        with self._mutex, self._locked():
            parsed = self._read_other(path)
            if parsed.read_only_reason is not None:
                raise ReadOnlyJournalError(
                    f"{path}: this backup was written by a newer version of "
                    "twitchtrack and cannot be restored by this one"
                )
            snap = self._snapshot()
            if snap is not None:
                try:
                    if self._known is None or snap.digest != self._known.digest:
                        parse_journal(snap.raw, self.path)
                except JournalError:
                    self.set_aside = self._keep_aside(snap.raw)
                else:
                    self._write_backup(snap.raw, "before-restore")
            data = self._serialize(parsed.journal)
            atomic_write(self.path, data)
            self._after_write(_digest(data))
            return parsed.journal

    def validate_all(self) -> tuple[Journal, list[tuple[Path, StorageError | None]]]:
        """Check the journal and every backup (for ``twitchtrack check``).

        Returns the journal (empty if missing or invalid) and, for the journal
        file if present and then each backup newest first, its error or None.
        Sets ``read_only``/``read_only_reason`` as a load would; nothing else of
        the store changes.
        """
        journal = Journal()
        results: list[tuple[Path, StorageError | None]] = []
        try:
            read = _read_file(self.path)
            if read is not None:
                parsed = parse_journal(read[0], self.path)
                journal = parsed.journal
                self.read_only = parsed.read_only_reason is not None
                self.read_only_reason = parsed.read_only_reason
                results.append((self.path, None))
        except JournalError as err:
            results.append((self.path, err))
        for b in _scan_backups(self.backups_dir):
            try:
                self._read_other(b.path)
            except JournalError as err:
                results.append((b.path, err))
            else:
                results.append((b.path, None))
        return journal, results

    # -- internals ---------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return now.astimezone(UTC)

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(mode=_DIR_MODE, parents=True)
        except FileExistsError:
            if not self.folder.is_dir():
                raise SaveError(f"{self.folder} exists but is not a folder") from None
            return
        except OSError as err:
            raise SaveError(
                f"cannot create the data folder {self.folder}: {_reason(err)}"
            ) from err
        # mkdir's mode is masked by the umask. An existing folder keeps the
        # permissions its owner chose (it may be a deliberately shared place).
        os.chmod(self.folder, _DIR_MODE)

    @contextlib.contextmanager
    def _locked(self, timeout: float | None = None) -> Iterator[None]:
        self._ensure_folder()
        wait = self.lock_timeout if timeout is None else timeout
        try:
            self._lock.acquire(timeout=wait)
        except filelock.Timeout:
            raise JournalLockedError(
                f"{self.path}: another twitchtrack process kept the journal locked "
                f"for more than {wait:g} s; nothing was saved, try again"
            ) from None
        except OSError as err:
            raise SaveError(
                f"cannot create the lock file {self.lock_path}: {_reason(err)}"
            ) from err
        try:
            yield
        finally:
            self._lock.release()

    def _clean_stale_temps(self) -> None:
        """Remove temp files a crashed save left, if no save is running now."""
        stale = [
            p
            for folder in (self.folder, self.backups_dir)
            for p in _list_names(folder)
            if _OUR_TEMP.fullmatch(p.name)
        ]
        if not stale:
            return
        try:
            # Only while nobody holds the lock: a live save owns its temp file.
            with self._locked(timeout=0):
                for p in stale:
                    with contextlib.suppress(OSError):
                        if p.is_file() and not p.is_symlink():
                            p.unlink()
        except StorageError:
            return

    def _snapshot(self) -> _Snapshot | None:
        read = _read_file(self.path)
        if read is None:
            self._seen_sig = None
            return None
        raw, st = read
        snap = _Snapshot(raw, _digest(raw), _sig(st))
        self._seen_sig = snap.sig
        return snap

    def _adopt(self, snap: _Snapshot, parsed: ParsedJournal) -> None:
        self._remember_texts(snap.raw, parsed)
        self._known = _Known(snap.digest, parsed.schema_version)
        self.read_only = parsed.read_only_reason is not None
        self.read_only_reason = parsed.read_only_reason
        older = parsed.schema_version < SCHEMA_VERSION
        self.migrated_from = parsed.schema_version if older else None

    def _parse_current(self, snap: _Snapshot) -> ParsedJournal:
        """Parse the file found on disk before a write; refuse a newer one."""
        parsed = parse_journal(snap.raw, self.path)
        if parsed.read_only_reason is not None:
            self._adopt(snap, parsed)
            raise ReadOnlyJournalError(parsed.read_only_reason)
        return parsed

    def _remember_texts(self, raw: bytes, parsed: ParsedJournal) -> None:
        """Offer a freshly read file's text for reuse by the next save.

        Where each list sits is found (and checked) lazily, in that save.
        """
        self._texts = {}
        if parsed.schema_version == SCHEMA_VERSION and not parsed.read_only_reason:
            for name, _ in _LISTS:
                records = list(getattr(parsed.journal, name))
                self._texts[name] = _ListText(records, raw, None)

    def _read_other(self, path: Path) -> ParsedJournal:
        read = _read_file(Path(path))
        if read is None:
            raise JournalError(Path(path), "whole file", "does not exist")
        return parse_journal(read[0], Path(path))

    def _commit(
        self,
        journal: Journal,
        snap: _Snapshot | None,
        disk_version: int,
        *,
        backup_reason: str | None = None,
    ) -> None:
        """Back up as needed and write ``journal``; the lock is held."""
        data = self._serialize(journal)
        digest = _digest(data)
        if snap is not None:
            if backup_reason is not None:
                self._write_backup(snap.raw, backup_reason)
            elif disk_version < SCHEMA_VERSION:
                self._write_backup(snap.raw, "before-migration")
            if digest == snap.digest:
                self._after_write(digest)
                return
            if backup_reason is None:
                self._maybe_auto_backup(snap)
        atomic_write(self.path, data)
        self._after_write(digest)

    def _after_write(self, digest: bytes) -> None:
        self._known = _Known(digest, SCHEMA_VERSION)
        try:
            self._seen_sig = _sig(os.stat(self.path))
        except OSError:
            self._seen_sig = None
        self.read_only = False
        self.read_only_reason = None
        self.migrated_from = None

    def _serialize(self, journal: Journal) -> bytes:
        """The file bytes: compact JSON with one record per line.

        One record per line keeps line numbers in error messages meaningful and
        diffs readable, at a fraction of the size and time of indented JSON. It
        also lets a save reuse the text of every record before the first change
        (records are immutable, so an unchanged object has unchanged text).
        """
        with _no_gc():
            head = Journal.__pydantic_serializer__.to_json(
                journal, exclude={name for name, _ in _LISTS}
            )
            parts = [head[:-1]]
            size = len(head) - 1
            spans: dict[str, tuple[list[Record], int, int]] = {}
            for name, model in _LISTS:
                records: list[Record] = list(getattr(journal, name))
                inner = self._list_text(name, records, model)
                opening = b',\n"%s":[' % name.encode() + (b"\n" if records else b"")
                parts.append(opening)
                size += len(opening)
                spans[name] = (records, size, size + len(inner))
                parts.append(inner)
                size += len(inner)
                closing = b"\n]" if records else b"]"
                parts.append(closing)
                size += len(closing)
            parts.append(b"}\n")
            data = b"".join(parts)
            self._texts = {
                name: _ListText(records, data, (start, end))
                for name, (records, start, end) in spans.items()
            }
            return data

    def _list_text(
        self, name: str, records: list[Record], model: type[Record]
    ) -> bytes:
        """The records of one list joined by ",<newline>", reusing old text."""
        reused = b""
        done = 0
        old = self._texts.get(name)
        if old is not None and records:
            span = old.span if old.span is not None else _find_list(old, name)
            if span is not None:
                for a, b in zip(old.records, records, strict=False):
                    if a is not b:
                        break
                    done += 1
                reused = _prefix(old.data, span, done, len(old.records))
        serializer = model.__pydantic_serializer__
        texts = [serializer.to_json(r) for r in records[done:]]
        if done:
            texts.insert(0, reused)
        return b",\n".join(texts)

    def _ensure_backups_dir(self) -> None:
        try:
            self.backups_dir.mkdir(mode=_DIR_MODE)
        except FileExistsError:
            return
        except OSError as err:
            raise SaveError(
                f"cannot create the backups folder {self.backups_dir}: {_reason(err)}"
            ) from err
        os.chmod(self.backups_dir, _DIR_MODE)

    def _write_backup(self, raw: bytes, reason: str) -> Path:
        """Write one backup and thin the folder; the lock is held."""
        self._ensure_backups_dir()
        stamp = self._now().strftime(_STAMP)
        target = self.backups_dir / f"journal-{stamp}-{reason}.json"
        seq = 1
        while os.path.lexists(target):
            seq += 1
            target = self.backups_dir / f"journal-{stamp}-{reason}-{seq}.json"
        atomic_write(target, raw)
        self._thin()
        return target

    def _maybe_auto_backup(self, snap: _Snapshot) -> None:
        try:
            backups = _scan_backups(self.backups_dir)
            if backups:
                newest = backups[0]
                if self._now() - newest.created < AUTO_BACKUP_INTERVAL:
                    return
                if self._backup_digest(newest.path) == snap.digest:
                    return
            self._write_backup(snap.raw, AUTO_REASON)
            self.last_backup_error = None
        except (StorageError, OSError) as err:
            # The save itself matters more than its safety copy; report, go on.
            self.last_backup_error = str(err)

    def _backup_digest(self, path: Path) -> bytes | None:
        try:
            sig = _sig(os.stat(path))
        except OSError:
            return None
        cached = self._backup_digests.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]
        read = _read_file(path)
        if read is None:
            return None
        digest = _digest(read[0])
        self._backup_digests = {path: (_sig(read[1]), digest)}
        return digest

    def _thin(self) -> None:
        for b in _backups_to_thin(_scan_backups(self.backups_dir), self._now()):
            try:
                b.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as err:
                self.last_backup_error = (
                    f"could not remove old backup {b.path}: {_reason(err)}"
                )

    def _backup_info(self, b: _BackupName) -> BackupInfo:
        try:
            st = os.lstat(b.path)
        except OSError as err:
            return BackupInfo(
                b.path, b.created, b.reason, 0, 0, 0, f"cannot be read: {_reason(err)}"
            )
        cached = self._backup_infos.get(b.path)
        if cached is not None and cached[0] == _sig(st):
            return cached[1]
        episodes = days = 0
        error: str | None = None
        try:
            parsed = self._read_other(b.path)
        except JournalError as err:
            error = f"{err.where}: {err.what}"
        else:
            episodes = sum(1 for e in parsed.journal.episodes if not e.deleted)
            days = sum(1 for d in parsed.journal.days if not d.deleted)
            if parsed.read_only_reason is not None:
                version = parsed.schema_version
                error = f"written by a newer twitchtrack (journal schema {version})"
        info = BackupInfo(
            b.path, b.created, b.reason, episodes, days, st.st_size, error
        )
        self._backup_infos[b.path] = (_sig(st), info)
        return info

    def _keep_aside(self, raw: bytes) -> Path:
        stamp = self._now().strftime(_STAMP)
        target = self.folder / f"journal-damaged-{stamp}.json"
        seq = 1
        while os.path.lexists(target):
            seq += 1
            target = self.folder / f"journal-damaged-{stamp}-{seq}.json"
        atomic_write(target, raw)
        return target


_LISTS: tuple[tuple[str, type[Record]], ...] = (("episodes", Episode), ("days", DayLog))
_OPENER = b'{"id":"'
_SEP = b",\n"


@dataclass(frozen=True)
class _ListText:
    """A record list and the file text it was read from or written to.

    ``span`` is where the records' text sits in ``data``; None until a file
    read from disk has been checked to be in our layout.
    """

    records: list[Record]
    data: bytes
    span: tuple[int, int] | None


def _find_list(old: _ListText, name: str) -> tuple[int, int] | None:
    """Where a list's records sit in a file read from disk, if in our layout.

    Neither a raw newline nor an unescaped quote can occur inside a JSON string,
    so ``,<newline>`` and ``{"id":"`` only ever appear as structure. When the
    list has one ``{"id":"`` per record, each right after a separator and each
    line ending an object, line i is record i (also checked by id at both ends).
    """
    n = len(old.records)
    data = old.data
    opening = b',\n"%s":[\n' % name.encode()
    start = _find(data, opening, 0, len(data))
    if n == 0 or start < 0:
        return None
    start += len(opening)
    end = _find(data, b"\n]", start, len(data))
    if end < 0:
        return None
    last = data.rfind(_SEP, start, end) + len(_SEP) if n > 1 else start
    checks = (
        _count(data, _OPENER, start, end) == n,
        _count(data, b"}" + _SEP + _OPENER, start, end) == n - 1,
        _count(data, _SEP, start, end) == n - 1,
        data.startswith(_OPENER + str(old.records[0].id).encode(), start),
        data.startswith(_OPENER + str(old.records[-1].id).encode(), last),
        data.endswith(b"}", start, end),
    )
    return (start, end) if all(checks) else None


# bytes.find and bytes.count hold the GIL for their whole run: over a 10 MB
# journal that is 5-10 ms each, during which the window (whose thread needs the
# GIL too) cannot paint. Slices of 1 MB keep every such pause near 1 ms.
_SCAN_SLICE = 1 << 20


def _find(data: bytes, pattern: bytes, start: int, end: int) -> int:
    """``data.find(pattern, start, end)``, a slice at a time."""
    overlap = len(pattern) - 1
    for lo in range(start, end, _SCAN_SLICE):
        hit = data.find(pattern, lo, min(lo + _SCAN_SLICE + overlap, end))
        if hit >= 0:
            return hit
    return -1


def _count(data: bytes, pattern: bytes, start: int, end: int) -> int:
    """``data.count(pattern, start, end)``, a slice at a time (for patterns that
    cannot overlap themselves: each is counted in the slice where it starts)."""
    overlap = len(pattern) - 1
    return sum(
        data.count(pattern, lo, min(lo + _SCAN_SLICE + overlap, end))
        for lo in range(start, end, _SCAN_SLICE)
    )


def _prefix(data: bytes, span: tuple[int, int], count: int, total: int) -> bytes:
    """The text of the first ``count`` of ``total`` records at ``span`` in ``data``."""
    start, end = span
    if count == 0:
        return b""
    if count == total:
        return data[start:end]
    pos = start
    for _ in range(count):
        hit = data.find(_SEP, pos, end)
        if hit < 0:
            return data[start:end]
        pos = hit + len(_SEP)
    return data[start : pos - len(_SEP)]


def _check_reason(reason: str) -> None:
    if not _REASON.fullmatch(reason):
        raise ValueError(
            f"backup reason must be lower-case words joined by '-', not {reason!r}"
        )


def _list_names(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder)]
    except OSError:
        return []
