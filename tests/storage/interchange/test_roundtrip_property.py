"""Export -> import round trips as the person meets them: through ``apply_import``.

``test_exports.py`` checks that ``read_import`` gives back what was exported.
These properties go one step further, to what an import does to a journal:
importing an export into an empty journal rebuilds it, importing your own export
changes nothing, importing the same file twice adds nothing the second time, and
a CSV export read back and exported again is byte for byte the same.
"""

from __future__ import annotations

import tempfile
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchtrack.domain.models import (
    DayLog,
    Episode,
    Journal,
    Kind,
    SelfCheck,
    Settings,
    TapPoint,
    Units,
    day_id,
)
from twitchtrack.domain.regions import REGIONS, View
from twitchtrack.storage.interchange import (
    apply_import,
    export_csv,
    export_json,
    read_import,
)

_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

_zones = st.integers(-12 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
_instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2025, 12, 31), timezones=_zones
)
_text = st.sampled_from(["", "ok", "a, b", 'say "hi"', "two\nlines", "é 眼 🙂", "x;y"])
_items = st.sampled_from(["Cetirizine", "a;b", "back\\slash", "café", "two words"])
_flag = st.none() | st.booleans()


@st.composite
def _record_fields(draw: st.DrawFn) -> dict[str, Any]:
    created = draw(_instants)
    updated = created + timedelta(seconds=draw(st.integers(0, 10**7)))
    return {
        "id": draw(st.uuids()),
        "created_at": created,
        "updated_at": updated,
        "deleted_at": draw(st.sampled_from([None, None, updated])),
    }


@st.composite
def _episodes(draw: st.DrawFn) -> Episode:
    tap = draw(
        st.none()
        | st.builds(
            TapPoint,
            view=st.sampled_from(list(View)),
            x=st.floats(0, 1),
            y=st.floats(0, 1),
        )
    )
    return Episode(
        **draw(_record_fields()),
        at=draw(_instants),
        region=draw(st.sampled_from([r.id for r in REGIONS])),
        tap=tap,
        intensity=draw(st.integers(1, 10)),
        duration_s=draw(st.none() | st.floats(0, 3_600)),
        kind=draw(st.sampled_from(list(Kind))),
        at_rest=draw(_flag),
        weakness=draw(st.booleans()),
        note=draw(_text),
        tags=draw(st.lists(_items, max_size=2, unique=True)),
    )


@st.composite
def _days(draw: st.DrawFn) -> list[DayLog]:
    out = []
    for day in draw(
        st.lists(
            st.dates(date(2000, 1, 1), date(2025, 12, 31)), unique=True, max_size=4
        )
    ):
        fields = draw(_record_fields())
        fields["id"] = draw(st.just(day_id(day)) | st.uuids())
        out.append(
            DayLog(
                **fields,
                date=day,
                caffeine_mg=draw(st.none() | st.floats(0, 2_000)),
                sleep_h=draw(st.none() | st.floats(0, 24)),
                stress=draw(st.none() | st.integers(0, 10)),
                tracking=draw(st.sampled_from([None, "all", "some", "off"])),
                medications=draw(st.lists(_items, max_size=2, unique=True)),
                note=draw(_text),
            )
        )
    return out


@st.composite
def _self_checks(draw: st.DrawFn) -> SelfCheck:
    return SelfCheck(
        **draw(_record_fields()),
        date=draw(st.dates(date(2000, 1, 1), date(2025, 12, 31))),
        weakness=draw(_flag),
        falls=draw(_flag),
        note=draw(_text),
    )


@st.composite
def _journals(draw: st.DrawFn) -> Journal:
    return Journal(
        settings=Settings(units=draw(st.sampled_from(list(Units)))),
        episodes=draw(st.lists(_episodes(), max_size=5, unique_by=lambda e: e.id)),
        days=draw(_days()),
        self_checks=draw(
            st.lists(_self_checks(), max_size=2, unique_by=lambda s: s.id)
        ),
    )


def _by_id(records: list[Any]) -> dict[uuid.UUID, str]:
    """Records as exact JSON text by id (offsets, None vs 0 and stamps all count)."""
    return {r.id: r.model_dump_json() for r in records}


def _records(journal: Journal) -> tuple[dict[uuid.UUID, str], ...]:
    return (
        _by_id(journal.episodes),
        _by_id(journal.days),
        _by_id(journal.self_checks),
    )


def _live(journal: Journal) -> tuple[dict[uuid.UUID, str], ...]:
    return _by_id(journal.live_episodes()), _by_id(journal.live_days())


def _export(journal: Journal, folder: Path, kind: str) -> list[Path]:
    if kind == "csv":
        return list(export_csv(journal, folder / "csv"))
    return [export_json(journal, folder / "journal.json")]


@_SETTINGS
@given(journal=_journals())
def test_json_export_imported_into_an_empty_journal_rebuilds_it(
    journal: Journal,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _export(journal, Path(tmp), "json")
        rebuilt, summary = apply_import(Journal(), read_import(paths))
    assert _records(rebuilt) == _records(journal)
    assert summary.episodes_new == len(journal.live_episodes())
    assert summary.days_new == len(journal.live_days())
    assert summary.updated == 0


@_SETTINGS
@given(journal=_journals())
def test_csv_export_imported_into_an_empty_journal_rebuilds_what_is_live(
    journal: Journal,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _export(journal, Path(tmp), "csv")
        rebuilt, _summary = apply_import(Journal(), read_import(paths))
    assert _live(rebuilt) == _live(journal)
    assert rebuilt.episodes == rebuilt.live_episodes()  # deletions are not exported


@_SETTINGS
@given(journal=_journals(), kind=st.sampled_from(["csv", "json"]))
def test_importing_your_own_export_changes_nothing(journal: Journal, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _export(journal, Path(tmp), kind)
        after, summary = apply_import(journal, read_import(paths))
    assert _records(after) == _records(journal)
    assert after.settings == journal.settings
    assert (summary.episodes_new, summary.days_new, summary.updated) == (0, 0, 0)


@_SETTINGS
@given(
    base=_journals(),
    source=_journals(),
    kind=st.sampled_from(["csv", "json"]),
)
def test_the_same_export_imported_twice_adds_nothing_the_second_time(
    base: Journal, source: Journal, kind: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        incoming = read_import(_export(source, Path(tmp), kind))
    once, _first = apply_import(base, incoming)
    twice, second = apply_import(once, incoming)
    assert _records(twice) == _records(once)
    assert (second.episodes_new, second.days_new, second.updated) == (0, 0, 0)
    records = len(incoming.episodes) + len(incoming.days) + len(incoming.self_checks)
    # A record both sides hold with other values at the same stamp is not applied
    # and is reported as differing, never as "already present".
    assert second.unchanged + second.differing == records


@_SETTINGS
@given(journal=_journals())
def test_a_csv_export_read_back_exports_byte_for_byte_the_same(
    journal: Journal,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first = [p.read_bytes() for p in export_csv(journal, folder / "one")]
        back = read_import([folder / "one"])
        second = [p.read_bytes() for p in export_csv(back, folder / "two")]
    assert second == first
