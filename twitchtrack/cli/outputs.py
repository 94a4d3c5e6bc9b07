"""Commands that draw (and load Qt): ``gui``, ``screenshot`` and the PDF ``report``."""

from __future__ import annotations

import argparse
from pathlib import Path

from twitchtrack.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    read_journal,
    refuse_data_folder,
)

# Screenshot sizes: the window's minimum up to 8K (a larger picture is no use and
# makes Qt warn by the thousand); kept equal to ui.window.screenshot's limits.
MIN_SIZE = (960, 640)
MAX_SIZE = (7680, 4320)
# Picture formats by file suffix (Qt's writer names).
PICTURE_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}


def cmd_report(args: argparse.Namespace) -> int:
    from twitchtrack.domain.text import plural
    from twitchtrack.storage.outputs import check_output

    # Before seconds of drawing: a target that cannot be written fails at once.
    refuse_data_folder(args, args.output)
    check_output(args.output, example="report.pdf")
    journal = read_journal(args)
    from twitchtrack.report import write_report

    try:
        summary = write_report(
            journal, args.output, start=args.start, end=args.end, page_size=args.paper
        )
    except ValueError as err:
        raise CliError(str(err)) from None
    print(
        f"Wrote {summary.path}: {plural(summary.pages, 'page')}, "
        f"{summary.start.isoformat()} to {summary.end.isoformat()}, "
        f"{plural(summary.episodes, 'episode')}"
    )
    return EXIT_OK


def picture_format(path: Path) -> str:
    """The picture format for ``path``'s suffix; CliError for any other."""
    found = PICTURE_FORMATS.get(path.suffix.lower())
    if found is None:
        shown = f"{path.suffix!r}" if path.suffix else "no suffix"
        raise CliError(
            f"{path} has {shown}: the picture is written as .png, or .jpg/.jpeg "
            "for JPEG"
        )
    return found


def check_size(size: tuple[int, int]) -> None:
    """CliError unless ``size`` is within MIN_SIZE..MAX_SIZE."""
    width, height = size
    if not (
        MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]
    ):
        raise CliError(
            f"--size {width}x{height} is out of range: from "
            f"{MIN_SIZE[0]}x{MIN_SIZE[1]} to {MAX_SIZE[0]}x{MAX_SIZE[1]} pixels"
        )


def cmd_screenshot(args: argparse.Namespace) -> int:
    from twitchtrack.storage.outputs import check_output

    # All before Qt loads: a bad size, name or target is one line, at once.
    check_size(args.size)
    fmt = picture_format(args.output)
    if not args.demo:
        refuse_data_folder(args, args.output)
    check_output(args.output, example="window.png")
    from twitchtrack.ui.window.screenshot import render_screenshot

    try:
        path = render_screenshot(
            args.data_dir,
            args.output,
            args.view,
            args.size,
            args.demo,
            dark=args.dark,
            fmt=fmt,
        )
    except ValueError as err:
        raise CliError(str(err)) from None
    print(f"Wrote {path}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from twitchtrack.cli.display import display_problem

    # Before Qt loads: without a display Qt aborts (SIGABRT) instead of saying so.
    problem = display_problem()
    if problem is not None:
        raise CliError(problem, EXIT_USAGE)
    from twitchtrack.storage.gc_pause import import_frozen

    import_frozen("twitchtrack.ui.app")  # the window's modules, without collections
    from twitchtrack.ui.app import run_gui  # imported above: only a name look-up

    return run_gui(data_dir=args.data_dir, demo=args.demo)
