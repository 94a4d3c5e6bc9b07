"""Command line: the GUI by default, plus headless commands that share the same core.

Headless commands never import Qt or pyqtgraph. A command's module is imported
only when that command runs, and heavy modules only inside the command that needs
them, so ``twitchtrack log`` starts quickly. ``parser`` holds the options,
``common`` what commands share; the commands are grouped by area: ``journal``,
``timed`` (drinks and sleep), ``exchange``, ``insights``, ``outputs`` (the
ones that draw) and ``desktop``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, cast

from twitchtrack.cli.common import (
    EXIT_BAD_DATA,
    EXIT_LOCKED,
    EXIT_USAGE,
    CliError,
    validation_message,
)
from twitchtrack.cli.parser import build_parser, command_in
from twitchtrack.storage.gc_pause import paused_collector

__all__ = ["COMMANDS", "main"]

# command -> "module:function" in this package, imported when the command runs.
COMMANDS: dict[str, str] = {
    "gui": "outputs:cmd_gui",
    "regions": "journal:cmd_regions",
    "log": "journal:cmd_log",
    "day": "journal:cmd_day",
    "drink": "timed:cmd_drink",
    "sleep": "timed:cmd_sleep",
    "list": "journal:cmd_list",
    "check": "journal:cmd_check",
    "export": "exchange:cmd_export",
    "import": "exchange:cmd_import",
    "demo": "insights:cmd_demo",
    "insights": "insights:cmd_insights",
    "sample": "calm:cmd_sample",
    "holiday": "calm:cmd_holiday",
    "experiment": "experiment:cmd_experiment",
    "guidance": "insights:cmd_guidance",
    "backups": "backups:cmd_backups",
    "restore": "backups:cmd_restore",
    "report": "outputs:cmd_report",
    "screenshot": "outputs:cmd_screenshot",
    "install-desktop": "desktop:cmd_install_desktop",
    "encrypt": "encryption:cmd_encrypt",
    "decrypt": "encryption:cmd_decrypt",
    "change-password": "encryption:cmd_change_password",
    "unlock-with-recovery-key": "encryption:cmd_unlock_with_recovery_key",
}


def _command(name: str) -> Callable[..., int]:
    module, _, function = COMMANDS[name].partition(":")
    found = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return cast("Callable[..., int]", found)


def _fail(message: str, code: int) -> NoReturn:
    # One line on stderr; details a message may carry go to stdout before it.
    first, _, details = message.strip().partition("\n")
    if details:
        sys.stdout.write(details + "\n")
        sys.stdout.flush()
    sys.stderr.write(f"twitchtrack: error: {first}\n")
    raise SystemExit(code)


# Commands that change the journal: on a throwaway demo journal they would seem
# to work and keep nothing.
_WRITES = frozenset(
    {
        "log",
        "day",
        "drink",
        "sleep",
        "sample",
        "holiday",
        "import",
        "demo",
        "restore",
        "encrypt",
        "decrypt",
        "change-password",
        "unlock-with-recovery-key",
    }
)
# Commands that add one entry: a process of a quarter of a second whose objects
# are its modules (most of its time is importing them) and a few records, with
# no garbage cycles worth collecting. The collector stays off for the whole run,
# and what exists at the end is frozen: the collection Python runs on exit would
# otherwise scan it all (about 12 ms of a `log`, measured).
_ONE_ENTRY = frozenset({"log", "day", "drink", "sleep", "sample", "holiday"})
# Commands that open their own demo journal (the window and its picture), or
# need no journal at all.
_OWN_DEMO = frozenset({"gui", "screenshot", "regions", "install-desktop"})


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``twitchtrack`` and ``python -m twitchtrack``."""
    given = sys.argv[1:] if argv is None else list(argv)
    named = command_in(given)
    if named not in _ONE_ENTRY:
        return _main(given, named)
    with paused_collector():
        try:
            return _main(given, named)
        finally:
            if argv is None:  # the process's own run, not a caller's (a test's)
                # Everything left is freed with the process. Frozen, it is not
                # all scanned once more by the collection Python runs as it exits.
                gc.freeze()


def _main(given: list[str], named: str | None) -> int:
    args = build_parser(named if named in COMMANDS else None).parse_args(given)
    name = args.command or "gui"
    command = _command(name)
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if start is not None and end is not None and start > end:
        _fail(f"--from {start.isoformat()} is after --to {end.isoformat()}", EXIT_USAGE)
    if args.demo:
        _check_demo(args, name)
    try:
        if not args.demo:
            from twitchtrack.cli.encryption import unlock_if_encrypted

            unlock_if_encrypted(args, name)
        if args.demo and name not in _OWN_DEMO:
            from twitchtrack.cli.common import demo_folder

            with demo_folder() as folder:
                args.data_dir = folder
                return command(args)
        return command(args)
    except CliError as err:
        _fail(str(err), err.code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as err:
        _fail(*_classify(err))


def _check_demo(args: argparse.Namespace, name: str) -> None:
    if args.data_dir is not None:
        _fail(
            "--demo and --data-dir cannot go together: --demo opens a throwaway "
            "demo journal, --data-dir a journal of yours",
            EXIT_USAGE,
        )
    if name in _WRITES:
        _fail(
            f"--demo opens a throwaway demo journal, so `{name}` would keep "
            "nothing; leave out --demo to change your own journal",
            EXIT_USAGE,
        )


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
        return validation_message(err), EXIT_BAD_DATA
    if isinstance(err, StorageError):
        # A journal, backup or output that cannot be used, or a failed write.
        return str(err), EXIT_BAD_DATA
    if isinstance(err, ValueError | OverflowError):
        # The core raises ValueError with a sentence meant for people.
        return str(err), EXIT_BAD_DATA
    if isinstance(err, OSError):
        if err.errno is None and err.strerror:
            return err.strerror, EXIT_BAD_DATA  # a sentence naming the file itself
        reason = f"{err.filename or ''}: {err.strerror or err}".lstrip(": ")
        return reason, EXIT_BAD_DATA
    raise err
