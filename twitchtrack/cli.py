"""Command line: the GUI by default, plus headless commands that share the same core.

Headless commands never import Qt or pyqtgraph; heavy modules are imported inside the
command that needs them so ``twitchtrack log`` starts quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from twitchtrack import __version__

if TYPE_CHECKING:
    from twitchtrack.domain.models import DayLog, Episode, Journal
    from twitchtrack.storage.journal_store import JournalStore

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_DATA = 3
EXIT_LOCKED = 4
EXIT_FAILED = 1

KINDS = ("twitch", "flutter", "cramp", "spasm")
PATTERNS = ("single", "burst", "continuous")
FLAGS = ("weakness", "numbness", "speech_swallowing", "pain", "wasting")

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


class CliError(Exception):
    """A problem to report on one line with an exit code, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_BAD_DATA) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------- parsing


def _parse_date(text: str) -> date:
    lowered = text.strip().lower()
    if lowered == "today":
        return date.today()
    if lowered == "yesterday":
        return date.today() - timedelta(days=1)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (use YYYY-MM-DD, 'today' or 'yesterday')"
        ) from None


def _parse_when(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} "
            "(e.g. 2026-11-23T14:05 or 2026-11-23T14:05+01:00)"
        ) from None
    # A time without an offset means the user's local clock.
    return when if when.tzinfo else when.astimezone()


def _parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a size: {text!r} (use WIDTHxHEIGHT, e.g. 1280x800)"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="twitchtrack",
        description="A private journal for muscle twitches. "
        "With no command, opens the window.",
    )
    parser.add_argument(
        "--version", action="version", version=f"twitchtrack {__version__}"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder of the journal "
        "(default: $TWITCHTRACK_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway demo journal in a temporary folder "
        "(never your own journal)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help="open the window (the default)")

    p = sub.add_parser("regions", help="list the body regions")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("log", help="log a twitch episode")
    p.add_argument(
        "region", help="region id, e.g. eyelid_upper_left (see `twitchtrack regions`)"
    )
    p.add_argument(
        "--at", type=_parse_when, metavar="ISO8601", help="when (default: now)"
    )
    p.add_argument(
        "--intensity", type=int, metavar="N", help="1 (faint) to 10 (strong)"
    )
    p.add_argument(
        "--duration", type=float, metavar="SECONDS", help="how long it lasted"
    )
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--pattern", choices=PATTERNS)
    p.add_argument(
        "--flag", action="append", choices=FLAGS, default=[], help="a symptom"
    )
    p.add_argument("--note", help="free text")

    p = sub.add_parser("day", help="record the daily check-in for a date")
    p.add_argument(
        "date", nargs="?", type=_parse_date, help="YYYY-MM-DD (default: today)"
    )
    p.add_argument("--caffeine", type=float, metavar="MG")
    p.add_argument(
        "--sleep", type=float, metavar="HOURS", help="the night that ended this morning"
    )
    p.add_argument(
        "--sleep-quality", type=int, metavar="N", help="1 (poor) to 5 (great)"
    )
    p.add_argument("--water", type=float, metavar="ML")
    p.add_argument("--stress", type=int, metavar="N", help="0 (none) to 10 (extreme)")
    p.add_argument("--exercise", type=float, metavar="MIN")
    p.add_argument("--alcohol", type=float, metavar="UNITS")
    p.add_argument("--magnesium", type=float, metavar="MG")
    p.add_argument(
        "--medication", action="append", metavar="NAME", help="repeat for several"
    )
    p.add_argument("--tag", action="append", metavar="TAG", help="repeat for several")
    p.add_argument("--note")

    p = sub.add_parser("list", help="list episodes and check-ins")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--from", dest="start", type=_parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=_parse_date, metavar="DATE")

    sub.add_parser("check", help="validate the journal and its backups")

    p = sub.add_parser("export", help="export the journal")
    p.add_argument("--format", choices=("json", "csv"), required=True)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PATH",
        help="a .json file, or for csv a folder for episodes.csv and days.csv",
    )

    p = sub.add_parser("import", help="merge a JSON backup or episodes.csv/days.csv")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    p = sub.add_parser("demo", help="write a realistic synthetic journal")
    p.add_argument("--days", type=int, default=180)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--force", action="store_true", help="replace a journal that has entries"
    )

    p = sub.add_parser("report", help="write a PDF report to take to a doctor")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument(
        "--from",
        dest="start",
        type=_parse_date,
        metavar="DATE",
        help="first day (default: a year before the end, or the first entry)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_parse_date,
        metavar="DATE",
        help="last day (default: today)",
    )
    p.add_argument(
        "--paper",
        choices=("A4", "Letter"),
        help="paper size (default: from your locale)",
    )

    p = sub.add_parser("screenshot", help="render the window to a PNG and exit")
    p.add_argument("output", type=Path, metavar="OUT.png")
    p.add_argument(
        "--view", choices=("log", "history", "trends", "guidance"), default="log"
    )
    p.add_argument("--size", type=_parse_size, default=(1280, 800), metavar="WxH")
    p.add_argument("--dark", action="store_true", help="use the dark theme")

    p = sub.add_parser(
        "install-desktop", help="add twitchtrack to the app menu (this user)"
    )
    p.add_argument("--remove", action="store_true", help="remove the entry and icon")

    p = sub.add_parser("guidance", help="red flags and tips from your own journal")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("insights", help="how twitch days relate to your check-ins")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--from", dest="start", type=_parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=_parse_date, metavar="DATE")
    return parser


