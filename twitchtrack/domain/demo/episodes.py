"""Demo episodes: places, times of day, kinds, patterns and bookkeeping stamps."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from twitchtrack.domain.models import Episode

# Region weights: the favourite eye gets most eyelid episodes; "fav"/"other" are
# replaced by the seeded side.
_REGION_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("eyelid_lower_fav", 0.26),
    ("eyelid_upper_fav", 0.08),
    ("eyelid_lower_other", 0.04),
    ("eyelid_upper_other", 0.02),
    ("calf_left", 0.12),
    ("calf_right", 0.11),
    ("thigh_front_left", 0.035),
    ("thigh_front_right", 0.035),
    ("thigh_back_left", 0.02),
    ("thigh_back_right", 0.02),
    ("upper_arm_front_left", 0.025),
    ("upper_arm_front_right", 0.025),
    ("forearm_front_left", 0.015),
    ("forearm_front_right", 0.02),
    ("upper_arm_back_right", 0.01),
    ("eyebrow_fav", 0.02),
    ("cheek_fav", 0.015),
    ("lip_lower", 0.01),
    ("thumb_right", 0.01),
    ("abdomen_upper", 0.015),
    ("upper_back_left", 0.01),
    ("shoulder_back_right", 0.01),
    ("foot_top_right", 0.01),
    ("sole_left", 0.01),
    ("shin_left", 0.01),
)

_KINDS = ("twitch", "flutter", "cramp", "spasm")
_PATTERNS: tuple[str | None, ...] = ("single", "burst", "continuous", None)

_EPISODE_NOTES = (
    "while reading",
    "at the desk",
    "watching TV",
    "after a long walk",
    "lying in bed",
    "after espresso at the café",
    "in a meeting, nobody noticed",
    "driving home",
    "could see it ripple under the skin",
    "comes and goes",
)

_EPISODE_TAGS = ("screen", "reading", "after run", "driving", "in bed")


def _uuids(rng: np.random.Generator, count: int) -> list[uuid.UUID]:
    raw = rng.bytes(16 * count)
    return [
        uuid.UUID(bytes=raw[i : i + 16], version=4) for i in range(0, 16 * count, 16)
    ]


def demo_episodes(
    rng: np.random.Generator,
    counts: NDArray[np.int64],
    start: date,
    aware: Callable[[datetime], datetime],
    now: datetime | None,
) -> list[Episode]:
    """``counts[i]`` episodes on day ``start + i``; ``aware`` gives a naive local
    time its zone. With ``now``, nothing is stamped after it."""
    total = int(counts.sum())
    day_index = np.repeat(np.arange(counts.size), counts)

    # Time of day: evening peak, afternoon hump, and some at any waking hour.
    mix = rng.random(total)
    hours = np.where(
        mix < 0.55,
        rng.normal(20.75, 1.6, total),
        np.where(
            mix < 0.8, rng.normal(15.0, 2.5, total), rng.uniform(7.0, 23.5, total)
        ),
    )
    seconds = np.clip((hours * 3600.0).astype(np.int64), 6 * 3600, 86_399)
    order = np.lexsort((seconds, day_index))
    day_index, seconds = day_index[order], seconds[order]

    fav, other = ("left", "right") if rng.random() < 0.5 else ("right", "left")
    names = [
        name.replace("fav", fav).replace("other", other) for name, _ in _REGION_WEIGHTS
    ]
    weights = np.array([w for _, w in _REGION_WEIGHTS])
    region_idx = rng.choice(len(names), total, p=weights / weights.sum())
    is_eyelid = np.array([n.startswith("eyelid") for n in names])[region_idx]
    is_calf = np.array([n.startswith("calf") for n in names])[region_idx]

    u = rng.random(total)
    kind_idx = np.where(
        is_eyelid,
        np.where(u < 0.6, 1, 0),
        np.where(
            is_calf, np.select([u < 0.84, u < 0.9], [0, 2], 3), np.where(u < 0.9, 0, 3)
        ),
    )
    u = rng.random(total)
    pattern_idx = np.where(
        is_eyelid,
        np.select([u < 0.35, u < 0.7, u < 0.95], [0, 1, 2], 3),
        np.select([u < 0.75, u < 0.92, u < 0.95], [0, 1, 2], 3),
    )
    is_cramp = kind_idx == 2
    # Typical length per pattern (single, burst, continuous, unknown) in seconds.
    typical = np.array([3.0, 30.0, 300.0, 10.0])[pattern_idx]
    typical = np.where(is_cramp, 60.0, typical)
    duration = np.clip(np.round(typical * rng.lognormal(0.0, 0.6, total)), 1.0, 7200.0)
    duration_known = rng.random(total) >= np.where(pattern_idx == 3, 0.7, 0.12)

    intensity = rng.choice(
        np.arange(1, 9), total, p=[0.05, 0.21, 0.31, 0.24, 0.12, 0.04, 0.02, 0.01]
    )
    intensity = np.where(is_cramp, np.maximum(intensity, 5), intensity)
    pain = rng.random(total) < np.where(is_cramp, 0.3, 0.002)
    numbness = rng.random(total) < 0.0007
    at_rest = rng.choice([2, 1, 0], total, p=[0.4, 0.45, 0.15])  # 2 = not recorded
    seen = rng.choice([2, 1, 0], total, p=[0.6, 0.3, 0.1])
    note_idx = np.where(
        rng.random(total) < 0.04, rng.integers(0, len(_EPISODE_NOTES), total), -1
    )
    tag_idx = np.where(
        rng.random(total) < 0.03, rng.integers(0, len(_EPISODE_TAGS), total), -1
    )

    # Most are logged within a couple of minutes; some are written down hours later.
    delay = np.where(
        rng.random(total) < 0.8,
        rng.exponential(40.0, total),
        rng.uniform(600.0, 6 * 3600.0, total),
    )
    edit = np.where(rng.random(total) < 0.06, rng.uniform(60.0, 86_400.0, total), 0.0)
    ids = _uuids(rng, total)

    midnights = [
        datetime.combine(start, datetime.min.time()) + timedelta(days=i)
        for i in range(counts.size)
    ]
    fields: dict[str, list[Any]] = {
        "day": day_index.tolist(),
        "sec": seconds.tolist(),
        "region": region_idx.tolist(),
        "kind": kind_idx.tolist(),
        "pattern": pattern_idx.tolist(),
        "duration": duration.tolist(),
        "dknown": duration_known.tolist(),
        "intensity": intensity.tolist(),
        "pain": pain.tolist(),
        "numbness": numbness.tolist(),
        "at_rest": at_rest.tolist(),
        "seen": seen.tolist(),
        "note": note_idx.tolist(),
        "tag": tag_idx.tolist(),
        "delay": delay.tolist(),
        "edit": edit.tolist(),
    }
    tri = (False, True, None)  # codes drawn above: 0 = no, 1 = yes, 2 = not recorded
    out: list[Episode] = []
    for i in range(total):
        naive = midnights[fields["day"][i]] + timedelta(seconds=fields["sec"][i])
        at = aware(naive)
        if now is not None and at > now:
            continue
        created = at.astimezone(UTC) + timedelta(seconds=round(fields["delay"][i], 3))
        updated = created + timedelta(seconds=round(fields["edit"][i], 3))
        if now is not None:
            created, updated = min(created, now), min(updated, now)
        note_i, tag_i = fields["note"][i], fields["tag"][i]
        out.append(
            Episode.model_validate(
                {
                    "id": ids[i],
                    "created_at": created,
                    "updated_at": updated,
                    "at": at,
                    "region": names[fields["region"][i]],
                    "intensity": fields["intensity"][i],
                    "duration_s": fields["duration"][i]
                    if fields["dknown"][i]
                    else None,
                    "kind": _KINDS[fields["kind"][i]],
                    "pattern": _PATTERNS[fields["pattern"][i]],
                    "at_rest": tri[fields["at_rest"][i]],
                    "seen": tri[fields["seen"][i]],
                    "pain": fields["pain"][i],
                    "numbness": fields["numbness"][i],
                    "note": _EPISODE_NOTES[note_i] if note_i >= 0 else "",
                    "tags": [_EPISODE_TAGS[tag_i]] if tag_i >= 0 else [],
                }
            )
        )
    return out
