"""The journal as the window holds it: reads, undoable changes, saving off-thread.

``journal_model`` (the ``JournalModel`` views use), ``commands`` (its undo steps),
``bulk`` (which records an import or restore changes), ``records`` (the indexed
journal in memory), ``writer`` (the save thread, retries, other programs'
changes) and ``instance_lock`` (one editing window per journal).
"""

from twitchtrack.ui.model.bulk import RestoreSummary, plan_import, plan_restore
from twitchtrack.ui.model.instance_lock import (
    INSTANCE_LOCK_FILE,
    WindowLock,
    acquire_instance_lock,
)
from twitchtrack.ui.model.journal_model import JournalModel
from twitchtrack.ui.model.writer import describe_storage_error

__all__ = [
    "INSTANCE_LOCK_FILE",
    "JournalModel",
    "RestoreSummary",
    "WindowLock",
    "acquire_instance_lock",
    "describe_storage_error",
    "plan_import",
    "plan_restore",
]
