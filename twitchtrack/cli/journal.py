"""Journal commands: ``regions``, ``log``, ``day``, ``list`` and ``check``.

Kept light: ``twitchtrack log`` is timed as a whole process, so everything heavy
(pydantic models, the store) is imported inside the command that needs it.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from twitchtrack.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    data_dir,
    folder_was_chosen,
    in_range,
    open_store,
    print_json,
    printable,
    read_journal,
    say_merged,
    validation_message,
)

if TYPE_CHECKING:
    from twitchtrack.domain.day_values import DayValues
    from twitchtrack.domain.models import DayLog, Episode, Journal, Settings
    from twitchtrack.storage.journal_store import JournalStore

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
    from twitchtrack.domain.times import entry_time, is_repeated

    if not is_region(args.region):
        raise _unknown_region(args.region)
    try:
        at = entry_time(args.at) if args.at is not None else now_local()
    except ValueError as err:
        raise CliError(f"--at: {err}") from None
    store = open_store(args, writing=True)
    values: dict[str, object] = {
        "at": at,
        "region": args.region,
        "device": store.device,
    }
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

    def add(settings: Settings) -> list[Episode]:
        data = dict(values)
        data.setdefault("intensity", settings.default_intensity)
        built.append(Episode.model_validate(data))
        return built[-1:]

    try:
        # Appends: a journal this program wrote last is not read again (trust).
        store.append(add)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    episode = built[-1]
    say_merged(store)
    # The offset says what was stored (a time without one was read as local).
    stored = f"{episode.at:%Y-%m-%d %H:%M} {_offset(episode.at)}"
    repeated = ""
    if args.at is not None and args.at.tzinfo is None and is_repeated(episode.at):
        repeated = (
            f"; {episode.at:%H:%M} happened twice that night, this is the first: "
            "give --at with an offset for the other"
        )
    print(
        f"Logged {region(episode.region).label.lower()} at {stored} "
        f"(intensity {episode.intensity}; id {episode.id}{repeated})"
    )
    return EXIT_OK


def _offset(at: datetime) -> str:
    text = at.strftime("%z")  # +0100
    return f"{text[:3]}:{text[3:]}" if len(text) == 5 else text


def cmd_day(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.domain.models import DayLog
    from twitchtrack.domain.times import day_problem

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
    if not changes:
        # An empty check-in would count as a day logged with nothing in it.
        raise CliError(
            "nothing to record: give at least one value, e.g. "
            f"`twitchtrack day {day.isoformat()} --caffeine 100` "
            "(see `twitchtrack day --help`)",
            EXIT_USAGE,
        )
    problem = day_problem(day)
    if problem is not None:
        raise CliError(problem)
    saved: list[DayLog] = []
    store = open_store(args, writing=True)
    changes["device"] = store.device  # after the "nothing to record" check

    def apply(journal: Journal) -> Journal:
        existing = journal.day(day)
        log = existing.edited(**changes) if existing else DayLog.for_day(day, **changes)
        saved.append(log)
        return journal.with_records(days=[log])

    try:
        store.update(apply)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    say_merged(store)
    print(f"Check-in for {day.isoformat()}: {_describe_day(saved[-1])}")
    return EXIT_OK


_LABELS = {
    "caffeine_mg": "{:g} mg caffeine",
    "sleep_h": "{:g} h sleep",
    "sleep_quality": "sleep quality {}/5",
    "water_ml": "{:g} ml water",
    "stress": "stress {}/10",
    "exercise_min": "{:g} min exercise",
    "alcohol_units": "{:g} units alcohol",
    "magnesium_mg": "{:g} mg magnesium",
}


def _describe_day(log: DayLog) -> str:
    parts = []
    for field, template in _LABELS.items():
        value = getattr(log, field)
        if value is not None:
            parts.append(template.format(value))
    if log.medications:
        parts.append("medicines: " + ", ".join(printable(m) for m in log.medications))
    if log.tags:
        parts.append("tags: " + ", ".join(printable(t) for t in log.tags))
    if log.note:
        parts.append("note")
    return "; ".join(parts) if parts else "nothing logged"


def cmd_list(args: argparse.Namespace) -> int:
    from twitchtrack.domain.day_values import effective_days, latest_logs, local_day
    from twitchtrack.domain.regions import region
    from twitchtrack.domain.text import plural
    from twitchtrack.domain.times import in_viewer_zone

    journal = read_journal(args)
    episodes = [
        e
        for e in journal.live_episodes()
        if in_range(e.local_day, args.start, args.end)
    ]
    days = [d for d in journal.live_days() if in_range(d.date, args.start, args.end)]
    # Intakes by the day of `at`, sleeps by the day they end: where they count.
    intakes = sorted(
        (i for i in journal.intakes if not i.deleted),
        key=lambda i: i.at.timestamp(),
    )
    intakes = [i for i in intakes if in_range(local_day(i.at), args.start, args.end)]
    sleeps = sorted(
        (p for p in journal.sleeps if not p.deleted),
        key=lambda p: p.end.timestamp(),
    )
    sleeps = [p for p in sleeps if in_range(local_day(p.end), args.start, args.end)]
    logs = latest_logs(journal)
    effective = {
        day: values
        for day, values in effective_days(journal, logs=logs).items()
        if in_range(day, args.start, args.end)
    }
    if args.json:
        print_json(
            {
                "episodes": [e.model_dump(mode="json") for e in episodes],
                "days": _day_entries(days, effective, logs),
                "intakes": [i.model_dump(mode="json") for i in intakes],
                "sleeps": [p.model_dump(mode="json") for p in sleeps],
            }
        )
        return EXIT_OK
    if not episodes and not effective:
        print("Nothing logged in this period.")
        return EXIT_OK
    for e in episodes:
        flags = f"  [{', '.join(e.flags)}]" if e.flags else ""
        note = f"  {printable(e.note)}" if e.note else ""
        # Listed by instant, so shown on one clock (this computer's): times
        # logged while travelling would otherwise look out of order.
        print(
            f"{in_viewer_zone(e.at):%Y-%m-%d %H:%M}  {region(e.region).label:<28} "
            f"{e.intensity:>2}/10  {e.kind}{flags}{note}"
        )
    if effective:
        print()
        for day, values in effective.items():
            log = logs.get(day)
            parts = [_describe_day(log)] if log is not None and not log.is_empty else []
            parts += [
                f"{_LABELS[f].format(getattr(values, f))} (from {_FROM[f]})"
                for f in values.derived
            ]
            print(f"{day.isoformat()}  {'; '.join(parts) or 'nothing logged'}")
    totals = [plural(len(episodes), "episode"), plural(len(days), "check-in")]
    if intakes:
        totals.append(plural(len(intakes), "intake"))
    if sleeps:
        totals.append(plural(len(sleeps), "sleep period"))
    print(f"\n{', '.join(totals)}")
    return EXIT_OK


# Where a derived value came from, for `list`.
_FROM = {
    "sleep_h": "sleep periods",
    "caffeine_mg": "intakes",
    "water_ml": "intakes",
    "alcohol_units": "intakes",
    "magnesium_mg": "intakes",
}


def _day_entries(
    days: list[DayLog],
    effective: dict[date, DayValues],
    logs: dict[date, DayLog],
) -> list[dict[str, object]]:
    """``list --json``'s days, by date: each check-in as stored, with the effective
    values (typed, else derived from intakes and sleeps) and ``derived`` naming
    those that were derived; a day with only intakes or sleeps has just its date,
    the values and ``derived``.

    A second live check-in of one date (an import can bring one) shows what it
    holds: the day's values are its newest check-in's (``logs``).
    """
    out: list[tuple[date, dict[str, object]]] = []
    for log in days:
        entry: dict[str, object] = log.model_dump(mode="json")
        values = effective.get(log.date)
        if values is not None and logs.get(log.date) is log:
            entry.update(values.values())
            entry["derived"] = list(values.derived)
        else:
            entry["derived"] = []
        out.append((log.date, entry))
    for day, values in effective.items():
        if day not in logs:
            entry = {"date": day.isoformat(), **values.values()}
            entry["derived"] = list(values.derived)
            out.append((day, entry))
    out.sort(key=lambda pair: pair[0])
    return [entry for _, entry in out]


def cmd_check(args: argparse.Namespace) -> int:
    from twitchtrack.domain.text import plural

    folder = data_dir(args)
    if not folder.exists():
        if folder_was_chosen(args):
            raise CliError(
                f"the folder {folder} does not exist (is --data-dir or "
                "TWITCHTRACK_DATA_DIR spelt right?)"
            )
        print(f"No journal yet: {folder} does not exist (nothing was logged here).")
        return EXIT_OK
    store = open_store(args)
    journal, results = store.validate_all()
    journal_problem = next((p for path, p in results if path == store.path), None)
    backups = [(path, p) for path, p in results if path != store.path]
    if journal_problem is None:
        state = f" (read-only: {store.read_only_reason})" if store.read_only else ""
        print(
            f"Journal {store.path}: {plural(len(journal.live_episodes()), 'episode')}, "
            f"{plural(len(journal.live_days()), 'check-in')}{state}"
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
    bad_copies = _report_conflict_copies(store, journal)
    if bad:
        raise CliError(
            f"{plural(len(bad), 'backup')} cannot be restored (listed above); "
            "the journal itself is fine"
        )
    if bad_copies:
        raise CliError(
            f"{plural(bad_copies, 'conflict copy', 'conflict copies')} cannot be "
            "merged (listed above) and were left where they are; the journal "
            "itself is fine"
        )
    return EXIT_OK


def _report_conflict_copies(store: JournalStore, journal: Journal) -> int:
    """List the sync tool's conflict copies and what merging each would bring in
    (nothing is written); returns how many cannot be merged."""
    from twitchtrack.storage.conflicts import plan_merge

    copies = store.sync.copies()
    if not copies:
        return 0
    plan = plan_merge(journal, copies, bases=store.sync.bases())
    for line in plan.report_lines():
        print(line)
    if plan.merged:
        print(
            "Nothing was changed: twitchtrack merges these copies the next time it "
            "saves (the window on opening, or any command that writes)."
        )
    return len(plan.bad)
