"""Journal commands: ``regions``, ``log``, ``day``, ``list`` and ``check``.

Kept light: ``twitchtrack log`` is timed as a whole process, so everything heavy
(pydantic models, the store) is imported inside the command that needs it.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from twitchtrack.cli.common import (
    EXIT_BAD_DATA,
    EXIT_OK,
    CliError,
    in_range,
    open_store,
    print_json,
    validation_message,
)

if TYPE_CHECKING:
    from twitchtrack.domain.models import DayLog, Episode, Journal

# option dest -> DayLog field, for `twitchtrack day`
DAY_OPTIONS: dict[str, str] = {
    "caffeine": "caffeine_mg",
    "sleep": "sleep_h",
    "sleep_quality": "sleep_quality",
    "water": "water_ml",
    "stress": "stress",
    "exercise": "exercise_min",
    "alcohol": "alcohol_units",
    "magnesium": "magnesium_mg",
}


def cmd_regions(args: argparse.Namespace) -> int:
    from twitchtrack.domain.regions import REGIONS, group_label

    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "label": r.label,
                    "view": str(r.view),
                    "side": str(r.side),
                    "group": r.group,
                    "area": str(r.area),
                }
                for r in REGIONS
            ]
        )
        return EXIT_OK
    width = max(len(r.id) for r in REGIONS)
    for r in REGIONS:
        print(f"{r.id:<{width}}  {r.view:<5}  {r.label}  ({group_label(r.group)})")
    return EXIT_OK


def _unknown_region(region_id: str) -> CliError:
    import difflib

    from twitchtrack.domain.regions import REGIONS

    close = difflib.get_close_matches(region_id, [r.id for r in REGIONS], n=3)
    hint = (
        f"; did you mean {', '.join(close)}?"
        if close
        else "; see `twitchtrack regions`"
    )
    return CliError(f"unknown region {region_id!r}{hint}")


def cmd_log(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.domain.models import Episode, now_local
    from twitchtrack.domain.regions import is_region, region

    if not is_region(args.region):
        raise _unknown_region(args.region)
    store = open_store(args)
    values: dict[str, object] = {"at": args.at or now_local(), "region": args.region}
    for name, value in (
        ("intensity", args.intensity),
        ("duration_s", args.duration),
        ("kind", args.kind),
        ("pattern", args.pattern),
        ("note", args.note),
    ):
        if value is not None:
            values[name] = value
    for flag in args.flag:
        values[flag] = True
    built: list[Episode] = []

    def add(journal: Journal) -> Journal:
        data = dict(values)
        data.setdefault("intensity", journal.settings.default_intensity)
        episode = Episode.model_validate(data)
        built.append(episode)
        return journal.with_records(episodes=[episode])

    try:
        store.update(add)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    episode = built[-1]
    print(
        f"Logged {region(episode.region).label.lower()} at "
        f"{episode.at:%Y-%m-%d %H:%M} (intensity {episode.intensity}; id {episode.id})"
    )
    return EXIT_OK


def cmd_day(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.domain.models import DayLog

    day = args.date or date.today()
    changes: dict[str, object] = {
        field: getattr(args, dest)
        for dest, field in DAY_OPTIONS.items()
        if getattr(args, dest) is not None
    }
    if args.medication is not None:
        changes["medications"] = args.medication
    if args.tag is not None:
        changes["tags"] = args.tag
    if args.note is not None:
        changes["note"] = args.note
    saved: list[DayLog] = []

    def apply(journal: Journal) -> Journal:
        existing = journal.day(day)
        log = existing.edited(**changes) if existing else DayLog.for_day(day, **changes)
        saved.append(log)
        return journal.with_records(days=[log])

    try:
        open_store(args).update(apply)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    print(f"Check-in for {day.isoformat()}: {_describe_day(saved[-1])}")
    return EXIT_OK


def _describe_day(log: DayLog) -> str:
    parts = []
    labels = {
        "caffeine_mg": "{:g} mg caffeine",
        "sleep_h": "{:g} h sleep",
        "sleep_quality": "sleep quality {}/5",
        "water_ml": "{:g} ml water",
        "stress": "stress {}/10",
        "exercise_min": "{:g} min exercise",
        "alcohol_units": "{:g} units alcohol",
        "magnesium_mg": "{:g} mg magnesium",
    }
    for field, template in labels.items():
        value = getattr(log, field)
        if value is not None:
            parts.append(template.format(value))
    if log.medications:
        parts.append("medicines: " + ", ".join(log.medications))
    if log.tags:
        parts.append("tags: " + ", ".join(log.tags))
    if log.note:
        parts.append("note")
    return "; ".join(parts) if parts else "nothing logged"


def cmd_list(args: argparse.Namespace) -> int:
    from twitchtrack.domain.regions import region

    journal = open_store(args).load()
    episodes = [
        e
        for e in journal.live_episodes()
        if in_range(e.local_day, args.start, args.end)
    ]
    days = [d for d in journal.live_days() if in_range(d.date, args.start, args.end)]
    if args.json:
        print_json(
            {
                "episodes": [e.model_dump(mode="json") for e in episodes],
                "days": [d.model_dump(mode="json") for d in days],
            }
        )
        return EXIT_OK
    if not episodes and not days:
        print("Nothing logged in this period.")
        return EXIT_OK
    for e in episodes:
        flags = f"  [{', '.join(e.flags)}]" if e.flags else ""
        note = f"  {e.note}" if e.note else ""
        print(
            f"{e.at:%Y-%m-%d %H:%M}  {region(e.region).label:<28} {e.intensity:>2}/10  "
            f"{e.kind}{flags}{note}"
        )
    if days:
        print()
        for d in days:
            print(f"{d.date.isoformat()}  {_describe_day(d)}")
    print(f"\n{len(episodes)} episodes, {len(days)} check-ins")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    store = open_store(args)
    journal, results = store.validate_all()
    journal_problem = next((p for path, p in results if path == store.path), None)
    backups = [(path, p) for path, p in results if path != store.path]
    if journal_problem is None:
        state = f" (read-only: {store.read_only_reason})" if store.read_only else ""
        print(
            f"Journal {store.path}: {len(journal.live_episodes())} episodes, "
            f"{len(journal.live_days())} check-ins{state}"
        )
    bad = [p for _, p in backups if p is not None]
    for problem in bad:
        print(f"Backup problem: {problem}")
    good = len(backups) - len(bad)
    print(f"Backups: {good} valid, {len(bad)} invalid")
    if journal_problem is not None:
        newest = next((path for path, p in backups if p is None), None)
        hint = f"; the newest good backup is {newest}" if newest else ""
        raise CliError(f"{journal_problem}{hint}")
    return EXIT_BAD_DATA if bad else EXIT_OK
