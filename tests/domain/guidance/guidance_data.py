"""Journals, dates and wording checks shared by the guidance tests."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from twitchtrack.domain.guidance import (
    GuidanceContent,
    GuidanceItem,
    evaluate,
    parse_content,
)
from twitchtrack.domain.models import DayLog, Episode, Journal, SelfCheck

ROOT = Path(__file__).resolve().parents[3]
CONTENT_DIR = ROOT / "resources" / "guidance"
SOURCES_DIR = ROOT.parent / "shared" / "sources"
SHINGLES = Path(__file__).with_name("guidance_source_shingles.txt")
TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 3, 31)


def ep(day: date, where: str = "calf_left", hour: int = 12, **flags: bool) -> Episode:
    return Episode(
        at=datetime(day.year, day.month, day.day, hour, tzinfo=TZ),
        region=where,
        **flags,
    )


def days_back(first: int, last: int = 0) -> Iterator[date]:
    """TODAY - first .. TODAY - last, oldest first."""
    for back in range(first, last - 1, -1):
        yield TODAY - timedelta(days=back)


def journal(episodes: Iterable[Episode] = (), days: Iterable[DayLog] = ()) -> Journal:
    return Journal(episodes=list(episodes), days=list(days))


def ids(items: Iterable[GuidanceItem]) -> set[str]:
    return {i.id for i in items}


def flags_of(j: Journal, today: date = TODAY) -> dict[str, GuidanceItem]:
    return {i.id: i for i in evaluate(j, today).red_flags}


def tips_of(j: Journal, today: date = TODAY) -> dict[str, GuidanceItem]:
    return {i.id: i for i in evaluate(j, today).tips}


def load_content() -> GuidanceContent:
    return parse_content(
        {p.name: p.read_text("utf-8") for p in CONTENT_DIR.glob("*.json")}
    )


def check(day: date, **answers: bool) -> SelfCheck:
    return SelfCheck(date=day, **answers)


CAUSAL = re.compile(
    r"\b(caus(e|es|ed|ing)|trigger(s|ed|ing)?|because|due to|leads? to|led to|"
    r"results? in|resulted in)\b",
    re.IGNORECASE,
)


DIAGNOSTIC = re.compile(
    r"\byou (have|probably have|may have|might have|suffer from|are suffering)\b|"
    r"\bthis (is|means|could be|may be|might be) (als|mnd|ms|a sign)\b|"
    r"\b(als|mnd|amyotrophic|motor neurone disease|multiple sclerosis|neuropathy|"
    r"benign fasciculation syndrome|bfs)\b|"
    r"(?<!not a )\bdiagnos(is|ed|e)\b",
    re.IGNORECASE,
)


def logs(field: str, values: Iterable[float], end_back: int = 0) -> list[DayLog]:
    values = list(values)
    first = end_back + len(values) - 1
    return [
        DayLog.for_day(d, **{field: v})
        for d, v in zip(days_back(first, end_back), values, strict=True)
    ]
