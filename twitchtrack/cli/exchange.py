"""Exchange commands: ``export`` (JSON or CSV) and ``import`` (merged by id)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from twitchtrack.cli.common import EXIT_OK, open_store

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal


def cmd_export(args: argparse.Namespace) -> int:
    from twitchtrack.storage.interchange import export_csv, export_json

    journal = open_store(args).load()
    if args.format == "json":
        path = export_json(journal, args.output)
        print(
            f"Exported {len(journal.live_episodes())} episodes and "
            f"{len(journal.live_days())} check-ins to {path}"
        )
    else:
        eps, days = export_csv(journal, args.output)
        print(
            f"Exported {len(journal.live_episodes())} episodes to {eps} and "
            f"{len(journal.live_days())} check-ins to {days}"
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from twitchtrack.storage.interchange import apply_import, read_import

    incoming = read_import(args.paths)
    summaries = []

    def merge_in(journal: Journal) -> Journal:
        merged, summary = apply_import(journal, incoming)
        summaries.append(summary)
        return merged

    open_store(args).update(merge_in, backup_reason="before-import")
    print(summaries[-1])
    return EXIT_OK
