"""Journals that are not ours to replace, and files that are not a journal's to
hold (issue #13, items 7-10): each is refused with one clear sentence, exit 3,
and nothing on disk changes."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.storage.conftest import episode, sample_journal
from twitchtrack.domain.models import Journal
from twitchtrack.storage.errors import JournalError, ReadOnlyJournalError
from twitchtrack.storage.journal_store import (
    BACKUP_DIR,
    JOURNAL_FILE,
    LOCK_FILE,
    JournalStore,
)

OTHER_UID = 65534  # "nobody"


def one_error_line(err: str) -> bool:
    return err.startswith("twitchtrack: error: ") and err.count("\n") == 1


def _tree(folder: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every name under ``folder`` with its mode and content (or link target)."""
    out: dict[str, tuple[int, bytes | str]] = {}
    for p in sorted(folder.rglob("*")):
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            out[str(p.relative_to(folder))] = (st.st_mode, os.readlink(p))
        elif stat.S_ISREG(st.st_mode):
            out[str(p.relative_to(folder))] = (st.st_mode, p.read_bytes())
    return out


@pytest.fixture
def with_journal(data_dir: Path) -> Path:
    JournalStore(data_dir).save(sample_journal())
    return data_dir / JOURNAL_FILE


# --------------------------------------------------------------- 7: duplicate ids


def _duplicated(path: Path) -> bytes:
    data = json.loads(path.read_text())
    data["episodes"].append(dict(data["episodes"][0], note="a second record"))
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    return raw


