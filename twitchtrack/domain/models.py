"""Journal data model: episodes, daily check-ins and the versioned journal."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Final, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetPydanticSchema,
    StringConstraints,
    ValidationError,
)
from pydantic_core import core_schema

from twitchtrack.domain.experiment import Deviation, Experiment
from twitchtrack.domain.record import FROZEN, no_entries, no_items
from twitchtrack.domain.record import Device as Device
from twitchtrack.domain.record import Record as Record
from twitchtrack.domain.record import now_utc as now_utc
from twitchtrack.domain.regions import REGIONS, View
from twitchtrack.domain.sampling import Sample
from twitchtrack.domain.timed import Intake, SleepPeriod, SleepStageSpan

FORMAT: Final = "twitchtrack-journal"
SCHEMA_VERSION: Final = 4

# Fixed namespace so a day's id, or the id of an imported row, is the same on every
# machine: importing the same data twice then merges instead of duplicating.
ID_NAMESPACE = uuid.UUID("6f0b1b7e-2f4c-4f5e-9a53-1f6c3c7b8a10")

SYMPTOM_FLAGS: tuple[str, ...] = (
    "weakness",
    "numbness",
    "speech_swallowing",
    "pain",
    "wasting",
    # Schema 3: muscles stiff or tight; clumsy, less controlled movement; an
    # eyelid that shuts fully with a twitch or an upper lid that droops.
    "stiffness",
    "coordination",
    "eyelid_closing",
)

DAY_FACTORS: tuple[str, ...] = (
    "caffeine_mg",
    "sleep_h",
    "sleep_quality",
    "water_ml",
    "stress",
    "exercise_min",
    "alcohol_units",
    "magnesium_mg",
)

Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)
]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
Note = Annotated[str, StringConstraints(max_length=10_000)]
# How complete a day's twitch log is: every episode, some of them, or not tracked.
Tracking = Literal["all", "some", "off"]


def now_local() -> datetime:
    """The current instant in the user's local offset (what 'logged now' means)."""
    return datetime.now().astimezone()


def day_id(day: date) -> uuid.UUID:
    """The id of the check-in for a calendar day: one check-in per day everywhere."""
    return uuid.uuid5(ID_NAMESPACE, f"day:{day.isoformat()}")


class Kind(StrEnum):
    """What the movement felt like."""

    TWITCH = "twitch"
    FLUTTER = "flutter"
    CRAMP = "cramp"
    SPASM = "spasm"


class Pattern(StrEnum):
    """How the movement repeated."""

    SINGLE = "single"
    BURST = "burst"
    CONTINUOUS = "continuous"


class Units(StrEnum):
    """How values are shown; the journal always stores base units."""

    METRIC = "metric"
    US = "us"


_STRICT = ConfigDict(
    extra="forbid", allow_inf_nan=False, validate_assignment=True, defer_build=True
)


def _region_schema(_source: object, _handler: object) -> core_schema.CoreSchema:
    # Checked inside pydantic-core, a set look-up per episode: the same check as a
    # Python validator cost a third of reading a journal (64 of 200 ms at ten
    # years). The value itself is added to the message where it is shown.
    return core_schema.custom_error_schema(
        core_schema.literal_schema([r.id for r in REGIONS]),
        custom_error_type="unknown_region",
        custom_error_message="unknown body region",
    )


# A body region id from the catalogue (``regions``).
RegionId = Annotated[str, GetPydanticSchema(_region_schema)]


class TapPoint(BaseModel):
    """Where on a map view the user tapped, normalised to 0..1 of the view."""

    model_config = FROZEN

    view: View
    x: float = Field(ge=0.0, le=1.0)
    y: float = Field(ge=0.0, le=1.0)


class Episode(Record):
    """One twitch episode, logged at a body region."""

    at: AwareDatetime
    region: RegionId = Field(json_schema_extra={"enum": [r.id for r in REGIONS]})
    tap: TapPoint | None = None
    intensity: int = Field(default=3, ge=1, le=10)
    duration_s: float | None = Field(default=None, ge=0, le=86_400)
    kind: Kind = Kind.TWITCH
    pattern: Pattern | None = None
    at_rest: bool | None = None
    seen: bool | None = None
    weakness: bool = False
    numbness: bool = False
    speech_swallowing: bool = False
    pain: bool = False
    wasting: bool = False
    stiffness: bool = False
    coordination: bool = False
    eyelid_closing: bool = False
    note: Note = ""
    tags: list[Tag] = Field(default_factory=no_items, max_length=50)

    @property
    def local_day(self) -> date:
        """The calendar day in the offset the user had when logging."""
        return self.at.date()

    @property
    def flags(self) -> tuple[str, ...]:
        """The symptom flags that are set."""
        return tuple(f for f in SYMPTOM_FLAGS if getattr(self, f))


