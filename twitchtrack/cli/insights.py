"""Insight commands: ``insights``, ``guidance`` and ``demo`` (a synthetic journal)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from twitchtrack.cli.common import EXIT_OK, CliError, open_store, print_json

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal
    from twitchtrack.storage.journal_store import JournalStore


def cmd_demo(args: argparse.Namespace) -> int:
    from twitchtrack.domain.demo import generate_demo

    if not 1 <= args.days <= 365 * 60:
        raise CliError("--days must be between 1 and 21900")
    store = open_store(args)
    current = store.load()
    if (current.live_episodes() or current.live_days()) and not args.force:
        raise CliError(
            f"{store.path} already has entries; use --force to replace them "
            "(a backup is kept)"
        )
    demo = generate_demo(days=args.days, seed=args.seed)
    replaced = _replace_all(store, demo, backup=bool(current.episodes or current.days))
    print(
        f"Wrote a demo journal: {len(replaced.live_episodes())} episodes over "
        f"{args.days} days to {store.path}"
    )
    return EXIT_OK


def _replace_all(store: JournalStore, demo: Journal, *, backup: bool) -> Journal:
    # A merge would keep the old records; replacing means tombstoning them so other
    # processes that merge later do not resurrect them.
    def replace(journal: Journal) -> Journal:
        gone_eps = [e.tombstoned() for e in journal.episodes if not e.deleted]
        gone_days = [d.tombstoned() for d in journal.days if not d.deleted]
        cleared = journal.with_records(gone_eps, gone_days)
        demo_ids = {d.id for d in demo.days}
        # Demo days reuse date-derived ids; they must replace the tombstones above.
        cleared = cleared.model_copy(
            update={"days": [d for d in cleared.days if d.id not in demo_ids]}
        )
        return cleared.with_records(demo.episodes, demo.days)

    return store.update(replace, backup_reason="before-import" if backup else None)


def cmd_insights(args: argparse.Namespace) -> int:
    from twitchtrack.domain.analysis import analyze

    journal = open_store(args).load()
    insights = analyze(journal, args.start, args.end)
    if args.json:
        print_json(insights.to_json())
        return EXIT_OK
    print(f"{insights.days_analyzed} days analysed.")
    for assoc in insights.associations:
        if assoc.status == "association":
            print(f"* {assoc.sentence}")
    others = [a for a in insights.associations if a.status != "association"]
    if others:
        print("\nNo clear link, or not enough data yet:")
        for assoc in others:
            if assoc.lag == 0:
                print(f"  - {assoc.sentence}")
    print(
        "\nAn association in your own data does not show "
        "that one thing leads to another."
    )
    return EXIT_OK


def cmd_guidance(args: argparse.Namespace) -> int:
    from twitchtrack.domain.guidance import evaluate

    report = evaluate(open_store(args).load())
    if args.json:
        sys.stdout.write(report.to_json() + "\n")
        return EXIT_OK
    if not report.red_flags and not report.tips:
        print("Nothing in your journal needs attention right now.")
    for heading, items in (
        ("Worth showing a doctor", report.red_flags),
        ("Tips from your own numbers", report.tips),
    ):
        if not items:
            continue
        print(f"{heading}:")
        for item in items:
            print(f"* {item.title}\n  {item.detail}\n  What to do: {item.action}")
        print()
    print("General information, not medical advice and not a diagnosis.")
    return EXIT_OK
