"""The weekly self-check: its questions and the red flags a 'yes' raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from twitchtrack.domain.guidance.items import BRING_REPORT, GuidanceItem, digest
from twitchtrack.domain.guidance.sources import ARTICLES
from twitchtrack.domain.models import SelfCheck, now_local
from twitchtrack.domain.text import format_day


@dataclass(frozen=True, slots=True)
class SelfCheckQuestion:
    """One weekly self-check question and what a 'yes' means."""

    id: str
    text: str
    title: str
    action: str
    source: str


SELF_CHECK: Final[tuple[SelfCheckQuestion, ...]] = (
    SelfCheckQuestion(
        "weakness",
        "In the past week, has any muscle felt weaker than usual, for example when "
        "lifting, gripping or climbing stairs?",
        "Self-check: a muscle felt weaker",
        f"New weakness is worth showing a doctor soon. {BRING_REPORT}",
        ARTICLES,
    ),
    SelfCheckQuestion(
        "wasting",
        "Does any muscle look thinner or smaller than the same muscle on the other "
        "side?",
        "Self-check: a muscle looked thinner",
        f"A muscle that looks thinner is worth showing a doctor soon. {BRING_REPORT}",
        "NHS: Motor neurone disease; NICE NG127: Suspected neurological conditions",
    ),
    SelfCheckQuestion(
        "speech_swallowing",
        "Have you had new trouble speaking clearly, or swallowing food or drink?",
        "Self-check: trouble speaking or swallowing",
        "Please see a doctor soon about changes in speech or swallowing. If "
        "breathing becomes hard, get urgent help.",
        "002_38df8cf60c9976c4.txt",
    ),
    SelfCheckQuestion(
        "falls",
        "Have you tripped or fallen more than usual, or felt a foot catch on the "
        "ground?",
        "Self-check: tripping or falls",
        f"More trips or falls are worth raising with a doctor soon. {BRING_REPORT}",
        "NHS: Motor neurone disease",
    ),
    SelfCheckQuestion(
        "dexterity",
        "Have fine hand tasks, such as buttons, keys, writing or opening jars, become "
        "harder?",
        "Self-check: hand tasks got harder",
        "Losing ease with fine hand tasks is worth raising with a doctor soon. "
        + BRING_REPORT,
        "NHS: Motor neurone disease",
    ),
)

SELF_CHECK_IDS: Final = tuple(q.id for q in SELF_CHECK)
SELF_CHECK_MAX_AGE_DAYS: Final = 28  # an older self-check no longer raises a flag


def self_check_flags(
    checks: Iterable[SelfCheck], today: date | None = None
) -> list[GuidanceItem]:
    """Red flags from the latest self-check (if it is at most 28 days old).

    ``first_seen`` is the first check of the current unbroken run of 'yes' answers
    to that question, and the fingerprint encodes it: answering yes again every week
    does not bring a dismissed item back, but a 'no' followed by a new 'yes' does.
    """
    today = today or now_local().date()
    history = sorted(
        (c for c in checks if not c.deleted and c.date <= today), key=lambda c: c.date
    )
    if not history:
        return []
    latest = history[-1]
    if (today - latest.date).days > SELF_CHECK_MAX_AGE_DAYS:
        return []
    items: list[GuidanceItem] = []
    for question in SELF_CHECK:
        if getattr(latest, question.id) is not True:
            continue
        run_start = latest.date
        for check in reversed(history[:-1]):
            answer = getattr(check, question.id)
            if answer is True:
                run_start = check.date
            elif answer is False:
                break
        since = (
            ""
            if run_start == latest.date
            else " Your self-checks have said yes to this since "
            f"{format_day(run_start, today)}."
        )
        items.append(
            GuidanceItem(
                id=f"self_check_{question.id}",
                kind="red_flag",
                title=question.title,
                detail=(
                    f"In your self-check of {format_day(latest.date, today)} you "
                    f"answered yes to: “{question.text}”{since}"
                ),
                action=question.action,
                first_seen=run_start,
                source=question.source,
                fingerprint=digest("self_check", question.id, run_start),
                evidence={"date": latest.date.isoformat()},
            )
        )
    return items
