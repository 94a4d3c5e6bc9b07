"""Where guidance comes from: the two source articles and named public guidance."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

ARTICLE_RE: Final = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")

# Public guidance relied on for facts the two source articles do not give.
NAMED_SOURCES: Final[Mapping[str, str]] = {
    "NHS: Twitching eyes and muscles": (
        "See a GP if a twitch lasts more than 2 weeks, is in more than one place or "
        "the area feels weak; for an eyelid, if it closes completely, the upper "
        "lid droops or the twitching spreads to other parts of the face; cutting "
        "down on caffeine and alcohol may help; do not stop a prescribed medicine "
        "without advice."
    ),
    "NHS: Stroke": (
        "Call the emergency number if the face drops on one side, an arm is weak "
        "or numb, or speech is slurred, suddenly (the FAST test)."
    ),
    "NHS: Pregnancy and caffeine": (
        "During pregnancy, keep caffeine to 200 mg a day or less."
    ),
    "NHS: Health anxiety": (
        "Checking the body and seeking reassurance often keep health worry going; "
        "self-help and talking therapies help."
    ),
    "NHS: Motor neurone disease": (
        "Early signs include a weak grip, tripping, slurred speech and muscles "
        "becoming thinner."
    ),
    "NICE NG127: Suspected neurological conditions": (
        "Fasciculations with muscle wasting and weakness warrant referral."
    ),
    "NHS: Overactive thyroid": "Twitching or trembling is among the listed signs.",
    "NHS: Vitamins and minerals": "Food sources of magnesium, potassium, calcium.",
    "FDA: caffeine 400 mg/day": (
        "Up to 400 mg of caffeine a day is not generally linked with harm in "
        "healthy adults."
    ),
    "NHS Eatwell Guide: 6 to 8 glasses of fluid a day": "Daily fluid guidance.",
    "twitchtrack: about this app": "The project's own statement about itself.",
}

ARTICLES: Final = "000_e5c325fa16eb5c4a.txt; 002_38df8cf60c9976c4.txt"
NHS_TWITCHING: Final = "NHS: Twitching eyes and muscles"


def source_parts(source: str) -> list[str]:
    """The individual sources named in a ``source`` field ('a; b' -> ['a', 'b'])."""
    return [p.strip() for p in source.split(";") if p.strip()]


def source_problem(source: str) -> str | None:
    """Why a ``source`` field is not acceptable, or None when every part is known."""
    parts = source_parts(source)
    if not parts:
        return "no source given"
    for part in parts:
        if not ARTICLE_RE.match(part) and part not in NAMED_SOURCES:
            return f"unknown source {part!r}"
    return None
