"""The command line as a whole: version, usage errors, dates in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from twitchtrack.domain.regions import REGIONS

from .helpers import run


def test_version_and_regions_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.startswith("twitchtrack ")
    code, out, _ = run(["regions", "--json"], capsys)
    rows = json.loads(out)
    assert code == 0
    assert len(rows) == len(REGIONS) >= 75
    assert {"id", "label", "view", "side", "group"} <= set(rows[0])
    assert {"tongue", "calf_left", "sole_right", "eyelid_lower_left"} <= {
        r["id"] for r in rows
    }


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["log", "calf_left", "--kind", "zap"], capsys)[0] == 2
    assert run(["log", "calf_left", "--at", "yesterday-ish"], capsys)[0] == 2
    assert run(["frobnicate"], capsys)[0] == 2


@pytest.mark.parametrize("command", ["report", "insights", "list"])
def test_reversed_dates_are_a_usage_error_not_a_traceback(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = ["-o", str(tmp_path / "r.pdf")] if command == "report" else []
    code, _, err = run(
        [command, *extra, "--from", "2026-05-01", "--to", "2026-04-01"], capsys
    )
    assert code == 2
    assert err.startswith("twitchtrack: error: --from 2026-05-01 is after --to")
    assert "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()