# ---------------------------------------------------------------------------- helpers


def _data_dir(args: argparse.Namespace) -> Path:
    from twitchtrack.storage.journal_store import default_data_dir

    folder: Path = args.data_dir if args.data_dir else default_data_dir()
    return folder.expanduser()


def _store(args: argparse.Namespace) -> JournalStore:
    from twitchtrack.storage.journal_store import JournalStore

    return JournalStore(_data_dir(args))


def _validation_message(err: Any) -> str:
    from twitchtrack.domain.models import describe_validation_error

    return describe_validation_error(err)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


# ---------------------------------------------------------------------------- commands


def _cmd_regions(args: argparse.Namespace) -> int:
    from twitchtrack.domain.regions import REGIONS, group_label

    if args.json:
        _print_json(
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


def _cmd_log(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.domain.models import Episode, now_local
    from twitchtrack.domain.regions import is_region, region

    if not is_region(args.region):
        raise _unknown_region(args.region)
    store = _store(args)
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
        raise CliError(_validation_message(err)) from None
    episode = built[-1]
    print(
        f"Logged {region(episode.region).label.lower()} at "
        f"{episode.at:%Y-%m-%d %H:%M} (intensity {episode.intensity}; id {episode.id})"
    )
    return EXIT_OK


def _cmd_day(args: argparse.Namespace) -> int:
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
        _store(args).update(apply)
    except ValidationError as err:
        raise CliError(_validation_message(err)) from None
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


def _cmd_list(args: argparse.Namespace) -> int:
    from twitchtrack.domain.regions import region

    journal = _store(args).load()
    episodes = [
        e
        for e in journal.live_episodes()
        if _in_range(e.local_day, args.start, args.end)
    ]
    days = [d for d in journal.live_days() if _in_range(d.date, args.start, args.end)]
    if args.json:
        _print_json(
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


def _cmd_check(args: argparse.Namespace) -> int:
    store = _store(args)
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


def _cmd_export(args: argparse.Namespace) -> int:
    from twitchtrack.storage.interchange import export_csv, export_json

    journal = _store(args).load()
    if args.format == "json":
        path = export_json(journal, args.output)
        print(
            f"Exported {len(journal.live_episodes())} episodes and "
            f"{len(journal.live_days())} check-ins to {path}"
        )
    else:
        eps, days = export_csv(journal, args.output)
        print(
            f"Exported {len(journal.live_episodes())} episodes to {eps} and "
            f"{len(journal.live_days())} check-ins to {days}"
        )
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from twitchtrack.storage.interchange import apply_import, read_import

    incoming = read_import(args.paths)
    summaries = []

    def merge_in(journal: Journal) -> Journal:
        merged, summary = apply_import(journal, incoming)
        summaries.append(summary)
        return merged

    _store(args).update(merge_in, backup_reason="before-import")
    print(summaries[-1])
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from twitchtrack.domain.demo import generate_demo

    if not 1 <= args.days <= 365 * 60:
        raise CliError("--days must be between 1 and 21900")
    store = _store(args)
    current = store.load()
    if (current.live_episodes() or current.live_days()) and not args.force:
        raise CliError(
            f"{store.path} already has entries; use --force to replace them "
            "(a backup is kept)"
        )
    demo = generate_demo(days=args.days, seed=args.seed)
    replaced = _replace_all(store, demo, backup=bool(current.episodes or current.days))
    print(
        f"Wrote a demo journal: {len(replaced.live_episodes())} episodes over "
        f"{args.days} days to {store.path}"
    )
    return EXIT_OK


def _replace_all(store: JournalStore, demo: Journal, *, backup: bool) -> Journal:
    # A merge would keep the old records; replacing means tombstoning them so other
    # processes that merge later do not resurrect them.
    def replace(journal: Journal) -> Journal:
        gone_eps = [e.tombstoned() for e in journal.episodes if not e.deleted]
        gone_days = [d.tombstoned() for d in journal.days if not d.deleted]
        cleared = journal.with_records(gone_eps, gone_days)
        demo_ids = {d.id for d in demo.days}
        # Demo days reuse date-derived ids; they must replace the tombstones above.
        cleared = cleared.model_copy(
            update={"days": [d for d in cleared.days if d.id not in demo_ids]}
        )
        return cleared.with_records(demo.episodes, demo.days)

    return store.update(replace, backup_reason="before-import" if backup else None)


def _cmd_insights(args: argparse.Namespace) -> int:
    from twitchtrack.domain.analysis import analyze

    journal = _store(args).load()
    insights = analyze(journal, args.start, args.end)
    if args.json:
        _print_json(insights.to_json())
        return EXIT_OK
    print(f"{insights.days_analyzed} days analysed.")
    for assoc in insights.associations:
        if assoc.status == "association":
            print(f"* {assoc.sentence}")
    others = [a for a in insights.associations if a.status != "association"]
    if others:
        print("\nNo clear link, or not enough data yet:")
        for assoc in others:
            if assoc.lag == 0:
                print(f"  - {assoc.sentence}")
    print(
        "\nAn association in your own data does not show "
        "that one thing leads to another."
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from twitchtrack.report import write_report

    journal = _store(args).load()
    try:
        summary = write_report(
            journal, args.output, start=args.start, end=args.end, page_size=args.paper
        )
    except ValueError as err:
        raise CliError(str(err)) from None
    print(
        f"Wrote {summary.path}: {summary.pages} pages, {summary.start.isoformat()} to "
        f"{summary.end.isoformat()}, {summary.episodes} episodes"
    )
    return EXIT_OK


def _cmd_screenshot(args: argparse.Namespace) -> int:
    from twitchtrack.ui.screenshot import render_screenshot

    try:
        path = render_screenshot(
            args.data_dir, args.output, args.view, args.size, args.demo, dark=args.dark
        )
    except ValueError as err:
        raise CliError(str(err)) from None
    print(f"Wrote {path}")
    return EXIT_OK


def _cmd_install_desktop(args: argparse.Namespace) -> int:
    from twitchtrack.desktop import (
        DesktopInstallError,
        install_desktop,
        uninstall_desktop,
    )

    try:
        paths = uninstall_desktop() if args.remove else install_desktop()
    except DesktopInstallError as err:
        raise CliError(str(err), EXIT_FAILED) from None
    for path in paths:
        print(("Removed " if args.remove else "Wrote ") + str(path))
    return EXIT_OK


def _cmd_guidance(args: argparse.Namespace) -> int:
    from twitchtrack.domain.guidance import evaluate

    report = evaluate(_store(args).load())
    if args.json:
        sys.stdout.write(report.to_json() + "\n")
        return EXIT_OK
    if not report.red_flags and not report.tips:
        print("Nothing in your journal needs attention right now.")
    for heading, items in (
        ("Worth showing a doctor", report.red_flags),
        ("Tips from your own numbers", report.tips),
    ):
        if not items:
            continue
        print(f"{heading}:")
        for item in items:
            print(f"* {item.title}\n  {item.detail}\n  What to do: {item.action}")
        print()
    print("General information, not medical advice and not a diagnosis.")
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from twitchtrack.ui.app import run_gui

    return run_gui(data_dir=args.data_dir, demo=args.demo)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": _cmd_gui,
    "regions": _cmd_regions,
    "log": _cmd_log,
    "day": _cmd_day,
    "list": _cmd_list,
    "check": _cmd_check,
    "export": _cmd_export,
    "import": _cmd_import,
    "demo": _cmd_demo,
    "insights": _cmd_insights,
    "guidance": _cmd_guidance,
    "report": _cmd_report,
    "screenshot": _cmd_screenshot,
    "install-desktop": _cmd_install_desktop,
}


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"twitchtrack: error: {message}\n")
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``twitchtrack`` and ``python -m twitchtrack``."""
    args = build_parser().parse_args(argv)
    command = COMMANDS[args.command or "gui"]
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if start is not None and end is not None and start > end:
        _fail(f"--from {start.isoformat()} is after --to {end.isoformat()}", EXIT_USAGE)
    try:
        return command(args)
    except CliError as err:
        _fail(str(err), err.code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as err:
        _fail(*_classify(err))


def _classify(err: Exception) -> tuple[str, int]:
    """Map an error from the core to a one-line message and an exit code."""
    from pydantic import ValidationError

    from twitchtrack.storage.errors import (
        JournalLockedError,
        ReadOnlyJournalError,
        StorageError,
    )
    from twitchtrack.storage.interchange import InvalidImportError

    if isinstance(err, JournalLockedError):
        return str(err), EXIT_LOCKED
    if isinstance(err, ReadOnlyJournalError | InvalidImportError):
        return str(err), EXIT_BAD_DATA
    if isinstance(err, ValidationError):
        return _validation_message(err), EXIT_BAD_DATA
    if isinstance(err, StorageError):
        from twitchtrack.storage.errors import JournalError

        return str(err), EXIT_BAD_DATA if isinstance(err, JournalError) else EXIT_FAILED
    if isinstance(err, ValueError):
        # The core raises ValueError with a sentence meant for people.
        return str(err), EXIT_BAD_DATA
    if isinstance(err, OSError):
        return f"{err.filename or ''}: {err.strerror or err}".lstrip(": "), EXIT_FAILED
    raise err
