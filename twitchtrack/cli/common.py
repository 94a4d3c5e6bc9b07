"""What every command shares: exit codes, the one-line error, the journal's store."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal
    from twitchtrack.storage.journal_store import JournalStore

# The command-line contract (README, "Command line"): nothing else is ever returned
# on purpose.
EXIT_OK = 0
EXIT_USAGE = 2  # argparse, a bad flag, reversed dates, no display for the window
EXIT_BAD_DATA = (
    3  # bad data, a value out of range, a file or folder that cannot be used
)
EXIT_LOCKED = 4  # another writer holds the journal


class CliError(Exception):
    """A problem to report on one line with an exit code, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_BAD_DATA) -> None:
        super().__init__(message)
        self.code = code


def data_dir(args: argparse.Namespace) -> Path:
    """The journal's folder: ``--data-dir``, else the default one."""
    from twitchtrack.storage.places import default_data_dir

    folder: Path = args.data_dir if args.data_dir else default_data_dir()
    return folder.expanduser()


def folder_was_chosen(args: argparse.Namespace) -> bool:
    """True when the person named the folder (``--data-dir`` or the environment),
    so a folder that does not exist is more likely a typo than a first run."""
    from twitchtrack.storage.places import DATA_DIR_ENV

    return bool(args.data_dir) or bool(os.environ.get(DATA_DIR_ENV, "").strip())


def _usable_folder(args: argparse.Namespace) -> Path:
    folder = data_dir(args)
    if folder.exists() and not folder.is_dir():
        raise CliError(
            f"{folder} is not a folder (--data-dir and {_env()} name the folder "
            "that holds journal.json)"
        )
    return folder


def _env() -> str:
    from twitchtrack.storage.places import DATA_DIR_ENV

    return DATA_DIR_ENV


def open_store(args: argparse.Namespace, *, writing: bool = False) -> JournalStore:
    """The store of the journal the command works on.

    A command that writes names this computer (its device id) in what it writes;
    its write also merges any conflict copies a sync tool left (``say_merged``).
    """
    from twitchtrack.storage.journal_store import JournalStore

    if not writing:
        return JournalStore(_usable_folder(args))
    from twitchtrack.storage.device import device_id

    return JournalStore(_usable_folder(args), device=device_id())


def refuse_data_folder(args: argparse.Namespace, output: Path) -> None:
    """CliError when ``output`` is inside the data folder: only the store writes
    there, under its lock (an export onto journal.json would replace it unlocked)."""
    store = open_store(args)
    if store.owns(output):
        raise CliError(
            f"{output} is inside the data folder {store.folder}; write it to a "
            "file or folder outside it"
        )


def say_merged(store: JournalStore) -> None:
    """Say what the last write merged from conflict copies, if anything."""
    merged = store.last_merge
    notice = merged.notice() if merged is not None else None
    if notice:
        print(notice)


def read_journal(args: argparse.Namespace) -> Journal:
    """The journal for a command that only reads it: a folder that does not exist
    is an empty journal and is not created (a mistyped --data-dir stays a typo)."""
    from twitchtrack.domain.models import Journal

    folder = _usable_folder(args)
    if not folder.exists():
        return Journal()
    return open_store(args).load()


DEMO_DAYS = 180  # as long as the window's demo


@contextlib.contextmanager
def demo_folder() -> Iterator[Path]:
    """A temporary folder holding a generated demo journal, removed afterwards."""
    from twitchtrack.domain.demo import generate_demo
    from twitchtrack.storage.journal_store import JournalStore

    folder = Path(tempfile.mkdtemp(prefix="twitchtrack-demo-"))
    try:
        JournalStore(folder).save(generate_demo(days=DEMO_DAYS))
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


# Joiners that shape scripts and emoji; harmless on a terminal.
_KEPT_FORMAT = frozenset("\u200c\u200d")


def printable(text: str) -> str:
    """``text`` safe for a terminal line: control and format characters (ESC, BEL,
    NUL, line breaks, bidirectional overrides such as U+202E) shown as escapes, so
    no terminal sequence passes and each entry stays on one line."""
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _KEPT_FORMAT or not (
            category.startswith("C") or category in ("Zl", "Zp")
        ):
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
