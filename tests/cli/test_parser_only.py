"""A command's parser made alone (the others skipped, for start-up time) parses
exactly as the parser of every command does."""

from __future__ import annotations

import pytest

from twitchtrack.cli import COMMANDS
from twitchtrack.cli.parser import build_parser, command_in

ARGVS = [
    ["log", "calf_left", "--intensity", "4", "--flag", "pain", "weakness"],
    ["--data-dir", "/tmp/j", "log", "eyelid_upper_left", "--at", "2026-03-01T08:00"],
    ["--data-dir=/tmp/j", "day", "2026-03-01", "--caffeine", "90", "--tag", "a"],
    ["--demo", "list", "--json", "--from", "2026-01-01"],
    ["--password-file", "pw", "drink", "coffee", "--mg", "120"],
    ["sleep", "--start", "2026-03-01T23:00", "--end", "2026-03-02T07:00"],
    ["experiment", "plan", "--factor", "caffeine", "--pairs", "4", "--seed", "3"],
    ["log", "calf_left", "--intensity", "nope"],
    ["change-password"],
    ["insights", "--json"],
    ["export", "--format", "csv", "-o", "out"],
    ["report", "-o", "r.pdf"],
    ["regions"],
    ["gui"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a)[:40])
def test_a_command_parsed_alone_parses_as_with_every_command(argv: list[str]) -> None:
    name = command_in(argv)
    assert name in COMMANDS
    try:
        full = vars(build_parser().parse_args(argv))
    except SystemExit:
        # An argv this version does not accept must be refused alone too.
        with pytest.raises(SystemExit):
            build_parser(name).parse_args(argv)
        return
    assert vars(build_parser(name).parse_args(argv)) == full


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["log", "x"], "log"),
        (["--data-dir", "log", "day"], "day"),  # "log" is the folder here
        (["--data-dir=d", "--demo", "list"], "list"),
        (["--data", "d", "log"], None),  # abbreviated: the full parser decides
        (["-h"], None),
        (["--version"], None),
        ([], None),
        (["--data-dir"], None),
    ],
)
def test_command_in_names_a_command_only_when_plain(
    argv: list[str], name: str | None
) -> None:
    assert command_in(argv) == name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_made_alone_has_its_help(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser(name).parse_args([name, "--help"])
    alone = capsys.readouterr().out
    with pytest.raises(SystemExit):
        build_parser().parse_args([name, "--help"])
    assert done.value.code == 0
    assert alone.startswith(f"usage: twitchtrack {name}")
    assert alone == capsys.readouterr().out
