"""The insights command on the count model: its JSON contract, its words, its
ranges and its errors (issue 16); and the demo command it is usually tried on."""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.domain.analysis.test_count_model import ISSUE_KEYS
from twitchtrack.domain.analysis import causal_words_in
from twitchtrack.domain.analysis.tracking import MODEL_FACTORS
from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.storage.journal_store import JournalStore

from .helpers import run

DEMO_END = date(2026, 6, 30)
DAY = timedelta(days=1)
CLOSING = "A link in your own data is not proof that one is behind the other."
STATUSES = {"association", "no_clear_association", "insufficient_data"}
# The keys issue 16 asks for, one contract for the model and the CLI.
ROW_KEYS = ISSUE_KEYS


def _no_constant(name: str) -> float:
    raise AssertionError(f"{name} is not JSON")


def _insights_json(capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    code, out, err = run(["insights", "--json", *extra], capsys)
    assert code == 0, err
    # Strict JSON: NaN or Infinity would break other people's parsers.
    return json.loads(out, parse_constant=_no_constant)


@pytest.fixture
def demo(data_dir: Path) -> Journal:
    """A fixed 180-day demo journal (the same on every run and every day)."""
    journal = generate_demo(days=180, end=DEMO_END, tz=UTC)
    JournalStore(data_dir).save(journal)
    return journal


def test_demo_refuses_to_replace_a_journal_without_force(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(["log", "calf_left"], capsys)
    [mine] = JournalStore(data_dir).load().live_episodes()
    code, _, err = run(["demo", "--days", "10"], capsys)
    assert code == 3
    assert "--force" in err
    assert JournalStore(data_dir).load().live_episodes() == [mine]
    assert run(["demo", "--days", "10", "--force"], capsys)[0] == 0
    live = JournalStore(data_dir).load().live_episodes()
    assert len(live) > 10
    assert mine.id not in {e.id for e in live}
    # replaced, not forgotten: a backup holds the user's own entry
    backups = JournalStore(data_dir).list_backups()
    assert any(
        mine.id in {e.id for e in JournalStore(data_dir).load_backup(b.path).episodes}
        for b in backups
    )


def test_json_keeps_its_contract(
    demo: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _insights_json(capsys)
    assert isinstance(data["days_analyzed"], int)
    assert 150 <= data["days_analyzed"] <= 180
    assert data["days_excluded"] == {"count": 0, "reasons": {}}
    rows = data["associations"]
    # One row per factor, each reported once.
    assert sorted(r["factor"] for r in rows) == sorted(MODEL_FACTORS)
    for row in rows:
        assert set(row) >= ROW_KEYS, ROW_KEYS - set(row)
        assert row["status"] in STATUSES
        assert row["lag"] in (0, 1, 2)
        assert row["cutoff_op"] in (">=", "<")
        assert row["days_meeting_cutoff"] + row["days_other"] >= row["n"] > 0
        assert {"weekday", "trend"} <= set(row["adjusted_for"])
        assert row["ci_low"] <= row["rate_ratio"] <= row["ci_high"]
        assert row["p"] <= row["p_adjusted"] <= 1
        if row["status"] == "association":
            # One fit: a reported link's interval excludes no change.
            assert row["p_adjusted"] < 0.05
            assert row["ci_low"] > 1 or row["ci_high"] < 1
        if row["reverse"] is not None:
            assert {"estimate", "ci_low", "ci_high", "p", "n"} <= set(row["reverse"])
    # The demo journal has planted links (short sleep, little water).
    assert any(r["status"] == "association" for r in rows)


def test_text_says_the_days_the_links_and_the_rest(
    demo: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _insights_json(capsys)
    code, out, err = run(["insights"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{data['days_analyzed']} days analysed."
    assert lines[-1] == CLOSING
    rows = data["associations"]
    linked = [r for r in rows if r["status"] == "association"]
    assert [line[2:] for line in lines if line.startswith("* ")] == [
        r["sentence"] for r in linked
    ]
    heading = lines.index("No clear link, or not enough data yet:")
    others = [line for line in lines[heading + 1 :] if line.startswith("  - ")]
    assert [line[4:] for line in others] == [
        r["sentence"] for r in rows if r["status"] != "association"
    ]
    assert "left out" not in out  # nothing was


def test_text_has_no_causal_words(
    demo: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["insights"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == CLOSING
    assert causal_words_in(out) == [], out


def test_a_range_limits_the_days_analysed(
    demo: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    start = DEMO_END - timedelta(days=59)
    data = _insights_json(
        capsys, "--from", start.isoformat(), "--to", DEMO_END.isoformat()
    )
    assert 0 < data["days_analyzed"] <= 60
    for row in data["associations"]:
        assert row["n"] <= 60


def test_a_short_range_is_called_short(
    demo: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    last = max(e.local_day for e in demo.live_episodes())
    code, out, _ = run(
        ["insights", "--from", (last - timedelta(days=1)).isoformat(), "--to",
         last.isoformat()],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert "more days" not in out
    assert "range" in out
    assert "short" in out
    assert "2 days analysed" in out
    # Said once for the range, not once per factor.
    assert "Not enough data yet" not in out


def test_days_marked_off_are_said_to_be_left_out(
    demo: Journal, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # The person marks the last five days of the journal "not tracking".
    marked = [
        d.edited(tracking="off")
        for d in demo.live_days()
        if d.date > DEMO_END - 5 * DAY
    ]
    assert len(marked) == 5
    JournalStore(data_dir).save(demo.with_records([], marked))
    data = _insights_json(capsys)
    assert data["days_excluded"] == {"count": 5, "reasons": {"marked_off": 5}}
    code, out, _ = run(["insights"], capsys)
    assert code == 0
    first, second = out.splitlines()[:2]
    assert first == f"{data['days_analyzed']} days analysed."
    assert second == "5 days left out: 5 marked as not tracking."


def test_an_empty_journal_says_there_is_nothing_yet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _insights_json(capsys)
    assert data["days_analyzed"] == 0
    assert data["days_excluded"] == {"count": 0, "reasons": {}}
    assert data["associations"] == []
    code, out, _ = run(["insights"], capsys)
    assert code == 0
    assert out.startswith("0 days analysed.\n")
    assert "Nothing to compare yet" in out
    assert out.splitlines()[-1] == CLOSING


def test_check_ins_only_give_not_enough_data(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    days = [
        DayLog.for_day(DEMO_END - i * DAY, caffeine_mg=100.0 * (i % 4))
        for i in range(40)
    ]
    JournalStore(data_dir).save(Journal(days=days))
    data = _insights_json(capsys)
    assert data["days_analyzed"] == 0
    assert data["days_excluded"]["reasons"] == {"before_first_episode": 40}
    assert {r["status"] for r in data["associations"]} == {"insufficient_data"}
    code, out, _ = run(["insights"], capsys)
    assert code == 0
    assert "40 days left out: 40 before your first twitch entry." in out
    assert "No twitches today" in out


def test_a_journal_that_cannot_be_read_is_one_line_and_exit_3(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "journal.json").write_text("{not json", encoding="utf-8")
    for extra in ([], ["--json"]):
        code, out, err = run(["insights", *extra], capsys)
        assert code == 3
        assert out == ""
        assert len(err.strip().splitlines()) == 1
        assert err.startswith("twitchtrack: error:")


def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["insights", "--from", "2026-02-30"], capsys)
    assert code == 2
    assert "--from" in err
    assert "Traceback" not in err
