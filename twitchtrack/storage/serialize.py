"""The journal file's layout (one record per line) and reuse of unchanged text."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass

from twitchtrack.domain.models import DayLog, Episode, Journal, Record
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.pieces import Buffer, Pieces

# The lists written one record per line; anything else (settings, self-checks)
# goes in the compact head.
_LISTS: tuple[tuple[str, type[Record]], ...] = (("episodes", Episode), ("days", DayLog))
LIST_NAMES: tuple[str, ...] = tuple(name for name, _ in _LISTS)
_OPENER = b'{"id":"'
_SEP = b",\n"
_END = b"}\n"
# Runs of record text shorter than this are joined into one when a file is laid
# out (a few new records after a long reused run); longer ones are written as
# views, never copied.
_SMALL = 1 << 16


@dataclass(frozen=True)
class _Run:
    """The text of ``count`` records, joined by ",<newline>": ``base[start:end]``
    (``base`` is a file read, or a piece of one written, and never copied)."""

    base: bytes
    start: int
    end: int
    count: int

    @classmethod
    def of(cls, text: bytes) -> _Run:
        """One record's text."""
        return cls(text, 0, len(text), 1)

    def view(self) -> Buffer:
        """The text, as a view unless it is all of ``base``."""
        if self.start == 0 and self.end == len(self.base):
            return self.base
        return memoryview(self.base)[self.start : self.end]


@dataclass(frozen=True)
class ListSpan:
    """Where one record list's text sits in a file we wrote, and its length."""

    name: str
    start: int
    end: int
    count: int


def _list_of() -> dict[type[Record], str]:
    out: dict[type[Record], str] = {}
    for name, field in Journal.model_fields.items():
        args = typing.get_args(field.annotation)
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], Record):
            out[args[0]] = name
    return out


# Which journal list holds each kind of record ("samples" for a Sample, ...).
LIST_OF: dict[type[Record], str] = _list_of()


def by_list(records: Sequence[Record]) -> dict[str, list[Record]]:
    """``records`` split by the journal list each belongs in (for
    ``Journal.with_records(**...)``); a record of no list is refused."""
    out: dict[str, list[Record]] = {}
    for r in records:
        name = LIST_OF.get(type(r))
        if name is None:
            raise TypeError(f"no journal list holds a {type(r).__name__}")
        out.setdefault(name, []).append(r)
    return out


def _opening(name: str, count: int) -> bytes:
    return b',\n"%s":[' % name.encode() + (b"\n" if count else b"")


def _closing(count: int) -> bytes:
    return b"\n]" if count else b"]"


def _coalesced(runs: Sequence[_Run]) -> list[_Run]:
    """``runs`` with each stretch of short neighbours joined into one run."""
    out: list[_Run] = []
    group: list[_Run] = []

    def flush() -> None:
        if len(group) == 1:
            out.append(group[0])
        elif group:
            text = _SEP.join(r.view() for r in group)
            out.append(_Run(text, 0, len(text), sum(r.count for r in group)))
        group.clear()

    for run in runs:
        if run.end - run.start >= _SMALL:
            flush()
            out.append(run)
        else:
            group.append(run)
    flush()
    return out


def _assemble(
    head: bytes, lists: Sequence[tuple[str, Sequence[_Run], int]]
) -> tuple[Pieces, tuple[ListSpan, ...], dict[str, tuple[_Run, ...]]]:
    """The file: ``head`` (the journal without its lists, as JSON) and each list's
    records (runs of records' text, to be joined by ",<newline>") with their
    count, one record per line; where each list sits; and each list's runs.

    Nothing is copied but short runs: the file is the pieces (a reused run of old
    text is a view into the old file; at 50 years a copy would be 50 MB).
    """
    parts: list[Buffer] = [head[:-1]]
    size = len(head) - 1
    spans: list[ListSpan] = []
    laid: dict[str, tuple[_Run, ...]] = {}
    for name, runs, count in lists:
        opening = _opening(name, count)
        parts.append(opening)
        size += len(opening)
        start = size
        laid[name] = tuple(_coalesced(runs))
        for i, run in enumerate(laid[name]):
            if i:
                parts.append(_SEP)
                size += len(_SEP)
            parts.append(run.view())
            size += run.end - run.start
        spans.append(ListSpan(name, start, size, count))
        parts.append(_closing(count))
        size += len(_closing(count))
    parts.append(_END)
    return Pieces(parts), tuple(spans), laid


