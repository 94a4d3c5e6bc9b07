"""`insights` reports timed caffeine (the case-crossover figure) beside the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.domain.analysis.timing_sim import simulate_timing
from twitchtrack.domain.analysis import causal_words_in
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run


def test_timed_caffeine_before_twitches_is_reported(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    JournalStore(data_dir).save(simulate_timing(7, odds=2.0))
    code, out, err = run(["insights", "--json"], capsys)
    assert code == 0, err
    timing = json.loads(out)["timing"]
    assert timing["design"] == "time-stratified case-crossover"
    assert timing["status"] == "association"
    assert timing["ci_low"] > 1
    assert timing["twitches_used"] > 100
    code, text, _ = run(["insights"], capsys)
    assert "Timed caffeine: Caffeine in the 6 hours before was more common" in text
    assert causal_words_in(text) == []


def test_without_timed_intakes_timing_is_null(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["log", "calf_left"], capsys)[0] == 0
    code, out, _ = run(["insights", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["timing"] is None
