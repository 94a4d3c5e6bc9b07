"""Reading a journal file this program wrote, a slice of records at a time.

A file whose layout the trust note knows (``trust``: byte for byte what this
program last wrote) is still validated in full, but list by list and a slice of
records at a time, each slice's records then sharing one "fields set"
(``share_field_sets``). Validated whole, every record's own set is alive at once
before any can be shared: the peak memory of a load was 45 MB higher at ten years.
Anything unexpected here means None, and the file is read the ordinary way.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from twitchtrack.domain.models import DayLog, Episode, Journal, Record, share_field_sets
from twitchtrack.storage.serialize import ListSpan, head_text

# About this much record text is validated at once (a few thousand records).
SLICE_BYTES = 1 << 20
_BOUNDARY = b'},\n{"id":"'  # between two records: see serialize._find_list
_LISTS: tuple[str, ...] = ("episodes", "days")


@cache
def _adapter(name: str) -> TypeAdapter[list[Any]]:
    if name == "episodes":
        return TypeAdapter(list[Episode])
    return TypeAdapter(list[DayLog])


def slices(raw: bytes, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """``raw[start:end]``, records joined by ``,<newline>``, cut into runs of whole
    records of about ``size`` bytes each."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        cut = raw.find(_BOUNDARY, min(pos + size, end), end)
        if cut < 0:
            out.append((pos, end))
            break
        out.append((pos, cut + 1))
        pos = cut + 3  # past "}", ",", newline
    return out


def read_our_layout(raw: bytes, spans: Sequence[ListSpan]) -> Journal | None:
    """The journal in ``raw`` (laid out as ``spans`` say), validated a slice at a
    time; None when anything is not as expected."""
    if tuple(s.name for s in spans) != _LISTS:
        return None
    try:
        head = Journal.model_validate_json(head_text(raw, spans))
    except ValidationError:
        return None
    if not {"format", "schema_version"} <= head.model_fields_set:
        return None
    lists: dict[str, list[Record]] = {}
    shared: dict[type[Record], set[str]] = {}
    for span in spans:
        records: list[Record] = []
        for a, b in slices(raw, span.start, span.end, SLICE_BYTES):
            try:
                part = _adapter(span.name).validate_json(b"[%b]" % raw[a:b])
            except ValidationError:
                return None
            share_field_sets(part, shared)
            records += part
        if len(records) != span.count:
            return None
        lists[span.name] = records
    return head.model_copy(update=lists)
