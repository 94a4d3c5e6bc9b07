"""Schema upgrades of a parsed journal dict, one function per version step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twitchtrack.domain.models import SCHEMA_VERSION
from twitchtrack.storage.errors import MigrationError

JournalDict = dict[str, Any]
Migration = Callable[[JournalDict], JournalDict]


def _v1_to_v2(data: JournalDict) -> JournalDict:
    """Schema 2 stores the weekly self-checks; older journals have none."""
    data.setdefault("self_checks", [])
    return data


def _v2_to_v3(data: JournalDict) -> JournalDict:
    """Schema 3 adds optional fields only (each record's ``device``, a check-in's
    ``tracking``, the file's ``written_by``; see docs/journal-format.md). An older
    file has none of them: no computer is known and no day's tracking was said,
    which is what their defaults mean, so nothing is rewritten."""
    return data


def _v3_to_v4(data: JournalDict) -> JournalDict:
    """Schema 4 adds four record lists (timed intakes, sleep periods, sampling
    answers, self-experiments); an older journal has none of them."""
    for name in ("intakes", "sleeps", "samples", "experiments"):
        data.setdefault(name, [])
    return data


# MIGRATIONS[n] turns a schema-n dict into a schema-(n+1) dict. A step receives a
# shallow copy it may change freely and must not touch the caller's nested objects
# in place (build new lists/dicts for what it rewrites).
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def oldest_supported() -> int:
    """The oldest schema version that can still be upgraded to the current one."""
    version = SCHEMA_VERSION
    while version - 1 in MIGRATIONS:
        version -= 1
    return version


def migrate(data: JournalDict, target: int | None = None) -> JournalDict:
    """Upgrade ``data`` step by step to ``target`` (default: the current version).

    Raises :class:`MigrationError` when the version is missing, not a whole number,
    newer than the target, or has no upgrade path; a failing step is reported with
    the version it started from.
    """
    goal = SCHEMA_VERSION if target is None else target
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise MigrationError(f"schema_version must be a whole number, not {version!r}")
    if version > goal:
        raise MigrationError(f"schema {version} is newer than {goal}; cannot downgrade")
    while version < goal:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"no upgrade from schema {version} to {version + 1}")
        try:
            upgraded = step(dict(data))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as err:
            # Migrations run on untrusted file content: a malformed old file must
            # end as a clear message, not a traceback.
            raise MigrationError(
                f"upgrading from schema {version} failed: {type(err).__name__}: {err}"
            ) from err
        version += 1
        # The version bump lives here, not in each step, so no step can forget it.
        data = {**upgraded, "schema_version": version}
    return data
