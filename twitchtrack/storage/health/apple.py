"""Apple Health: ``export.zip`` or its main XML, streamed record by record.

The main XML is ``apple_health_export/export.xml`` in English and has another name
in some languages, so it is found by its root element, ``HealthData``. It can be
hundreds of MB: it is parsed incrementally (``iterparse``) straight from the zip
member, each finished element is dropped, and ``defusedxml`` refuses entity
declarations (the "billion laughs" family) since the file is untrusted input.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO, Final
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from twitchtrack.domain.timed import IntakeKind, SleepStageSpan
from twitchtrack.storage.health.common import (
    NOT_ASLEEP,
    UNKNOWN_UNIT,
    UNREADABLE,
    Collector,
    HealthRead,
    damaged,
    source_name,
)

PLATFORM: Final = "Apple Health"
ROOT_TAG: Final = "HealthData"
SLEEP_TYPE: Final = "HKCategoryTypeIdentifierSleepAnalysis"
_VALUE = "HKCategoryValueSleepAnalysis"
# The four asleep values and the stage each is; InBed and Awake are not sleep.
ASLEEP: Final[dict[str, str]] = {
    f"{_VALUE}AsleepUnspecified": "asleep",
    f"{_VALUE}Asleep": "asleep",  # before iOS 16
    f"{_VALUE}AsleepCore": "core",
    f"{_VALUE}AsleepDeep": "deep",
    f"{_VALUE}AsleepREM": "rem",
}
_FL_OZ_US_ML = 29.5735295625
# Quantity type -> (kind, {unit: factor to the base unit}). One alcoholic beverage
# is taken as one unit: Apple counts drinks, and so does the check-in's field.
QUANTITIES: Final[dict[str, tuple[IntakeKind, dict[str, float]]]] = {
    "HKQuantityTypeIdentifierDietaryCaffeine": ("caffeine", {"mg": 1.0, "g": 1000.0}),
    "HKQuantityTypeIdentifierDietaryWater": (
        "water",
        {"mL": 1.0, "ml": 1.0, "L": 1000.0, "fl_oz_us": _FL_OZ_US_ML},
    ),
    "HKQuantityTypeIdentifierNumberOfAlcoholicBeverages": ("alcohol", {"count": 1.0}),
    "HKQuantityTypeIdentifierDietaryMagnesium": (
        "magnesium",
        {"mg": 1.0, "g": 1000.0, "mcg": 0.001},
    ),
}
OTHER_TYPE: Final = "not a kind twitchtrack reads"


def _time(text: str) -> datetime:
    # "2024-01-15 08:00:00 -0600": drop the space before the offset.
    text = text.strip()
    if len(text) == 25 and text[19] == " ":
        text = text[:19] + text[20:]
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("no offset")
    return value


def _root_tag(stream: IO[bytes]) -> str | None:
    """The first element's tag, or None when the stream is not XML at all."""
    head = stream.peek(2048)[:2048] if hasattr(stream, "peek") else b""
    try:
        for _event, elem in iterparse(stream, events=("start",)):
            return str(elem.tag)
    except DefusedXmlException:
        # Entities declared before the root: an export named by its DOCTYPE is
        # still ours to refuse (with a reason) rather than pass on.
        return ROOT_TAG if b"<!DOCTYPE HealthData" in head else None
    except (ParseError, ValueError):
        return None
    return None


def find_member(archive: zipfile.ZipFile) -> str | None:
    """The zip member that is the main export XML (root ``HealthData``), if any."""
    names = [
        n
        for n in archive.namelist()
        if n.lower().endswith(".xml") and not n.endswith("/") and n.count("/") <= 1
    ]
    # The English name first: it is the common case and saves peeking at others.
    names.sort(key=lambda n: (not n.lower().endswith("export.xml"), n))
    for name in names:
        try:
            with archive.open(name) as stream:
                if _root_tag(stream) == ROOT_TAG:
                    return name
        except (zipfile.BadZipFile, EOFError, OSError):
            continue
    return None


def is_apple_xml(path: Path) -> bool:
    """True for an XML file whose root element is ``HealthData``."""
    try:
        with path.open("rb") as stream:
            return _root_tag(stream) == ROOT_TAG
    except OSError:
        return False


@contextmanager
def _opened(path: Path, member: str | None) -> Iterator[IO[bytes]]:
    if member is None:
        with path.open("rb") as stream:
            yield stream
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        yield stream


def read(path: Path, *, tz: tzinfo | None, member: str | None = None) -> HealthRead:
    """Read sleep and intakes from an Apple export (``member``: inside a zip).

    Times in the export carry their offset, so ``tz`` is not needed; it is taken
    for the same signature as the other readers.
    """
    del tz
    where = f"{member} " if member else ""
    collect = Collector(PLATFORM)
    try:
        with _opened(path, member) as stream:
            _stream_records(stream, collect)
    except ParseError as exc:
        line = exc.position[0] if exc.position else 0
        # ParseError's text ends with the place, already given as the line.
        reason = str(exc).split(": line", 1)[0]
        raise damaged(
            path, line, f"{where}is damaged or cut short (XML: {reason})"
        ) from None
    except DefusedXmlException:
        raise damaged(
            path, 0, f"{where}declares XML entities, which an export never does"
        ) from None
    except (zipfile.BadZipFile, EOFError) as exc:
        raise damaged(path, 0, f"{where}is damaged inside the zip ({exc})") from None
    return collect.read


def _stream_records(stream: IO[bytes], collect: Collector) -> None:
    events = iterparse(stream, events=("start", "end"))
    root = None
    depth = 0
    for event, elem in events:
        if event == "start":
            if root is None:
                root = elem
            depth += 1
            continue
        depth -= 1
        if elem.tag == "Record":
            _record(elem.attrib, collect)
        if depth == 1 and root is not None:
            # Finished with a top-level element: drop it, so memory stays flat.
            root.clear()


def _record(attrs: dict[str, str], collect: Collector) -> None:
    kind = attrs.get("type", "")
    if kind == SLEEP_TYPE:
        _sleep(attrs, collect)
        return
    quantity = QUANTITIES.get(kind)
    if quantity is None:
        collect.skip(OTHER_TYPE)
        return
    name, units = quantity
    factor = units.get(attrs.get("unit", ""))
    if factor is None:
        collect.skip(UNKNOWN_UNIT)
        return
    try:
        at = _time(attrs["startDate"])
        amount = float(attrs["value"]) * factor
    except (KeyError, ValueError):
        collect.skip(UNREADABLE)
        return
    source = source_name(PLATFORM, attrs.get("sourceName"))
    identity = "|".join(
        attrs.get(k, "") for k in ("type", "startDate", "endDate", "value", "unit")
    )
    collect.intake(source, identity, at, name, amount)


def _sleep(attrs: dict[str, str], collect: Collector) -> None:
    stage = ASLEEP.get(attrs.get("value", ""))
    if stage is None:
        collect.skip(NOT_ASLEEP)
        return
    try:
        start, end = _time(attrs["startDate"]), _time(attrs["endDate"])
    except (KeyError, ValueError):
        collect.skip(UNREADABLE)
        return
    source = source_name(PLATFORM, attrs.get("sourceName"))
    identity = "|".join(
        attrs.get(k, "") for k in ("type", "startDate", "endDate", "value")
    )
    # Apple writes one record per stage segment; each is kept as a period, so a
    # later, longer export of the same nights gives the same ids.
    stages = (
        [SleepStageSpan(start=start, end=end, stage=stage)]
        if stage != "asleep" and end > start
        else None
    )
    collect.sleep(source, identity, start, end, stages)
