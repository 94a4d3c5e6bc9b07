"""Benchmark: load and durable save of a synthetic journal of some years."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from twitchtrack.domain.models import DayLog, Episode, Journal  # noqa: E402
from twitchtrack.storage.durable import atomic_write_bytes  # noqa: E402
from twitchtrack.storage.journal_store import JournalStore  # noqa: E402

REPEATS = 7
END = date(2025, 12, 31)


def _median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def _journal(years: int) -> Journal:
    """The shared demo journal when it exists, else ~8 episodes and a check-in a day."""
    try:
        from twitchtrack.domain.demo import generate_demo
    except ModuleNotFoundError:
        return _simple_journal(365 * years)
    return generate_demo(days=365 * years, seed=years, end=END, tz=UTC)


def _simple_journal(days: int) -> Journal:
    start = END - timedelta(days=days - 1)
    episodes = []
    logs = []
    for n in range(days):
        day = start + timedelta(days=n)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        for k in range(8):
            at = noon + timedelta(minutes=37 * k)
            episodes.append(
                Episode(at=at, region="calf_left", created_at=at, updated_at=at)
            )
        logs.append(DayLog.for_day(day, sleep_h=7.0, caffeine_mg=95.0, stress=3))
    return Journal(episodes=episodes, days=logs)


def run(years: int) -> dict[str, float]:
    """Medians in ms: ``load_ms`` (JournalStore.load), ``json_loads_ms`` (the same
    bytes through json.loads), ``save_ms`` (durable save after logging one episode,
    the GUI's common case), ``first_save_ms`` (the first save after a load, which
    also takes the automatic backup), ``write_ms`` (their floor: one atomic write
    of the same bytes), plus sizes."""
    journal = _journal(years)
    folder = Path(tempfile.mkdtemp(prefix=f"tt-bench-storage-{years}y-")) / "data"
    try:
        JournalStore(folder).save(journal)
        raw = (folder / "journal.json").read_bytes()
        load_ms = _median_ms(lambda: JournalStore(folder).load())
        json_ms = _median_ms(lambda: json.loads(raw))

        base = max(e.at for e in journal.episodes) if journal.episodes else None
        base = base or datetime(2025, 12, 31, 12, tzinfo=UTC)
        step = [0]

        def one_more(current: Journal) -> Journal:
            step[0] += 1
            at = base + timedelta(seconds=step[0])
            return current.with_records([Episode(at=at, region="eyelid_upper_left")])

        # First save of a session: the journal where this program wrote it (so
        # its trust note tells where its lists are), with no backup yet, so the
        # save also takes the automatic backup of the previous state.
        first: list[float] = []
        original = (folder / "journal.json").read_bytes()
        for _ in range(5):
            # Rewritten by this program, as the previous session left it.
            (folder / "journal.json").unlink()
            JournalStore(folder).save(Journal.model_validate_json(original))
            shutil.rmtree(folder / "backups", ignore_errors=True)
            fresh = JournalStore(folder)
            changed = one_more(fresh.load())
            # The files just replaced and removed are on disk first, as a previous
            # session's are by the time a person clicks: their pending metadata
            # would otherwise be committed by the save's fsync and charged to it.
            os.sync()
            start = time.perf_counter()
            fresh.save(changed)
            first.append((time.perf_counter() - start) * 1000.0)
        first_save_ms = statistics.median(first)

        store = JournalStore(folder)
        current = store.load()
        current = store.save(one_more(current))

        # Only the save is timed: the window keeps its records indexed and never
        # rebuilds the journal list by list for a click, as with_records does.
        saves: list[float] = []
        for _ in range(REPEATS):
            changed = one_more(current)
            start = time.perf_counter()
            current = store.save(changed)
            saves.append((time.perf_counter() - start) * 1000.0)
        save_ms = statistics.median(saves)

        # The floor of a save: the one atomic write (temp file, fsync, rename,
        # folder fsync) of the bytes the save wrote, beside the journal.
        written = (folder / "journal.json").read_bytes()
        floor = folder / "floor.json"
        write_ms = _median_ms(lambda: atomic_write_bytes(floor, written))
        floor.unlink()
        return {
            "load_ms": load_ms,
            "json_loads_ms": json_ms,
            "save_ms": save_ms,
            "first_save_ms": first_save_ms,
            "write_ms": write_ms,
            "size_mb": len(raw) / 1e6,
            "episodes": float(len(journal.episodes)),
            "days": float(len(journal.days)),
        }
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    for y in (int(a) for a in (sys.argv[1:] or ["1", "10", "50"])):
        result = run(y)
        print(f"{y:>3} y: " + "  ".join(f"{k}={v:.1f}" for k, v in result.items()))
