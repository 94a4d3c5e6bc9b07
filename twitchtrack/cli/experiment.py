"""``experiment plan|show|report|stop``: a randomised self-experiment (issue 19)."""

from __future__ import annotations

import argparse
import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING

from twitchtrack.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    open_store,
    print_json,
    read_journal,
    say_merged,
)

if TYPE_CHECKING:
    from twitchtrack.domain.experiment import Experiment
    from twitchtrack.domain.models import Journal

_FACTORS = ("caffeine", "alcohol", "magnesium", "sleep")


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    parse_date: object,
) -> None:
    """The ``experiment`` command and its four actions."""
    p = sub.add_parser(
        "experiment", help="a randomised self-experiment: plan, show, report, stop"
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    plan = actions.add_parser("plan", help="plan a new experiment (randomised order)")
    plan.add_argument(
        "--factor",
        required=True,
        metavar="FACTOR",
        help="caffeine, alcohol, magnesium, sleep, or tag:NAME",
    )
    plan.add_argument("--target-a", metavar="TEXT", help="the usual arm (A)")
    plan.add_argument(
        "--target-b",
        metavar="TEXT",
        help="the changed arm (B), measurable, e.g. 'under 50 mg'",
    )
    plan.add_argument("--pairs", type=int, default=5, metavar="N")
    plan.add_argument("--period-days", type=int, default=7, metavar="D")
    plan.add_argument("--washout-days", type=int, metavar="W")
    plan.add_argument("--start", type=parse_date, metavar="DATE")  # type: ignore[arg-type]
    plan.add_argument("--seed", type=int, metavar="S")
    plan.add_argument(
        "--outcome", choices=("episodes", "rating", "sampling"), default="episodes"
    )
    plan.add_argument("--expect", default="", metavar="TEXT")
    plan.add_argument("--blinding", default="", metavar="TEXT")
    for name, text in (
        ("show", "the schedule"),
        ("report", "the result so far"),
    ):
        q = actions.add_parser(name, help=text)
        q.add_argument("--json", action="store_true", help="print JSON")
    actions.add_parser("stop", help="stop the experiment (its data is kept)")


def cmd_experiment(args: argparse.Namespace) -> int:
    if args.action in ("plan", "stop") and getattr(args, "demo", False):
        raise _usage(
            f"--demo opens a throwaway demo journal, so `experiment {args.action}` "
            "would keep nothing; leave out --demo to change your own journal"
        )
    return {"plan": _plan, "show": _show, "report": _report, "stop": _stop}[
        args.action
    ](args)


def _usage(message: str) -> CliError:
    return CliError(message, EXIT_USAGE)


def _plan(args: argparse.Namespace) -> int:
    from twitchtrack.domain.experiment import Experiment
    from twitchtrack.domain.text import format_range
    from twitchtrack.domain.trial import DEFAULT_WASHOUT, draw_order, last_day
    from twitchtrack.domain.trial_report import few_pairs_warning, plan_problem

    factor: str = args.factor
    if factor not in _FACTORS and not (factor.startswith("tag:") and factor[4:]):
        raise _usage("--factor must be caffeine, alcohol, magnesium, sleep or tag:NAME")
    if not 1 <= args.pairs <= 52:
        raise _usage("--pairs must be between 1 and 52")
    if not 1 <= args.period_days <= 60:
        raise _usage("--period-days must be between 1 and 60")
    washout = (
        args.washout_days
        if args.washout_days is not None
        else DEFAULT_WASHOUT.get(factor, 0)
    )
    if not 0 <= washout < args.period_days:
        raise _usage("--washout-days must be 0 or more and shorter than a period")
    if args.outcome == "rating":
        raise _usage(
            "--outcome rating needs a daily twitch rating, which the check-in does "
            "not record yet; use episodes or sampling"
        )
    today = date.today()
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    exp = Experiment(
        factor=factor,
        target_a=args.target_a or "",
        target_b=args.target_b or "",
        pairs=args.pairs,
        period_days=args.period_days,
        washout_days=washout,
        start=args.start or today + timedelta(days=1),
        seed=seed,
        order=draw_order(args.pairs, seed),
        outcome=args.outcome,
        expect=args.expect,
        blinding=args.blinding,
    )
    store = open_store(args, writing=True)

    def add(journal: Journal) -> Journal:
        problem = plan_problem(exp, journal, today)
        if problem:
            raise CliError(f"cannot plan this experiment: {problem}")
        return journal.with_records(experiments=[exp])

    store.update(add)
    say_merged(store)
    span = format_range(exp.start, last_day(exp), year=True)
    print(
        f"Planned: {exp.factor}, {exp.pairs} pairs of {exp.period_days} days, {span}."
    )
    warning = few_pairs_warning(exp.pairs)
    if warning:
        print(f"Note: {warning}")
    if exp.start <= today:
        print(
            "The start is not in the future: the plan counts as registered after start."
        )
    _print_schedule(exp)
    return EXIT_OK


def _current(journal: Journal) -> Experiment:
    from twitchtrack.domain.trial_report import current

    exp = current(journal)
    if exp is None:
        raise CliError("no experiment yet: plan one with `twitchtrack experiment plan`")
    return exp


def _print_schedule(exp: Experiment) -> None:
    from twitchtrack.domain.text import format_range
    from twitchtrack.domain.trial import schedule, target_words

    a, b = target_words(exp)
    for p in schedule(exp):
        arm = f"B ({b})" if p.arm == "B" else f"A ({a})"
        wash = f", first {p.washout} days washout" if p.washout else ""
        print(
            f"  pair {p.pair + 1}: {format_range(p.start, p.end, year=True)}: "
            f"{arm}{wash}"
        )


def _show(args: argparse.Namespace) -> int:
    from twitchtrack.domain.trial_report import schedule_json

    exp = _current(read_journal(args))
    if args.json:
        print_json(schedule_json(exp, date.today()))
        return EXIT_OK
    status = schedule_json(exp, date.today())["status"]
    print(f"{exp.factor} experiment ({status}), outcome: {exp.outcome}")
    _print_schedule(exp)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from twitchtrack.domain.trial_report import excluded_words, result_json, result_of

    journal = read_journal(args)
    exp = _current(journal)
    result = result_of(journal, exp, date.today())
    data = result_json(exp, result)
    if args.json:
        print_json(data)
        return EXIT_OK
    print(data["sentence"])
    pp = result.per_protocol
    if pp.rate_ratio is not None:
        print(
            f"Only the days that kept to their arm: rate ratio {pp.rate_ratio:.2f} "
            f"({pp.days_used} days)."
        )
    for arm, share in result.adherence.items():
        if share is not None:
            print(f"Kept to arm {arm} on {share:.0%} of the days with it logged.")
    left = excluded_words(result)
    if left:
        print(left)
    return EXIT_OK


def _stop(args: argparse.Namespace) -> int:
    store = open_store(args, writing=True)
    today = date.today()
    found: list[Experiment] = []

    def stop(journal: Journal) -> Journal:
        exp = _current(journal)
        if exp.status == "stopped":
            raise CliError("the experiment is already stopped")
        found.append(exp)
        return journal.with_records(
            experiments=[exp.edited(status="stopped", stopped_on=today)]
        )

    store.update(stop)
    say_merged(store)
    print(f"Stopped the {found[-1].factor} experiment; its days are kept.")
    return EXIT_OK
