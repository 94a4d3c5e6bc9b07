"""Qt widgets: the only package that imports QtWidgets or pyqtgraph."""

# The Qt-free core (pydantic models, the store) is imported before any Qt module on
# purpose: once PySide6 is loaded, its import hook reads the source of every module
# imported after it (looking for ``from __feature__ import``), which for the core's
# ~180 modules costs a noticeable slice of start-up.
import twitchtrack.storage.journal_store  # noqa: F401  (imported for its side effect)
