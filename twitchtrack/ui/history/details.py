"""The selected episode's details line: when it last changed, and on which computer."""

from __future__ import annotations

from datetime import date

from twitchtrack.domain.models import Record
from twitchtrack.domain.text import format_day

# How much of another computer's id is shown: enough to tell a person's few apart.
SHOWN_ID = 4


def where_changed(device: str | None, this_device: str | None) -> str | None:
    """'on this computer', 'on another computer (…a3f9)', or None when the version
    names no computer (an older file, or an import)."""
    if device is None:
        return None
    if device == this_device:
        return "on this computer"
    return f"on another computer (…{device[-SHOWN_ID:]})"


def changed_line(record: Record, this_device: str | None, today: date) -> str:
    """'Last changed 2 Dec at 10:15 on this computer.' (local time)."""
    when = record.updated_at.astimezone()
    text = f"Last changed {format_day(when.date(), today)} at {when:%H:%M}"
    where = where_changed(record.device, this_device)
    return f"{text} {where}." if where else f"{text}."
