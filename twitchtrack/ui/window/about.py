"""The About text: version, where the data is, what the app is not, and licences."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QIcon

from twitchtrack import __version__
from twitchtrack._resources import resource_path
from twitchtrack.ui.i18n import tr

ICON_FILE = ("icons", "twitchtrack.svg")

# (what, licence): the app's own bundled files first, then the libraries it runs on.
BUNDLED: tuple[tuple[str, str], ...] = (
    ("twitchtrack, its body drawings, guidance texts and icon", "MIT"),
    ("Qt for Python (PySide6) and Qt", "LGPL-3.0"),
    ("pyqtgraph", "MIT"),
    ("pydantic", "MIT"),
    ("NumPy", "BSD-3-Clause"),
    ("SciPy", "BSD-3-Clause"),
    ("platformdirs", "MIT"),
    ("filelock", "MIT"),
)


def app_icon() -> QIcon:
    """The app icon (an empty icon if the file is missing from a broken install)."""
    try:
        path = resource_path(*ICON_FILE)
    except FileNotFoundError:
        return QIcon()
    return QIcon(str(path)) if path.is_file() else QIcon()


def about_html(journal_path: Path, version: str = __version__) -> str:
    """The About box's rich text."""
    folder = html.escape(str(journal_path.parent))
    file_name = html.escape(journal_path.name)
    rows = "".join(
        f"<li>{html.escape(tr(what))}: {html.escape(licence)}</li>"
        for what, licence in BUNDLED
    )
    return (
        f"<h3>twitchtrack {html.escape(version)}</h3>"
        f"<p>{tr('A private journal for muscle twitches.')}</p>"
        f"<p>{tr('Your entries stay in one file on this computer, with its backups:')}"
        f"<br><code>{folder}</code> ({file_name})</p>"
        f"<p>{tr('twitchtrack uses no network and sends nothing anywhere.')}</p>"
        "<p><b>"
        + tr(
            "twitchtrack is not medical advice and does not diagnose anything. "
            "Its statistics show associations, not causes. If something worries "
            "you, or a symptom is new or getting worse, see a doctor."
        )
        + "</b></p>"
        f"<p>{tr('Licences')}:</p><ul>{rows}</ul>"
    )
