"""The import budget of ``twitchtrack log``: the command a person runs most, as a
whole process, must load only what it needs (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Packages from outside the standard library that `log` may load: the models
# (pydantic and what it needs) and the platform folders; the lock is an flock.
ALLOWED_PACKAGES = frozenset(
    {
        "twitchtrack",
        "pydantic",
        "pydantic_core",
        "annotated_types",
        "typing_extensions",
        "typing_inspection",
        "platformdirs",
    }
)
# Parts of twitchtrack `log` never needs: reading and writing one journal file.
FORBIDDEN_PARTS = (
    "twitchtrack.ui",
    "twitchtrack.report",
    "twitchtrack.graphics",
    "twitchtrack.dev",
    "twitchtrack.domain.analysis",
    "twitchtrack.domain.guidance",
    "twitchtrack.domain.demo",
    "twitchtrack.domain.experiments",
    "twitchtrack.storage.interchange",
)
# Modules loaded beyond the interpreter's own start-up (measured: 238 when this
# test was written); a new import that grows this is a start-up cost for every log.
MAX_MODULES = 250

_PROBE = """
import json, sys
before = set(sys.modules)
from twitchtrack.cli import main
try:
    main(["log", "calf_left", "--intensity", "4"])
except SystemExit as exit_:
    assert not exit_.code, exit_.code
print(json.dumps(sorted(set(sys.modules) - before)))
from twitchtrack.domain import models
built = [m.__name__ for m in (models.Journal, models.DayLog) if m.__pydantic_complete__]
print(json.dumps(built))
"""


def _run_log(data_dir: Path, probe: str = _PROBE) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "TWITCHTRACK_DATA_DIR": str(data_dir)},
    )
    return done.stdout.strip().splitlines()


def _loaded_by_log(data_dir: Path) -> list[str]:
    loaded: list[str] = json.loads(_run_log(data_dir)[-2])
    return loaded


def test_log_loads_only_the_models_the_store_and_the_standard_library(
    data_dir: Path,
) -> None:
    # Twice: the first log makes the journal (and its trust note), the second
    # appends to it, the common case.
    _loaded_by_log(data_dir)
    loaded = _loaded_by_log(data_dir)
    outside = {
        top
        for top in (m.split(".")[0] for m in loaded)
        if top not in sys.stdlib_module_names and not top.startswith("_sysconfigdata")
    }
    assert outside <= ALLOWED_PACKAGES, sorted(outside - ALLOWED_PACKAGES)
    assert not [m for m in loaded if m.startswith(FORBIDDEN_PARTS)]
    # pydantic's plugin loader would bring it (and email, zipfile, socket) only to
    # find no plugins: twitchtrack turns them off (twitchtrack/__init__.py).
    assert "importlib.metadata" not in loaded
    assert len(loaded) <= MAX_MODULES, len(loaded)


def test_an_append_to_a_trusted_journal_builds_only_the_models_it_writes(
    data_dir: Path,
) -> None:
    # The journal's own model (every kind of record, ~30 ms to build) is needed
    # only to read a file in full; an append keeps the head's text as it was.
    first = json.loads(_run_log(data_dir)[-1])
    assert "Journal" in first  # no journal yet: it was written the full way
    assert json.loads(_run_log(data_dir)[-1]) == []


# A `log` run as the process does (``main()`` with the process's own arguments):
# how many collections ran, and whether what is left is frozen for the exit.
_COLLECTIONS = """
import gc, json, sys
from twitchtrack.cli import main
runs = []
gc.callbacks.append(lambda phase, _: runs.append(1) if phase == "start" else None)
sys.argv = ["twitchtrack", "log", "calf_left", "--intensity", "4"]
code = main()
print(json.dumps([code, len(runs), gc.get_freeze_count(), gc.isenabled()]))
"""


def test_a_log_runs_no_collection_and_leaves_its_objects_frozen_for_the_exit(
    data_dir: Path,
) -> None:
    # Its imports set off collections of young objects, and the collection
    # Python runs on exit scanned everything once more (~12 ms of a log).
    _run_log(data_dir)  # the journal and its trust note exist: the common case
    out = _run_log(data_dir, _COLLECTIONS)
    code, collections, frozen, enabled = json.loads(out[-1])
    assert code == 0
    assert collections == 0
    assert frozen > 10_000  # the modules, the models and the records read
    assert enabled  # on again: only the exit is left, with nothing to scan
