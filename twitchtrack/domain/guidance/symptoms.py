"""Red-flag rules over ticked symptoms and face places: one tick, pain, the tongue.

The rules, precisely (``today`` is the user's local date):

``weakness``, ``numbness``, ``speech_swallowing``, ``wasting``, ``stiffness``,
``coordination``, ``eyelid_closing``
    Any live episode with that symptom flag ticked, at any time.
``pain``
    Pain ticked on at least 3 different days within 14 days, the latest of them
    in the last 60 days: the sources name twitches *linked with* pain, and one
    sore day (a cramp) is common and ordinary.
``tongue``
    Any live episode logged on the tongue.
``face_spread``
    Twitches in an eyelid, then on a later day (at most 28 days after an eyelid
    twitch, and in the last 60 days) twitches in another part of the face (brow,
    forehead, temple, cheek, nose, lips, mouth corner, chin or jaw).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from twitchtrack.domain.guidance.data import RuleData
from twitchtrack.domain.guidance.items import (
    BRING_REPORT,
    URGENT_FACE,
    URGENT_SPEECH,
    URGENT_SUDDEN,
    GuidanceItem,
    digest,
)
from twitchtrack.domain.guidance.sources import ARTICLES, NHS_TWITCHING
from twitchtrack.domain.regions import region
from twitchtrack.domain.text import format_day, format_span, join_words, plural

PAIN_MIN_DAYS: Final = 3
PAIN_WINDOW_DAYS: Final = 14
FACE_SPREAD_DAYS: Final = 28

_ONE_TICK: Final = "any twitch logged with this ticked, on any day"


@dataclass(frozen=True, slots=True)
class _SymptomRule:
    title: str
    ticked: str  # "On 2 Dec you {ticked} with twitches in ..."
    action: str
    source: str
    urgent: str = ""
    why: str = ""


SYMPTOM_RULES: Final[Mapping[str, _SymptomRule]] = {
    "speech_swallowing": _SymptomRule(
        "Speech or swallowing trouble logged",
        "ticked trouble speaking or swallowing",
        "Please see a doctor soon about changes in speech or swallowing.",
        "002_38df8cf60c9976c4.txt; NHS: Stroke",
        URGENT_SPEECH,
    ),
    "weakness": _SymptomRule(
        "Weakness logged with twitches",
        "ticked weakness",
        f"Weakness alongside twitching is worth showing a doctor soon. {BRING_REPORT}",
        f"{ARTICLES}; {NHS_TWITCHING}; NHS: Stroke",
        URGENT_SUDDEN,
    ),
    "wasting": _SymptomRule(
        "A thinner-looking muscle logged",
        "noted a muscle looking thinner",
        "A muscle that looks thinner than the same muscle on the other side is worth "
        f"showing a doctor soon. {BRING_REPORT}",
        "NHS: Motor neurone disease; NICE NG127: Suspected neurological conditions",
    ),
    "numbness": _SymptomRule(
        "Numbness logged with twitches",
        "ticked numbness or tingling",
        "Numbness or tingling together with twitching is worth a doctor's check, "
        f"especially if it spreads. {BRING_REPORT}",
        f"{ARTICLES}; NHS: Stroke",
        URGENT_SUDDEN,
    ),
    "stiffness": _SymptomRule(
        "Stiffness logged with twitches",
        "ticked stiff muscles",
        "Muscles that feel stiff or tight along with twitching are worth mentioning "
        f"to a doctor. {BRING_REPORT}",
        "000_e5c325fa16eb5c4a.txt; NHS: Motor neurone disease",
    ),
    "coordination": _SymptomRule(
        "Clumsiness logged with twitches",
        "ticked clumsiness or poor coordination",
        "Movements that feel clumsy or less well controlled, together with "
        f"twitching, are worth showing a doctor soon. {BRING_REPORT}",
        "000_e5c325fa16eb5c4a.txt; NHS: Stroke",
        URGENT_SUDDEN,
    ),
    "eyelid_closing": _SymptomRule(
        "An eyelid closing or drooping",
        "ticked an eyelid closing fully or drooping",
        "An eyelid that shuts fully with a twitch, or an upper lid that droops, is "
        "worth showing a GP.",
        f"{NHS_TWITCHING}; NHS: Stroke",
        URGENT_FACE,
    ),
}


def _days_text(days: Sequence[date], today: date) -> str:
    return join_words([format_day(d, today) for d in days], "more days")


def _region_phrase(region_id: str) -> str:
    label = region(region_id).label
    return "the " + label[:1].lower() + label[1:]


def symptom_flag(data: RuleData, flag: str) -> GuidanceItem | None:
    hits = [e for e in data.flagged if getattr(e, flag)]
    if not hits:
        return None
    rule = SYMPTOM_RULES[flag]
    days = sorted({e.local_day for e in hits})
    places = list(dict.fromkeys(_region_phrase(e.region) for e in hits))
    detail = (
        f"On {_days_text(days, data.today)} you {rule.ticked} with twitches in "
        f"{join_words(places, 'other places')}."
    )
    return GuidanceItem(
        id=flag,
        kind="red_flag",
        title=rule.title,
        detail=detail,
        action=rule.action,
        first_seen=days[0],
        source=rule.source,
        fingerprint=digest(flag, *sorted(str(e.id) for e in hits)),
        evidence={
            "dates": [d.isoformat() for d in days],
            "regions": sorted({e.region for e in hits}),
            "episodes": len(hits),
        },
        urgent=rule.urgent,
        rule="A twitch logged with this symptom ticked.",
        threshold=_ONE_TICK,
        why=rule.why,
    )


def pain_flag(data: RuleData) -> GuidanceItem | None:
    days = sorted({e.local_day for e in data.episodes if e.pain})
    span = timedelta(days=PAIN_WINDOW_DAYS - 1)
    found: tuple[date, date] | None = None
    for i in range(len(days) - PAIN_MIN_DAYS, -1, -1):
        last = days[i + PAIN_MIN_DAYS - 1]
        if last < data.horizon:
            break
        if last - days[i] <= span:
            found = (days[i], last)
            break
    if found is None:
        return None
    first, last = found
    shown = [d for d in days if first <= d <= last]
    return GuidanceItem(
        id="pain",
        kind="red_flag",
        title="Pain with twitches on several days",
        detail=(
            f"You ticked pain with twitches on {plural(len(shown), 'day')} "
            f"{format_span(first, last, data.today)}."
        ),
        action=(
            "Twitching that keeps coming with pain or real discomfort is worth "
            "mentioning to a doctor, who can look for a strained muscle or an "
            "irritated nerve."
        ),
        first_seen=first,
        source="002_38df8cf60c9976c4.txt",
        fingerprint=digest("pain", first),
        evidence={"dates": [d.isoformat() for d in shown]},
        rule="Pain ticked with twitches on several different days close together.",
        threshold=(
            f"pain on {PAIN_MIN_DAYS} or more days within {PAIN_WINDOW_DAYS} days"
        ),
        why=(
            "A single sore day, such as a cramp, is common, so one tick does not "
            "raise this note."
        ),
    )


def tongue_flag(data: RuleData) -> GuidanceItem | None:
    hits = [e for e in data.episodes if e.region == "tongue"]
    if not hits:
        return None
    days = sorted({e.local_day for e in hits})
    return GuidanceItem(
        id="tongue",
        kind="red_flag",
        title="Twitches logged in the tongue",
        detail=(
            f"You logged twitches in the tongue on {_days_text(days, data.today)} "
            f"({plural(len(hits), 'episode')})."
        ),
        action=(
            "Tongue twitching is less common than twitching elsewhere. Mention it to "
            "a doctor, who can look at the tongue while it rests."
        ),
        first_seen=days[0],
        source="000_e5c325fa16eb5c4a.txt; NHS: Stroke",
        fingerprint=digest("tongue", *sorted(str(e.id) for e in hits)),
        evidence={"dates": [d.isoformat() for d in days], "episodes": len(hits)},
        urgent=URGENT_FACE,
        rule="A twitch logged in the tongue.",
        threshold="any twitch in the tongue, on any day",
    )


_EYELIDS: Final = frozenset(
    f"{stem}_{side}"
    for stem in ("eyelid_upper", "eyelid_lower")
    for side in ("left", "right")
)
# Other face muscles; the tongue has a rule of its own.
_OTHER_FACE: Final = frozenset(
    r
    for r in (
        "forehead",
        "nose",
        "lip_upper",
        "lip_lower",
        "chin",
        *(
            f"{stem}_{side}"
            for stem in ("eyebrow", "temple", "cheek", "mouth_corner", "jaw")
            for side in ("left", "right")
        ),
    )
)


def face_spread_flag(data: RuleData) -> GuidanceItem | None:
    eyelid_days = sorted(
        {d for e, d in zip(data.episodes, data.local_days, strict=True)
         if e.region in _EYELIDS}
    )  # fmt: skip
    if not eyelid_days:
        return None
    reach = timedelta(days=FACE_SPREAD_DAYS)
    later: list[tuple[date, str]] = []
    horizon = data.horizon
    for e, day in zip(data.episodes, data.local_days, strict=True):
        if day < horizon or e.region not in _OTHER_FACE:
            continue
        i = bisect.bisect_left(eyelid_days, day)  # the eyelid days before ``day``
        if i and day - eyelid_days[i - 1] <= reach:
            later.append((day, e.region))
    if not later:
        return None
    later.sort()
    first_day = later[0][0]
    places = list(dict.fromkeys(_region_phrase(r) for _, r in later))
    return GuidanceItem(
        id="face_spread",
        kind="red_flag",
        title="Eyelid twitching reaching other parts of the face",
        detail=(
            f"After eyelid twitches, you logged twitches in "
            f"{join_words(places, 'other places')} from "
            f"{format_day(first_day, data.today)}."
        ),
        action=(
            "Eyelid twitching that spreads to other muscles of the face is worth "
            "showing a GP."
        ),
        first_seen=first_day,
        source=f"{NHS_TWITCHING}; NHS: Stroke",
        fingerprint=digest("face_spread", first_day, *sorted({r for _, r in later})),
        evidence={"regions": sorted({r for _, r in later})},
        urgent=URGENT_FACE,
        rule=(
            "Eyelid twitches, then twitches in another part of the face on a later day."
        ),
        threshold=(
            f"another face place within {FACE_SPREAD_DAYS} days after an eyelid twitch"
        ),
    )
