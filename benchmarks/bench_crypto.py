"""Benchmark: open and save of a 10-year journal, plain and encrypted.

The key derivation runs once at unlock and is timed on its own row; open and save
rows exclude it (the issue's target: an encrypted save within 2x a plain one).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_storage import _journal  # noqa: E402
from twitchtrack.domain.models import Episode, Journal  # noqa: E402
from twitchtrack.storage.crypto import folder as crypto  # noqa: E402
from twitchtrack.storage.crypto.keys import KdfParams, password_key  # noqa: E402
from twitchtrack.storage.journal_store import JournalStore  # noqa: E402

PASSWORD = "benchmark password"
TARGETS_MS: dict[str, float] = {}
RATIO_TARGETS = {"save_encrypted_over_plain_10y_ratio": 2.0}


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def _one_more(journal: Journal) -> Journal:
    last = journal.episodes[-1]
    return journal.with_records(episodes=[Episode(at=last.at, region="chin")])


def _open_and_save(
    plain: Path, sealed: Path, repeats: int
) -> tuple[float, float, float, float]:
    """Median open and save times of both folders. The saves alternate, so a busy
    moment of the machine falls on both alike, and each starts with nothing else
    left to write (an fsync would otherwise also wait for the other's file)."""
    open_plain = _median_ms(lambda: JournalStore(plain).load(), repeats)
    open_sealed = _median_ms(lambda: JournalStore(sealed).load(), repeats)
    stores = [JournalStore(plain), JournalStore(sealed)]
    current = [store.load() for store in stores]
    saves: list[list[float]] = [[], []]
    for _ in range(repeats):
        for i, store in enumerate(stores):
            changed = _one_more(current[i])
            # Nothing else waits to be written: each save's fsync is its own.
            os.sync()
            start = time.perf_counter()
            current[i] = store.save(changed)
            saves[i].append((time.perf_counter() - start) * 1000.0)
    save_plain, save_sealed = (statistics.median(s) for s in saves)
    return open_plain, open_sealed, save_plain, save_sealed


def run(quick: bool = False) -> dict[str, float]:
    years = 1 if quick else 10
    repeats = 3 if quick else 11
    work = Path(tempfile.mkdtemp(prefix="twitchtrack-bench-crypto-"))
    try:
        plain, sealed = work / "plain", work / "sealed"
        for folder in (plain, sealed):
            folder.mkdir(mode=0o700)
            JournalStore(folder).save(_journal(years))
        store = JournalStore(sealed)
        crypto.encrypt_folder(sealed, PASSWORD, locked=store.locked)
        crypto.lock(sealed)
        kdf_ms = _median_ms(
            lambda: password_key(PASSWORD, KdfParams.fresh()), 1 if quick else 3
        )
        crypto.unlock(sealed, password=PASSWORD)
        open_plain, open_sealed, save_plain, save_sealed = _open_and_save(
            plain, sealed, repeats
        )
        crypto.lock(sealed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    y = f"{years}y"
    return {
        "unlock_kdf_ms": kdf_ms,
        f"open_plain_{y}_ms": open_plain,
        f"open_encrypted_{y}_ms": open_sealed,
        f"open_encrypted_over_plain_{y}_ratio": open_sealed / open_plain,
        f"save_plain_{y}_ms": save_plain,
        f"save_encrypted_{y}_ms": save_sealed,
        f"save_encrypted_over_plain_{y}_ratio": save_sealed / save_plain,
    }


if __name__ == "__main__":
    for name, value in run(quick="--quick" in sys.argv).items():
        print(f"{name:40s} {value:9.2f}")
