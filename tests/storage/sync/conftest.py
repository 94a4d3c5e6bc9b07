"""Two Syncthing daemons for a test, stopped whatever happens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.storage.sync.harness import Daemon, syncthing_binary, two_daemons


@pytest.fixture
def syncthing_pair(tmp_path: Path) -> Iterator[tuple[Daemon, Daemon]]:
    """A laptop and a desktop sharing one folder over 127.0.0.1 only."""
    binary = syncthing_binary()
    if binary is None:
        # Not a skip: CI installs syncthing (.ci/run), and a silent skip would
        # hide that the two-computer scenario never ran.
        pytest.fail(
            "syncthing is not installed: `apt-get install syncthing` "
            "(Debian package; .ci/run installs it)"
        )
    with two_daemons(binary, tmp_path) as pair:
        yield pair
