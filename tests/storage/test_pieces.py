"""Bytes held in pieces: the same bytes whichever way they are cut."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from twitchtrack.storage.crypto.envelope import MAGIC, is_encrypted
from twitchtrack.storage.pieces import Pieces, as_bytes, same_bytes


def _cut(data: bytes, cuts: list[int]) -> Pieces:
    bounds = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    view = memoryview(data)
    return Pieces(view[a:b] for a, b in itertools.pairwise(bounds))


@given(
    data=st.binary(max_size=300),
    cuts=st.lists(st.integers(0, 400), max_size=8),
    other_cuts=st.lists(st.integers(0, 400), max_size=8),
    flip=st.integers(0, 400),
)
def test_pieces_compare_by_their_bytes_not_by_their_cuts(
    data: bytes, cuts: list[int], other_cuts: list[int], flip: int
) -> None:
    one, two = _cut(data, cuts), _cut(data, other_cuts)
    assert bytes(one) == as_bytes(two) == data
    assert len(one) == len(data)
    assert all(len(p) for p in one.parts)
    assert same_bytes(one, two)
    assert same_bytes(one, data)
    assert same_bytes(data, two)
    if data:
        changed = bytearray(data)
        changed[flip % len(data)] ^= 0x80
        assert not same_bytes(one, _cut(bytes(changed), other_cuts))
    assert not same_bytes(one, data + b"x")


def test_a_sealed_file_is_told_from_its_first_pieces() -> None:
    assert is_encrypted(Pieces([MAGIC[:1], MAGIC[1:3], MAGIC[3:] + b"rest"]))
    assert not is_encrypted(Pieces([MAGIC[:3], b"{"]))
    assert not is_encrypted(Pieces([MAGIC[:-1]]))
    assert not is_encrypted(Pieces([]))
