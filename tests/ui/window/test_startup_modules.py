"""The window's first paint loads no numpy (nor the trial, analysis or pyqtgraph
code): they come later, on the worker, when a view needs them. A banner wired at
start once imported the self-experiment result code, and with it numpy, adding
about 14 MB to every start. Nor does the whole window, once built, load the
health platforms' readers: only an import needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date
from pathlib import Path

from twitchtrack.domain.demo import generate_demo
from twitchtrack.storage.journal_store import JournalStore

ROOT = Path(__file__).resolve().parents[3]
_CHILD = """
import sys, tempfile
from pathlib import Path
from twitchtrack.ui.app import make_application, open_session
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
app = make_application()
ini = str(Path(tempfile.mkdtemp()) / "s.ini")
settings = QSettings(ini, QSettings.Format.IniFormat)
session = open_session(Path(sys.argv[1]), settings)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)  # once the frame is complete
        return False
hook = FirstPaint()
session.window.installEventFilter(hook)
session.window.show()
app.exec()
roots = ("numpy", "scipy", "statsmodels", "pyqtgraph")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in roots)
late = ("twitchtrack.domain.trial", "twitchtrack.domain.analysis.count_model")
ours = [m for m in late if m in sys.modules]
found = sorted({m.split(".")[0] for m in heavy} | set(ours))
session.close()
print(",".join(found) or "-")
"""


# The whole window built (its File menu too, with the health import's preview):
# the platform readers, and the XML and SQLite they use, load only for an import.
_BUILT = """
import sys, tempfile
from pathlib import Path
from twitchtrack.ui.app import make_application, open_session
from PySide6.QtCore import QSettings
app = make_application()
ini = str(Path(tempfile.mkdtemp()) / "s.ini")
session = open_session(Path(sys.argv[1]), QSettings(ini, QSettings.Format.IniFormat))
session.window.finish_building()
late = ("twitchtrack.storage.health.detect", "xml.etree.ElementTree", "sqlite3")
found = [m for m in late if m in sys.modules]
session.close()
print(",".join(found) or "-")
"""


def _modules_left(tmp_path: Path, child: str) -> str:
    folder = tmp_path / "journal"
    JournalStore(folder).save(
        generate_demo(days=60, seed=3, end=date(2025, 6, 30), tz=UTC)
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", child, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def test_first_paint_loads_no_numpy(tmp_path: Path) -> None:
    assert _modules_left(tmp_path, _CHILD) == "-"


def test_the_built_window_loads_no_health_reader(tmp_path: Path) -> None:
    # They were 16 ms of the File menu's step after the first paint, the longest.
    assert _modules_left(tmp_path, _BUILT) == "-"