def _head_json(journal: Journal) -> bytes:
    return Journal.__pydantic_serializer__.to_json(journal, exclude=set(LIST_NAMES))


def spans_fit(data: bytes, spans: Sequence[ListSpan]) -> bool:
    """Whether ``spans`` (from a note about ``data``) describe our layout of it.

    Constant time: only the bytes around each span are looked at.
    """
    if tuple(s.name for s in spans) != LIST_NAMES:
        return False
    pos = spans[0].start - len(_opening(spans[0].name, spans[0].count))
    if pos < 1 or not data.startswith(b"{"):
        return False
    for s in spans:
        opening, closing = _opening(s.name, s.count), _closing(s.count)
        if s.start - len(opening) != pos or s.end < s.start:
            return False
        if not data.startswith(opening, pos) or not data.startswith(closing, s.end):
            return False
        if s.count and not (
            data.startswith(_OPENER, s.start) and data.endswith(b"}", s.start, s.end)
        ):
            return False
        if not s.count and s.end != s.start:
            return False
        pos = s.end + len(closing)
    return data.startswith(_END, pos) and pos + len(_END) == len(data)


def head_text(data: bytes, spans: Sequence[ListSpan]) -> bytes:
    """The journal without its record lists, as JSON (for ``spans_fit`` data)."""
    first = spans[0]
    return data[: first.start - len(_opening(first.name, first.count))] + b"}"


@dataclass(frozen=True)
class _ListText:
    """A record list and the text it was read from or written as.

    ``runs`` hold the records' text; None until a file read from disk (``data``)
    has been checked to be in our layout.
    """

    records: list[Record]
    runs: tuple[_Run, ...] | None
    data: bytes = b""


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


def _runs_of(old: _ListText, name: str) -> tuple[_Run, ...] | None:
    """The runs of an old list's text; found in a file read from disk (None when
    it is not in our layout)."""
    if old.runs is not None:
        return old.runs
    span = _find_list(old, name)
    return None if span is None else (_Run(old.data, *span, len(old.records)),)


def _prefix(run: _Run, count: int) -> _Run:
    """The first ``count`` records of ``run`` (its text not copied). The records'
    boundaries are counted from the nearer end: an edit is most often of a
    recent record."""
    data, start, end, total = run.base, run.start, run.end, run.count
    if count == total:
        return run
    if count <= total - count:
        pos = start
        for _ in range(count):
            pos = data.find(_SEP, pos, end) + len(_SEP)
            if pos < len(_SEP):
                return run
        return _Run(data, start, pos - len(_SEP), count)
    pos = end
    for _ in range(total - count):
        pos = data.rfind(_SEP, start, pos)
        if pos < 0:
            return run
    return _Run(data, start, pos, count)


def _take(runs: Sequence[_Run], count: int) -> list[_Run]:
    """The runs of the first ``count`` records of ``runs``."""
    out: list[_Run] = []
    for run in runs:
        if count <= 0:
            break
        out.append(_prefix(run, min(count, run.count)))
        count -= run.count
    return out


def _common_prefix(old: list[Record], new: list[Record]) -> int:
    """How many records the two lists start with in common.

    List equality runs in C and takes an object as equal to itself without asking
    it, so each probe is cheap next to a Python loop over 100,000 records; a
    record replaced by an equal one (the same text) also counts as kept.
    """
    if old == new[: len(old)]:
        return len(old)
    lo, hi = 0, min(len(old), len(new))  # old[:lo] == new[:lo]; not so at hi + 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


