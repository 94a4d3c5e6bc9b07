"""`guidance --json`: each item names its rule, threshold and source, and the
cards where sudden onset matters carry the emergency line."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from twitchtrack.domain.guidance.sources import source_problem

from .helpers import run

_SUDDEN = ("weakness", "numbness", "speech_swallowing")


def _at(day: date, hour: int = 10) -> str:
    return datetime.combine(day, time(hour)).isoformat(timespec="minutes")


def _guidance(capsys: pytest.CaptureFixture[str]) -> dict[str, list[dict[str, object]]]:
    code, out, err = run(["guidance", "--json"], capsys)
    assert code == 0, err
    report: dict[str, list[dict[str, object]]] = json.loads(out)
    return report


def test_items_carry_rule_source_threshold_and_the_emergency_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    today = date.today()
    for flag in _SUDDEN:
        assert (
            run(["log", "calf_left", "--at", _at(today), "--flag", flag], capsys)[0]
            == 0
        )
    assert run(["log", "eyelid_upper_left", "--at", _at(today, 9)], capsys)[0] == 0
    assert (
        run(["log", "cheek_left", "--at", _at(today + timedelta(days=0), 11)], capsys)[
            0
        ]
        == 0
    )
    # a face card: eyelid twitches, then the cheek on a later day
    yesterday = today - timedelta(days=1)
    assert run(["log", "eyelid_upper_right", "--at", _at(yesterday)], capsys)[0] == 0
    flags = {i["id"]: i for i in _guidance(capsys)["red_flags"]}
    assert {*_SUDDEN, "face_spread"} <= set(flags)
    for item in flags.values():
        for key in ("rule", "threshold"):
            assert isinstance(item[key], str), item["id"]
            assert item[key], item["id"]
        assert isinstance(item["source"], str)
        assert source_problem(item["source"]) is None, item["id"]
    for key in (*_SUDDEN, "face_spread"):
        urgent = flags[key]["urgent"]
        assert isinstance(urgent, str), key
        assert "emergency number" in urgent, key
        assert "suddenly" in urgent, key


def test_a_calm_card_has_no_emergency_line(capsys: pytest.CaptureFixture[str]) -> None:
    today = date.today()
    for back in range(0, 30, 2):  # every other day for a month: persistent
        day = today - timedelta(days=back)
        assert run(["log", "calf_left", "--at", _at(day)], capsys)[0] == 0
    [item] = _guidance(capsys)["red_flags"]
    assert item["id"] == "persistent"
    assert item["urgent"] is None
    for key in ("rule", "threshold", "why"):
        assert item[key], key
