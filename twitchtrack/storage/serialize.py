"""The journal file's layout (one record per line) and reuse of unchanged text."""

from __future__ import annotations

from dataclasses import dataclass

from twitchtrack.domain.models import DayLog, Episode, Journal, Record
from twitchtrack.storage.gc_pause import paused_collector

# The lists written one record per line; anything else (settings, self-checks)
# goes in the compact head.
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


class JournalText:
    """Writes journals in our layout, reusing the text of records kept unchanged.

    It remembers the text of each record list as last read or written, so a save
    serialises only the records after the first one that changed.
    """

    def __init__(self) -> None:
        self._texts: dict[str, _ListText] = {}

    def forget(self) -> None:
        """Reuse nothing in the next write."""
        self._texts = {}

    def remember(self, raw: bytes, journal: Journal) -> None:
        """Offer a freshly read file's text for reuse by the next write.

        Where each list sits is found (and checked) lazily, in that write.
        """
        self._texts = {}
        for name, _ in _LISTS:
            records = list(getattr(journal, name))
            self._texts[name] = _ListText(records, raw, None)

    def serialize(self, journal: Journal) -> bytes:
        """The file bytes: compact JSON with one record per line.

        One record per line keeps line numbers in error messages meaningful and
        diffs readable, at a fraction of the size and time of indented JSON. It
        also lets a save reuse the text of every record before the first change
        (records are immutable, so an unchanged object has unchanged text).
        """
        with paused_collector():
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
