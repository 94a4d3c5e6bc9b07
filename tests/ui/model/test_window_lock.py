"""The one-window lock: private, says nothing about the computer, never stale
(issue #13, item 9)."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import ROOT
from twitchtrack.ui.model import INSTANCE_LOCK_FILE, acquire_instance_lock

_HOLDER = """
import sys
from pathlib import Path
from twitchtrack.ui.model import acquire_instance_lock
lock = acquire_instance_lock(Path(sys.argv[1]))
print("held" if lock is not None and lock.isLocked() else "refused", flush=True)
sys.stdin.readline()
"""


def _holder(folder: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def test_the_lock_file_is_private_and_empty_whatever_the_umask(
    qapp: object, data_dir: Path
) -> None:
    old = os.umask(0)
    try:
        lock = acquire_instance_lock(data_dir)
    finally:
        os.umask(old)
    assert lock is not None
    assert lock.isLocked()
    path = data_dir / INSTANCE_LOCK_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert path.read_bytes() == b""  # no host name, machine id or boot id
    lock.unlock()
    assert not lock.isLocked()


def test_an_old_or_copied_lock_file_is_taken_over_and_emptied(
    qapp: object, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / INSTANCE_LOCK_FILE
    # What QLockFile wrote (pid, app, host, machine id, boot id), world-readable;
    # or a copy a sync tool brought from another computer.
    path.write_text(f"4242\ntwitchtrack\n{socket.gethostname()}\nabc\ndef\n")
    os.chmod(path, 0o644)
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    assert lock.isLocked()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b""
    lock.unlock()


def test_another_process_is_refused_until_the_holder_dies(
    qapp: object, data_dir: Path
) -> None:
    first, said = _holder(data_dir)
    try:
        assert said == "held"
        second, refused = _holder(data_dir)
        second.communicate("\n", timeout=60)
        assert refused == "refused"
        assert acquire_instance_lock(data_dir) is None
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=60)
    # A killed window leaves no stale lock behind.
    again = acquire_instance_lock(data_dir)
    assert again is not None
    again.unlock()
