"""The encrypted file format: round trip, tampering, wrong keys, hostile headers."""

from __future__ import annotations

import json
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchtrack.storage.crypto.envelope import (
    MAGIC,
    DamagedError,
    is_encrypted,
    read_envelope,
    seal,
    seal_pieces,
    sealed_size,
    unlock_file,
)
from twitchtrack.storage.crypto.keys import (
    KdfParams,
    Unlocked,
    WrongKeyError,
    format_recovery_key,
    recovery_key_bytes,
)
from twitchtrack.storage.pieces import Pieces

# Cheap Argon2 so the tests stay fast; the real cost is stored per file anyway.
CHEAP = KdfParams(salt=b"0123456789abcdef", time_cost=1, memory_kib=8)
PLAIN = b'{"note": "left calf after tea", "medications": ["propranolol"]}'


@pytest.fixture(scope="module")
def key_and_recovery() -> tuple[Unlocked, str]:
    return Unlocked.create("correct horse", kdf=CHEAP)


def test_a_sealed_file_opens_with_the_password_and_with_the_recovery_key(
    key_and_recovery: tuple[Unlocked, str],
) -> None:
    key, recovery = key_and_recovery
    blob = seal(PLAIN, key)
    assert is_encrypted(blob)
    assert not is_encrypted(PLAIN)
    for b in (b"left calf", b"propranolol", b"note"):
        assert b not in blob
    assert (
        read_envelope(blob).open(unlock_file(blob, password="correct horse")) == PLAIN
    )
    typed = recovery.lower().replace("-", " ")
    assert read_envelope(blob).open(unlock_file(blob, recovery=typed)) == PLAIN


def test_every_save_uses_a_fresh_nonce(key_and_recovery: tuple[Unlocked, str]) -> None:
    key, _ = key_and_recovery
    first, second = seal(PLAIN, key), seal(PLAIN, key)
    assert first != second
    assert read_envelope(first).nonce != read_envelope(second).nonce


def test_a_changed_byte_anywhere_is_detected(
    key_and_recovery: tuple[Unlocked, str],
) -> None:
    key, _ = key_and_recovery
    blob = seal(PLAIN, key)
    for at in range(len(blob)):
        changed = bytearray(blob)
        changed[at] ^= 0x01
        with pytest.raises((DamagedError, WrongKeyError)):
            read_envelope(bytes(changed)).open(key)


def test_a_truncated_file_is_damaged(key_and_recovery: tuple[Unlocked, str]) -> None:
    key, _ = key_and_recovery
    blob = seal(PLAIN, key)
    for size in (0, 4, len(MAGIC) + 2, 40, len(blob) - 1):
        with pytest.raises(DamagedError):
            read_envelope(blob[:size]).open(key)


def test_a_wrong_password_or_recovery_key_is_refused(
    key_and_recovery: tuple[Unlocked, str],
) -> None:
    key, recovery = key_and_recovery
    blob = seal(PLAIN, key)
    with pytest.raises(WrongKeyError):
        unlock_file(blob, password="correct horsE")
    other = format_recovery_key(bytes(20))
    with pytest.raises(WrongKeyError):
        unlock_file(blob, recovery=other)
    with pytest.raises(WrongKeyError, match="32 letters"):
        unlock_file(blob, recovery=recovery[:-2])


def test_changing_the_password_keeps_the_data_key_and_the_recovery_key(
    key_and_recovery: tuple[Unlocked, str],
) -> None:
    key, recovery = key_and_recovery
    old_blob = seal(PLAIN, key)
    changed = key.with_new_password("new secret", kdf=CHEAP)
    new_blob = seal(PLAIN, changed)
    assert changed.data_key == key.data_key
    with pytest.raises(WrongKeyError):
        unlock_file(new_blob, password="correct horse")
    opened = unlock_file(new_blob, password="new secret")
    # An older file (a backup written before the change) opens with the same key.
    assert read_envelope(old_blob).open(opened) == PLAIN
    assert (
        read_envelope(new_blob).open(unlock_file(new_blob, recovery=recovery)) == PLAIN
    )


def _with_header(blob: bytes, edit: dict[str, object]) -> bytes:
    (length,) = struct.unpack_from(">I", blob, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(blob[start : start + length])
    header["kdf"].update(edit)
    text = json.dumps(header).encode()
    return MAGIC + struct.pack(">I", len(text)) + text + blob[start + length :]


@pytest.mark.parametrize(
    "edit", [{"memory_kib": 64 * 1024 * 1024}, {"time_cost": 10_000}, {"salt": "!!"}]
)
def test_a_header_asking_for_absurd_work_is_refused_before_any_is_done(
    key_and_recovery: tuple[Unlocked, str], edit: dict[str, object]
) -> None:
    key, _ = key_and_recovery
    hostile = _with_header(seal(PLAIN, key), edit)
    with pytest.raises((DamagedError, WrongKeyError)) as caught:
        unlock_file(hostile, password="correct horse")
    assert "range" in str(caught.value) or "valid" in str(caught.value)


def test_recovery_keys_are_read_forgivingly() -> None:
    raw = bytes(range(20))
    text = format_recovery_key(raw)
    assert len(text.split("-")) == 8
    assert recovery_key_bytes(text.lower().replace("-", "  ")) == raw
    assert recovery_key_bytes(text.replace("O", "0").replace("I", "1")) == raw


def _cut(data: bytes, cuts: list[int]) -> Pieces:
    at = sorted({c % (len(data) + 1) for c in cuts})
    return Pieces(data[a:b] for a, b in zip([0, *at], [*at, len(data)], strict=True))


@settings(max_examples=60, deadline=None)
@given(
    plain=st.binary(max_size=3000),
    cuts=st.lists(st.integers(min_value=0), max_size=6),
    file_cuts=st.lists(st.integers(min_value=0), max_size=6),
)
def test_plain_in_pieces_seals_to_a_file_that_opens_and_tells_its_size(
    key_and_recovery: tuple[Unlocked, str],
    plain: bytes,
    cuts: list[int],
    file_cuts: list[int],
) -> None:
    # A save seals the journal's pieces without joining them: the file must be the
    # same format, open to the same bytes and fail on any changed byte.
    key, _ = key_and_recovery
    sealed = seal_pieces(_cut(plain, cuts), key)
    blob = bytes(sealed)
    assert is_encrypted(sealed)
    assert read_envelope(blob).open(key) == plain
    # Its plain size is read off the length alone, however the file is cut.
    assert sealed_size(sealed) == sealed_size(_cut(blob, file_cuts)) == len(plain)
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 1
    with pytest.raises(DamagedError):
        read_envelope(bytes(flipped)).open(key)


def test_a_file_that_is_not_sealed_has_no_sealed_size(
    key_and_recovery: tuple[Unlocked, str],
) -> None:
    key, _ = key_and_recovery
    blob = seal(PLAIN, key)
    assert sealed_size(blob) == len(PLAIN)
    assert sealed_size(PLAIN) is None
    assert sealed_size(MAGIC) is None  # ends before its header's length
    assert sealed_size(blob[:20]) is None  # shorter than its header says
    huge = MAGIC + struct.pack(">I", 1 << 30) + b"x" * 40
    assert sealed_size(huge) is None