def test_a_journal_with_two_records_of_one_id_is_refused_and_left_alone(
    with_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = _duplicated(with_journal)
    with pytest.raises(JournalError) as caught:
        JournalStore(with_journal.parent).load()
    assert caught.value.where == "episodes[3].id"
    assert "also the id of episodes[0]" in caught.value.what
    for argv in (["check"], ["log", "chin"], ["list"]):
        code, _, err = run(argv, capsys)
        assert code == 3, (argv, err)
        assert one_error_line(err), err
        assert "episodes[3].id" in err
    assert with_journal.read_bytes() == raw  # untouched, nothing dropped


def test_a_backup_with_two_records_of_one_id_is_reported_by_check(
    with_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = JournalStore(with_journal.parent).backup("manual")
    assert backup is not None
    _duplicated(backup)
    code, out, _ = run(["check"], capsys)
    assert code == 3
    assert "Backup problem:" in out
    assert "episodes[3].id" in out


# ---------------------------------------------------------------------- 8: links


def test_a_linked_journal_opens_read_only_and_its_target_is_never_replaced(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "synced"
    JournalStore(elsewhere).save(sample_journal())
    target = elsewhere / JOURNAL_FILE
    data_dir.mkdir(parents=True)
    (data_dir / JOURNAL_FILE).symlink_to(target)
    before = _tree(elsewhere)

    store = JournalStore(data_dir)
    journal = store.load()
    assert len(journal.live_episodes()) == 2  # read through the link
    assert store.read_only
    assert store.read_only_reason is not None
    assert "does not write through links" in store.read_only_reason
    assert f"--data-dir {elsewhere}" in store.read_only_reason
    with pytest.raises(ReadOnlyJournalError):
        store.save(journal.with_records([episode(7)]))
    with pytest.raises(ReadOnlyJournalError):
        JournalStore(data_dir).update(lambda j: j.with_records([episode(7)]))

    code, _, err = run(["log", "chin"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "link" in err
    code, out, _ = run(["check"], capsys)
    assert code == 0
    assert "read-only" in out
    assert (data_dir / JOURNAL_FILE).is_symlink()
    assert _tree(elsewhere) == before


def test_a_linked_backups_folder_is_never_followed(
    with_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = with_journal.parent
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    # One of "our" names out there: thinning must not delete it either.
    planted = outside / "journal-20200101T000000Z-auto.json"
    planted.write_bytes(with_journal.read_bytes())
    (data_dir / BACKUP_DIR).symlink_to(outside, target_is_directory=True)
    store = JournalStore(data_dir)
    assert store.list_backups() == []
    for n in range(3):
        code, _, err = run(["log", "chin", "--note", f"n{n}"], capsys)
        assert code == 0, err
    with pytest.raises(Exception, match="only written inside the data folder"):
        store.backup("manual")
    other = tmp_path / "other"
    JournalStore(other).save(Journal(episodes=[episode(9)]))
    code, _, err = run(["import", str(other / JOURNAL_FILE)], capsys)
    assert code == 3, err  # its before-import backup cannot be made: no import
    assert one_error_line(err), err
    assert sorted(outside.iterdir()) == [planted]
    assert len(JournalStore(data_dir).load().live_episodes()) == 5


def test_a_linked_lock_file_is_not_a_dead_end(
    with_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = with_journal.parent
    aim = tmp_path / "elsewhere" / "lock"
    aim.parent.mkdir()
    (data_dir / LOCK_FILE).unlink(missing_ok=True)
    (data_dir / LOCK_FILE).symlink_to(aim)
    code, _, err = run(["log", "chin"], capsys)
    assert code == 0, err
    assert not aim.exists()  # nothing made outside the data folder
    assert len(JournalStore(data_dir).load().live_episodes()) == 3


# ---------------------------------------------------------------- 9: permissions


def test_a_journal_set_read_only_is_treated_as_read_only(
    with_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(with_journal, 0o400)
    before = _tree(with_journal.parent)
    store = JournalStore(with_journal.parent)
    journal = store.load()
    assert store.read_only
    assert "set read-only" in (store.read_only_reason or "")
    with pytest.raises(ReadOnlyJournalError):
        store.save(journal.with_records([episode(7)]))
    code, _, err = run(["day", "2026-03-01", "--stress", "2"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "chmod u+w" in err
    after = _tree(with_journal.parent)
    assert after[JOURNAL_FILE] == before[JOURNAL_FILE]
    assert stat.S_IMODE(os.stat(with_journal).st_mode) == 0o400


def _owned_by_someone_else(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], None]:
    """Make ``path`` another user's: for real as root; otherwise this process
    pretends to be another user (a normal user cannot give a file away)."""
    if os.geteuid() == 0:
        os.chown(path, OTHER_UID, OTHER_UID, follow_symlinks=False)
        return lambda: None
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    return monkeypatch.undo


def test_a_journal_of_another_user_is_never_replaced(
    with_journal: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw = with_journal.read_bytes()
    _owned_by_someone_else(with_journal, monkeypatch)
    store = JournalStore(with_journal.parent)
    store.load()
    assert store.read_only
    assert "belongs to" in (store.read_only_reason or "")
    code, _, err = run(["log", "chin"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "run twitchtrack as its owner" in err
    assert with_journal.read_bytes() == raw


def test_root_writes_nothing_in_a_folder_of_another_user(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() != 0:
        # A normal user cannot be root; what root must not do cannot happen.
        assert JournalStore(data_dir).load() == Journal()
        return
    data_dir.mkdir(parents=True)
    os.chown(data_dir, OTHER_UID, OTHER_UID)
    code, _, err = run(["log", "chin"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "as root" in err
    assert list(data_dir.iterdir()) == []  # not even a lock file


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_makes_private_folders_whatever_the_umask(
    with_journal: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new" / "deeper" / ("j.json" if fmt == "json" else "csv")
    old = os.umask(0)
    try:
        code, _, err = run(["export", "--format", fmt, "-o", str(out)], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    if fmt == "csv":
        assert stat.S_IMODE(out.stat().st_mode) == 0o700


# ------------------------------------------------------------------ 10: contract


@pytest.mark.parametrize(
    "name", [JOURNAL_FILE, "export.json", "backups/journal-copy.json"]
)
def test_export_into_the_data_folder_is_refused(
    with_journal: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = with_journal.parent
    before = _tree(data_dir)
    argv = ["export", "--format", "json", "-o", str(data_dir / name)]
    code, _, err = run(argv, capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "data folder" in err
    assert _tree(data_dir) == before
    assert JournalStore(data_dir).owns(data_dir / name)


@pytest.mark.parametrize("command", ["report", "screenshot"])
def test_no_other_output_is_written_into_the_data_folder(
    with_journal: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = with_journal.parent
    before = _tree(data_dir)
    if command == "report":
        argv = ["report", "-o", str(with_journal)]  # a PDF over the journal
    else:
        argv = ["screenshot", str(data_dir / "window.png")]
    code, _, err = run(argv, capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "data folder" in err
    assert _tree(data_dir) == before


def test_the_store_knows_what_is_its_own(with_journal: Path, tmp_path: Path) -> None:
    store = JournalStore(with_journal.parent)
    assert store.owns(with_journal)
    assert store.owns(with_journal.parent)
    assert not store.owns(tmp_path / "export.json")
    alias = tmp_path / "alias.json"
    alias.symlink_to(with_journal)
    assert store.owns(alias)
    hard = tmp_path / "hard.json"
    os.link(with_journal, hard)
    assert store.owns(hard)


def test_check_of_a_folder_that_cannot_be_read_talks_about_the_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be")
    code, _, err = run(["--data-dir", str(not_a_folder), "check"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert JOURNAL_FILE in err
    assert "backups" not in err.split(JOURNAL_FILE, 1)[0]
    # The store itself: the journal's problem first, the backups' after, no raise.
    store = JournalStore(not_a_folder)
    _, results = store.validate_all()
    assert results[0][0] == store.path
    assert "cannot be read" in str(results[0][1])
    assert all(problem is not None for _, problem in results)
