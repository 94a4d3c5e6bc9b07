"""Shared wording: counted nouns, day and range names, and lists of words."""

from __future__ import annotations

from datetime import date

import pytest

from twitchtrack.domain.text import (
    LISTED_MAX,
    MONTHS,
    WEEKDAYS,
    format_day,
    format_number,
    format_range,
    join_words,
    plural,
)

TODAY = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("n", "one", "many", "expected"),
    [
        (0, "episode", None, "0 episodes"),
        (1, "episode", None, "1 episode"),
        (2, "day", None, "2 days"),
        (999, "day", None, "999 days"),
        (1_234, "episode", None, "1,234 episodes"),
        (1, "twitch", "twitches", "1 twitch"),
        (3, "twitch", "twitches", "3 twitches"),
        (1, "more day", None, "1 more day"),
        (12_000, "more day", None, "12,000 more days"),
    ],
)
def test_plural_counts_with_a_thousands_separator(
    n: int, one: str, many: str | None, expected: str
) -> None:
    assert plural(n, one, many) == expected


def test_format_day_adds_the_year_only_when_needed() -> None:
    assert format_day(date(2026, 1, 9), TODAY) == "9 Jan"
    assert format_day(date(2025, 12, 30), TODAY) == "30 Dec 2025"


def test_format_day_with_or_without_a_year() -> None:
    assert format_day(date(2026, 12, 2)) == "2 Dec"
    assert format_day(date(2026, 12, 2), year=True) == "2 Dec 2026"
    assert format_day(date(2026, 12, 2), TODAY, year=True) == "2 Dec 2026"


def test_format_range_words_both_ends_alike() -> None:
    assert format_range(date(2026, 12, 2), date(2026, 12, 9)) == "2 Dec to 9 Dec"
    assert (
        format_range(date(2025, 12, 30), date(2026, 1, 2), TODAY)
        == "30 Dec 2025 to 2 Jan"
    )
    assert (
        format_range(date(2026, 3, 1), date(2026, 3, 3), year=True)
        == "1 Mar 2026 to 3 Mar 2026"
    )


def test_month_and_weekday_names_are_english_everywhere() -> None:
    assert len(MONTHS) == 12
    assert (MONTHS[0], MONTHS[11]) == ("Jan", "Dec")
    assert WEEKDAYS[date(2026, 3, 2).weekday()] == "Mon"  # a Monday
    assert len(WEEKDAYS) == 7


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a and b"),
        (["a", "b", "c"], "a, b and c"),
        (["a", "b", "c", "d"], "a, b, c and d"),
        (["a", "b", "c", "d", "e", "f"], "a, b, c, d and 2 more"),
    ],
)
def test_join_words(words: list[str], expected: str) -> None:
    assert LISTED_MAX == 4
    assert join_words(words) == expected


def test_join_words_names_what_is_left_over() -> None:
    days = ["1 Mar", "2 Mar", "3 Mar", "4 Mar"]
    assert join_words(days, "more days", limit=2) == "1 Mar, 2 Mar and 2 more days"
    assert join_words(days, limit=len(days)) == "1 Mar, 2 Mar, 3 Mar and 4 Mar"


def test_format_number() -> None:
    assert format_number(1500) == "1,500"
    assert format_number(6.54, 1) == "6.5"
    assert format_number(399.6) == "400"


def test_one_day_spans_are_worded_as_one_day() -> None:
    from twitchtrack.domain.text import format_span

    day = date(2026, 12, 2)
    assert format_span(day, day, TODAY) == "on 2 Dec"
    assert format_span(day, date(2026, 12, 9), TODAY) == "between 2 Dec and 9 Dec"
    assert format_range(day, day, TODAY) == "2 Dec"
