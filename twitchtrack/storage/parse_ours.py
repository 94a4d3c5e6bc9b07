"""Reading a journal file this program wrote, a slice of records at a time.

A file whose layout the trust note knows (``trust``: byte for byte what this
program last wrote) is still validated in full, but list by list and a slice of
records at a time, each slice's records then sharing one "fields set"
(``share_field_sets``). Validated whole, every record's own set is alive at once
before any can be shared: the peak memory of a load was 45 MB higher at ten years.
The slices need not be validated in file order: a window validates the newest
slice of each list first and paints, then the rest (``staged``).
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


class OurLayout:
    """A journal file in our layout, its slices validated in any order.

    ``open`` validates the head (the journal without its record lists); each
    slice is validated once, when first asked for; ``whole`` puts them together
    in file order. Not thread-safe: the caller holds a lock.
    """

    def __init__(self, raw: bytes, spans: Sequence[ListSpan], head: Journal) -> None:
        self._raw = raw
        self._spans = tuple(spans)
        self._head = head
        self._cuts = {
            s.name: slices(raw, s.start, s.end, SLICE_BYTES) for s in self._spans
        }
        self._parts: dict[str, list[list[Record] | None]] = {
            name: [None] * len(cuts) for name, cuts in self._cuts.items()
        }
        self._shared: dict[type[Record], set[str]] = {}

    @classmethod
    def open(cls, raw: bytes, spans: Sequence[ListSpan]) -> OurLayout | None:
        """The layout of ``raw`` with its head validated; None if not as expected."""
        if tuple(s.name for s in spans) != _LISTS:
            return None
        try:
            head = Journal.model_validate_json(head_text(raw, spans))
        except ValidationError:
            return None
        if not {"format", "schema_version"} <= head.model_fields_set:
            return None
        return cls(raw, spans, head)

    @property
    def head(self) -> Journal:
        """The journal's head: settings and the lists that are not sliced."""
        return self._head

    def left(self) -> list[tuple[str, int]]:
        """The slices not validated yet, each list's newest (last) first."""
        return [
            (name, i)
            for name, parts in self._parts.items()
            for i in reversed(range(len(parts)))
            if parts[i] is None
        ]

    def validate(self, name: str, index: int) -> bool:
        """Validate one slice (once); False when its records are not valid."""
        parts = self._parts[name]
        if parts[index] is not None:
            return True
        a, b = self._cuts[name][index]
        try:
            part = _adapter(name).validate_json(b"[%b]" % self._raw[a:b])
        except ValidationError:
            return False
        share_field_sets(part, self._shared)
        parts[index] = part
        return True

    def part(self, name: str, index: int) -> list[Record]:
        """The records of a slice validated already (file order)."""
        records = self._parts[name][index]
        assert records is not None
        return records

    def count(self, name: str) -> int:
        """How many slices the list has."""
        return len(self._parts[name])

    def newest(self) -> Journal | None:
        """The head with the newest slice of each list (validated now)."""
        lists: dict[str, list[Record]] = {}
        for name, parts in self._parts.items():
            if parts and not self.validate(name, len(parts) - 1):
                return None
            lists[name] = list(parts[-1] or []) if parts else []
        return self._head.model_copy(update=lists)

    def whole(self) -> Journal | None:
        """Every slice validated, the records in file order; None if any is not."""
        if not all(self.validate(name, i) for name, i in self.left()):
            return None
        lists: dict[str, list[Record]] = {}
        for span in self._spans:
            records: list[Record] = []
            for part in self._parts[span.name]:
                records += part or []
            if len(records) != span.count:
                return None
            lists[span.name] = records
        return self._head.model_copy(update=lists)


def read_our_layout(raw: bytes, spans: Sequence[ListSpan]) -> Journal | None:
    """The journal in ``raw`` (laid out as ``spans`` say), validated a slice at a
    time; None when anything is not as expected."""
    layout = OurLayout.open(raw, spans)
    return None if layout is None else layout.whole()