class DayLog(Record):
    """A daily check-in. ``None`` means not logged, which is not the same as zero."""

    date: dt.date
    caffeine_mg: float | None = Field(default=None, ge=0, le=5_000)
    sleep_h: float | None = Field(default=None, ge=0, le=24)
    sleep_quality: int | None = Field(default=None, ge=1, le=5)
    water_ml: float | None = Field(default=None, ge=0, le=20_000)
    stress: int | None = Field(default=None, ge=0, le=10)
    exercise_min: float | None = Field(default=None, ge=0, le=1_440)
    alcohol_units: float | None = Field(default=None, ge=0, le=100)
    magnesium_mg: float | None = Field(default=None, ge=0, le=5_000)
    # None: not said; the analysis then judges the day by its episodes.
    tracking: Tracking | None = None
    medications: list[Name] = Field(default_factory=no_items, max_length=50)
    tags: list[Tag] = Field(default_factory=no_items, max_length=50)
    note: Note = ""

    @classmethod
    def for_day(cls, day: dt.date, **values: object) -> DayLog:
        """A new check-in for ``day`` with the day's stable id."""
        return cls.model_validate({"id": day_id(day), "date": day, **values})

    @property
    def is_empty(self) -> bool:
        """True when nothing at all was logged."""
        return (
            all(getattr(self, f) is None for f in DAY_FACTORS)
            and not self.medications
            and not self.tags
            and not self.note
            and self.tracking is None
        )


# The weekly self-check's questions, in the order they are asked.
SELF_CHECK_QUESTIONS: tuple[str, ...] = (
    "weakness",
    "wasting",
    "speech_swallowing",
    "falls",
    "dexterity",
)


class SelfCheck(Record):
    """One weekly self-check: each answer is True (yes), False (no) or None (skipped).

    A record (id, timestamps, tombstone) so stored self-checks merge like episodes.
    """

    date: dt.date
    weakness: bool | None = None
    wasting: bool | None = None
    speech_swallowing: bool | None = None
    falls: bool | None = None
    dexterity: bool | None = None
    note: Note = ""

    def answered_yes(self) -> list[str]:
        """Question ids answered yes, in question order."""
        return [q for q in SELF_CHECK_QUESTIONS if getattr(self, q) is True]


class Settings(BaseModel):
    """Preferences that belong to the journal (they travel with an export)."""

    model_config = _STRICT

    units: Units = Units.METRIC
    default_intensity: int = Field(default=3, ge=1, le=10)
    # guidance item id -> fingerprint of the data it was dismissed at
    dismissed_guidance: dict[str, str] = Field(default_factory=no_entries)


