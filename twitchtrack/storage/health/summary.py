"""What a health import adds, per kind and per source, and what it skipped, in words.

Also the reading of a mixed set of paths (health exports next to journal files
or CSVs) for the command line, which needs each export's skip counts; the
journal importer is passed in, so this package does not import it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import tzinfo
from functools import reduce
from pathlib import Path

from twitchtrack.domain.merge import merge
from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import join_words, plural
from twitchtrack.storage.health.common import SLEEP, HealthRead
from twitchtrack.storage.interchange.errors import (
    InvalidImportError,
    ReadNotes,
    RowError,
)

_KIND_WORDS = {
    SLEEP: "sleep period",
    "caffeine": "caffeine intake",
    "water": "water intake",
    "alcohol": "alcohol intake",
    "magnesium": "magnesium intake",
}
_ORDER = tuple(_KIND_WORDS)

ReadRest = Callable[[Sequence[Path]], tuple[Journal, ReadNotes]]


def read_paths(
    paths: Sequence[Path], read_rest: ReadRest, *, tz: tzinfo | None = None
) -> tuple[Journal, ReadNotes, list[HealthRead]]:
    """Health exports read here, every other path by ``read_rest``, as one journal.

    Raises ``InvalidImportError`` listing the problems of every path if any is
    bad, so nothing is half-imported.
    """
    # The platform readers (XML, SQLite, ...) load when an import is read, not
    # with the window's File menu, which imports this module.
    from twitchtrack.storage.health.detect import read_health

    reads: list[HealthRead] = []
    rest: list[Path] = []
    errors: list[RowError] = []
    for path in paths:
        try:
            health = read_health(path, tz=tz)
        except InvalidImportError as err:
            errors.extend(err.errors)
            continue
        if health is None:
            rest.append(path)
        else:
            reads.append(health)
    journal, notes = Journal(), ReadNotes()
    if rest or not paths:
        try:
            journal, notes = read_rest(rest)
        except InvalidImportError as err:
            errors.extend(err.errors)
    if errors:
        raise InvalidImportError(errors)
    journal = reduce(merge, [r.journal() for r in reads], journal)
    return journal, notes, reads


def new_by_source(base: Journal, incoming: Journal) -> dict[str, Counter[str]]:
    """Intakes and sleep periods of ``incoming`` that ``base`` lacks (by id), per
    source and kind. A record deleted in ``base`` is not new: it stays deleted."""
    have = {r.id for r in base.intakes} | {r.id for r in base.sleeps}
    out: dict[str, Counter[str]] = {}
    for intake in incoming.intakes:
        if intake.id not in have and not intake.deleted:
            out.setdefault(intake.source, Counter())[intake.kind] += 1
    for sleep in incoming.sleeps:
        if sleep.id not in have and not sleep.deleted:
            out.setdefault(sleep.source, Counter())[SLEEP] += 1
    return out


def _kinds(counts: Counter[str]) -> str:
    return join_words(
        [plural(counts[k], _KIND_WORDS[k]) for k in _ORDER if counts[k]],
        limit=len(_ORDER),
    )


def describe_new(
    new: dict[str, Counter[str]], present: int, *, verb: str = "Imported"
) -> list[str]:
    """``Imported 3 sleep periods and 4 intakes (2 already present):`` then one
    line per source."""
    total: Counter[str] = Counter()
    for counts in new.values():
        total.update(counts)
    sleeps = total[SLEEP]
    intakes = sum(total.values()) - sleeps
    already = f" ({present:,} already present)" if present else ""
    if not sleeps and not intakes:
        return [f"No new sleep periods or intakes{already}"]
    head = f"{verb} {plural(sleeps, 'sleep period')} and {plural(intakes, 'intake')}"
    lines = [f"{head}{already}:"]
    lines.extend(f"  {source}: {_kinds(new[source])}" for source in sorted(new))
    return lines


def describe_skipped(reads: Sequence[HealthRead]) -> str | None:
    """``Skipped 12 records: 10 not an asleep stage, 2 unknown unit``; None if none."""
    skipped: Counter[str] = Counter()
    for health in reads:
        skipped.update(health.skipped)
    if not skipped:
        return None
    reasons = ", ".join(f"{n:,} {why}" for why, n in skipped.most_common())
    return f"Skipped {plural(sum(skipped.values()), 'record')}: {reasons}"


def timed_count(journal: Journal) -> int:
    """How many intakes and sleep periods ``journal`` holds."""
    return len(journal.intakes) + len(journal.sleeps)
