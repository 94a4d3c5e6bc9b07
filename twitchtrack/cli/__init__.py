"""Command line: the GUI by default, plus headless commands that share the same core.

Headless commands never import Qt or pyqtgraph. A command's module is imported
only when that command runs, and heavy modules only inside the command that needs
them, so ``twitchtrack log`` starts quickly. ``parser`` holds the options,
``common`` what commands share; the commands are grouped by area: ``journal``,
``exchange``, ``insights``, ``outputs`` (the ones that draw) and ``desktop``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, cast

from twitchtrack.cli.common import (
    EXIT_BAD_DATA,
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_USAGE,
    CliError,
    validation_message,
)
from twitchtrack.cli.parser import build_parser

__all__ = ["COMMANDS", "main"]

# command -> "module:function" in this package, imported when the command runs.
COMMANDS: dict[str, str] = {
    "gui": "outputs:cmd_gui",
    "regions": "journal:cmd_regions",
    "log": "journal:cmd_log",
    "day": "journal:cmd_day",
    "list": "journal:cmd_list",
    "check": "journal:cmd_check",
    "export": "exchange:cmd_export",
    "import": "exchange:cmd_import",
    "demo": "insights:cmd_demo",
    "insights": "insights:cmd_insights",
    "guidance": "insights:cmd_guidance",
    "report": "outputs:cmd_report",
    "screenshot": "outputs:cmd_screenshot",
    "install-desktop": "desktop:cmd_install_desktop",
}


def _command(name: str) -> Callable[..., int]:
    module, _, function = COMMANDS[name].partition(":")
    found = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return cast("Callable[..., int]", found)


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"twitchtrack: error: {message}\n")
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``twitchtrack`` and ``python -m twitchtrack``."""
    args = build_parser().parse_args(argv)
    command = _command(args.command or "gui")
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
        return validation_message(err), EXIT_BAD_DATA
    if isinstance(err, StorageError):
        from twitchtrack.storage.errors import JournalError

        return str(err), EXIT_BAD_DATA if isinstance(err, JournalError) else EXIT_FAILED
    if isinstance(err, ValueError):
        # The core raises ValueError with a sentence meant for people.
        return str(err), EXIT_BAD_DATA
    if isinstance(err, OSError):
        return f"{err.filename or ''}: {err.strerror or err}".lstrip(": "), EXIT_FAILED
    raise err
