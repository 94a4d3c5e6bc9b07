"""The encrypted file format: an authenticated header, then the sealed JSON.

Layout (docs/journal-format.md):

``MAGIC`` (8 bytes) | header length (4 bytes, big-endian) | header (UTF-8 JSON) |
AES-256-GCM ciphertext of the journal JSON, with its 16-byte tag.

The header holds the format version, the Argon2id parameters and salt, both wrapped
copies of the data key and the body's nonce. Everything before the ciphertext is the
associated data of the body, so a changed byte anywhere fails authentication.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import struct
from dataclasses import dataclass
from typing import Any, Final

from twitchtrack.storage.crypto.keys import (
    DamagedError,
    KdfParams,
    KeySlots,
    Unlocked,
    Wrapped,
)
from twitchtrack.storage.pieces import Data, Pieces, first_bytes, parts_of

# The first byte is not ASCII and a CR LF follows, so a text tool that mangles the
# file, or a JSON reader that is given it, fails at once (as PNG's signature does).
MAGIC: Final = b"\x89TTJ\r\n\x1a\n"
VERSION: Final = 1
CIPHER: Final = "AES-256-GCM"
_LENGTH = struct.Struct(">I")
MAX_HEADER: Final = 64 * 1024
TAG_SIZE: Final = 16  # the GCM tag after the ciphertext


def is_encrypted(raw: Data) -> bool:
    """True when ``raw`` starts like an encrypted journal file."""
    return raw.startswith(MAGIC)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise DamagedError(f"the header's {what} is missing")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise DamagedError(f"the header's {what} is not valid") from None


def _slots_json(slots: KeySlots) -> dict[str, Any]:
    kdf = slots.kdf
    return {
        "kdf": {
            "name": "argon2id",
            "time_cost": kdf.time_cost,
            "memory_kib": kdf.memory_kib,
            "parallelism": kdf.parallelism,
            "salt": _b64(kdf.salt),
        },
        "password": {
            "nonce": _b64(slots.by_password.nonce),
            "key": _b64(slots.by_password.sealed),
        },
        "recovery": {
            "salt": _b64(slots.recovery_salt),
            "nonce": _b64(slots.by_recovery.nonce),
            "key": _b64(slots.by_recovery.sealed),
        },
    }


def _int(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DamagedError(f"the header's {what} is not a whole number")
    return value


def _wrapped(data: object, what: str) -> Wrapped:
    if not isinstance(data, dict):
        raise DamagedError(f"the header has no {what} key slot")
    return Wrapped(_unb64(data.get("nonce"), what), _unb64(data.get("key"), what))


def _slots_from(header: dict[str, Any]) -> KeySlots:
    kdf = header.get("kdf")
    recovery = header.get("recovery")
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise DamagedError("the header names no known key derivation")
    if not isinstance(recovery, dict):
        raise DamagedError("the header has no recovery key slot")
    params = KdfParams(
        salt=_unb64(kdf.get("salt"), "salt"),
        time_cost=_int(kdf.get("time_cost"), "time cost"),
        memory_kib=_int(kdf.get("memory_kib"), "memory"),
        parallelism=_int(kdf.get("parallelism"), "parallelism"),
    )
    params.check()
    return KeySlots(
        kdf=params,
        recovery_salt=_unb64(recovery.get("salt"), "recovery salt"),
        by_password=_wrapped(header.get("password"), "password"),
        by_recovery=_wrapped(recovery, "recovery"),
    )


@dataclass(frozen=True)
class Envelope:
    """A parsed encrypted file: its key slots, and what the data key must open."""

    slots: KeySlots
    nonce: bytes
    associated: bytes
    sealed: bytes

    def open(self, key: Unlocked) -> bytes:
        """The plain bytes, or :class:`DamagedError` if any byte was changed."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(key.data_key).decrypt(
                self.nonce, self.sealed, self.associated
            )
        except InvalidTag:
            raise DamagedError(
                "the file is damaged or was changed (authentication failed)"
            ) from None


def read_envelope(raw: bytes) -> Envelope:
    """Parse an encrypted file's header; :class:`DamagedError` when it is not one."""
    if not is_encrypted(raw):
        raise DamagedError("the file is not an encrypted twitchtrack journal")
    start = len(MAGIC)
    if len(raw) < start + _LENGTH.size:
        raise DamagedError("the file ends inside its header")
    (length,) = _LENGTH.unpack_from(raw, start)
    body = start + _LENGTH.size + length
    if length > MAX_HEADER or len(raw) < body + TAG_SIZE:
        raise DamagedError("the file ends inside its header")
    try:
        header = json.loads(raw[start + _LENGTH.size : body])
    except (UnicodeDecodeError, ValueError):
        raise DamagedError("the file's header is not readable") from None
    if not isinstance(header, dict):
        raise DamagedError("the file's header is not readable")
    version = header.get("version")
    if version != VERSION:
        raise DamagedError(
            f"encrypted format {version!r} is not one this version reads ({VERSION})"
        )
    if header.get("cipher") != CIPHER:
        raise DamagedError(f"the file uses an unknown cipher {header.get('cipher')!r}")
    nonce = _unb64(header.get("nonce"), "nonce")
    if len(nonce) != 12:
        raise DamagedError("the header's nonce is not valid")
    return Envelope(_slots_from(header), nonce, raw[:body], raw[body:])


def sealed_size(raw: Data) -> int | None:
    """How many plain bytes an encrypted file's body holds, read off its length
    alone (nothing is opened); None when ``raw`` does not start like one."""
    start = len(MAGIC) + _LENGTH.size
    head = first_bytes(raw, start)
    if len(head) < start or not head.startswith(MAGIC):
        return None
    (length,) = _LENGTH.unpack_from(head, len(MAGIC))
    size = len(raw) - start - length - TAG_SIZE
    return size if length <= MAX_HEADER and size >= 0 else None


def seal(plain: bytes, key: Unlocked) -> bytes:
    """``plain`` encrypted under ``key`` with a fresh nonce, header included."""
    return bytes(seal_pieces(plain, key))


def seal_pieces(plain: Data, key: Unlocked) -> Pieces:
    """As :func:`seal`, but ``plain`` is encrypted piece by piece and the file is
    returned as its pieces: a big journal is never copied into one buffer."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    nonce = os.urandom(12)
    header = {
        "version": VERSION,
        "cipher": CIPHER,
        "nonce": _b64(nonce),
        **_slots_json(key.slots),
    }
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    associated = MAGIC + _LENGTH.pack(len(text)) + text
    # GCM run in steps: the same ciphertext and tag as AESGCM.encrypt.
    cipher = Cipher(algorithms.AES(key.data_key), modes.GCM(nonce)).encryptor()
    cipher.authenticate_additional_data(associated)
    body = [cipher.update(part) for part in parts_of(plain)]
    body.append(cipher.finalize())
    return Pieces([associated, *body, cipher.tag])


def unlock_file(
    raw: bytes, password: str | None = None, recovery: str | None = None
) -> Unlocked:
    """The key of an encrypted file, from its password or its recovery key."""
    slots = read_envelope(raw).slots
    if password is not None:
        return Unlocked.with_password(slots, password)
    if recovery is not None:
        return Unlocked.with_recovery_key(slots, recovery)
    raise ValueError("give a password or a recovery key")
