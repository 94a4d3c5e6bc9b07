"""Keys of the encrypted journal: the data key, and the two keys that wrap it.

One random 256-bit *data key* encrypts the journal and everything it leaves on disk
(backups, conflict copies). It is stored only wrapped: once under a key derived from
the password with Argon2id, once under a key derived from the *recovery key* (160
random bits the person writes down). Without one of the two, nobody can read the
data: there is no other copy of the data key.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass, field
from typing import Final

from twitchtrack.storage.errors import StorageError

KEY_BYTES: Final = 32
SALT_BYTES: Final = 16
RECOVERY_BYTES: Final = 20  # 160 bits: 32 characters of base32, 8 groups of 4

# Argon2id cost: 12 passes over 64 MiB took 0.51 s (median of 3, one thread) on
# the 2-core machine this was measured on. Stored in each file, so it can change.
DEFAULT_TIME_COST: Final = 12
DEFAULT_MEMORY_KIB: Final = 64 * 1024
DEFAULT_PARALLELISM: Final = 1
# A file asking for more than this is refused rather than run (a hostile header
# could otherwise make unlocking take minutes or exhaust memory).
MAX_MEMORY_KIB: Final = 1024 * 1024
MAX_TIME_COST: Final = 20

# Base32 without padding, read back forgivingly (case, spaces, dashes).
_GROUP: Final = 4


class WrongKeyError(StorageError):
    """A password or recovery key does not open this journal."""


class DamagedError(StorageError):
    """An encrypted file is damaged or was changed: it fails authentication."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters and salt, as stored in a file's header."""

    salt: bytes
    time_cost: int = DEFAULT_TIME_COST
    memory_kib: int = DEFAULT_MEMORY_KIB
    parallelism: int = DEFAULT_PARALLELISM

    @classmethod
    def fresh(cls) -> KdfParams:
        """New parameters with a random salt."""
        return cls(salt=os.urandom(SALT_BYTES))

    def check(self) -> None:
        """Refuse parameters outside what this program would ever write."""
        if not (1 <= self.time_cost <= MAX_TIME_COST):
            raise DamagedError(f"Argon2 time cost {self.time_cost} is out of range")
        if not (8 * self.parallelism <= self.memory_kib <= MAX_MEMORY_KIB):
            raise DamagedError(f"Argon2 memory {self.memory_kib} KiB is out of range")
        if not (1 <= self.parallelism <= 16) or len(self.salt) < 8:
            raise DamagedError("Argon2 parameters are out of range")


def password_key(password: str, params: KdfParams) -> bytes:
    """The key-encryption key derived from a password (slow on purpose)."""
    from argon2.low_level import Type, hash_secret_raw

    if not password:
        raise WrongKeyError("the password is empty")
    params.check()
    return hash_secret_raw(
        secret=password.encode("utf-8"),
        salt=params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def recovery_key_bytes(text: str) -> bytes:
    """The recovery key's bytes from what the person typed.

    Case, spaces and dashes do not matter; ``0``/``1``/``8`` typed for the letters
    ``O``/``I``/``B`` are read as those letters (base32 has no such digits).
    """
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != 32:
        raise WrongKeyError(
            "a recovery key has 32 letters and digits (8 groups of 4); "
            f"this one has {len(cleaned)}"
        )
    try:
        return base64.b32decode(cleaned)
    except ValueError:
        raise WrongKeyError(
            "the recovery key holds characters it cannot have"
        ) from None


def format_recovery_key(raw: bytes) -> str:
    """Groups of four characters, to write down or print."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def new_recovery_key() -> tuple[bytes, str]:
    """A random recovery key: its bytes and the text shown once."""
    raw = secrets.token_bytes(RECOVERY_BYTES)
    return raw, format_recovery_key(raw)


def recovery_wrap_key(raw: bytes, salt: bytes) -> bytes:
    """The key-encryption key of a recovery key (full entropy: HKDF is enough)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=salt,
        info=b"twitchtrack recovery key v1",
    ).derive(raw)


@dataclass(frozen=True)
class Wrapped:
    """A data key encrypted under one key-encryption key."""

    nonce: bytes
    sealed: bytes


def wrap(kek: bytes, data_key: bytes, label: bytes) -> Wrapped:
    """Encrypt ``data_key`` under ``kek``; ``label`` binds it to its slot."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return Wrapped(nonce, AESGCM(kek).encrypt(nonce, data_key, label))


def unwrap(kek: bytes, wrapped: Wrapped, label: bytes) -> bytes:
    """The data key, or :class:`WrongKeyError` when ``kek`` is not the right one."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = AESGCM(kek).decrypt(wrapped.nonce, wrapped.sealed, label)
    except InvalidTag:
        raise WrongKeyError("wrong password or recovery key") from None
    if len(key) != KEY_BYTES:
        raise WrongKeyError("wrong password or recovery key")
    return key


PASSWORD_SLOT: Final = b"twitchtrack data key, password slot"
RECOVERY_SLOT: Final = b"twitchtrack data key, recovery slot"


@dataclass(frozen=True)
class KeySlots:
    """What a file stores about its keys: KDF parameters and the two wrapped keys."""

    kdf: KdfParams
    recovery_salt: bytes
    by_password: Wrapped
    by_recovery: Wrapped


@dataclass(frozen=True)
class Unlocked:
    """An opened journal key: the data key and the slots to write in every file."""

    data_key: bytes = field(repr=False)
    slots: KeySlots

    @classmethod
    def create(
        cls, password: str, kdf: KdfParams | None = None
    ) -> tuple[Unlocked, str]:
        """A new data key wrapped by ``password`` and by a new recovery key.

        Returns the key and the recovery key's text, which is shown once. ``kdf``
        overrides the Argon2 cost (tests use a cheap one).
        """
        data_key = secrets.token_bytes(KEY_BYTES)
        kdf = kdf or KdfParams.fresh()
        raw, text = new_recovery_key()
        recovery_salt = os.urandom(SALT_BYTES)
        slots = KeySlots(
            kdf=kdf,
            recovery_salt=recovery_salt,
            by_password=wrap(password_key(password, kdf), data_key, PASSWORD_SLOT),
            by_recovery=wrap(
                recovery_wrap_key(raw, recovery_salt), data_key, RECOVERY_SLOT
            ),
        )
        return cls(data_key, slots), text

    @classmethod
    def with_password(cls, slots: KeySlots, password: str) -> Unlocked:
        """Open ``slots`` with the password."""
        kek = password_key(password, slots.kdf)
        return cls(unwrap(kek, slots.by_password, PASSWORD_SLOT), slots)

    @classmethod
    def with_recovery_key(cls, slots: KeySlots, text: str) -> Unlocked:
        """Open ``slots`` with the recovery key as typed."""
        kek = recovery_wrap_key(recovery_key_bytes(text), slots.recovery_salt)
        return cls(unwrap(kek, slots.by_recovery, RECOVERY_SLOT), slots)

    def with_new_password(
        self, password: str, kdf: KdfParams | None = None
    ) -> Unlocked:
        """The same data key and recovery slot, wrapped by a new password."""
        kdf = kdf or KdfParams.fresh()
        wrapped = wrap(password_key(password, kdf), self.data_key, PASSWORD_SLOT)
        slots = KeySlots(kdf, self.slots.recovery_salt, wrapped, self.slots.by_recovery)
        return Unlocked(self.data_key, slots)
