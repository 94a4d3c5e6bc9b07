"""Developer entry points regenerate exactly what the tests check is committed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from twitchtrack.dev import bake as dev_bake
from twitchtrack.dev.schema import write_schema
from twitchtrack.graphics.body.baked import BAKED_FILE, load_baked
from twitchtrack.storage.schema import render_schema

from ..graphics.body.geometry_helpers import copy_geometry

ROOT = Path(__file__).resolve().parents[2]


def test_the_bake_command_writes_a_bake_of_the_folder_it_is_given(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_geometry(tmp_path)
    (folder / BAKED_FILE).unlink()
    assert dev_bake.main([str(folder)]) == 0
    assert str(folder / BAKED_FILE) in capsys.readouterr().out
    assert load_baked(folder, "face") is not None


def test_the_schema_command_writes_the_schema_of_the_models(tmp_path: Path) -> None:
    target = write_schema(tmp_path / "schema" / "journal.schema.json")
    assert target.read_text(encoding="utf-8") == render_schema()
    assert json.loads(target.read_text(encoding="utf-8"))["title"]


@pytest.mark.parametrize("module", ["bake", "schema", "body_map", "dialog_shots"])
def test_every_dev_module_has_a_main(module: str) -> None:
    assert callable(importlib.import_module(f"twitchtrack.dev.{module}").main)


def test_the_user_command_line_never_loads_the_dev_package() -> None:
    probe = (
        "import sys\n"
        "import twitchtrack.cli\n"
        "assert not [m for m in sys.modules if m.startswith('twitchtrack.dev')]\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=ROOT)
