"""Schema upgrades: the step machinery, and the store's backup before migrating."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.storage.conftest import FakeClock, sample_journal
from twitchtrack.domain.models import SCHEMA_VERSION
from twitchtrack.storage import migrations
from twitchtrack.storage.errors import JournalError, MigrationError
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore

JournalDict = dict[str, Any]


def _v0_from_v1() -> JournalDict:
    """An imagined schema 0: episodes were called "entries", regions "place"."""
    data: JournalDict = json.loads(sample_journal().model_dump_json())
    data["schema_version"] = 0
    entries = []
    for e in data.pop("episodes"):
        e["place"] = e.pop("region")
        entries.append(e)
    data["entries"] = entries
    return data


def _v0_to_v1(data: JournalDict) -> JournalDict:
    episodes = []
    for entry in data.pop("entries"):
        entry = dict(entry)
        entry["region"] = entry.pop("place")
        episodes.append(entry)
    data["episodes"] = episodes
    return data


@pytest.fixture
def fake_v0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(migrations.MIGRATIONS, 0, _v0_to_v1)


@pytest.mark.usefixtures("fake_v0")
def test_migrate_upgrades_step_by_step_and_sets_the_version() -> None:
    old = _v0_from_v1()
    upgraded = migrations.migrate(old)
    assert upgraded["schema_version"] == SCHEMA_VERSION
    assert "entries" not in upgraded
    assert upgraded["episodes"][1]["region"] == "eyelid_upper_left"
    assert old["schema_version"] == 0  # the input is untouched
    assert "entries" in old
    assert migrations.oldest_supported() == 0


def test_migrate_chains_steps_up_to_a_target(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def step(n: int) -> migrations.Migration:
        def run(data: JournalDict) -> JournalDict:
            seen.append(data["schema_version"])
            # A step that forgets to bump the version is still counted once.
            return {**data, f"added_in_{n + 1}": True}

        return run

    for n in (1, 2, 3):
        monkeypatch.setitem(migrations.MIGRATIONS, n, step(n))
    result = migrations.migrate({"schema_version": 1}, target=4)
    assert seen == [1, 2, 3]
    assert result == {
        "schema_version": 4,
        "added_in_2": True,
        "added_in_3": True,
        "added_in_4": True,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"schema_version": 0}, "no upgrade from schema 0 to 1"),
        ({"schema_version": "1"}, "whole number"),
        ({"schema_version": True}, "whole number"),
        ({}, "whole number"),
        ({"schema_version": SCHEMA_VERSION + 1}, "cannot downgrade"),
    ],
)
def test_migrate_refuses_what_it_cannot_do(data: JournalDict, message: str) -> None:
    with pytest.raises(MigrationError, match=message):
        migrations.migrate(data)


@pytest.mark.usefixtures("fake_v0")
def test_a_failing_step_is_a_migration_error() -> None:
    with pytest.raises(
        MigrationError, match="upgrading from schema 0 failed: KeyError"
    ):
        migrations.migrate({"schema_version": 0})


@pytest.mark.usefixtures("fake_v0")
def test_store_migrates_on_load_and_backs_up_before_saving(
    folder: Path, clock: FakeClock
) -> None:
    folder.mkdir()
    path = folder / JOURNAL_FILE
    original = json.dumps(_v0_from_v1()).encode()
    path.write_bytes(original)
    store = JournalStore(folder, clock=clock)
    journal = store.load()
    assert journal == sample_journal()
    assert store.migrated_from == 0
    assert not store.read_only
    # Loading alone changes nothing on disk.
    assert path.read_bytes() == original
    assert store.list_backups() == []
    clock.advance(minutes=1)
    store.save(journal)
    (backup,) = store.list_backups()
    assert backup.reason == "before-migration"
    assert backup.path.read_bytes() == original
    assert json.loads(path.read_bytes())["schema_version"] == SCHEMA_VERSION
    assert store.migrated_from is None
    assert JournalStore(folder).load() == journal


@pytest.mark.usefixtures("fake_v0")
def test_update_of_an_old_file_also_backs_it_up(folder: Path) -> None:
    folder.mkdir()
    original = json.dumps(_v0_from_v1()).encode()
    (folder / JOURNAL_FILE).write_bytes(original)
    store = JournalStore(folder)
    store.update(lambda j: j)
    assert [b.reason for b in store.list_backups()] == ["before-migration"]


@pytest.mark.usefixtures("fake_v0")
def test_an_old_file_that_cannot_be_upgraded_is_left_alone(folder: Path) -> None:
    folder.mkdir()
    data = _v0_from_v1()
    del data["entries"]
    raw = json.dumps(data).encode()
    (folder / JOURNAL_FILE).write_bytes(raw)
    store = JournalStore(folder)
    with pytest.raises(JournalError) as caught:
        store.load()
    assert caught.value.where == "schema_version"
    assert "upgrading from schema 0 failed" in caught.value.what
    assert (folder / JOURNAL_FILE).read_bytes() == raw


@pytest.mark.usefixtures("fake_v0")
def test_an_upgraded_file_with_a_bad_field_names_the_field(folder: Path) -> None:
    folder.mkdir()
    data = _v0_from_v1()
    data["entries"][0]["intensity"] = 42
    (folder / JOURNAL_FILE).write_text(json.dumps(data))
    with pytest.raises(JournalError) as caught:
        JournalStore(folder).load()
    assert caught.value.where == "episodes[0].intensity"


def test_a_real_schema_1_journal_upgrades_to_the_current_one_with_a_backup_first(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    v1 = (
        b'{"format": "twitchtrack-journal", "schema_version": 1, "settings": {},\n'
        b' "episodes": [{"id": "0b8c3a52-55a4-4f0e-8a51-6a4c1f0d9a11",'
        b' "at": "2026-03-01T21:15:00+01:00", "region": "calf_left",'
        b' "created_at": "2026-03-01T20:15:00Z",'
        b' "updated_at": "2026-03-01T20:15:00Z"}],'
        b' "days": []}\n'
    )
    (folder / "journal.json").write_bytes(v1)
    store = JournalStore(folder)
    journal = store.load()
    assert [e.region for e in journal.episodes] == ["calf_left"]
    assert journal.self_checks == []
    assert (folder / "journal.json").read_bytes() == v1  # loading writes nothing
    store.save(journal)
    [backup] = store.list_backups()
    assert backup.reason == "before-migration"
    assert backup.path.read_bytes() == v1
    reloaded = JournalStore(folder).load()
    assert reloaded.schema_version == SCHEMA_VERSION
    assert [e.id for e in reloaded.episodes] == [e.id for e in journal.episodes]


V2 = (
    b'{"format":"twitchtrack-journal","schema_version":2,"settings":{"units":"us"},\n'
    b'"episodes":[\n{"id":"0b8c3a52-55a4-4f0e-8a51-6a4c1f0d9a11",'
    b'"created_at":"2026-03-01T20:15:00Z","updated_at":"2026-03-01T20:20:00Z",'
    b'"deleted_at":null,"at":"2026-03-01T21:15:00+01:00","region":"calf_left",'
    b'"tap":null,"intensity":4,"duration_s":null,"kind":"twitch","pattern":null,'
    b'"at_rest":null,"seen":null,"weakness":false,"numbness":false,'
    b'"speech_swallowing":false,"pain":false,"wasting":false,"note":"after tea",'
    b'"tags":[]}\n],\n'
    b'"days":[\n{"id":"3d2e4c1b-7f8a-5b6c-9d0e-1f2a3b4c5d6e",'
    b'"created_at":"2026-03-01T20:15:00Z","updated_at":"2026-03-01T20:15:00Z",'
    b'"deleted_at":null,"date":"2026-03-01","caffeine_mg":190.0,"sleep_h":6.5,'
    b'"sleep_quality":null,"water_ml":null,"stress":4,"exercise_min":null,'
    b'"alcohol_units":null,"magnesium_mg":null,"medications":[],"tags":[],'
    b'"note":""}\n],"self_checks":[]}\n'
)


def test_a_real_schema_2_journal_upgrades_to_the_current_schema_with_a_backup_first(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    (folder / "journal.json").write_bytes(V2)
    store = JournalStore(folder, device="a3f9c0de11223344")
    journal = store.load()
    assert store.migrated_from == 2
    (ep,) = journal.episodes
    (day,) = journal.days
    # Schema 3 only adds optional fields: nothing known about them in an old file.
    assert (ep.device, day.device, day.tracking) == (None, None, None)
    assert journal.written_by is None
    assert (ep.note, ep.intensity, day.caffeine_mg, day.stress) == (
        "after tea",
        4,
        190,
        4,
    )
    assert journal.settings.units == "us"
    assert (folder / "journal.json").read_bytes() == V2  # loading writes nothing
    store.save(journal)
    [backup] = store.list_backups()
    assert backup.reason == "before-migration"
    assert backup.path.read_bytes() == V2
    written = json.loads((folder / "journal.json").read_bytes())
    assert written["schema_version"] == SCHEMA_VERSION == 4
    # Schema 4's record lists start empty.
    for name in ("intakes", "sleeps", "samples", "experiments"):
        assert written[name] == []
    assert written["written_by"] == "a3f9c0de11223344"
    assert written["days"][0]["tracking"] is None
    assert written["episodes"][0]["device"] is None
    reloaded = JournalStore(folder).load()
    assert reloaded.episodes == journal.episodes
    assert reloaded.days == journal.days


def test_the_schema_2_and_3_steps_change_no_value() -> None:
    data: JournalDict = json.loads(V2)
    assert migrations.migrate(data, target=3) == {**data, "schema_version": 3}
    upgraded = migrations.migrate(data)
    assert upgraded == {
        **data,
        "schema_version": 4,
        "intakes": [],
        "sleeps": [],
        "samples": [],
        "experiments": [],
    }
