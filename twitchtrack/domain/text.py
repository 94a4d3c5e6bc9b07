"""Shared wording helpers: counted nouns, day and range names, lists of words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

# English names on every platform: strftime's %b and %a follow the C locale.
MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Items named in a sentence before the rest become "and N more".
LISTED_MAX: Final = 4


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 episode', '2 episodes', '1,234 episodes'; ``many`` for irregular nouns."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def format_number(value: float, decimals: int = 0) -> str:
    """'1,500', '6.5': thousands separators and a fixed number of decimals."""
    return f"{value:,.{decimals}f}"


def format_day(day: date, today: date | None = None, *, year: bool = False) -> str:
    """'3 Nov'; the year is added when it is not the year of ``today``, or always
    with ``year=True`` ('3 Nov 2026')."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if year or (today is not None and day.year != today.year):
        text += f" {day.year}"
    return text


def format_range(
    start: date, end: date, today: date | None = None, *, year: bool = False
) -> str:
    """'2 Dec to 9 Dec', each end worded as by :func:`format_day`; one day is
    just '2 Dec'."""
    if start == end:
        return format_day(start, today, year=year)
    return (
        f"{format_day(start, today, year=year)} to {format_day(end, today, year=year)}"
    )


def format_span(
    start: date, end: date, today: date | None = None, *, year: bool = False
) -> str:
    """'between 2 Dec and 9 Dec' for a sentence; 'on 2 Dec' for a single day."""
    if start == end:
        return f"on {format_day(start, today, year=year)}"
    first, last = format_day(start, today, year=year), format_day(end, today, year=year)
    return f"between {first} and {last}"


def join_words(
    words: Sequence[str], more_noun: str = "more", limit: int = LISTED_MAX
) -> str:
    """'a', 'a and b', 'a, b and c'; lists longer than ``limit`` end 'and N more'."""
    shown = list(words[:limit])
    extra = len(words) - len(shown)
    if extra > 0:
        shown.append(f"{extra} {more_noun}")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
