"""Calmer tracking from the command line: sampling answers and tracking holidays.

``sample none|few|many`` stores one answer to "twitches in the last hour?";
``holiday --from DATE [--to DATE]`` marks days "not tracking" (left out of the
statistics, never read as twitch-free).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from twitchtrack.cli.common import EXIT_OK, CliError, open_store, say_merged

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal


def cmd_sample(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.cli.common import validation_message
    from twitchtrack.domain.models import now_local
    from twitchtrack.domain.sampling import Sample
    from twitchtrack.domain.times import entry_time

    try:
        at = entry_time(args.at) if args.at is not None else now_local()
    except ValueError as err:
        raise CliError(f"--at: {err}") from None
    store = open_store(args, writing=True)
    try:
        sample = Sample(at=at, answer=args.answer, device=store.device)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    store.append(lambda _settings: [sample])
    say_merged(store)
    words = {"none": "no twitches", "few": "a few twitches", "many": "many twitches"}
    print(f"Noted {words[args.answer]} in the hour before {at:%Y-%m-%d %H:%M}.")
    return EXIT_OK


def cmd_holiday(args: argparse.Namespace) -> int:
    from twitchtrack.domain.holiday import days_to_mark, mark_off
    from twitchtrack.domain.text import format_range, plural
    from twitchtrack.domain.times import day_problem, latest_day

    today = date.today()
    start: date = args.start
    end: date = args.end or today
    if end < start:
        raise CliError(f"--to {end} is before --from {start}")
    problem = day_problem(start, today)
    if problem:
        raise CliError(f"--from: {problem}")
    days = days_to_mark(start, end, latest_day(today))
    store = open_store(args, writing=True)
    marked: list[int] = []

    def change(journal: Journal) -> Journal:
        logs = mark_off(journal, days, today)
        marked.append(len(logs))
        return journal.with_records(days=logs)

    store.update(change)
    say_merged(store)
    later = (end - latest_day(today)).days
    print(
        f"Marked {format_range(start, min(end, latest_day(today)), year=True)} as "
        f"not tracking ({plural(marked[-1], 'day')} changed): the statistics leave "
        "these days out instead of reading them as days without twitches."
        + (
            f" The {plural(later, 'later day')} can be marked when they arrive "
            "(the window does it for you)."
            if later > 0
            else ""
        )
    )
    return EXIT_OK
