"""What every health-export reader shares: the read it returns, stable ids, times."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from pydantic import ValidationError

from twitchtrack.domain.models import Journal
from twitchtrack.domain.timed import Intake, IntakeKind, SleepPeriod, SleepStageSpan
from twitchtrack.storage.interchange.errors import InvalidImportError, RowError

# Fixed forever: ids derived under it are what makes a second import add nothing.
_NAMESPACE = uuid.UUID("3f0c2a51-6a1e-4f43-9d43-2b1e0f8f7a11")
SLEEP = "sleep"  # the kind name counts use for sleep periods

# Skip reasons shared by several readers (the texts are what the person reads).
NOT_ASLEEP = "not an asleep stage"
UNKNOWN_UNIT = "unknown unit"
UNREADABLE = "unreadable value"
OUT_OF_RANGE = "amount out of range"
BAD_SPAN = "ends before it starts"
TOO_LONG = "longer than 24 hours"
DUPLICATE = "duplicate record"
NOT_SLEEP = "not a sleep record"


@dataclass(slots=True)
class HealthRead:
    """What one health export held: records in base units, and what was left out.

    ``skipped`` maps a reason ("unknown unit") to how many records it left out;
    ``counts`` maps a source ("Apple Health: iPhone") to records read per kind
    (``sleep``, ``caffeine``, ``water``, ``alcohol``, ``magnesium``).
    """

    platform: str
    intakes: list[Intake] = field(default_factory=list)
    sleeps: list[SleepPeriod] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def journal(self) -> Journal:
        """The records as a journal to merge (intakes and sleeps only)."""
        return Journal(intakes=list(self.intakes), sleeps=list(self.sleeps))

    def absorb(self, other: HealthRead) -> None:
        """Add ``other``'s records and counts (one folder read by two readers)."""
        have = {r.id for r in (*self.intakes, *self.sleeps)}
        self.intakes.extend(r for r in other.intakes if r.id not in have)
        self.sleeps.extend(r for r in other.sleeps if r.id not in have)
        self.skipped.update(other.skipped)
        for source, kinds in other.counts.items():
            self.counts.setdefault(source, Counter()).update(kinds)


class Collector:
    """Builds a :class:`HealthRead`: checks each record, derives its id, dedupes."""

    def __init__(self, platform: str) -> None:
        self.read = HealthRead(platform)
        self._seen: set[uuid.UUID] = set()

    def skip(self, reason: str, count: int = 1) -> None:
        """Count a record left out, by reason."""
        self.read.skipped[reason] += count

    def _fresh(self, source: str, identity: str) -> uuid.UUID | None:
        rid = uuid.uuid5(_NAMESPACE, f"{source}\x1f{identity}")
        if rid in self._seen:
            self.skip(DUPLICATE)
            return None
        self._seen.add(rid)
        return rid

    def intake(
        self,
        source: str,
        identity: str,
        at: datetime,
        kind: IntakeKind,
        amount: float,
        label: str | None = None,
    ) -> None:
        """Add an intake in base units (mg, ml, units, mg), unless it is unusable."""
        if not 0 < amount <= 20_000:
            # Zero is an empty entry, not an intake; above the model's bound a unit
            # was surely misread.
            self.skip("zero amount" if amount == 0 else OUT_OF_RANGE)
            return
        rid = self._fresh(source, identity)
        if rid is None:
            return
        stamp = at.astimezone(UTC)
        try:
            record = Intake(
                id=rid,
                created_at=stamp,
                updated_at=stamp,
                at=at,
                kind=kind,
                amount=round(amount, 3),
                source=source,
                label=label,
            )
        except ValidationError:
            self.skip(UNREADABLE)
            return
        self.read.intakes.append(record)
        self.read.counts.setdefault(source, Counter())[kind] += 1

    def sleep(
        self,
        source: str,
        identity: str,
        start: datetime,
        end: datetime,
        stages: list[SleepStageSpan] | None = None,
    ) -> None:
        """Add a sleep period, unless its times are unusable."""
        if end <= start:
            self.skip(BAD_SPAN)
            return
        if end - start > timedelta(hours=24):
            self.skip(TOO_LONG)
            return
        rid = self._fresh(source, identity)
        if rid is None:
            return
        # Same stamps on every read: a second import finds the same version.
        stamp = end.astimezone(UTC)
        try:
            record = SleepPeriod(
                id=rid,
                created_at=stamp,
                updated_at=stamp,
                start=start,
                end=end,
                source=source,
                stages=stages[:2_000] if stages else None,
            )
        except ValidationError:
            self.skip(UNREADABLE)
            return
        self.read.sleeps.append(record)
        self.read.counts.setdefault(source, Counter())[SLEEP] += 1


def damaged(path: Path, line: int, message: str) -> InvalidImportError:
    """The refusal for a damaged or cut-short export (nothing is imported)."""
    return InvalidImportError([RowError(path, line, None, message)])


def source_name(platform: str, app: str | None) -> str:
    """``"Platform: app"`` when the app or device is known, else the platform."""
    app = " ".join((app or "").split())[:150]
    return f"{platform}: {app}" if app else platform


def fixed(at: datetime) -> datetime:
    """``at`` with a fixed UTC offset (what the journal stores), not a zone rule."""
    offset = at.utcoffset()
    if offset is None:
        raise ValueError("a time without an offset")
    return at.astimezone(timezone(offset))


def in_zone(naive: datetime, tz: tzinfo | None) -> datetime:
    """A wall-clock time read in the person's zone (``None``: this computer's)."""
    if naive.tzinfo is not None:
        return fixed(naive)
    if tz is None:
        return naive.astimezone()
    return fixed(naive.replace(tzinfo=tz))


def parse_time(text: str, tz: tzinfo | None) -> datetime:
    """An ISO 8601 time; one without an offset is read in the person's zone."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return in_zone(value, tz)


_UTC_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})$")


def parse_offset(text: str) -> timezone | None:
    """``UTC+0100``, ``+01:00`` or ``GMT-0530`` as a fixed zone; None if unreadable."""
    match = _UTC_OFFSET.match(text.strip().upper())
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if sign == "-" else delta)


def stage_spans(
    spans: list[tuple[datetime, datetime, str]],
) -> list[SleepStageSpan] | None:
    """Stage spans that are well formed, in time order; None when there are none."""
    out = [
        SleepStageSpan(start=a, end=b, stage=s) for a, b, s in sorted(spans) if b > a
    ]
    return out or None
