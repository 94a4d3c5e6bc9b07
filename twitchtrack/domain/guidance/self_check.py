"""The weekly self-check: its questions and the red flags a 'yes' raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from twitchtrack.domain.guidance.items import (
    BRING_REPORT,
    URGENT_SPEECH,
    URGENT_SUDDEN,
    GuidanceItem,
    digest,
)
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
    urgent: str = ""


SELF_CHECK: Final[tuple[SelfCheckQuestion, ...]] = (
    SelfCheckQuestion(
        "weakness",
        "In the past week, has any muscle felt weaker than usual, for example when "
        "lifting, gripping or climbing stairs?",
        "Self-check: a muscle felt weaker",
        f"New weakness is worth showing a doctor soon. {BRING_REPORT}",
        f"{ARTICLES}; NHS: Stroke",
        URGENT_SUDDEN,
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
        "Please see a doctor soon about changes in speech or swallowing.",
        "002_38df8cf60c9976c4.txt; NHS: Stroke",
        URGENT_SPEECH,
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


def self_check_flags(
    checks: Iterable[SelfCheck], today: date | None = None
) -> list[GuidanceItem]:
    """Red flags from the self-checks: per question, the latest answer that was
    given (a skip changes nothing) raises a flag when it was 'yes'.

    A 'yes' stays until a later self-check answers the same question 'no'.
    ``first_seen`` is the first check of the current run of 'yes' answers to that
    question (skips do not break a run), and the fingerprint encodes it:
    answering yes again every week does not bring a dismissed item back, but a
    'no' followed by a new 'yes' does.
    """
    today = today or now_local().date()
    history = sorted(
        (c for c in checks if not c.deleted and c.date <= today), key=lambda c: c.date
    )
    items: list[GuidanceItem] = []
    for question in SELF_CHECK:
        answered = [c for c in history if getattr(c, question.id) is not None]
        if not answered or getattr(answered[-1], question.id) is not True:
            continue
        latest = answered[-1]
        run_start = latest.date
        for check in reversed(answered[:-1]):
            if getattr(check, question.id) is not True:
                break
            run_start = check.date
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
                urgent=question.urgent,
                rule="A 'yes' in the weekly self-check, until a later check says 'no'.",
                threshold="one 'yes'; a skipped question changes nothing",
            )
        )
    return items
