"""Every rule over a journal as of a day, with dismissed items set aside.

Never nagging: a dismissal stores ``id -> fingerprint``. The fingerprint encodes
the material facts (the flagged episode ids, a stretch's start and places, the
medicines and dates). Tips store a severity level (``level:N``) and stay hidden
until the level rises above the dismissed one, so an average wobbling around a
bucket edge does not bring a tip back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

from twitchtrack.domain.guidance.data import ONE_TICK_FLAGS, RuleData
from twitchtrack.domain.guidance.items import GuidanceItem, GuidanceReport
from twitchtrack.domain.guidance.medicines import medication_flag
from twitchtrack.domain.guidance.rules import persistent_flag, widespread_flag
from twitchtrack.domain.guidance.self_check import self_check_flags
from twitchtrack.domain.guidance.symptoms import (
    face_spread_flag,
    pain_flag,
    symptom_flag,
    tongue_flag,
)
from twitchtrack.domain.guidance.tips import (
    caffeine_tip,
    hydration_tip,
    sleep_tip,
    stress_tip,
)
from twitchtrack.domain.models import Journal, SelfCheck, now_local

_FLAG_ORDER: Final = (
    "speech_swallowing",
    "weakness",
    "coordination",
    "wasting",
    "numbness",
    "eyelid_closing",
    "stiffness",
    "pain",
    "tongue",
    "face_spread",
    "widespread",
    "persistent",
    "medication",
)


def is_dismissed(item: GuidanceItem, dismissed: Mapping[str, str]) -> bool:
    """True when the stored fingerprint still covers the item's current data."""
    stored = dismissed.get(item.id)
    if stored is None:
        return False
    if stored == item.fingerprint:
        return True
    # Tips: hidden until the severity level rises above the dismissed level.
    if stored.startswith("level:") and item.fingerprint.startswith("level:"):
        try:
            return int(item.fingerprint[6:]) <= int(stored[6:])
        except ValueError:
            return False
    return False


def evaluate(
    journal: Journal,
    today: date | None = None,
    dismissed: Mapping[str, str] | None = None,
    *,
    self_checks: Iterable[SelfCheck] | None = None,
) -> GuidanceReport:
    """Run every rule over ``journal`` as of ``today``.

    ``dismissed`` defaults to ``journal.settings.dismissed_guidance``; dismissed
    items whose data have not changed materially go to ``hidden``.
    ``self_checks`` defaults to the journal's stored weekly self-checks.
    """
    if self_checks is None:
        self_checks = journal.self_checks
    today = today or now_local().date()
    if dismissed is None:
        dismissed = journal.settings.dismissed_guidance
    data = RuleData.of(journal, today)

    found: dict[str, GuidanceItem] = {}
    for flag in ONE_TICK_FLAGS:
        item = symptom_flag(data, flag)
        if item:
            found[flag] = item
    for rule in (
        pain_flag,
        tongue_flag,
        face_spread_flag,
        widespread_flag,
        persistent_flag,
        medication_flag,
    ):
        item = rule(data)
        if item:
            found[item.id] = item
    flags = [found[k] for k in _FLAG_ORDER if k in found]
    flags += self_check_flags(self_checks, today)
    tips = [
        t
        for t in (
            caffeine_tip(data),
            sleep_tip(data),
            hydration_tip(data),
            stress_tip(data),
        )
        if t is not None
    ]
    hidden = [i for i in (*flags, *tips) if is_dismissed(i, dismissed)]
    return GuidanceReport(
        red_flags=[i for i in flags if i not in hidden],
        tips=[i for i in tips if i not in hidden],
        hidden=hidden,
        today=today,
    )


def dismiss(journal: Journal, item: GuidanceItem) -> Journal:
    """A journal whose settings remember ``item`` as dismissed at its fingerprint."""
    stored = {**journal.settings.dismissed_guidance, item.id: item.fingerprint}
    settings = journal.settings.model_copy(update={"dismissed_guidance": stored})
    return journal.model_copy(update={"settings": settings})


def restore(journal: Journal, item_id: str | None = None) -> Journal:
    """A journal with one dismissal (or, with no id, every dismissal) forgotten."""
    stored = (
        {}
        if item_id is None
        else {
            k: v for k, v in journal.settings.dismissed_guidance.items() if k != item_id
        }
    )
    settings = journal.settings.model_copy(update={"dismissed_guidance": stored})
    return journal.model_copy(update={"settings": settings})
