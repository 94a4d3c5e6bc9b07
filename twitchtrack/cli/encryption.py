"""The encrypted journal on the command line: unlocking, and encrypt/decrypt/passwords.

A password never comes from an argument (other users can read a process's
arguments): it is typed at a terminal prompt, or read from the first line of a
file named by ``--password-file`` or ``$TWITCHTRACK_PASSWORD_FILE``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from twitchtrack.cli.common import EXIT_USAGE, CliError, data_dir, open_store

PASSWORD_FILE_ENV = "TWITCHTRACK_PASSWORD_FILE"
MIN_PASSWORD = 8

# Commands that never read the journal, so never ask for its password.
NO_JOURNAL = frozenset({"regions", "install-desktop", "encrypt", "demo"})


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The encryption commands."""
    sub.add_parser(
        "encrypt",
        help="encrypt the journal, its backups and conflict copies with a password "
        "(prints a recovery key once)",
    )
    sub.add_parser("decrypt", help="turn encryption off: write every file plain again")
    p = sub.add_parser("change-password", help="change the journal's password")
    p.add_argument(
        "--new-password-file",
        type=Path,
        metavar="FILE",
        help="read the new password from the first line of FILE",
    )
    p = sub.add_parser(
        "unlock-with-recovery-key",
        help="open the journal with its recovery key and set a new password",
    )
    p.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="FILE",
        help="read the recovery key from FILE (default: a prompt)",
    )
    p.add_argument(
        "--new-password-file",
        type=Path,
        metavar="FILE",
        help="read the new password from the first line of FILE",
    )


def _first_line(path: Path, what: str) -> str:
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or "not UTF-8 text"
        raise CliError(f"cannot read the {what} file {path}: {reason}") from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise CliError(f"the {what} file {path} is empty")
    return line


def _prompt(label: str) -> str:
    import getpass

    try:
        return getpass.getpass(f"{label}: ")
    except EOFError:
        raise CliError("no password was typed", EXIT_USAGE) from None


def _interactive() -> bool:
    return sys.stdin.isatty()


def password(args: argparse.Namespace) -> str:
    """The journal's password: ``--password-file``, the variable, or a prompt."""
    named: Path | None = getattr(args, "password_file", None)
    if named is None and os.environ.get(PASSWORD_FILE_ENV, "").strip():
        named = Path(os.environ[PASSWORD_FILE_ENV].strip())
    if named is not None:
        return _first_line(named, "password")
    if _interactive():
        return _prompt("Journal password")
    raise CliError(
        "the journal is encrypted: give its password with --password-file FILE or "
        f"{PASSWORD_FILE_ENV}, or run this command at a terminal"
    )


def _new_password(args: argparse.Namespace, source: Path | None) -> str:
    if source is not None:
        chosen = _first_line(source, "new password")
    elif _interactive():
        chosen = _prompt("New password")
        if _prompt("The same password again") != chosen:
            raise CliError("the two passwords differ; nothing was changed", EXIT_USAGE)
    else:
        raise CliError(
            "give the new password with --new-password-file FILE (or "
            "--password-file for `encrypt`), or run this command at a terminal",
            EXIT_USAGE,
        )
    if len(chosen) < MIN_PASSWORD:
        raise CliError(
            f"the password is too short: use at least {MIN_PASSWORD} characters "
            "(a few unrelated words are strong and easy to remember)",
            EXIT_USAGE,
        )
    return chosen


def unlock_if_encrypted(args: argparse.Namespace, command: str) -> None:
    """Before a command reads the journal: open its key when it is encrypted."""
    if command in NO_JOURNAL:
        return
    from twitchtrack.storage.crypto import folder as crypto

    folder = data_dir(args)
    if not folder.is_dir() or not crypto.journal_is_encrypted(folder):
        return
    if crypto.key_of(folder) is not None:
        return
    if command == "unlock-with-recovery-key":
        return
    _open(folder, password=password(args))


def _open(folder: Path, **secret: str) -> None:
    from twitchtrack.storage.crypto import folder as crypto
    from twitchtrack.storage.crypto.keys import WrongKeyError

    try:
        crypto.unlock(folder, **secret)
    except WrongKeyError as err:
        raise CliError(f"{err}; the journal was not opened") from None


def cmd_encrypt(args: argparse.Namespace) -> int:
    from twitchtrack.storage.crypto import folder as crypto

    store = open_store(args, writing=True)
    if crypto.journal_is_encrypted(store.folder):
        raise CliError(f"{store.path} is already encrypted")
    if not store.path.exists():
        raise CliError(f"{store.path} does not exist yet: log something first")
    store.load()  # a journal that does not read is never rewritten
    chosen = _new_password(args, getattr(args, "password_file", None))
    _, recovery, count = crypto.encrypt_folder(
        store.folder, chosen, locked=store.locked
    )
    print(f"Encrypted {count} file{'s' if count != 1 else ''} in {store.folder}.")
    print()
    print("Recovery key (shown only now; write it down or print it):")
    print()
    print(f"    {recovery}")
    print()
    print(
        "Without the password or this recovery key, nobody can read the journal "
        "again: not you, not twitchtrack."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    from twitchtrack.storage.crypto import folder as crypto

    store = open_store(args, writing=True)
    if not crypto.journal_is_encrypted(store.folder):
        raise CliError(f"{store.path} is not encrypted")
    store.load()
    count = crypto.decrypt_folder(store.folder, locked=store.locked)
    print(f"Wrote {count} file{'s' if count != 1 else ''} plain in {store.folder}.")
    return 0


def cmd_change_password(args: argparse.Namespace) -> int:
    from twitchtrack.storage.crypto import folder as crypto

    store = open_store(args, writing=True)
    if not crypto.journal_is_encrypted(store.folder):
        raise CliError(f"{store.path} is not encrypted; `twitchtrack encrypt` first")
    store.load()
    chosen = _new_password(args, args.new_password_file)
    count = crypto.change_password(store.folder, chosen, locked=store.locked)
    print(
        f"Changed the password ({count} file{'s' if count != 1 else ''} rewritten); "
        "the recovery key stays the same."
    )
    return 0


def cmd_unlock_with_recovery_key(args: argparse.Namespace) -> int:
    from twitchtrack.storage.crypto import folder as crypto

    folder = data_dir(args)
    if not folder.is_dir() or not crypto.journal_is_encrypted(folder):
        raise CliError(f"{folder / 'journal.json'} is not an encrypted journal")
    if args.recovery_key_file is not None:
        recovery = _first_line(args.recovery_key_file, "recovery key")
    elif _interactive():
        recovery = _prompt("Recovery key")
    else:
        raise CliError(
            "give the recovery key with --recovery-key-file FILE or at a terminal",
            EXIT_USAGE,
        )
    _open(folder, recovery=recovery)
    store = open_store(args, writing=True)
    store.load()
    chosen = _new_password(args, args.new_password_file)
    count = crypto.change_password(store.folder, chosen, locked=store.locked)
    print(
        f"Opened with the recovery key and set a new password ({count} file"
        f"{'s' if count != 1 else ''} rewritten); the recovery key stays the same."
    )
    return 0
