"""``experiments.csv``: a self-experiment survives a CSV round trip, importing
again adds nothing, and a bad row is refused with its line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from twitchtrack.domain.experiment import Deviation, Experiment
from twitchtrack.domain.models import Journal
from twitchtrack.domain.trial import draw_order
from twitchtrack.storage.interchange import (
    InvalidImportError,
    apply_import,
    export_csv,
    read_import_report,
)

STAMP = datetime(2026, 3, 1, 9, 30).astimezone()


def _experiment() -> Experiment:
    return Experiment(
        factor="caffeine",
        target_b='under 50 mg, no "decaf" either',
        pairs=6,
        period_days=7,
        washout_days=2,
        start=date(2026, 3, 2),
        seed=42,
        order=draw_order(6, 42),
        expect="=fewer twitches, I hope",
        deviations=[Deviation(date=date(2026, 3, 9), note="a wedding")],
        created_at=STAMP,
        updated_at=STAMP,
    )


def test_round_trip_and_second_import_adds_nothing(tmp_path: Path) -> None:
    exp = _experiment()
    export_csv(Journal(experiments=[exp]), tmp_path / "out")
    path = tmp_path / "out" / "experiments.csv"
    assert path.is_file()
    assert "\"'=fewer" in path.read_text()  # a formula-looking cell is guarded
    incoming, notes = read_import_report([tmp_path / "out"])
    [back] = incoming.experiments
    assert back == exp
    merged, summary = apply_import(Journal(), incoming, notes)
    assert summary.others_new == 1
    assert summary.changed
    assert "1 other record" in str(summary)
    _, again = apply_import(merged, incoming, notes)
    assert not again.changed


def test_a_bad_row_names_its_line_and_nothing_is_read(tmp_path: Path) -> None:
    export_csv(Journal(experiments=[_experiment()]), tmp_path / "out")
    path = tmp_path / "out" / "experiments.csv"
    text = path.read_text().replace(",6,7,2,", ",zero,7,2,")
    path.write_text(text)
    with pytest.raises(InvalidImportError) as err:
        read_import_report([path])
    [problem] = err.value.errors
    assert (problem.line, problem.field) == (2, "pairs")
