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
    from twitchtrack.storage.health.summary import (
        describe_new,
        describe_skipped,
        new_by_source,
        read_paths,
        timed_count,
    )
    from twitchtrack.storage.interchange import (
        InvalidImportError,
        apply_import,
        read_import_report,
    )

    try:
        # Health-platform exports are read apart, so their skip counts can be said.
        incoming, notes, health = read_paths(args.paths, read_import_report)
    except InvalidImportError as err:
        # Every problem on stdout, so the one error line stays one line.
        for problem in err.errors:
            print(problem)
        first = err.errors[0] if err.errors else "the import"
        more = len(err.errors) - 1
        also = f" and {plural(more, 'more problem')} (listed above)" if more else ""
        raise CliError(f"{first}{also}; nothing was imported") from None
    dry_run = bool(getattr(args, "dry_run", False))
    # Imported records keep their own device; the write still merges copies.
    store = None if dry_run else open_store(args, writing=True)
    current = read_journal(args)
    _, preview = apply_import(current, incoming, notes)
    new = new_by_source(current, incoming)
    added = sum(sum(kinds.values()) for kinds in new.values())
    # Episodes and days are worded by the journal importer, a health export's
    # sleep and intakes here (per source, with what it skipped).
    journal_part = bool(incoming.episodes or incoming.days or not health)
    lines = [str(preview)] if journal_part else []
    if health:
        present = timed_count(incoming) - added
        verb = "Would add" if dry_run else "Imported"
        lines.extend(describe_new(new, present, verb=verb))
    if (skipped := describe_skipped(health)) is not None:
        lines.append(skipped)
    if store is None:
        if journal_part and lines[0].startswith("Imported "):
            lines[0] = "Would import " + lines[0].removeprefix("Imported ")
        print("Dry run: nothing was written.")
        print("\n".join(lines))
        return EXIT_OK
    # A no-op import leaves the journal as it is: no save, so no backup copy of it.
    if not preview.changed and not added:
        print("\n".join(lines))
        return EXIT_OK
    summaries: list[ImportSummary] = []

    def merge_in(journal: Journal) -> Journal:
        merged, summary = apply_import(journal, incoming, notes)
        summaries.append(summary)
        return merged

    store.update(merge_in, backup_reason="before-import")
    say_merged(store)
    if journal_part:
        lines[0] = str(summaries[-1])
    print("\n".join(lines))
    return EXIT_OK
