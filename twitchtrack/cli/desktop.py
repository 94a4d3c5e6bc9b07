"""``install-desktop``: add twitchtrack to this user's application menu (no Qt).

Writes a freedesktop ``.desktop`` entry to ``$XDG_DATA_HOME/applications`` and the
SVG icon to ``$XDG_DATA_HOME/icons/hicolor/scalable/apps`` (``~/.local/share`` when
XDG_DATA_HOME is unset). Runs from the command line without loading Qt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from twitchtrack._resources import resource_path
from twitchtrack.cli.common import EXIT_BAD_DATA, EXIT_OK, CliError
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.outputs import write_output

APP_ID = "twitchtrack"
DESKTOP_FILE = f"{APP_ID}.desktop"
ICON_FILE = f"{APP_ID}.svg"
ICON_DIR = Path("icons") / "hicolor" / "scalable" / "apps"

# Characters that make an Exec argument need quotes (Desktop Entry spec, "Exec key").
_RESERVED = frozenset(" \t\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


class DesktopInstallError(Exception):
    """Installing or removing the menu entry failed; the message says where and why."""


def data_home(home: Path | None = None) -> Path:
    """Where per-user application data lives: ``home/.local/share`` if given,
    else ``$XDG_DATA_HOME`` (when absolute, as the spec asks), else
    ``~/.local/share``."""
    if home is not None:
        return Path(home) / ".local" / "share"
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and Path(env).is_absolute():
        return Path(env)
    return Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """How to start this installation of twitchtrack, as absolute argv.

    The ``twitchtrack`` script beside the running interpreter (the same virtual
    environment) comes first, then one on PATH, then ``python -m twitchtrack``.
    """
    beside = Path(sys.executable).absolute().parent / APP_ID
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which(APP_ID)
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", APP_ID]


def _string_value(text: str) -> str:
    """Escape a value of type string (backslash first, then the control escapes)."""
    if "\n" in text or "\r" in text:
        raise DesktopInstallError(
            f"cannot write a menu entry for a path with a line break: {text!r}"
        )
    return text.replace("\\", "\\\\").replace("\t", "\\t")


def quote_exec_argument(arg: str) -> str:
    """One argument of an Exec line: %-escaped, quoted if needed, string-escaped."""
    arg = arg.replace("%", "%%")
    if any(ch in _RESERVED for ch in arg):
        inner = "".join("\\" + ch if ch in _ESCAPED_IN_QUOTES else ch for ch in arg)
        arg = f'"{inner}"'
    return _string_value(arg)


def exec_line(argv: Sequence[str]) -> str:
    """The Exec value that runs ``argv``."""
    if not argv:
        raise DesktopInstallError("no command to put in the menu entry")
    return " ".join(quote_exec_argument(a) for a in argv)


def render_desktop_entry(argv: Sequence[str] | None = None) -> str:
    """The bundled template with Exec and TryExec pointing at ``argv``."""
    argv = list(argv) if argv is not None else launcher_command()
    try:
        template = resource_path(DESKTOP_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DesktopInstallError(
            f"the bundled {DESKTOP_FILE} cannot be read ({err}); reinstall twitchtrack"
        ) from None
    lines: list[str] = []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            line = f"Exec={exec_line(argv)}"
        elif key == "TryExec":
            # TryExec is a plain path (no quoting); only a command file can go there.
            line = f"TryExec={_string_value(argv[0])}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install_desktop(home: Path | None = None) -> list[Path]:
    """Install the menu entry and icon for the current user; returns the files.

    Running it again replaces both (for instance after moving the virtualenv).
    """
    share = data_home(home)
    entry = share / "applications" / DESKTOP_FILE
    icon = share / ICON_DIR / ICON_FILE
    text = render_desktop_entry()
    try:
        icon_data = resource_path("icons", ICON_FILE).read_bytes()
    except OSError as err:
        raise DesktopInstallError(
            f"the bundled icon cannot be read ({err.strerror or err}); "
            "reinstall twitchtrack"
        ) from None
    for path, data in ((entry, text.encode("utf-8")), (icon, icon_data)):
        try:
            # The safe writer for named outputs: never a half-written entry, never
            # a device or folder replaced, a link written through. New folders are
            # private, like everything twitchtrack creates; the entry and icon
            # hold nothing personal and are readable like any app's.
            write_output(path, data, mode=0o644)
        except StorageError as err:
            raise DesktopInstallError(f"could not write {path}: {err}") from None
    return [entry, icon]


def uninstall_desktop(home: Path | None = None) -> list[Path]:
    """Remove the menu entry and icon again; returns the files that were removed."""
    share = data_home(home)
    removed: list[Path] = []
    for path in (share / "applications" / DESKTOP_FILE, share / ICON_DIR / ICON_FILE):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as err:
            raise DesktopInstallError(
                f"could not remove {path}: {err.strerror or err}"
            ) from None
        removed.append(path)
    return removed


def cmd_install_desktop(args: argparse.Namespace) -> int:
    """Install (or with ``--remove`` remove) the menu entry and icon."""
    try:
        paths = uninstall_desktop() if args.remove else install_desktop()
    except DesktopInstallError as err:
        raise CliError(str(err), EXIT_BAD_DATA) from None
    for path in paths:
        print(("Removed " if args.remove else "Wrote ") + str(path))
    return EXIT_OK
