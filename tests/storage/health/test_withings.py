"""Withings: sleep.csv with a header in the account's language."""

from __future__ import annotations

import pytest

from twitchtrack.storage.health import read_health
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import BERLIN, FIXTURES, at, hours, ids

BASE = FIXTURES / "withings"


def test_english_sleep_csv_gives_the_nights() -> None:
    read = read_health(BASE / "en" / "sleep.csv", tz=BERLIN)
    assert read is not None
    assert read.platform == "Withings"
    assert len(read.sleeps) == 2
    night, dst = sorted(read.sleeps, key=lambda s: s.start)
    assert night.start == at("2024-01-14T22:55:00+01:00")
    assert hours(night) == pytest.approx(7 + 40 / 60)
    assert hours(dst) == 6.5
    assert read.skipped == {"no sleep measured": 1}
    assert read.counts == {"Withings": {"sleep": 2}}


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_localised_headers_read_the_same_night(language: str) -> None:
    english = read_health(BASE / "en" / "sleep.csv", tz=BERLIN)
    local = read_health(BASE / language / "sleep.csv", tz=BERLIN)
    assert english is not None
    assert local is not None
    first = min(local.sleeps, key=lambda s: s.start)
    assert first.start == at("2024-01-14T22:55:00+01:00")
    assert first.end == at("2024-01-15T06:35:00+01:00")
    if language != "es":  # the Spanish file has no offsets: another identity
        assert ids(local) <= ids(english)


def test_truncated_csv_is_refused_with_its_line() -> None:
    path = BASE / "truncated" / "sleep.csv"
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.file == path
    assert problem.line == 2
