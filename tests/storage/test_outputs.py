"""The one safe writer for files a person names: regular files only, links written
through, nothing that is not ours replaced, missing folders made private."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from twitchtrack.storage.outputs import OutputError, check_output, write_output


def test_a_new_file_and_its_missing_folders_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = os.umask(0)
    try:
        target = tmp_path / "a" / "b" / "out.pdf"
        assert write_output(target, b"data") == target
    finally:
        os.umask(old)
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_an_existing_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    write_output(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "report.pdf"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    assert write_output(link, b"new") == real
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert list(real.parent.iterdir()) == [real]  # no temp file left behind


def test_a_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "gone.pdf")
    with pytest.raises(OutputError, match="does not exist"):
        write_output(link, b"new")
    assert link.is_symlink()
    assert not (tmp_path / "gone.pdf").exists()


def test_what_is_not_a_regular_file_is_never_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    sock_path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        for path, words in (
            (pipe, "is a pipe"),
            (sock_path, "is a socket"),
            (tmp_path, "is a folder"),
            (Path("/dev/null"), "is a device"),
        ):
            with pytest.raises(OutputError, match=words):
                check_output(path)
            with pytest.raises(OutputError, match=words):
                write_output(path, b"x")
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
        assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    finally:
        server.close()


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "full.pdf"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="is a device"):
        write_output(link, b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"mine")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        write_output(target, b"x")
    assert target.read_bytes() == b"mine"


def test_another_users_file_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = tmp_path / "theirs.pdf"
        target.write_bytes(b"theirs")
        os.chown(target, 65534, 65534)
    else:
        target = Path("/etc/passwd")  # root's: refused before anything is written
    before = target.read_bytes()
    with pytest.raises(OutputError, match="another user"):
        write_output(target, b"x")
    assert target.read_bytes() == before


def test_a_file_in_the_way_of_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write_output(blocker / "sub" / "out.pdf", b"x")
    with pytest.raises(OutputError, match="not a folder"):
        check_output(blocker / "out.pdf")
