"""Insight commands: ``insights``, ``guidance`` and ``demo`` (a synthetic journal)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from twitchtrack.cli.common import (
    EXIT_OK,
    CliError,
    open_store,
    print_json,
    read_journal,
    say_merged,
)

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal
    from twitchtrack.storage.journal_store import JournalStore


def cmd_demo(args: argparse.Namespace) -> int:
    from twitchtrack.domain.demo import generate_demo
    from twitchtrack.domain.text import plural

    if not 1 <= args.days <= 365 * 60:
        raise CliError("--days must be between 1 and 21900")
    store = open_store(args, writing=True)
    current = store.load()
    if (current.live_episodes() or current.live_days()) and not args.force:
        raise CliError(
            f"{store.path} already has entries; use --force to replace them "
            "(a backup is kept)"
        )
    demo = generate_demo(days=args.days, seed=args.seed)
    replaced = _replace_all(store, demo, backup=bool(current.episodes or current.days))
    say_merged(store)
    print(
        f"Wrote a demo journal: {plural(len(replaced.live_episodes()), 'episode')} "
        f"over {plural(args.days, 'day')} to {store.path}"
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
    from twitchtrack.domain.text import format_range, plural
    from twitchtrack.domain.times import plausible_days

    journal = read_journal(args)
    logged = sorted(
        set(
            plausible_days(
                [e.local_day for e in journal.live_episodes()]
                + [d.date for d in journal.live_days() if not d.is_empty],
                date.today(),
            )
        )
    )
    # Without dates, the span of real entries: an outlier an older version let in
    # (a year 9999 time) would otherwise make the span thousands of years long.
    start = args.start or (logged[0] if logged else None)
    end = args.end or (logged[-1] if logged else None)
    insights = analyze(journal, start, end)
    if args.json:
        print_json(insights.to_json())
        return EXIT_OK
    print(f"{plural(insights.days_analyzed, 'day')} analysed.")
    for assoc in insights.associations:
        if assoc.status == "association":
            print(f"* {assoc.sentence}")
    others = [a for a in insights.associations if a.status != "association"]
    short = None
    if (args.start or args.end) and start is not None and end is not None:
        length = (end - start).days + 1
        needs = [
            a.n + a.days_needed
            for a in others
            if a.status == "insufficient_data" and a.n + a.days_needed > length
        ]
        if needs:
            inside = sum(1 for d in logged if start <= d <= end)
            short = (
                f"\nThe range {format_range(start, end, year=True)} "
                f"({plural(length, 'day')}) is too short to compare days: a link "
                f"takes at least {plural(min(needs), 'day')} with check-ins. "
                f"Your journal has {plural(len(logged), 'day')} logged"
                f"{'' if inside == len(logged) else f' ({inside} in this range)'}; "
                "choose a longer range with --from and --to."
            )
            # Said once for the range, not as "log on N more days" per factor.
            others = [a for a in others if a.status != "insufficient_data"]
    if short:
        print(short)
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

    report = evaluate(read_journal(args))
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
            if item.urgent:
                print(f"  In an emergency: {item.urgent}")
            print(f"  Source: {item.source}")
        print()
    print("General information, not medical advice and not a diagnosis.")
    return EXIT_OK
