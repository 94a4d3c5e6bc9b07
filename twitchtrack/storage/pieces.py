"""File text kept as the pieces it was laid out from, never copied into one.

A save of a big journal reuses most of the text of the file it read or wrote
last. Joining that reused text and the few new records into one ``bytes`` would
copy the whole file (57 MB at fifty years) into fresh memory only to hand it to
``write``; :class:`Pieces` keeps the views and is written, hashed and compared
piece by piece instead (see ``durable``). Anything that needs one buffer asks
for ``bytes(pieces)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

Buffer: TypeAlias = bytes | memoryview


class Pieces:
    """Immutable bytes held as a sequence of buffers (bytes or read-only views)."""

    __slots__ = ("_parts", "_size")

    def __init__(self, parts: Iterable[Buffer]) -> None:
        self._parts = tuple(p for p in parts if len(p))
        self._size = sum(len(p) for p in self._parts)

    @property
    def parts(self) -> tuple[Buffer, ...]:
        """The buffers, in order; none of them empty."""
        return self._parts

    def __len__(self) -> int:
        return self._size

    def __bytes__(self) -> bytes:
        return b"".join(self._parts)

    def __repr__(self) -> str:
        return f"Pieces({len(self._parts)} parts, {self._size} bytes)"

    def startswith(self, prefix: bytes) -> bool:
        """Whether the bytes start with ``prefix`` (looks at the first few only)."""
        return first_bytes(self, len(prefix)) == prefix


Data: TypeAlias = bytes | Pieces


def parts_of(data: Data) -> tuple[Buffer, ...]:
    """The buffers ``data`` is made of (one, for plain bytes)."""
    return data.parts if isinstance(data, Pieces) else (data,)


def first_bytes(data: Data, n: int) -> bytes:
    """The first ``n`` bytes of ``data`` (fewer if it is shorter), not joined."""
    got = bytearray()
    for part in parts_of(data):
        if len(got) >= n:
            break
        got += part[: n - len(got)]
    return bytes(got)


def as_bytes(data: Data) -> bytes:
    """``data`` as one ``bytes`` (a copy only when it is in pieces)."""
    return data if isinstance(data, bytes) else bytes(data)


def same_bytes(a: Data, b: Data) -> bool:
    """Whether ``a`` and ``b`` hold the same bytes, compared without a join."""
    if len(a) != len(b):
        return False
    if isinstance(a, bytes) and isinstance(b, bytes):
        return a == b
    left = iter([memoryview(p) for p in parts_of(a)])
    right = iter([memoryview(p) for p in parts_of(b)])
    x, y = next(left, memoryview(b"")), next(right, memoryview(b""))
    while len(x) and len(y):
        n = min(len(x), len(y), _STEP)
        if not bytes(x[:n]).startswith(y[:n]):
            return False
        x, y = x[n:], y[n:]
        if not len(x):
            x = next(left, x)
        if not len(y):
            y = next(right, y)
    return True


_STEP = 1 << 20  # bytes compared at a time (each copied once, on one side)
