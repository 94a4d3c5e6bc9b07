"""The map's recent heat: the last 30 days and the newest episode, in any offsets."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from tests.ui.conftest import MakeModel
from twitchtrack.domain.models import Episode, Journal
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.window.heat import HEAT_DAYS, RecentHeat

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


def test_heat_and_newest_match_a_plain_comparison_of_instants(
    make_model: MakeModel, data_dir: Path
) -> None:
    rng = random.Random(15)
    episodes = []
    for n in range(600):
        # Offsets from -12 h to +14 h, times scattered around the 30-day cut-off
        # and the newest ones, and the list in no order at all.
        offset = timezone(timedelta(minutes=15 * rng.randint(-48, 56)))
        at = (
            NOW
            - timedelta(days=rng.uniform(0, 70))
            + timedelta(hours=rng.uniform(-30, 30))
        )
        deleted = at if n % 23 == 0 else None
        episodes.append(
            Episode(
                at=at.astimezone(offset),
                region="calf_left",
                created_at=at,
                updated_at=at,
                deleted_at=deleted,
            )
        )
    rng.shuffle(episodes)
    JournalStore(data_dir).save(Journal(episodes=episodes))
    model = make_model(clock=lambda: NOW.astimezone(timezone(timedelta(hours=-5))))
    heat = RecentHeat(model)
    newest = heat.rebuild()
    live = [e for e in episodes if e.deleted_at is None]
    cutoff = NOW - timedelta(days=HEAT_DAYS)
    assert newest is not None
    assert newest.id == max(live, key=lambda e: e.at).id
    recent = [e for e in live if e.at >= cutoff]
    assert heat.counts() == {"calf_left": float(len(recent))}
