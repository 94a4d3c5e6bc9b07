"""Issue 16, end to end: a journal imported from CSV without a ``tracking`` column,
where check-ins go on while twitch logging stops, gives no link from the stretches
nobody logged twitches in, and ``insights`` says what it left out."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from twitchtrack.domain.analysis import causal_words_in

from .helpers import run

START = date(2025, 3, 3)
DAYS = 200
BEFORE = 20  # check-ins only, before the first twitch entry
QUIET = range(110, 131)  # three weeks of check-ins without twitch entries
SEED = 16


def _journal() -> tuple[list[int], list[tuple[date, float, float, int]]]:
    """Twitch counts per day and check-ins (date, caffeine, sleep, stress).

    The counts follow none of the factors. During the quiet stretch the nights
    are short: read as zero-twitch days, those weeks would pair short sleep
    with no twitches.
    """
    rng = np.random.default_rng(SEED)
    counts: list[int] = []
    checkins = []
    for i in range(DAYS):
        silent = i < BEFORE or i in QUIET
        counts.append(0 if silent else int(rng.poisson(2.5)))
        sleep = rng.normal(5.6, 0.5) if i in QUIET else rng.normal(7.4, 0.7)
        checkins.append(
            (
                START + timedelta(days=i),
                float(rng.choice([0, 100, 200, 300, 400])),
                round(float(np.clip(sleep, 3, 11)), 1),
                int(rng.integers(1, 8)),
            )
        )
    return counts, checkins


def _write_csv(folder: Path) -> tuple[Path, Path]:
    counts, checkins = _journal()
    episodes = ["at,region"]
    for i, n in enumerate(counts):
        day = START + timedelta(days=i)
        episodes += [
            f"{day.isoformat()}T{8 + k:02d}:15:00+00:00,calf_left" for k in range(n)
        ]
    days = ["date,caffeine_mg,sleep_h,stress"]  # no tracking column
    days += [f"{d.isoformat()},{c:g},{s:g},{st}" for d, c, s, st in checkins]
    folder.mkdir()
    ep_path, day_path = folder / "episodes.csv", folder / "days.csv"
    ep_path.write_text("\n".join(episodes) + "\n", encoding="utf-8")
    day_path.write_text("\n".join(days) + "\n", encoding="utf-8")
    return ep_path, day_path


def _expected_left_out() -> tuple[int, int]:
    """(days before the first twitch entry, days in the zero run around QUIET)."""
    counts, _ = _journal()
    first = next(i for i, n in enumerate(counts) if n)
    lo, hi = QUIET.start, QUIET.stop  # widen to the zero days either side
    while counts[lo - 1] == 0:
        lo -= 1
    while counts[hi] == 0:
        hi += 1
    return first, hi - lo


def test_untracked_stretches_give_no_link_and_are_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(["import", *map(str, _write_csv(tmp_path / "csv"))], capsys)
    assert code == 0, err

    code, out, err = run(["insights", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    rows = data["associations"]
    assert rows
    assert [r["factor"] for r in rows if r["status"] == "association"] == []
    before, quiet = _expected_left_out()
    excluded = data["days_excluded"]
    assert excluded["reasons"] == {
        "before_first_episode": before,
        "quiet_stretch": quiet,
    }
    assert excluded["count"] == before + quiet > 0
    # Only the days that enter the model are counted as analysed.
    assert data["days_analyzed"] == DAYS - excluded["count"]
    sleep = next(r for r in rows if r["factor"] == "sleep_h")
    assert sleep["n"] <= data["days_analyzed"]

    code, out, err = run(["insights"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{data['days_analyzed']} days analysed."
    assert lines[1].startswith(f"{excluded['count']} days left out: ")
    assert f"{before} before your first twitch entry" in lines[1]
    assert f"{quiet} in long stretches without twitch entries" in lines[1]
    assert "No twitches today" in lines[1]
    assert not any(line.startswith("* ") for line in lines)
    assert causal_words_in("\n".join(lines[:-1])) == []
