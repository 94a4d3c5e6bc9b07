"""Commands that draw (and load Qt): ``gui``, ``screenshot`` and the PDF ``report``."""

from __future__ import annotations

import argparse

from twitchtrack.cli.common import EXIT_OK, CliError, open_store


def cmd_report(args: argparse.Namespace) -> int:
    from twitchtrack.report import write_report

    journal = open_store(args).load()
    try:
        summary = write_report(
            journal, args.output, start=args.start, end=args.end, page_size=args.paper
        )
    except ValueError as err:
        raise CliError(str(err)) from None
    print(
        f"Wrote {summary.path}: {summary.pages} pages, {summary.start.isoformat()} to "
        f"{summary.end.isoformat()}, {summary.episodes} episodes"
    )
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    from twitchtrack.ui.window.screenshot import render_screenshot

    try:
        path = render_screenshot(
            args.data_dir, args.output, args.view, args.size, args.demo, dark=args.dark
        )
    except ValueError as err:
        raise CliError(str(err)) from None
    print(f"Wrote {path}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from twitchtrack.ui.app import run_gui

    return run_gui(data_dir=args.data_dir, demo=args.demo)
