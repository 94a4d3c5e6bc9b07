"""Withings: ``sleep.csv`` from the account's data download.

One row per night: ``from`` and ``to`` (ISO 8601 with an offset; without one,
the person's zone), then light, deep, REM and awake durations in seconds, and
further columns that are not read. The header is in the account's language:
English, German, French and Spanish names are known (accents and a unit such as
``(s)`` aside).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import tzinfo
from pathlib import Path
from typing import Final

from twitchtrack.storage.health.common import (
    UNREADABLE,
    Collector,
    HealthRead,
    parse_time,
)
from twitchtrack.storage.health.sheets import Row, read_text, rows, sniff_delimiter

PLATFORM: Final = "Withings"
NO_SLEEP: Final = "no sleep measured"
# Normalised header name -> column meaning, for en, de, fr and es.
COLUMNS: Final[dict[str, str]] = {
    **dict.fromkeys(("from", "von", "de", "du", "debut", "desde", "inicio"), "from"),
    **dict.fromkeys(("to", "bis", "a", "au", "fin", "hasta"), "to"),
    **dict.fromkeys(("light", "leicht", "leger", "ligero"), "light"),
    **dict.fromkeys(("deep", "tief", "profond", "profundo"), "deep"),
    **dict.fromkeys(("rem",), "rem"),
    **dict.fromkeys(("awake", "wach", "eveille", "despierto"), "awake"),
}
_UNIT = re.compile(r"\(.*?\)")


def normalise(name: str) -> str:
    """``"Léger (s)"`` -> ``"leger"``; unknown names stay (normalised)."""
    plain = unicodedata.normalize("NFKD", name.strip().strip('"'))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = _UNIT.sub("", plain).strip().lower()
    return COLUMNS.get(plain, plain)


def is_withings_header(line: str) -> bool:
    """True for a header with from/to and light or deep columns, in any known
    language."""
    names = {normalise(n) for n in line.split(sniff_delimiter(line))}
    return {"from", "to"} <= names and bool(names & {"light", "deep"})


def read(path: Path, *, tz: tzinfo | None) -> HealthRead:
    """Read the nights of a Withings sleep.csv."""
    collect = Collector(PLATFORM)
    text = read_text(path)
    header = text.splitlines()[0] if text else ""
    names = [normalise(n) for n in header.split(sniff_delimiter(header))]
    _, body = rows(path, text, names=names)
    for row in body:
        _night(row, tz, collect)
    return collect.read


def _seconds(row: Row, name: str) -> float:
    raw = row.get(name)
    return float(raw) if raw else 0.0


def _night(row: Row, tz: tzinfo | None, collect: Collector) -> None:
    try:
        start = parse_time(row.get("from"), tz)
        end = parse_time(row.get("to"), tz)
        asleep = sum(_seconds(row, n) for n in ("light", "deep", "rem"))
    except ValueError:
        collect.skip(UNREADABLE)
        return
    if asleep <= 0:
        collect.skip(NO_SLEEP)
        return
    identity = f"{row.get('from')}|{row.get('to')}"
    collect.sleep(PLATFORM, identity, start, end)
