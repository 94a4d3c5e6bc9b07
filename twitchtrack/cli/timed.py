"""Timed-input commands: ``drink`` (an intake) and ``sleep`` (a sleep period).

Kept light like ``log``: the models and the store are imported inside the command.

``drink`` amounts, when no ``--mg``/``--ml``/``--units`` is given (one serving;
typical values from food tables, rounded; a person who knows better gives the
amount):

============  =========  ================  ======================================
drink         intake     default           ``--ml N``
============  =========  ================  ======================================
coffee        caffeine   95 mg (240 ml)    caffeine scaled: 95 mg x N / 240
espresso      caffeine   63 mg (30 ml)     caffeine scaled: 63 mg x N / 30
tea           caffeine   47 mg (240 ml)    caffeine scaled: 47 mg x N / 240
cola          caffeine   34 mg (355 ml)    caffeine scaled: 34 mg x N / 355
energy        caffeine   80 mg (250 ml)    caffeine scaled: 80 mg x N / 250
water         water      250 ml            the amount of water
alcohol       alcohol    1 unit            not accepted (the strength is unknown)
============  =========  ================  ======================================

``--mg`` gives a caffeine drink's caffeine, ``--units`` alcohol's units; any other
pairing is a usage error (exit 2). A caffeine drink is one caffeine intake
labelled with the drink; its water is not counted.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from twitchtrack.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    open_store,
    say_merged,
    validation_message,
)

if TYPE_CHECKING:
    from twitchtrack.domain.models import Journal


@dataclass(frozen=True, slots=True)
class Drink:
    """One drink's intake kind, label and default serving."""

    kind: str
    label: str
    amount: float  # in the kind's base unit
    serving_ml: float | None = None  # what ``amount`` is for, for ``--ml``


# The module docstring's table; tests/cli/test_timed.py checks the two agree.
DRINKS: Final[dict[str, Drink]] = {
    "coffee": Drink("caffeine", "coffee", 95.0, 240.0),
    "espresso": Drink("caffeine", "espresso", 63.0, 30.0),
    "tea": Drink("caffeine", "tea", 47.0, 240.0),
    "cola": Drink("caffeine", "cola", 34.0, 355.0),
    "energy": Drink("caffeine", "energy drink", 80.0, 250.0),
    "water": Drink("water", "water", 250.0),
    "alcohol": Drink("alcohol", "alcohol", 1.0),
}
_UNIT_WORDS: Final = {
    "caffeine": "mg caffeine",
    "water": "ml water",
    "alcohol": "units alcohol",
    "magnesium": "mg magnesium",
}
# The check-in field a typed total would be in, to say when it is what counts.
_DAY_FIELD: Final = {
    "caffeine": "caffeine_mg",
    "water": "water_ml",
    "alcohol": "alcohol_units",
}
MAX_SLEEP: Final = timedelta(hours=24)


def drink_amount(
    name: str, mg: float | None, ml: float | None, units: float | None
) -> float:
    """The intake amount for ``twitchtrack drink NAME`` and its options.

    Raises CliError (usage) for an option that does not fit the drink.
    """
    drink = DRINKS[name]
    for option, value in (("--mg", mg), ("--ml", ml), ("--units", units)):
        if value is not None and not value >= 0:  # also NaN
            raise CliError(f"{option} must be a number of 0 or more (got {value:g})")
    if mg is not None:
        if drink.kind != "caffeine":
            raise CliError(f"--mg is for caffeine drinks, not {name}", EXIT_USAGE)
        return mg
    if units is not None:
        if drink.kind != "alcohol":
            raise CliError(f"--units is for alcohol, not {name}", EXIT_USAGE)
        return units
    if ml is not None:
        if drink.kind == "water":
            return ml
        if drink.serving_ml is None:
            raise CliError(
                "--ml cannot say how much alcohol a drink holds; give --units",
                EXIT_USAGE,
            )
        return round(drink.amount * ml / drink.serving_ml, 1)
    return drink.amount


def _when(value: datetime | None, option: str) -> datetime:
    from twitchtrack.domain.models import now_local
    from twitchtrack.domain.times import entry_time

    if value is None:
        return now_local()
    try:
        return entry_time(value)
    except ValueError as err:
        raise CliError(f"{option}: {err}") from None


def _stamp(at: datetime) -> str:
    text = at.strftime("%z")  # +0100
    offset = f"{text[:3]}:{text[3:]}" if len(text) == 5 else text
    return f"{at:%Y-%m-%d %H:%M} {offset}"


def _typed_note(journal: Journal, at: datetime, field: str | None, what: str) -> str:
    """A clause for when the day's check-in has a typed total, which wins."""
    log = journal.day(at.date()) if field else None
    if log is None or field is None or getattr(log, field) is None:
        return ""
    return (
        f"; the check-in of {at.date().isoformat()} has a typed {what} total, "
        "which is what counts for that day"
    )


def cmd_drink(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.domain.timed import Intake

    amount = drink_amount(args.drink, args.mg, args.ml, args.units)
    at = _when(args.at, "--at")
    drink = DRINKS[args.drink]
    store = open_store(args, writing=True)
    made: list[tuple[Intake, str]] = []

    def add(journal: Journal) -> Journal:
        intake = Intake(
            at=at,
            kind=drink.kind,
            amount=amount,
            label=drink.label,
            device=store.device,
        )
        note = _typed_note(journal, at, _DAY_FIELD.get(drink.kind), drink.kind)
        made.append((intake, note))
        return journal.with_records(intakes=[intake])

    try:
        store.update(add)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    intake, note = made[-1]
    say_merged(store)
    print(
        f"Logged {drink.label} at {_stamp(intake.at)}: {intake.amount:g} "
        f"{_UNIT_WORDS[intake.kind]} (id {intake.id}{note})"
    )
    return EXIT_OK


def _duration(span: timedelta) -> str:
    minutes = round(span.total_seconds() / 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def cmd_sleep(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from twitchtrack.domain.timed import SleepPeriod

    start = _when(args.sleep_start, "--start")
    end = _when(args.sleep_end, "--end")
    if end <= start:
        raise CliError(
            f"--end {_stamp(end)} is not after --start {_stamp(start)}", EXIT_USAGE
        )
    if end - start > MAX_SLEEP:
        raise CliError(
            f"a sleep is at most 24 hours; --start {_stamp(start)} to --end "
            f"{_stamp(end)} is {_duration(end - start)}",
            EXIT_USAGE,
        )
    store = open_store(args, writing=True)
    made: list[tuple[SleepPeriod, str]] = []

    def add(journal: Journal) -> Journal:
        period = SleepPeriod(start=start, end=end, device=store.device)
        made.append((period, _typed_note(journal, end, "sleep_h", "sleep")))
        return journal.with_records(sleeps=[period])

    try:
        store.update(add)
    except ValidationError as err:
        raise CliError(validation_message(err)) from None
    period, note = made[-1]
    say_merged(store)
    print(
        f"Logged sleep from {_stamp(period.start)} to {_stamp(period.end)} "
        f"({_duration(period.end - period.start)}), counted on "
        f"{period.end.date().isoformat()} (id {period.id}{note})"
    )
    return EXIT_OK
