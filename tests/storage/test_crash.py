"""Kill -9 during saves: the journal always loads and keeps every acknowledged save."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import IO

import pytest

from tests.storage.conftest import episode
from twitchtrack.domain.models import Journal
from twitchtrack.storage.journal_store import JournalStore

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 60
TIMEOUT_S = 20.0

# The child imports everything once, then forks a saver for each round: a fresh
# interpreter per round would spend seconds on imports. Each saver logs episodes
# forever and prints "ack <id>" only after save() returned; the test kills it.
SAVER = r"""
import os, sys
from datetime import UTC, datetime
from pathlib import Path

from twitchtrack.domain.models import Episode
from twitchtrack.storage.journal_store import JournalStore

folder = Path(sys.argv[1])


def save_forever():
    store = JournalStore(folder)
    journal = store.load()
    n = 0
    while True:
        n += 1
        e = Episode(at=datetime.now(UTC), region="calf_left", note="x" * (n % 40))
        journal = store.save(journal.with_records([e]))
        os.write(1, f"ack {e.id}\n".encode())


for line in sys.stdin:
    if line.strip() != "go":
        break
    pid = os.fork()
    if pid == 0:
        try:
            save_forever()
        finally:
            os._exit(3)
    os.write(1, f"child {pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"dead {pid} {status}\n".encode())
"""


def _line(stream: IO[bytes]) -> str:
    ready, _, _ = select.select([stream], [], [], TIMEOUT_S)
    if not ready:
        raise AssertionError("the saving process stopped answering")
    line = stream.readline()
    if not line:
        raise AssertionError("the saving process exited")
    return line.decode().strip()


@pytest.mark.slow
def test_kill_during_saves_never_loses_an_acknowledged_record(
    folder: Path, tmp_path: Path
) -> None:
    JournalStore(folder).save(Journal(episodes=[episode(i) for i in range(400)]))
    rng = random.Random(20261123)
    errors = tmp_path / "stderr.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with errors.open("wb") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err_file,
            env=env,
            cwd=ROOT,
            bufsize=0,
        )
    assert proc.stdin is not None
    assert proc.stdout is not None
    acked: set[uuid.UUID] = set()
    killed_mid_save = 0
    try:
        for _ in range(ROUNDS):
            proc.stdin.write(b"go\n")
            kind, pid_text = _line(proc.stdout).split()
            assert kind == "child"
            pid = int(pid_text)
            for _ in range(rng.randint(0, 3)):
                kind, value = _line(proc.stdout).split()
                assert kind == "ack", errors.read_text()
                acked.add(uuid.UUID(value))
            # Not synchronisation: a random pause so kills land at random points.
            time.sleep(rng.uniform(0.0, 0.004))
            os.kill(pid, signal.SIGKILL)
            while True:
                words = _line(proc.stdout).split()
                if words[0] == "dead":
                    status = int(words[2])
                    assert os.WIFSIGNALED(status), errors.read_text()
                    assert os.WTERMSIG(status) == signal.SIGKILL
                    break
                acked.add(uuid.UUID(words[1]))
            if list(folder.glob(".journal.json.*.tmp")):
                killed_mid_save += 1
            journal = JournalStore(folder).load()
            missing = acked - {e.id for e in journal.episodes}
            assert not missing, f"{len(missing)} acknowledged records lost"
            assert not list(folder.rglob("*.tmp")), "stale temp files not removed"
    finally:
        proc.stdin.close()
        proc.wait(timeout=TIMEOUT_S)
        proc.stdout.close()
    assert len(acked) >= ROUNDS // 2
    # The kills did land inside saves, which is the case being tested.
    assert killed_mid_save >= 1
