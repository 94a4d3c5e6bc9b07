"""The fields every stored record has, and the clock they are stamped with."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

# A computer's random id (``storage.device``): who last changed a record.
Device = Annotated[str, StringConstraints(min_length=1, max_length=64)]
# Where a record came from: "manual", or a platform and its app or device.
Source = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


# Every frozen model's settings. Models are built on first use, not at import: a
# command such as ``log`` then builds only the few it validates, not all of them.
FROZEN = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, defer_build=True)


# Default factories for list and dict fields. pydantic asks each factory for its
# signature when it builds a model, and a builtin's (``list``) is parsed from its
# text signature: about 0.15 ms a field, while a plain function's is read directly.
def no_items() -> list[Any]:
    """A new empty list: the default of a list field."""
    return []


def no_entries() -> dict[Any, Any]:
    """A new empty dict: the default of a dict field."""
    return {}


def now_utc() -> datetime:
    """The current instant, timezone-aware."""
    return datetime.now(UTC)


class Record(BaseModel):
    """Fields every stored record has: identity, timestamps and a tombstone.

    Records are immutable: a change makes a new version (``edited``), which is what
    undo, merging and the store's per-record serialisation cache rely on.
    """

    model_config = FROZEN

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    created_at: AwareDatetime = Field(default_factory=now_utc)
    updated_at: AwareDatetime = Field(default_factory=now_utc)
    deleted_at: AwareDatetime | None = None
    # The computer that made this version; None in older files and for records
    # that came in by an import. It says what a merge kept, not what it holds.
    device: Device | None = None

    @property
    def deleted(self) -> bool:
        """True for a tombstone."""
        return self.deleted_at is not None

    def edited(self, **changes: object) -> Self:
        """A validated copy with ``changes`` applied and ``updated_at`` moved on.

        The copy is a new version, so it keeps no ``device`` unless given one.
        """
        stamp = max(now_utc(), self.updated_at)
        data = self.model_dump()
        data["device"] = None
        data.update(changes)
        data["updated_at"] = stamp
        return type(self).model_validate(data)

    def tombstoned(self, device: str | None = None) -> Self:
        """A deleted copy; undo restores the previous version."""
        stamp = max(now_utc(), self.updated_at)
        return self.edited(deleted_at=stamp, device=device)
