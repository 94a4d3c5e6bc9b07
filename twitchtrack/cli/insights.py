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
    # Lazy: numpy and the model (statsmodels on the first fit) stay off the path
    # of every other command.
    from twitchtrack.domain.analysis.count_model import MIN_DAYS, fit_count_model
    from twitchtrack.domain.analysis.count_results import CountModelResult
    from twitchtrack.domain.analysis.journal_input import day_inputs
    from twitchtrack.domain.analysis.tracking import MIN_QUIET_RUN
    from twitchtrack.domain.text import format_range, plural
    from twitchtrack.domain.times import plausible_days

    journal = read_journal(args)
    today = date.today()
    logged = sorted(
        set(
            plausible_days(
                [e.local_day for e in journal.live_episodes()]
                + [d.date for d in journal.live_days() if not d.is_empty]
                + [s.at.date() for s in journal.samples if not s.deleted],
                today,
            )
        )
    )
    if args.outcome == "sampling":
        from twitchtrack.domain.analysis.sampling_input import sample_inputs

        days = sample_inputs(journal, today=today)
    else:
        days = day_inputs(journal, today=today)
    # Without dates, the span of real entries.
    start = args.start or (logged[0] if logged else None)
    end = args.end or (logged[-1] if logged else None)
    if days:
        try:
            result = fit_count_model(days, start=start, end=end, outcome=args.outcome)
        except ValueError as err:
            raise CliError(f"cannot analyse this journal: {err}") from None
    else:
        result = CountModelResult(
            days_analyzed=0,
            days_excluded={},
            quiet_run=MIN_QUIET_RUN,
            method="none",
            dispersion=None,
            tests=0,
        )
    timing = None
    if args.outcome == "episodes" and any(
        i.kind == "caffeine" and not i.deleted for i in journal.intakes
    ):
        from twitchtrack.domain.analysis.timing import fit_timing, tracked_dates

        timing = fit_timing(journal, tracked_dates(days))
    if args.json:
        data = result.to_json()
        data["timing"] = timing.to_json() if timing is not None else None
        print_json(data)
        return EXIT_OK
    print(f"{plural(result.days_analyzed, 'day')} analysed.")
    left_out = _left_out(result.days_excluded, result.quiet_run)
    if left_out:
        print(left_out)
    if not result.factors:
        print(
            "\nNothing to compare yet: log twitches and daily check-ins to see how "
            "they go together."
        )
    for factor in result.factors:
        if factor.status == "association":
            print(f"* {factor.sentence}")
    if timing is not None:
        print(f"\nTimed caffeine: {timing.sentence}")
    others = [f for f in result.factors if f.status != "association"]
    if (args.start or args.end) and start is not None and end is not None:
        length = (end - start).days + 1
        if length < MIN_DAYS and result.days_analyzed < MIN_DAYS:
            inside = sum(1 for d in logged if start <= d <= end)
            in_range = "" if inside == len(logged) else f" ({inside} in this range)"
            print(
                f"\nThe range {format_range(start, end, year=True)} "
                f"({plural(length, 'day')}) is too short to compare days: the model "
                f"needs at least {plural(MIN_DAYS, 'tracked day')}. Your journal has "
                f"{plural(len(logged), 'day')} logged{in_range}; choose a longer "
                "range with --from and --to."
            )
            # Said once for the range, not as "not enough data" per factor.
            others = [f for f in others if f.status != "insufficient_data"]
    if others:
        print("\nNo clear link, or not enough data yet:")
        for factor in others:
            print(f"  - {factor.sentence}")
    print("\nA link in your own data is not proof that one is behind the other.")
    return EXIT_OK


def _left_out(days_excluded: dict[str, int], quiet_run: int) -> str:
    """'12 days left out: 9 marked as not tracking, 3 in ...', or ''."""
    from twitchtrack.domain.analysis.count_results import REASONS
    from twitchtrack.domain.text import plural

    total = sum(days_excluded.values())
    if not total:
        return ""
    parts = []
    for reason, n in days_excluded.items():
        if not n:
            continue
        part = f"{n} {REASONS[reason]}"
        if reason == "quiet_stretch":
            part += f" ({quiet_run} days in a row or more)"
        parts.append(part)
    text = f"{plural(total, 'day')} left out: {', '.join(parts)}."
    if days_excluded.get("quiet_stretch") or days_excluded.get("before_first_episode"):
        text += (
            " If some of them were days without twitches, mark them "
            "'No twitches today' in the check-in."
        )
    return text


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
