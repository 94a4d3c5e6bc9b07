"""The output contract: exit codes 0/2/3/4 only, one ``twitchtrack: error:`` line,
and outputs written only where a regular file of ours may be."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, run, spawn


def one_error_line(err: str) -> bool:
    return err.startswith("twitchtrack: error: ") and err.count("\n") == 1


def test_report_into_a_folder_is_refused(data_dir: Path, tmp_path: Path) -> None:
    done = spawn(["report", "-o", str(tmp_path)], data_dir)
    assert done.returncode == 3, done.stderr
    assert one_error_line(done.stderr), done.stderr
    assert "is a folder" in done.stderr
    assert tmp_path.is_dir()


def test_report_creates_a_missing_folder_privately(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "missing" / "dir" / "r.pdf"
    done = spawn(["report", "-o", str(out), "--paper", "a4"], data_dir)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE((tmp_path / "missing").stat().st_mode) == 0o700
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    assert "1 page" in done.stdout or " pages" in done.stdout


def test_report_never_replaces_what_is_not_a_regular_file(
    data_dir: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    done = spawn(["report", "-o", str(pipe)], data_dir)
    assert done.returncode == 3, done.stderr
    assert one_error_line(done.stderr), done.stderr
    assert "is a pipe" in done.stderr
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_report_writes_through_a_link(data_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.pdf"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    done = spawn(["report", "-o", str(link)], data_dir)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"%PDF-")


def test_a_full_disk_is_one_line_and_exit_3(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"previous")

    def small_files() -> None:
        # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG.
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    done = subprocess.run(
        [sys.executable, "-m", "twitchtrack", "report", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "TWITCHTRACK_DATA_DIR": str(data_dir)},
        preexec_fn=small_files,
    )
    assert done.returncode == 3, done.stderr
    assert one_error_line(done.stderr), done.stderr
    assert out.read_bytes() == b"previous"


def test_screenshot_sizes_formats_and_targets(data_dir: Path, tmp_path: Path) -> None:
    huge = spawn(
        ["--demo", "screenshot", str(tmp_path / "x.png"), "--size", "100000x100000"],
        data_dir,
    )
    assert huge.returncode == 3, huge.stderr
    assert one_error_line(huge.stderr), huge.stderr
    assert "960x640" in huge.stderr
    assert "QPainter" not in huge.stderr
    folder = spawn(["--demo", "screenshot", str(tmp_path)], data_dir)
    assert folder.returncode == 3, folder.stderr
    assert one_error_line(folder.stderr), folder.stderr
    gif = spawn(["--demo", "screenshot", str(tmp_path / "x.gif")], data_dir)
    assert gif.returncode == 3, gif.stderr
    assert ".png" in gif.stderr
    assert not (tmp_path / "x.gif").exists()
    jpg = spawn(
        ["--demo", "screenshot", str(tmp_path / "x.jpg"), "--size", "960x640"],
        data_dir,
    )
    assert jpg.returncode == 0, jpg.stderr
    assert (tmp_path / "x.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_install_desktop_somewhere_unwritable_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    code, _, err = run(["install-desktop"], capsys)
    assert code == 3
    assert one_error_line(err), err


def test_data_dir_that_is_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for argv in (["log", "calf_left"], ["list"], ["check"]):
        code, _, err = run(["--data-dir", str(blocker), *argv], capsys)
        assert code == 3, argv
        assert one_error_line(err), err
        assert "not a folder" in err
    assert blocker.read_text() == "not a folder"


def test_empty_data_dir_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--data-dir", "", "check"], capsys)
    assert code == 2
    assert "--data-dir" in err


def test_check_on_a_folder_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "twitchtrak"
    code, _out, err = run(["--data-dir", str(missing), "check"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "does not exist" in err
    assert not missing.exists()


def test_check_with_a_broken_backup_says_so_on_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(["log", "calf_left"], capsys)
    backups = data_dir / "backups"
    backups.mkdir(exist_ok=True)
    (backups / "journal-20260101T000000Z-manual.json").write_text("{broken")
    code, out, err = run(["check"], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "backup" in err
    assert "journal-20260101T000000Z-manual.json" in out


def test_import_errors_are_one_line_with_details_on_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    sheet = tmp_path / "episodes.csv"
    sheet.write_text(
        "at,region,intensity\n"
        "2026-11-20T08:00+00:00,calf_left,11\n"
        "2026-11-20T09:00+00:00,nowhere,3\n",
        encoding="utf-8",
    )
    code, out, err = run(["import", str(sheet)], capsys)
    assert code == 3
    assert one_error_line(err), err
    assert "nothing was imported" in err
    assert "line 2" in out
    assert "line 3" in out
    assert not (data_dir / "journal.json").exists()


def test_no_exit_code_1_is_left_in_the_command_line() -> None:
    import twitchtrack.cli.common as common

    assert not hasattr(common, "EXIT_FAILED")
    assert {common.EXIT_OK, common.EXIT_USAGE, common.EXIT_BAD_DATA} == {0, 2, 3}
    assert common.EXIT_LOCKED == 4


def test_screenshot_limits_match_the_window_module() -> None:
    from twitchtrack.cli import outputs
    from twitchtrack.ui.window import screenshot

    assert (outputs.MIN_SIZE, outputs.MAX_SIZE) == (
        screenshot.MIN_SIZE,
        screenshot.MAX_SIZE,
    )
