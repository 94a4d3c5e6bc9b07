"""Tips from the last 30 days of check-ins: caffeine, sleep, fluids and stress.

Tips use the last 30 days and need a value logged on at least 5 of them:
``caffeine_high`` (average above 400 mg, or above 400 mg on a third of logged
days), ``sleep_short`` (average under 7 h), ``hydration_low`` (average water
under 1,500 ml) and ``stress_high`` (average at least 7 of 10).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from twitchtrack.domain.guidance.data import RuleData
from twitchtrack.domain.guidance.items import Evidence, GuidanceItem
from twitchtrack.domain.guidance.sources import ARTICLES
from twitchtrack.domain.text import format_number, plural

TIP_WINDOW_DAYS: Final = 30
TIP_MIN_DAYS: Final = 5
CAFFEINE_LIMIT_MG: Final = 400.0
SLEEP_MIN_H: Final = 7.0
WATER_MIN_ML: Final = 1_500.0
STRESS_HIGH: Final = 7.0

_TRENDS = "The Trends view shows how your {what} and twitches go together."


def _recent_values(data: RuleData, name: str) -> list[float]:
    first = data.today - timedelta(days=TIP_WINDOW_DAYS - 1)
    values: list[float] = []
    for log in data.days:
        value = getattr(log, name)
        if log.date >= first and value is not None:
            values.append(float(value))
    return values


def _level(excess: float, step: float) -> str:
    """Severity bucket of how far past the threshold an average is (1 = just past)."""
    return f"level:{1 + int(max(excess, 0.0) // step)}"


def _tip(
    tip_id: str,
    title: str,
    detail: str,
    action: str,
    source: str,
    fingerprint: str,
    evidence: Evidence,
    threshold: str,
) -> GuidanceItem:
    return GuidanceItem(
        id=tip_id,
        kind="tip",
        title=title,
        detail=detail,
        action=action,
        first_seen=None,
        source=source,
        fingerprint=fingerprint,
        evidence=evidence,
        rule=(
            f"Your average over the last {TIP_WINDOW_DAYS} days, once logged on at "
            f"least {TIP_MIN_DAYS} days."
        ),
        threshold=threshold,
    )


def caffeine_tip(data: RuleData) -> GuidanceItem | None:
    values = _recent_values(data, "caffeine_mg")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    over = sum(v > CAFFEINE_LIMIT_MG for v in values)
    if not (avg > CAFFEINE_LIMIT_MG or over * 3 >= len(values)):
        return None
    return _tip(
        "caffeine_high",
        "Caffeine above 400 mg a day",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged caffeine on {len(values)} "
            f"days: {format_number(avg)} mg a day on average, and over "
            f"{format_number(CAFFEINE_LIMIT_MG)} mg on {plural(over, 'day')}. "
            + _TRENDS.format(what="caffeine")
        ),
        (
            "About 400 mg a day is the amount usually given as an upper limit for "
            "healthy adults, and 200 mg during pregnancy. If you want to cut down, "
            "go gradually over a week or two."
        ),
        "002_38df8cf60c9976c4.txt; FDA: caffeine 400 mg/day; "
        "NHS: Pregnancy and caffeine",
        _level(avg - CAFFEINE_LIMIT_MG, 100.0),
        {"days_logged": len(values), "average_mg": round(avg), "days_over": over},
        "an average above 400 mg a day, or above 400 mg on a third of logged days",
    )


def sleep_tip(data: RuleData) -> GuidanceItem | None:
    values = _recent_values(data, "sleep_h")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    if avg >= SLEEP_MIN_H:
        return None
    short = sum(v < SLEEP_MIN_H for v in values)
    return _tip(
        "sleep_short",
        "Nights shorter than 7 hours",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged sleep for {len(values)} "
            f"nights: {format_number(avg, 1)} hours on average, and under 7 hours on "
            f"{plural(short, 'night')}. " + _TRENDS.format(what="sleep")
        ),
        (
            "Most adults do best with 7 to 9 hours. Steady bed and wake-up times are "
            "a good place to start."
        ),
        ARTICLES,
        _level(SLEEP_MIN_H - avg, 0.5),
        {"days_logged": len(values), "average_h": round(avg, 1), "short_nights": short},
        "an average under 7 hours a night",
    )


def hydration_tip(data: RuleData) -> GuidanceItem | None:
    values = _recent_values(data, "water_ml")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    if avg >= WATER_MIN_ML:
        return None
    low = sum(v < WATER_MIN_ML for v in values)
    return _tip(
        "hydration_low",
        "Plain water on the low side",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged water on {len(values)} "
            f"days: {format_number(avg)} ml a day on average, and under "
            f"{format_number(WATER_MIN_ML)} ml on {plural(low, 'day')}. "
            + _TRENDS.format(what="fluid intake")
        ),
        (
            "The usual advice of 1.5 to 2 litres a day counts all drinks, including "
            "tea, coffee and milk, while this number is plain water only, so your "
            "total may already be close. More helps in hot weather or on exercise "
            "days, and sipping through the day is easier than catching up later."
        ),
        f"{ARTICLES}; NHS Eatwell Guide: 6 to 8 glasses of fluid a day",
        _level(WATER_MIN_ML - avg, 250.0),
        {"days_logged": len(values), "average_ml": round(avg), "days_under": low},
        "plain water averaging under 1,500 ml a day",
    )


def stress_tip(data: RuleData) -> GuidanceItem | None:
    values = _recent_values(data, "stress")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    if avg < STRESS_HIGH:
        return None
    high = sum(v >= STRESS_HIGH for v in values)
    return _tip(
        "stress_high",
        "Stress has been running high",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged stress on {len(values)} "
            f"days: {format_number(avg, 1)} out of 10 on average, and 7 or more on "
            f"{plural(high, 'day')}. " + _TRENDS.format(what="stress")
        ),
        (
            "A few minutes a day of slow breathing, a walk or meditation can help "
            "settle the nervous system. If stress feels hard to manage, a doctor can "
            "help too."
        ),
        ARTICLES,
        _level(avg - STRESS_HIGH, 1.0),
        {"days_logged": len(values), "average": round(avg, 1), "high_days": high},
        "stress averaging 7 or more out of 10",
    )
