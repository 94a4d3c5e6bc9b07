"""The ``twitchtrack`` argument parser: every command, its options and their types."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeAlias, cast

from twitchtrack import __version__
from twitchtrack.cli import encryption, experiment

__all__ = ["build_parser", "command_in"]

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

KINDS = ("twitch", "flutter", "cramp", "spasm")
PATTERNS = ("single", "burst", "continuous")
# cli.timed.DRINKS' names, written out so building the parser stays light
# (tests/cli/test_timed.py checks the two agree).
DRINKS = ("coffee", "espresso", "tea", "cola", "energy", "water", "alcohol")
# domain.models.SYMPTOM_FLAGS, written out so building the parser stays light
# (tests/cli checks the two agree).
FLAGS = (
    "weakness",
    "numbness",
    "speech_swallowing",
    "pain",
    "wasting",
    "stiffness",
    "coordination",
    "eyelid_closing",
)


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
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} "
            "(e.g. 2026-11-23T14:05 or 2026-11-23T14:05+01:00)"
        ) from None
    # Read in local time and checked by the command (domain.times.entry_time).


def _parse_folder(text: str) -> Path:
    if not text.strip():
        # Path("") is the current folder: never where anyone meant to keep a journal.
        raise argparse.ArgumentTypeError("an empty name is not a folder")
    return Path(text)


def _parse_paper(text: str) -> str:
    return {"a4": "A4", "letter": "Letter"}.get(text.strip().lower(), text)


def _parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a size: {text!r} (use WIDTHxHEIGHT, e.g. 1280x800)"
        ) from None


# Options before the command that take a value (``--data-dir DIR``).
_GLOBAL_VALUES = ("--data-dir", "--password-file")


def command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, when it plainly does (only known options before
    it, each spelled in full); else None."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_VALUES:
            i += 2
        elif arg == "--demo" or arg.startswith(tuple(f"{o}=" for o in _GLOBAL_VALUES)):
            i += 1
        else:
            return arg if not arg.startswith("-") else None
    return None


class _Skipped:
    """Stands in for the parser of a command that is not being run: each call on
    it (``add_argument``, a group, sub-commands) is ignored."""

    def __getattr__(self, name: str) -> Callable[..., _Skipped]:
        return self._ignore

    def _ignore(self, *args: object, **kwargs: object) -> _Skipped:
        return self


class _OnlyCommand:
    """The command list, where only ``only``'s parser is really made: making all
    thirty took 10 ms of every command, `twitchtrack log` included."""

    def __init__(self, sub: Commands, only: str) -> None:
        self._sub, self._only = sub, only

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name == self._only:
            return self._sub.add_parser(name, **kwargs)
        return cast("argparse.ArgumentParser", _Skipped())


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every command; with ``only`` (a command's name),
    one that parses that command alone (``command_in``), as every one does."""
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
        type=_parse_folder,
        metavar="DIR",
        help="folder of the journal "
        "(default: $TWITCHTRACK_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use a throwaway demo journal in a temporary folder (never your own "
        "journal; not with --data-dir, nor with commands that change the journal)",
    )
    parser.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="an encrypted journal's password, from the first line of FILE "
        "(or $TWITCHTRACK_PASSWORD_FILE; default: a prompt at a terminal)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub = commands if only is None else cast("Commands", _OnlyCommand(commands, only))

    sub.add_parser("gui", help="open the window (the default)")

    p = sub.add_parser("regions", help="list the body regions")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("log", help="log a twitch episode")
    p.add_argument(
        "region", help="region id, e.g. eyelid_upper_left (see `twitchtrack regions`)"
    )
    p.add_argument(
        "--at",
        type=_parse_when,
        metavar="ISO8601",
        help="when (default: now); a time without an offset, such as "
        "2026-11-23T14:05, is read in this computer's local time",
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
        "--flag",
        action="extend",
        nargs="+",
        choices=FLAGS,
        default=[],
        metavar="FLAG",
        help=f"symptoms: one or more of {', '.join(FLAGS)} (or repeat --flag)",
    )
    p.add_argument("--note", help="free text")

    p = sub.add_parser(
        "day", help="record the daily check-in for a date (at least one value)"
    )
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

    p = sub.add_parser(
        "drink",
        help="log a drink as a timed intake (see the amounts in `drink --help`)",
        description="Log a drink as an intake at a time. Default amounts: coffee "
        "95 mg caffeine (a 240 ml cup), espresso 63 mg (30 ml), tea 47 mg (240 ml), "
        "cola 34 mg (355 ml), energy 80 mg (250 ml), water 250 ml, alcohol 1 unit. "
        "--ml on a caffeine drink scales its caffeine from that serving. A total "
        "typed in the day's check-in wins over the day's intakes.",
    )
    p.add_argument("drink", choices=DRINKS, help="what was drunk")
    amount = p.add_mutually_exclusive_group()
    amount.add_argument(
        "--mg", type=float, metavar="N", help="caffeine in mg (caffeine drinks)"
    )
    amount.add_argument(
        "--ml", type=float, metavar="N", help="how much was drunk, in ml"
    )
    amount.add_argument(
        "--units", type=float, metavar="N", help="alcohol units (alcohol)"
    )
    p.add_argument(
        "--at",
        type=_parse_when,
        metavar="ISO8601",
        help="when (default: now); a time without an offset is read in this "
        "computer's local time",
    )

    p = sub.add_parser(
        "sleep",
        help="log a sleep period (it counts on the day it ends)",
        description="Log a period of sleep. It counts on the local day it ends; "
        "a sleep typed in that day's check-in wins over sleep periods.",
    )
    # Not dest "start"/"end": those are --from/--to, which main() checks.
    for option, what in (("--start", "fell asleep"), ("--end", "woke up")):
        p.add_argument(
            option,
            dest=f"sleep_{option[2:]}",
            type=_parse_when,
            required=True,
            metavar="ISO8601",
            help=f"when you {what}; a time without an offset is read in this "
            "computer's local time",
        )

    p = sub.add_parser("list", help="list episodes and check-ins")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--from", dest="start", type=_parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=_parse_date, metavar="DATE")

    sub.add_parser("check", help="validate the journal and its backups")

    p = sub.add_parser("backups", help="list the journal's backups, newest first")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser(
        "restore",
        help="make a backup the current journal (a copy of the journal is kept)",
    )
    p.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup's name from `twitchtrack backups`, or a journal file's path",
    )

    p = sub.add_parser("export", help="export the journal")
    p.add_argument("--format", choices=("json", "csv"), required=True)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PATH",
        help="a .json file, or for csv a folder for episodes.csv and days.csv "
        "(and intakes.csv and sleeps.csv when there are any)",
    )

    p = sub.add_parser(
        "import",
        help="merge a JSON backup, episodes.csv/days.csv/intakes.csv/sleeps.csv, "
        "or a health export (Apple Health, Health Connect, Samsung Health, Fitbit, "
        "Garmin, Oura, Withings; see docs/import-formats.md). Times without an "
        "offset are read in this computer's local time",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would be added per kind and per source; write nothing",
    )

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
        type=_parse_paper,
        choices=("A4", "Letter"),
        help="paper size (default: from your locale)",
    )

    p = sub.add_parser(
        "screenshot", help="render the window to a PNG or JPEG picture and exit"
    )
    p.add_argument(
        "output",
        type=Path,
        metavar="OUT.png",
        help="the picture: .png, or .jpg/.jpeg for JPEG",
    )
    p.add_argument(
        "--view", choices=("log", "history", "trends", "guidance"), default="log"
    )
    p.add_argument(
        "--size",
        type=_parse_size,
        default=(1280, 800),
        metavar="WxH",
        help="window size in pixels, from 960x640 to 7680x4320 (default 1280x800)",
    )
    p.add_argument("--dark", action="store_true", help="use the dark theme")

    p = sub.add_parser(
        "install-desktop", help="add twitchtrack to the app menu (this user)"
    )
    p.add_argument("--remove", action="store_true", help="remove the entry and icon")

    p = sub.add_parser("guidance", help="red flags and tips from your own journal")
    p.add_argument("--json", action="store_true", help="print JSON")

    encryption.add_parsers(sub)
    experiment.add_parsers(sub, _parse_date)

    p = sub.add_parser(
        "sample", help="answer a sampling prompt: twitches in the last hour?"
    )
    p.add_argument("answer", choices=("none", "few", "many"))
    p.add_argument(
        "--at",
        type=_parse_when,
        metavar="ISO8601",
        help="when the hour ended (default: now; no offset = local time)",
    )

    p = sub.add_parser(
        "holiday",
        help="mark days as not tracking (left out of the statistics, not zero)",
    )
    p.add_argument(
        "--from", dest="start", type=_parse_date, metavar="DATE", required=True
    )
    p.add_argument("--to", dest="end", type=_parse_date, metavar="DATE")

    p = sub.add_parser("insights", help="how twitch days relate to your check-ins")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--outcome",
        choices=("episodes", "sampling"),
        default="episodes",
        help="what to relate the check-ins to: logged episodes (default) or the "
        "answers of sampling mode",
    )
    p.add_argument("--from", dest="start", type=_parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=_parse_date, metavar="DATE")
    return parser
