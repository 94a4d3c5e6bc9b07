"""intakes.csv and sleeps.csv: export, import, idempotence and refusals."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from twitchtrack.cli import main
from twitchtrack.domain.models import Episode, Journal
from twitchtrack.domain.timed import Intake, SleepPeriod, SleepStageSpan
from twitchtrack.storage.interchange import (
    ImportSummary,
    InvalidImportError,
    apply_import,
    export_csv,
    read_import,
    read_import_report,
)
from twitchtrack.storage.interchange.csv_cells import INTAKE_COLUMNS, SLEEP_COLUMNS
from twitchtrack.storage.journal_store import JournalStore

PLUS1 = timezone(timedelta(hours=1))
T0 = datetime(2026, 3, 1, 22, 30, tzinfo=PLUS1)


def _dump(records: list[Any]) -> list[dict[str, Any]]:
    return sorted((r.model_dump(mode="json") for r in records), key=lambda r: r["id"])


def _journal() -> Journal:
    staged = SleepPeriod(
        start=T0,
        end=T0 + timedelta(hours=8),
        source="Apple Health: Watch",
        stages=[
            SleepStageSpan(start=T0, end=T0 + timedelta(hours=1), stage="in_bed"),
            SleepStageSpan(
                start=T0 + timedelta(hours=1), end=T0 + timedelta(hours=8), stage="deep"
            ),
        ],
    )
    return Journal(
        intakes=[
            Intake(
                at=T0 - timedelta(hours=6), kind="caffeine", amount=95, label="coffee"
            ),
            Intake(at=T0, kind="water", amount=250.5, source="Health Connect"),
            Intake(at=T0, kind="alcohol", amount=1.5, label="=cmd"),
            Intake(at=T0, kind="magnesium", amount=200),
            Intake(at=T0, kind="water", amount=100).tombstoned(),
        ],
        sleeps=[
            staged,
            SleepPeriod(start=T0 - timedelta(days=1), end=T0 - timedelta(hours=17)),
            SleepPeriod(start=T0, end=T0 + timedelta(hours=1)).tombstoned(),
        ],
        episodes=[Episode(at=T0, region="calf_left")],
    )


def _live(records: list[Any]) -> list[Any]:
    return [r for r in records if not r.deleted]


def test_export_then_import_gives_the_same_live_records(tmp_path: Path) -> None:
    journal = _journal()
    export_csv(journal, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "days.csv",
        "episodes.csv",
        "intakes.csv",
        "sleeps.csv",
    ]
    with (tmp_path / "intakes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == INTAKE_COLUMNS
    assert len(rows) == 5  # deleted records are left out, as in every CSV
    assert rows[1][2:7] == ["caffeine", "95", "mg", "coffee", "manual"]
    assert "'=cmd" in [r[5] for r in rows]  # a formula is kept as text
    sleeps = (tmp_path / "sleeps.csv").read_text(encoding="utf-8").splitlines()
    assert tuple(sleeps[0].split(",")) == SLEEP_COLUMNS
    back = read_import([tmp_path])
    assert _dump(back.intakes) == _dump(_live(journal.intakes))
    assert _dump(back.sleeps) == _dump(_live(journal.sleeps))
    rebuilt, summary = apply_import(Journal(), back)
    assert (summary.intakes_new, summary.sleeps_new, summary.episodes_new) == (4, 2, 1)
    assert "4 intakes, 2 sleep periods" in str(summary)
    again, second = apply_import(rebuilt, read_import([tmp_path]))
    assert not second.changed
    assert (second.intakes_new, second.sleeps_new, second.updated) == (0, 0, 0)
    assert second.unchanged == 7
    assert str(second).startswith("Nothing new to import")
    assert again == rebuilt


def test_a_second_export_is_byte_for_byte_the_same(tmp_path: Path) -> None:
    export_csv(_journal(), tmp_path / "one")
    export_csv(read_import([tmp_path / "one"]), tmp_path / "two")
    for name in ("intakes.csv", "sleeps.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (
            tmp_path / "two" / name
        ).read_bytes()


def test_timed_files_are_written_only_when_needed(tmp_path: Path) -> None:
    export_csv(Journal(episodes=[Episode(at=T0, region="nose")]), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["days.csv", "episodes.csv"]
    export_csv(_journal(), tmp_path)
    # A later export with none replaces the older file, so nothing stale is left.
    export_csv(Journal(), tmp_path)
    for name in ("intakes.csv", "sleeps.csv"):
        assert len((tmp_path / name).read_text(encoding="utf-8").splitlines()) == 1
    assert read_import([tmp_path]) == Journal()


def test_rows_without_ids_get_stable_ones(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "at,kind,amount\n"
        "2026-03-01T08:00:00+01:00,caffeine,95\n"
        "2026-03-01T08:00:00+01:00,caffeine,95\n"
        "2026-03-01T12:00,Water,250\n",
        encoding="utf-8",
    )
    incoming, notes = read_import_report([path])
    assert [i.kind for i in incoming.intakes].count("caffeine") == 1
    assert notes.merged == ["mine.csv line 3 is the same as line 2"]
    assert {i.id for i in read_import([path]).intakes} == {
        i.id for i in incoming.intakes
    }
    water = next(i for i in incoming.intakes if i.kind == "water")
    assert water.at == datetime(2026, 3, 1, 12).astimezone()  # naive = local time
    sheet = tmp_path / "nights.csv"
    sheet.write_text(
        "start;end;stages\n"
        "2026-03-01T23:00+01:00;2026-03-02T07:00+01:00;\n"
        '2026-03-02T23:00+01:00;2026-03-03T07:00+01:00;"[{""start"":""2026-03-02T'
        '23:00+01:00"",""end"":""2026-03-03T07:00+01:00"",""stage"":""light""}]"\n',
        encoding="utf-8",
    )
    nights = read_import([sheet]).sleeps
    assert [n.stages is None for n in nights] == [True, False]
    assert read_import([sheet]).sleeps == nights


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (
            "intakes.csv",
            "at,kind,amount\n2026-03-01T08:00+01:00,caffeine,95\n"
            "2026-03-01T09:00+01:00,coffee,95\n",
            "intakes.csv line 3: kind: ",
        ),
        (
            "intakes.csv",
            "at,kind,amount,unit\n2026-03-01T08:00+01:00,caffeine,0.095,g\n",
            "intakes.csv line 2: unit: must be mg for caffeine",
        ),
        (
            "intakes.csv",
            "at,kind,amount\n2026-03-01T08:00+01:00,water,lots\n",
            "intakes.csv line 2: amount: must be a number",
        ),
        (
            "intakes.csv",
            "at,kind,amount\n1960-03-01T08:00+01:00,water,5\n",
            "intakes.csv line 2: at: ",
        ),
        (
            "sleeps.csv",
            "start,end\n2026-03-01T23:00+01:00,2026-03-01T22:00+01:00\n",
            "sleeps.csv line 2: end: a sleep period must end after it starts",
        ),
        (
            "sleeps.csv",
            "start,end,stages\n2026-03-01T23:00+01:00,2026-03-02T06:00+01:00,[oops\n",
            "sleeps.csv line 2: stages: must be JSON",
        ),
        (
            "sleeps.csv",
            'start,end,stages\n2026-03-01T23:00+01:00,2026-03-02T06:00+01:00,"[{""a"":1}]"\n',
            "sleeps.csv line 2: stages: ",
        ),
    ],
)
def test_a_bad_row_names_file_and_row_and_nothing_is_imported(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    good = tmp_path / "good"
    export_csv(_journal(), good)
    (good / name).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidImportError) as caught:
        read_import([good])
    assert str(caught.value.errors[0]).startswith(where)


def test_the_import_command_refuses_a_bad_row_with_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    folder = tmp_path / "export"
    source = _journal()
    export_csv(source, folder)
    good = (folder / "sleeps.csv").read_text(encoding="utf-8")
    (folder / "sleeps.csv").write_text(
        good + "x,2026-03-01T23:00+01:00,2026-03-02T06:00+01:00,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(folder)])
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "sleeps.csv line 4: id: is not a valid id" in err
    assert not (data_dir / "journal.json").exists()
    # Fixed, it imports; importing it again adds nothing.
    (folder / "sleeps.csv").write_text(good, encoding="utf-8")
    assert main(["import", str(folder)]) == 0
    assert "4 intakes, 2 sleep periods" in capsys.readouterr().out
    assert main(["import", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("Nothing new to import")
    journal = JournalStore(data_dir).load()
    assert _dump(journal.intakes) == _dump(_live(source.intakes))
    assert len(journal.sleeps) == 2


def test_summary_words_timed_records() -> None:
    summary = ImportSummary(0, 0, 0, 0, intakes_new=1, sleeps_new=3)
    assert summary.changed
    assert str(summary) == "Imported 0 episodes, 0 days, 1 intake, 3 sleep periods"
    assert json.dumps(str(ImportSummary(1, 1, 0, 0))) == '"Imported 1 episode, 1 day"'