class Journal(BaseModel):
    """The whole journal file."""

    model_config = _STRICT

    format: Literal["twitchtrack-journal"] = FORMAT
    schema_version: Literal[4] = SCHEMA_VERSION
    # The computer that wrote the file last (set by the store when it writes):
    # a journal another computer wrote is a version both had, a merge base.
    written_by: Device | None = None
    settings: Settings = Field(default_factory=Settings)
    episodes: list[Episode] = Field(default_factory=no_items)
    days: list[DayLog] = Field(default_factory=no_items)
    self_checks: list[SelfCheck] = Field(default_factory=no_items)
    # Schema 4: timed intakes and sleep periods (a day's values can be derived
    # from them), the answers of sampling mode, and self-experiments.
    intakes: list[Intake] = Field(default_factory=no_items)
    sleeps: list[SleepPeriod] = Field(default_factory=no_items)
    samples: list[Sample] = Field(default_factory=no_items)
    experiments: list[Experiment] = Field(default_factory=no_items)

    def live_episodes(self) -> list[Episode]:
        """Episodes that are not deleted, oldest first."""
        # By POSIX time: the same order, but comparing aware datetimes from
        # different offsets asks each for its UTC offset, and that made this sort
        # take ~20 ms at ten years (in one call, so the window's thread, waiting
        # for the GIL, could not paint meanwhile).
        live = (e for e in self.episodes if not e.deleted)
        return sorted(live, key=lambda e: e.at.timestamp())

    def live_days(self) -> list[DayLog]:
        """Check-ins that are not deleted, by date."""
        return sorted((d for d in self.days if not d.deleted), key=lambda d: d.date)

    def day(self, day: date) -> DayLog | None:
        """The live check-in of a date, if any."""
        found = [d for d in self.days if d.date == day and not d.deleted]
        return max(found, key=lambda d: d.updated_at) if found else None

    def with_records(
        self,
        episodes: Iterable[Episode] = (),
        days: Iterable[DayLog] = (),
        self_checks: Iterable[SelfCheck] = (),
        **others: Iterable[Record],
    ) -> Journal:
        """A copy with records added or replaced by id (no timestamp rule applied).

        ``others`` names further record lists (``intakes=...``, ``sleeps=...``).
        """
        return self.with_lists(
            {"episodes": episodes, "days": days, "self_checks": self_checks, **others}
        )

    def with_lists(self, lists: Mapping[str, Iterable[Record]]) -> Journal:
        """:meth:`with_records` with the records given per list name."""
        update: dict[str, object] = {}
        for name, new in lists.items():
            incoming: list[Record] = list(new)
            if incoming:
                merged = {r.id: r for r in getattr(self, name)}
                merged.update((r.id, r) for r in incoming)
                update[name] = list(merged.values())
        return self.model_copy(update=update)


def error_location(loc: Iterable[int | str]) -> str:
    """A pydantic error location as a field path: ``episodes[3].intensity``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def describe_validation_error(err: ValidationError) -> str:
    """One human line for a validation error: field, what is wrong, and the value."""
    first = err.errors(include_url=False)[0]
    where = error_location(first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    given = first.get("input")
    if first["type"] == "string_unicode":
        # Text with bytes that are not UTF-8 (say, a shell argument in another
        # encoding): pydantic's wording is technical and the value cannot be shown.
        message = "is not valid text: it holds bytes that are not UTF-8"
        given = None
    shown = ""
    # Echo only short plain values: a long note is the user's health text and would
    # flood the message (and anything that records it).
    short = isinstance(given, int | float) or (
        isinstance(given, str) and len(given) <= 40
    )
    if short and repr(given) not in message:
        shown = f" (got {given!r})"
    more = err.error_count() - 1
    extra = f"; and {more} more problem{'s' if more > 1 else ''}" if more > 0 else ""
    return f"{where + ': ' if where else ''}{message}{shown}{extra}"


def build_models() -> None:
    """Build every record model now, on this thread.

    Models are built when first used (``FROZEN``), which suits a short command. A
    window calls this once before its worker threads start, so two threads never
    race to build the same model, and no click pays for a build. After the
    journal's own model, each takes a millisecond or two.
    """
    for model in (
        Journal,
        Settings,
        TapPoint,
        Episode,
        DayLog,
        SelfCheck,
        Intake,
        SleepStageSpan,
        SleepPeriod,
        Sample,
        Deviation,
        Experiment,
    ):
        model.model_rebuild()


def share_field_sets(
    records: Iterable[Record], full: dict[type[Record], set[str]] | None = None
) -> None:
    """Let records of one kind that set every field share one "fields set".

    pydantic keeps, in each model, the set of fields its input named: about 2 KB a
    record, two thirds of a journal's memory (50 of 77 MB at ten years). Records
    are frozen, so the set is never changed in place (a copy gets a copy), and a
    record that names all its fields can use one set shared with the others.
    ``full``: the sets shared so far, kept across calls by the caller.
    """
    full = {} if full is None else full
    # How many fields each kind has, looked up once: ``model_fields`` is a
    # property of pydantic's, and asking it per record was most of this pass.
    sizes: dict[type[Record], int] = {}
    for record in records:
        fields = record.__pydantic_fields_set__
        kind = type(record)
        size = sizes.get(kind)
        if size is None:
            size = sizes[kind] = len(kind.__pydantic_fields__)
        if len(fields) != size:
            continue
        shared = full.setdefault(kind, fields)
        if shared is not fields:
            object.__setattr__(record, "__pydantic_fields_set__", shared)
