"""The schema-3 symptom flags (stiffness, coordination, eyelid_closing) in CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.interchange import export_csv, read_import


def test_new_flags_survive_a_csv_round_trip_in_their_own_columns(
    tmp_path: Path,
) -> None:
    e = Episode(
        at=datetime(2026, 12, 2, 9, tzinfo=UTC),
        region="eyelid_upper_left",
        stiffness=True,
        coordination=True,
        eyelid_closing=True,
    )
    episodes_csv, _ = export_csv(Journal(episodes=[e]), tmp_path / "csv")
    header = episodes_csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-3:] == ["stiffness", "coordination", "eyelid_closing"]
    back = read_import([tmp_path / "csv"])
    (got,) = back.episodes
    assert got.flags == ("stiffness", "coordination", "eyelid_closing")
