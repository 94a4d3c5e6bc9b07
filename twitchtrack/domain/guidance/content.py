"""The topic library: guidance notes parsed from JSON text and checked as a whole."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from twitchtrack.domain.guidance.data import PATTERN_LOOKBACK_DAYS
from twitchtrack.domain.guidance.medicines import MEDICATION_LEAD_DAYS, RISE_MIN_EXTRA
from twitchtrack.domain.guidance.rules import (
    PERSISTENT_MAX_GAP_DAYS,
    PERSISTENT_MIN_DAYS,
    PERSISTENT_WINDOW_DAYS,
    SPREAD_WEEKS_IN_A_ROW,
    WIDESPREAD_MIN_HISTORY_DAYS,
    WIDESPREAD_MIN_PLACES,
    WIDESPREAD_WINDOW_DAYS,
)
from twitchtrack.domain.guidance.sources import source_problem
from twitchtrack.domain.guidance.symptoms import PAIN_MIN_DAYS, PAIN_WINDOW_DAYS
from twitchtrack.domain.guidance.tips import TIP_MIN_DAYS, TIP_WINDOW_DAYS
from twitchtrack.domain.models import SYMPTOM_FLAGS, describe_validation_error
from twitchtrack.domain.regions import GROUPS, region


class GuidanceContentError(ValueError):
    """A guidance content file is malformed; the message names the file and field."""


class Topic(BaseModel):
    """One guidance note: short paragraphs, optional bullets, and where it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1, max_length=80)
    body: tuple[str, ...] = Field(min_length=1)
    bullets: tuple[str, ...] = ()
    # When to call the emergency number now, on notes where sudden onset matters.
    urgent: str = ""
    source: str
    groups: tuple[str, ...] = ()
    flag: str | None = None
    keywords: tuple[str, ...] = ()
    section: str = ""

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str) -> str:
        problem = source_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("groups")
    @classmethod
    def _known_groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [g for g in value if g not in GROUPS]
        if unknown:
            raise ValueError(f"unknown body-area group {unknown[0]!r}")
        return value

    @field_validator("flag")
    @classmethod
    def _known_flag(cls, value: str | None) -> str | None:
        if value is not None and value not in SYMPTOM_FLAGS:
            raise ValueError(f"unknown symptom flag {value!r}")
        return value

    def texts(self) -> tuple[str, ...]:
        """Every user-facing sentence block of the topic."""
        return (
            self.title,
            *self.body,
            *self.bullets,
            *((self.urgent,) * bool(self.urgent)),
        )

    def matches(self, query: str) -> bool:
        """True when every word of ``query`` appears in the topic (case-insensitive)."""
        hay = " ".join((*self.texts(), *self.keywords)).casefold()
        return all(word in hay for word in query.casefold().split())


class Section(BaseModel):
    """A group of topics as stored in one content file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str = Field(pattern=r"^[a-z][a-z_]*$")
    title: str = Field(min_length=1)
    order: int = 0
    topics: tuple[Topic, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class GuidanceContent:
    """The whole topic library, with look-ups by id, body area and symptom flag."""

    sections: tuple[Section, ...]

    @property
    def topics(self) -> tuple[Topic, ...]:
        """All topics in reading order."""
        return tuple(t for s in self.sections for t in s.topics)

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id; KeyError if there is none."""
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    def for_group(self, group: str) -> Topic | None:
        """The body-area note that covers a region group."""
        return next((t for t in self.topics if group in t.groups), None)

    def for_region(self, region_id: str) -> Topic | None:
        """The body-area note for a region id (None for an unknown id)."""
        try:
            return self.for_group(region(region_id).group)
        except KeyError:
            return None

    def for_flag(self, flag: str) -> Topic | None:
        """The doctor note for a symptom flag."""
        return next((t for t in self.topics if t.flag == flag), None)

    def search(self, query: str) -> list[Topic]:
        """Topics matching every word of ``query``; all topics for a blank query."""
        return [t for t in self.topics if t.matches(query)]


