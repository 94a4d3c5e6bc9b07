"""Exchange commands: ``export`` (JSON or CSV) and ``import`` (merged by id)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from twitchtrack.cli.common import (
    EXIT_OK,
    CliError,
    open_store,
    read_journal,
    refuse_data_folder,
    say_merged,
)

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal
    from twitchtrack.storage.interchange import ImportSummary


def cmd_export(args: argparse.Namespace) -> int:
    from twitchtrack.domain.text import plural
    from twitchtrack.storage.interchange import export_csv, export_json

    refuse_data_folder(args, args.output)
    journal = read_journal(args)
    episodes = plural(len(journal.live_episodes()), "episode")
    days = plural(len(journal.live_days()), "check-in")
    if args.format == "json":
        path = export_json(journal, args.output)
        print(f"Exported {episodes} and {days} to {path}")
    else:
        eps_path, days_path = export_csv(journal, args.output)
        print(f"Exported {episodes} to {eps_path} and {days} to {days_path}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from twitchtrack.domain.text import plural
    from twitchtrack.storage.interchange import (
        InvalidImportError,
        apply_import,
        read_import_report,
    )

    try:
        incoming, notes = read_import_report(args.paths)
    except InvalidImportError as err:
        # Every problem on stdout, so the one error line stays one line.
        for problem in err.errors:
            print(problem)
        first = err.errors[0] if err.errors else "the import"
        more = len(err.errors) - 1
        also = f" and {plural(more, 'more problem')} (listed above)" if more else ""
        raise CliError(f"{first}{also}; nothing was imported") from None
    # Imported records keep their own device; the write still merges copies.
    store = open_store(args, writing=True)
    # A no-op import leaves the journal as it is: no save, so no backup copy of it.
    _, preview = apply_import(read_journal(args), incoming, notes)
    if not preview.changed:
        print(preview)
        return EXIT_OK
    summaries: list[ImportSummary] = []

    def merge_in(journal: Journal) -> Journal:
        merged, summary = apply_import(journal, incoming, notes)
        summaries.append(summary)
        return merged

    store.update(merge_in, backup_reason="before-import")
    say_merged(store)
    print(summaries[-1])
    return EXIT_OK
