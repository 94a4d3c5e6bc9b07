"""What every command shares: exit codes, the one-line error, the journal's store."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twitchtrack.storage.journal_store import JournalStore

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_DATA = 3
EXIT_LOCKED = 4
EXIT_FAILED = 1


class CliError(Exception):
    """A problem to report on one line with an exit code, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_BAD_DATA) -> None:
        super().__init__(message)
        self.code = code


def data_dir(args: argparse.Namespace) -> Path:
    """The journal's folder: ``--data-dir``, else the default one."""
    from twitchtrack.storage.journal_store import default_data_dir

    folder: Path = args.data_dir if args.data_dir else default_data_dir()
    return folder.expanduser()


def open_store(args: argparse.Namespace) -> JournalStore:
    """The store of the journal the command works on."""
    from twitchtrack.storage.journal_store import JournalStore

    return JournalStore(data_dir(args))


def validation_message(err: Any) -> str:
    """A pydantic validation error as one sentence."""
    from twitchtrack.domain.models import describe_validation_error

    return describe_validation_error(err)


def print_json(data: object) -> None:
    """``data`` as indented JSON on standard output."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def in_range(day: date, start: date | None, end: date | None) -> bool:
    """Whether ``day`` lies in ``start``..``end`` (either end open when None)."""
    return (start is None or day >= start) and (end is None or day <= end)