def parse_section(text: str, name: str = "<guidance>") -> Section:
    """One content file's JSON text -> :class:`Section` (clear error on bad input)."""
    try:
        section = Section.model_validate_json(text)
    except ValidationError as err:
        raise GuidanceContentError(
            f"{name}: {describe_validation_error(err)}"
        ) from None
    topics = tuple(
        t.model_copy(update={"section": section.section}) for t in section.topics
    )
    return section.model_copy(update={"topics": topics})


def build_content(sections: Iterable[Section]) -> GuidanceContent:
    """Check the sections fit together (unique ids, every group and flag covered)."""
    ordered = tuple(sorted(sections, key=lambda s: (s.order, s.section)))
    seen: set[str] = set()
    for s in ordered:
        for t in s.topics:
            if t.id in seen:
                raise GuidanceContentError(f"topic id {t.id!r} appears twice")
            seen.add(t.id)
    content = GuidanceContent(ordered)
    for group in GROUPS:
        covering = [t.id for t in content.topics if group in t.groups]
        if len(covering) != 1:
            raise GuidanceContentError(
                f"body-area group {group!r} needs exactly one note, found {covering}"
            )
    for flag in SYMPTOM_FLAGS:
        if content.for_flag(flag) is None:
            raise GuidanceContentError(f"symptom flag {flag!r} has no note")
    return content


def parse_content(files: Mapping[str, str]) -> GuidanceContent:
    """File name -> JSON text of every content file, as one checked library."""
    return build_content(parse_section(text, name) for name, text in files.items())


def rules_topic() -> Topic:
    """'How the checks read your journal', written from the rule constants."""
    return Topic(
        id="how_checks_work",
        title="How the checks read your journal",
        section="about",
        body=(
            "The checks only look for patterns in what you logged that public health "
            "guidance says are worth showing a doctor. They cannot tell what is "
            "behind a pattern.",
            "A dismissed note stays hidden until the data behind it change, for "
            "example a new day with a ticked symptom or a new body area.",
        ),
        bullets=(
            "Ticked symptoms: any twitch logged with weakness, numbness, trouble "
            "speaking or swallowing, a thinner-looking muscle, stiffness, clumsy "
            "movement or an eyelid closing fully or drooping, and any twitch "
            "logged in the tongue.",
            f"Pain: ticked on {PAIN_MIN_DAYS} or more days within "
            f"{PAIN_WINDOW_DAYS} days, since one sore day, such as a cramp, is "
            "ordinary.",
            "Eyelid twitching reaching the face: twitches in another part of the "
            "face on a later day than eyelid twitches.",
            f"Twitching on and off for over two weeks: twitches on at least "
            f"{PERSISTENT_MIN_DAYS} days spread over {PERSISTENT_WINDOW_DAYS} days "
            f"or more, never more than {PERSISTENT_MAX_GAP_DAYS} days apart, "
            f"ending in the last {PATTERN_LOOKBACK_DAYS} days.",
            f"Several body areas: twitches in {WIDESPREAD_MIN_PLACES} or more of "
            "these places within "
            f"{WIDESPREAD_WINDOW_DAYS} days: head, neck, trunk (chest, belly and "
            "back), left arm, right arm, left leg, right leg; or a new place in each "
            f"of {SPREAD_WEEKS_IN_A_ROW} weeks in a row. This waits until your "
            f"journal is {WIDESPREAD_MIN_HISTORY_DAYS} days old. GP advice speaks "
            "of more than one place; the app waits for more on purpose, as an "
            "eyelid and a calf at once are very common.",
            f"A new medicine: one first listed in a check-in up to "
            f"{MEDICATION_LEAD_DAYS} days before twitching began, or before a week "
            f"with at least twice the usual number of twitches and "
            f"{RISE_MIN_EXTRA} or more extra.",
            f"Tips: your averages over the last {TIP_WINDOW_DAYS} days, once a value "
            f"is logged on at least {TIP_MIN_DAYS} days: caffeine above 400 mg, sleep "
            "under 7 hours, plain water under 1,500 ml, stress of 7 or more out of "
            "10.",
        ),
        source="twitchtrack: about this app; NHS: Twitching eyes and muscles",
        keywords=("rules", "checks", "red flags", "dismiss", "how it works"),
    )
