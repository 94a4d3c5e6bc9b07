"""This computer's device id: made once, private, kept outside the data folder."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from twitchtrack.storage.device import DEVICE_FILE, device_id
from twitchtrack.storage.places import CONFIG_DIR_ENV, default_config_dir


@pytest.mark.usefixtures("umask_022")
def test_the_id_is_made_once_private_and_stays(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "twitchtrack"
    first = device_id(folder)
    assert first is not None
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert device_id(folder) == first
    path = folder / DEVICE_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # Nothing else is left behind (no temp file).
    assert [p.name for p in folder.iterdir()] == [DEVICE_FILE]


def test_two_computers_get_different_ids(tmp_path: Path) -> None:
    assert device_id(tmp_path / "laptop") != device_id(tmp_path / "desktop")


def test_a_damaged_id_file_is_replaced(tmp_path: Path) -> None:
    tmp_path.joinpath(DEVICE_FILE).write_text("not an id\n")
    new = device_id(tmp_path)
    assert new is not None
    assert tmp_path.joinpath(DEVICE_FILE).read_text() == f"{new}\n"


def test_an_id_that_cannot_be_kept_is_none(tmp_path: Path) -> None:
    # A "config folder" that is a file: nothing can be stored, so no id is made up
    # (a different one in every process would name phantom computers).
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert device_id(blocker / "twitchtrack") is None


def test_the_config_folder_follows_the_environment(tmp_path: Path) -> None:
    assert default_config_dir({CONFIG_DIR_ENV: str(tmp_path)}) == tmp_path
    assert default_config_dir({}).name == "twitchtrack"


def test_tests_never_touch_the_real_config_folder(data_dir: Path) -> None:
    # tests/conftest.py points the config folder into the test's own folders.
    folder = default_config_dir()
    assert folder.is_relative_to(data_dir.parent)
    assert os.environ[CONFIG_DIR_ENV] == str(folder)
    made = device_id()
    assert made is not None
    assert (folder / DEVICE_FILE).read_text().strip() == made
