"""Backup commands: ``backups`` (list them) and ``restore`` (make one the journal).

``restore`` is the window's restore (``domain.restore``): a copy of the current
journal is kept first, and the backup's state is written as new versions, so a
window, another process or a sync copy holding the older journal cannot bring the
replaced records back at its next save. A journal that cannot be read is kept
aside instead and the backup written in its place (``JournalStore.restore``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from twitchtrack.cli.common import (
    EXIT_OK,
    CliError,
    data_dir,
    open_store,
    print_json,
)

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal
    from twitchtrack.domain.restore import RestoreSummary
    from twitchtrack.storage.journal_store import JournalStore


def _size(n: int) -> str:
    return f"{n / 1024:,.1f} kB" if n >= 1024 else f"{n} bytes"


def cmd_backups(args: argparse.Namespace) -> int:
    from twitchtrack.domain.text import plural

    folder = data_dir(args)
    infos = open_store(args).list_backups() if folder.is_dir() else []
    if args.json:
        print_json(
            [
                {
                    "name": b.path.name,
                    "path": str(b.path),
                    "created": b.created.isoformat(),
                    "reason": b.reason,
                    "episodes": b.episodes,
                    "days": b.days,
                    "size": b.size,
                    "error": b.error,
                }
                for b in infos
            ]
        )
        return EXIT_OK
    if not infos:
        print(f"No backups yet in {folder / 'backups'}.")
        return EXIT_OK
    for b in infos:
        when = b.created.astimezone()
        counts = (
            f"{plural(b.episodes, 'episode')}, {plural(b.days, 'check-in')}"
            if b.error is None
            else f"cannot be restored: {b.error}"
        )
        print(
            f"{b.path.name}  {when:%Y-%m-%d %H:%M}  {b.reason:<16} {counts}  "
            f"({_size(b.size)})"
        )
    print(
        f"\n{plural(len(infos), 'backup')} in {folder / 'backups'}, newest first; "
        "`twitchtrack restore NAME` makes one the journal (a copy is kept)"
    )
    return EXIT_OK


def _backup_path(store: JournalStore, text: str) -> Path:
    """A backup named as `backups` lists it, or any journal file's path."""
    given = Path(text).expanduser()
    if given.name == text and not given.exists():
        given = store.backups_dir / text
    if not given.exists():
        raise CliError(
            f"no backup {text!r} in {store.backups_dir} (see `twitchtrack backups`)"
        )
    return given


def cmd_restore(args: argparse.Namespace) -> int:
    from twitchtrack.domain.restore import apply_changes, plan_restore
    from twitchtrack.storage.errors import JournalError
    from twitchtrack.storage.parse import read_journal_file

    store = open_store(args)
    path = _backup_path(store, args.backup)
    parsed = read_journal_file(path)  # JournalError: exit 3 with the place
    if parsed.read_only_reason is not None:
        raise CliError(
            f"{path} was written by a newer version of twitchtrack and cannot be "
            "restored by this one"
        )
    backup = parsed.journal
    try:
        current = store.load()
    except JournalError as err:
        # Nothing to merge with: the damaged file is kept aside, never lost.
        store.restore(path)
        print(f"The journal could not be read ({err.what}); it was kept as")
        print(f"  {store.set_aside}")
        _say(backup, None)
        return EXIT_OK
    summaries: list[RestoreSummary] = []

    def restore(journal: Journal) -> Journal:
        changes, summary = plan_restore(journal, backup)
        summaries.append(summary)
        restored = apply_changes(journal, changes)
        return restored.model_copy(update={"settings": backup.settings})

    # Planned first without a write: a backup that matches needs no copy kept.
    changes, summary = plan_restore(current, backup)
    if not changes and current.settings == backup.settings:
        _say(backup, summary)
        return EXIT_OK
    store.update(restore, backup_reason="before-restore")
    _say(backup, summaries[-1])
    print("The journal as it was is kept as a backup (reason before-restore).")
    return EXIT_OK


def _say(backup: Journal, summary: RestoreSummary | None) -> None:
    from twitchtrack.domain.restore import RestoreSummary

    if summary is None:
        summary = RestoreSummary(
            episodes=len(backup.live_episodes()),
            days=len(backup.live_days()),
            changed=1,
            removed=0,
        )
    print(summary)