class JournalText:
    """Writes journals in our layout, reusing the text of records kept unchanged.

    It remembers the text of each record list as last read or written, so a save
    serialises only the records after the first one that changed.
    """

    def __init__(self) -> None:
        self._texts: dict[str, _ListText] = {}
        # The layout of the bytes written last (serialize or append).
        self._spans: tuple[ListSpan, ...] = ()
        self._size = 0

    def forget(self) -> None:
        """Reuse nothing in the next write."""
        self._texts = {}

    def remember(
        self, raw: bytes, journal: Journal, spans: Sequence[ListSpan] = ()
    ) -> None:
        """Offer a freshly read file's text for reuse by the next write.

        ``spans``: where the lists sit, when known (the trust note of a file this
        program wrote); else that is found (and checked) lazily, in that write,
        which at fifty years means scanning 50 MB.
        """
        known = {s.name: s for s in spans}
        self._texts = {}
        for name, _ in _LISTS:
            records = list(getattr(journal, name))
            s = known.get(name)
            runs = None
            if s is not None and s.count == len(records) and records:
                first = _OPENER + str(records[0].id).encode()
                if raw.startswith(first, s.start):
                    runs = (_Run(raw, s.start, s.end, s.count),)
            self._texts[name] = _ListText(records, runs, raw)

    def serialize(self, journal: Journal) -> Pieces:
        """The file bytes (in pieces): compact JSON with one record per line.

        One record per line keeps line numbers in error messages meaningful and
        diffs readable, at a fraction of the size and time of indented JSON. It
        also lets a save reuse the text of every record before the first change
        (records are immutable, so an unchanged object has unchanged text).
        """
        with paused_collector():
            lists = []
            texts: dict[str, list[Record]] = {}
            for name, model in _LISTS:
                records: list[Record] = list(getattr(journal, name))
                texts[name] = records
                lists.append(
                    (name, self._list_text(name, records, model), len(records))
                )
            data, spans, laid = _assemble(_head_json(journal), lists)
            self._texts = {
                name: _ListText(texts[name], runs) for name, runs in laid.items()
            }
            self._spans, self._size = spans, len(data)
            return data

    def append(
        self,
        data: bytes,
        spans: Sequence[ListSpan],
        head: bytes,
        new: Sequence[Record],
    ) -> Pieces | None:
        """``data`` (checked by ``spans_fit``) with ``new`` records added at the end
        of their lists; ``head`` is the head's text (``head_text``). The old text is
        kept as it is, unread. None when a new record's id is already in the file.

        The records of the result are not known here: the next ``serialize``
        writes every record afresh.
        """
        if any(type(r) not in (model for _, model in _LISTS) for r in new):
            return None  # only the record lists are written around
        lists: list[tuple[str, Sequence[_Run], int]] = []
        with paused_collector():
            for s, (name, model) in zip(spans, _LISTS, strict=True):
                records = [r for r in new if type(r) is model]
                runs = [_Run(data, s.start, s.end, s.count)] if s.count else []
                for r in records:
                    if _find(data, _OPENER + str(r.id).encode(), s.start, s.end) >= 0:
                        return None
                    runs.append(_Run.of(model.__pydantic_serializer__.to_json(r)))
                lists.append((name, runs, s.count + len(records)))
            out, out_spans, _ = _assemble(head, lists)
        self._texts = {}
        self._spans, self._size = out_spans, len(out)
        return out

    @property
    def spans(self) -> tuple[ListSpan, ...]:
        """Where each record list sits in the bytes written last."""
        return self._spans

    @property
    def size(self) -> int:
        """The length of the bytes written last."""
        return self._size

    def _list_text(
        self, name: str, records: list[Record], model: type[Record]
    ) -> list[_Run]:
        """The text of one list's records, reusing old text for the first ones."""
        old = self._texts.get(name)
        runs: list[_Run] = []
        found = None if old is None or not records else _runs_of(old, name)
        if old is not None and found is not None:
            runs = _take(found, _common_prefix(old.records, records))
        done = sum(r.count for r in runs)
        serializer = model.__pydantic_serializer__
        return runs + [_Run.of(serializer.to_json(r)) for r in records[done:]]
