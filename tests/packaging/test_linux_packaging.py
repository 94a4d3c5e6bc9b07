"""Linux packaging without a build: release notes, metainfo and install.sh."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import twitchtrack

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
CHANGELOG = ROOT / "CHANGELOG.md"


@pytest.fixture(scope="module")
def helpers() -> ModuleType:
    """packaging/linux/helpers.py (a script, not a package module)."""
    spec = importlib.util.spec_from_file_location(
        "tt_pkg_helpers", LINUX / "helpers.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_changelog_starts_with_the_app_version(helpers: ModuleType) -> None:
    newest = helpers.parse_changelog(CHANGELOG)[0]
    assert newest.version == twitchtrack.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest.date)
    assert newest.groups
    assert all(items for _title, items in newest.groups)


def test_changelog_rejects_a_malformed_heading(
    helpers: ModuleType, tmp_path: Path
) -> None:
    bad = tmp_path / "CHANGELOG.md"
    bad.write_text("# Changelog\n\n## 0.2.0 (soon)\n\n- a thing\n", encoding="utf-8")
    with pytest.raises(ValueError, match="heading not like"):
        helpers.parse_changelog(bad)


def test_changelog_items_keep_wrapped_lines_and_drop_markdown(
    helpers: ModuleType, tmp_path: Path
) -> None:
    text = (
        "# Changelog\n\nIntro of the file.\n\n## [1.2.0] - 2027-01-31\n\n"
        "A `short` intro.\n\n### Fixed\n\n- one **bold**\n  wrapped item\n- two\n"
    )
    path = tmp_path / "CHANGELOG.md"
    path.write_text(text, encoding="utf-8")
    (release,) = helpers.parse_changelog(path)
    assert release.intro == ["A short intro."]
    assert release.groups == [("Fixed", ["one bold wrapped item", "two"])]


def test_metainfo_carries_the_releases_of_the_changelog(
    helpers: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "io.github.twitchtrack.metainfo.xml"
    template = LINUX / "io.github.twitchtrack.metainfo.xml.in"
    releases = helpers.appstream_releases(helpers.parse_changelog(CHANGELOG))
    out.write_text(
        template.read_text(encoding="utf-8")
        .replace("@RELEASES@", releases)
        .replace("@SCREENSHOTS@", ""),
        encoding="utf-8",
    )
    root = ET.parse(out).getroot()
    assert root.findtext("id") == "io.github.twitchtrack"
    assert root.find("launchable").text == "twitchtrack.desktop"
    versions = [r.get("version") for r in root.iter("release")]
    assert versions[0] == twitchtrack.__version__
    assert root.find("content_rating") is not None
    if shutil.which("appstreamcli"):
        result = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_debian_changelog_is_in_the_debian_format(helpers: ModuleType) -> None:
    text = helpers.debian_changelog(
        helpers.parse_changelog(CHANGELOG), "twitchtrack", "A B <a@example.org>"
    )
    lines = text.splitlines()
    version = twitchtrack.__version__
    assert lines[0] == f"twitchtrack ({version}) unstable; urgency=medium"
    trailer = next(line for line in lines if line.startswith(" -- "))
    assert re.fullmatch(
        r" -- A B <a@example\.org>  \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000",
        trailer,
    )
    assert all(len(line) <= 80 for line in lines)


def _fake_bundle(folder: Path) -> Path:
    """An unpacked-tarball look-alike: the script, a stand-in app, share/."""
    bundle = folder / "twitchtrack"
    (bundle / "_internal").mkdir(parents=True)
    app = bundle / "twitchtrack"
    app.write_text("#!/bin/sh\necho twitchtrack 9.9\n", encoding="utf-8")
    app.chmod(0o755)
    shutil.copy(LINUX / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)
    share = bundle / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "twitchtrack.desktop", share / "applications")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "twitchtrack.svg", scalable)
    png = share / "icons" / "hicolor" / "48x48" / "apps"
    png.mkdir(parents=True)
    (png / "twitchtrack.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (share / "metainfo").mkdir()
    (share / "metainfo" / "io.github.twitchtrack.metainfo.xml").write_text(
        "<component/>\n", encoding="utf-8"
    )
    return bundle


def _run(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(
        ["sh", str(script), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_install_sh_installs_and_uninstalls_for_the_user(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "unpacked")
    home = tmp_path / "a home with spaces"
    home.mkdir()
    done = _run(bundle / "install.sh", home)
    assert done.returncode == 0, done.stderr
    dest = home / ".local" / "opt" / "twitchtrack"
    entry = home / ".local" / "share" / "applications" / "twitchtrack.desktop"
    lines = entry.read_text(encoding="utf-8").splitlines()
    # A path with spaces is quoted in Exec and plain in TryExec (Desktop Entry spec).
    assert f'Exec="{dest}/twitchtrack"' in lines
    assert f"TryExec={dest}/twitchtrack" in lines
    assert "Icon=twitchtrack" in lines
    icons = home / ".local" / "share" / "icons" / "hicolor"
    assert (icons / "48x48" / "apps" / "twitchtrack.png").is_file()
    assert (icons / "scalable" / "apps" / "twitchtrack.svg").is_file()
    link = home / ".local" / "bin" / "twitchtrack"
    assert link.resolve() == (dest / "twitchtrack").resolve()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o644
    assert "twitchtrack 9.9" in done.stdout

    journal = home / ".local" / "share" / "twitchtrack" / "journal.json"
    journal.parent.mkdir(parents=True)
    journal.write_text("{}", encoding="utf-8")
    gone = _run(dest / "install.sh", home, "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert not dest.exists()
    assert not entry.exists()
    assert not link.is_symlink()
    assert journal.read_text(encoding="utf-8") == "{}"  # the journal is kept
    left = [p for p in (home / ".local").rglob("*") if p.is_file() or p.is_symlink()]
    assert left == [journal]


def test_install_sh_leaves_a_foreign_command_alone(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "unpacked")
    home = tmp_path / "home"
    own = home / ".local" / "bin" / "twitchtrack"
    own.parent.mkdir(parents=True)
    own.write_text("#!/bin/sh\n", encoding="utf-8")
    assert _run(bundle / "install.sh", home).returncode == 0
    assert _run(bundle / "install.sh", home, "--uninstall").returncode == 0
    assert own.read_text(encoding="utf-8") == "#!/bin/sh\n"


def test_install_sh_refuses_an_unknown_option(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "unpacked")
    done = _run(bundle / "install.sh", tmp_path, "--frobnicate")
    assert done.returncode == 2
    assert "usage" in done.stderr
