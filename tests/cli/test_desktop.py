"""`install-desktop`: a valid freedesktop entry and the icon, for this user, no Qt."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from twitchtrack._resources import resource_path
from twitchtrack.cli import desktop
from twitchtrack.cli.desktop import (
    DesktopInstallError,
    exec_line,
    install_desktop,
    quote_exec_argument,
    render_desktop_entry,
    uninstall_desktop,
)

ROOT = Path(__file__).resolve().parents[2]


def parse_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return  # the configparser checks above still ran
    result = subprocess.run(
        [tool, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_install_writes_a_valid_entry_and_the_icon(tmp_path: Path) -> None:
    paths = install_desktop(tmp_path)
    entry = tmp_path / ".local/share/applications/twitchtrack.desktop"
    icon = tmp_path / ".local/share/icons/hicolor/scalable/apps/twitchtrack.svg"
    assert paths == [entry, icon]
    keys = parse_entry(entry)
    assert keys["Type"] == "Application"
    assert keys["Name"] == "twitchtrack"
    assert keys["Icon"] == "twitchtrack"
    assert keys["Terminal"] == "false"
    assert keys["StartupWMClass"] == "twitchtrack"  # matches setDesktopFileName
    assert keys["Categories"].endswith(";")
    program = keys["Exec"].split(" ")[0]
    assert Path(program).is_absolute()
    assert os.access(program, os.X_OK)
    assert keys["TryExec"] == program
    validate(entry)
    assert icon.read_bytes() == resource_path("icons", "twitchtrack.svg").read_bytes()
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    # Running it again replaces the files in place, leaving no temporary files.
    assert install_desktop(tmp_path) == paths
    assert sorted(p.name for p in entry.parent.iterdir()) == ["twitchtrack.desktop"]


def test_the_entry_starts_this_installation(tmp_path: Path) -> None:
    install_desktop(tmp_path)
    keys = parse_entry(tmp_path / ".local/share/applications/twitchtrack.desktop")
    argv = keys["Exec"].split(" ")
    result = subprocess.run(
        [*argv, "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "0." in result.stdout + result.stderr


def test_without_a_home_xdg_data_home_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    entry, icon = install_desktop()
    assert entry == tmp_path / "xdg/applications/twitchtrack.desktop"
    assert icon.is_relative_to(tmp_path / "xdg/icons/hicolor")
    # A relative XDG_DATA_HOME is invalid by the spec and ignored.
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert desktop.data_home() == tmp_path / "home/.local/share"


def test_uninstall_removes_only_our_files(tmp_path: Path) -> None:
    entry, icon = install_desktop(tmp_path)
    other = entry.parent / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n")
    assert uninstall_desktop(tmp_path) == [entry, icon]
    assert not entry.exists()
    assert not icon.exists()
    assert other.exists()
    assert uninstall_desktop(tmp_path) == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/usr/bin/twitchtrack"], "/usr/bin/twitchtrack"),
        (
            ["/opt/my apps/bin/python", "-m", "twitchtrack"],
            '"/opt/my apps/bin/python" -m twitchtrack',
        ),
        (['/a"b/c'], '"/a\\\\"b/c"'),
        (["/cost$/x"], '"/cost\\\\$/x"'),
        (["/back\\slash"], '"/back\\\\\\\\slash"'),
        (["/100%/x"], "/100%%/x"),
    ],
)
def test_exec_arguments_are_quoted_by_the_spec(argv: list[str], expected: str) -> None:
    assert exec_line(argv) == expected


def test_odd_launcher_paths_still_validate(tmp_path: Path) -> None:
    text = render_desktop_entry(
        ['/opt/my apps/$weird "dir"/python', "-m", "twitchtrack"]
    )
    entry = tmp_path / "twitchtrack.desktop"
    entry.write_text(text, encoding="utf-8")
    validate(entry)
    assert parse_entry(entry)["Exec"].startswith('"/opt/my apps/')


def test_a_line_break_in_the_path_is_refused_with_a_message() -> None:
    with pytest.raises(DesktopInstallError, match="line break"):
        quote_exec_argument("/tmp/evil\nExec=rm")


def test_an_unwritable_folder_gives_a_clear_error(tmp_path: Path) -> None:
    share = tmp_path / ".local" / "share"
    share.mkdir(parents=True)
    (share / "applications").write_text("not a folder")
    with pytest.raises(DesktopInstallError, match=r"could not write .*applications"):
        install_desktop(tmp_path)


def test_the_launcher_falls_back_to_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_python = tmp_path / "bin" / "python3"
    fake_python.parent.mkdir()
    fake_python.write_text("")
    monkeypatch.setattr(desktop.sys, "executable", str(fake_python))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert desktop.launcher_command() == [str(fake_python), "-m", "twitchtrack"]
    script = fake_python.parent / "twitchtrack"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert desktop.launcher_command() == [str(script)]


def test_the_template_and_icon_are_valid_on_their_own(tmp_path: Path) -> None:
    template = ROOT / "resources" / "twitchtrack.desktop"
    validate(template)
    assert parse_entry(template)["Exec"] == "twitchtrack"
    root = ElementTree.parse(ROOT / "resources" / "icons" / "twitchtrack.svg").getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 128 128"


def test_install_desktop_loads_no_qt() -> None:
    code = (
        "import sys, tempfile, pathlib\n"
        "from twitchtrack.cli.desktop import install_desktop\n"
        "install_desktop(pathlib.Path(tempfile.mkdtemp()))\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
