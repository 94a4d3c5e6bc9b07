"""Reading journal bytes: validation, clear errors, upgrades and newer versions."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from twitchtrack.domain.merge import RECORD_LISTS
from twitchtrack.domain.models import (
    FORMAT,
    SCHEMA_VERSION,
    DayLog,
    Episode,
    Journal,
    Settings,
    share_field_sets,
)
from twitchtrack.storage import migrations
from twitchtrack.storage.crypto.session import decode
from twitchtrack.storage.durable import read_file
from twitchtrack.storage.errors import JournalError, MigrationError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.ids import check_unique_ids
from twitchtrack.storage.parse_ours import read_our_layout
from twitchtrack.storage.serialize import ListSpan

_SHOWN_TEXT = 40


@dataclass(frozen=True)
class ParsedJournal:
    """A journal read from bytes, with the version it was written in."""

    journal: Journal
    schema_version: int
    read_only_reason: str | None = None


def shown_value(value: object) -> str:
    """`` (found <value>)`` for an error message; long text (notes) is never echoed."""
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
        what += shown_value(given)
    if len(problems) > 1:
        more = len(problems) - 1
        what += f" (and {more} more problem{'s' if more > 1 else ''})"
    return JournalError(path, where, what)


def _position(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def parse_journal(
    raw: bytes, path: Path, spans: Sequence[ListSpan] = ()
) -> ParsedJournal:
    """Validate journal bytes; :class:`JournalError` says where and what is wrong.

    An encrypted file is first opened with the key of its data folder
    (``crypto.session``). A current-version file takes the fast path
    (``model_validate_json``). Only when that fails is the file looked at more
    closely: JSON position of a syntax error, the ``format`` and
    ``schema_version`` fields, an upgrade of an older version, or a lenient
    read-only reading of a newer one. ``spans``: where the record lists sit, when
    the trust note knows this file as ours (then read a slice at a time).
    """
    raw = decode(raw, path)  # an encrypted file is opened with its folder's key
    if spans:
        with paused_collector():
            ours = read_our_layout(raw, spans)
        if ours is not None:
            check_unique_ids(ours, path)
            return ParsedJournal(ours, SCHEMA_VERSION)
    fast_error: ValidationError | None = None
    try:
        with paused_collector():
            journal = Journal.model_validate_json(raw)
    except ValidationError as err:
        fast_error = err
    else:
        # The model has defaults for both, but a file must say what it is.
        if {"format", "schema_version"} <= journal.model_fields_set:
            check_unique_ids(journal, path)
            _share(journal)
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
            if shown_value(fmt)
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
            path, "schema_version", "must be a whole number" + shown_value(version)
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
    check_unique_ids(journal, path)
    _share(journal)
    return ParsedJournal(journal, version)


def _share(journal: Journal) -> None:
    for name in RECORD_LISTS:
        share_field_sets(getattr(journal, name))


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


def read_journal_file(path: Path) -> ParsedJournal:
    """Read and validate a journal file other than the store's own (a backup)."""
    read = read_file(Path(path))
    if read is None:
        raise JournalError(Path(path), "whole file", "does not exist")
    return parse_journal(read[0], Path(path))
