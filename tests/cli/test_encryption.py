"""The encrypted journal from the command line: passwords from files, never
arguments; wrong keys exit 3 with one line; nothing readable left on disk."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import ROOT, run
from twitchtrack.storage.crypto import folder as crypto
from twitchtrack.storage.crypto.envelope import is_encrypted
from twitchtrack.storage.crypto.keys import KdfParams

CHEAP = KdfParams(salt=b"0011223344556677", time_cost=1, memory_kib=8)
NOTE = "felt it after the third espresso"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KdfParams, "fresh", classmethod(lambda cls: CHEAP))


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    yield data
    crypto.lock(data)


def _secret(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _recovery(out: str) -> str:
    found = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})", out)
    assert found, out
    return found.group(1)


def _encrypted(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str]:
    d = ["--data-dir", str(folder)]
    assert run([*d, "log", "calf_left", "--note", NOTE], capsys)[0] == 0
    assert run([*d, "day", "2026-11-30", "--caffeine", "250"], capsys)[0] == 0
    pw = _secret(tmp_path, "pw", "a long enough password")
    code, out, err = run([*d, "--password-file", str(pw), "encrypt"], capsys)
    assert code == 0, err
    crypto.lock(folder)  # as a new process would start
    return pw, _recovery(out)


def test_encrypt_then_every_command_needs_the_password(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw, _ = _encrypted(folder, tmp_path, capsys)
    for path in folder.rglob("*"):
        if path.is_file():
            assert NOTE.encode() not in path.read_bytes()
            assert b"calf_left" not in path.read_bytes()
    d = ["--data-dir", str(folder)]
    code, _, err = run([*d, "list"], capsys)
    assert code == 3
    assert err.count("\n") == 1
    assert "encrypted" in err
    code, out, _ = run([*d, "--password-file", str(pw), "list", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["episodes"][0]["note"] == NOTE
    crypto.lock(folder)
    assert run([*d, "--password-file", str(pw), "log", "chin"], capsys)[0] == 0
    assert is_encrypted((folder / "journal.json").read_bytes())


def test_a_wrong_password_or_recovery_key_exits_3_with_one_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _encrypted(folder, tmp_path, capsys)
    before = (folder / "journal.json").read_bytes()
    wrong = _secret(tmp_path, "wrong", "not the password at all")
    d = ["--data-dir", str(folder), "--password-file", str(wrong)]
    code, _, err = run([*d, "log", "chin"], capsys)
    assert (code, err.count("\n")) == (3, 1)
    assert "wrong password" in err
    key = _secret(tmp_path, "key", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    new = _secret(tmp_path, "new", "a brand new password")
    code, _, err = run(
        [
            "--data-dir",
            str(folder),
            "unlock-with-recovery-key",
            "--recovery-key-file",
            str(key),
            "--new-password-file",
            str(new),
        ],
        capsys,
    )
    assert (code, err.count("\n")) == (3, 1)
    assert (folder / "journal.json").read_bytes() == before


def test_the_recovery_key_sets_a_new_password(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, recovery = _encrypted(folder, tmp_path, capsys)
    key = _secret(tmp_path, "key", recovery.lower())
    new = _secret(tmp_path, "new", "a brand new password")
    d = ["--data-dir", str(folder)]
    code, _, err = run(
        [
            *d,
            "unlock-with-recovery-key",
            "--recovery-key-file",
            str(key),
            "--new-password-file",
            str(new),
        ],
        capsys,
    )
    assert code == 0, err
    crypto.lock(folder)
    code, out, _ = run([*d, "--password-file", str(new), "check"], capsys)
    assert code == 0
    assert "1 episode" in out


def test_decrypt_writes_every_file_plain(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw, _ = _encrypted(folder, tmp_path, capsys)
    d = ["--data-dir", str(folder), "--password-file", str(pw)]
    assert run([*d, "decrypt"], capsys)[0] == 0
    crypto.lock(folder)
    json.loads((folder / "journal.json").read_bytes())
    code, out, _ = run(["--data-dir", str(folder), "list", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["episodes"][0]["note"] == NOTE


def test_a_short_password_is_refused_and_nothing_changes(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(folder)]
    assert run([*d, "log", "chin"], capsys)[0] == 0
    before = (folder / "journal.json").read_bytes()
    short = _secret(tmp_path, "short", "abc")
    code, _, err = run([*d, "--password-file", str(short), "encrypt"], capsys)
    assert (code, err.count("\n")) == (2, 1)
    assert (folder / "journal.json").read_bytes() == before


def test_there_is_no_password_argument() -> None:
    # A process's arguments are visible to other users: only files and prompts.
    from twitchtrack.cli.parser import build_parser

    options = {o for a in build_parser()._actions for o in a.option_strings}
    assert not {o for o in options if o in ("--password", "-p")}


@pytest.mark.slow
def test_kill_9_while_encrypting_leaves_a_journal_that_opens(tmp_path: Path) -> None:
    """A real process killed at spread-out moments of `encrypt`: afterwards the
    journal opens (with the password once it was sealed) and no backup is lost."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    pw = _secret(tmp_path, "pw", "a long enough password")
    outcomes = set()
    for delay in (0.0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0, 1.3):
        data = tmp_path / f"d{delay}"
        base = [sys.executable, "-m", "twitchtrack", "--data-dir", str(data)]
        subprocess.run(
            [*base, "demo", "--days", "120"],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        for n in range(6):
            (data / "backups").mkdir(exist_ok=True)
            raw = (data / "journal.json").read_bytes()
            (data / "backups" / f"journal-2026010{n}T000000Z-auto.json").write_bytes(
                raw
            )
        proc = subprocess.Popen(
            [*base, "--password-file", str(pw), "encrypt"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait until the moment to kill (or the end): a timeout, not a sleep.
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        sealed = crypto.journal_is_encrypted(data)
        outcomes.add(sealed)
        if sealed:
            crypto.unlock(data, password="a long enough password")
        from twitchtrack.storage.journal_store import JournalStore

        store = JournalStore(data)
        assert store.load().live_episodes()
        for backup in store.list_backups():
            assert backup.error is None, backup.error
        crypto.lock(data)
