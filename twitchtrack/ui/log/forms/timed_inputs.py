"""Quick-add drinks as timed intakes, and the check-in's day totals from them.

A "+ Coffee" click records an ``Intake`` at the time it happened (now, for
today; midday for an earlier day, editable later) so timing-aware analyses can
use it. The total the check-in shows is the day's typed value when there is one
(it wins, and the drinks are kept with their times), else the sum of the day's
intakes. Adding to a typed total raises the total and records the intake in one
undo step.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtWidgets import QLabel

from twitchtrack.domain.timed import Intake
from twitchtrack.ui.model import JournalModel

# Check-in field -> intake kind.
KINDS: dict[str, str] = {"caffeine_mg": "caffeine", "water_ml": "water"}
_NOUNS = {"caffeine_mg": ("drink", "drinks"), "water_ml": ("glass", "glasses")}


def day_intakes(model: JournalModel, day: date, field: str) -> list[Intake]:
    """The day's live intakes of the field's kind, in time order."""
    kind = KINDS[field]
    found = [
        r
        for r in model.records("intakes")
        if isinstance(r, Intake) and not r.deleted and r.kind == kind
        if r.at.date() == day
    ]
    return sorted(found, key=lambda r: r.at)


def intake_time(model: JournalModel, day: date) -> datetime:
    """When a drink added for ``day`` is taken to have happened."""
    now = model.now()
    if day == model.today():
        return now
    return datetime.combine(day, time(12), now.tzinfo)


def add_intake(
    model: JournalModel, day: date, field: str, amount: float, label: str
) -> str | None:
    """Record one drink; with a typed total, raise it too (one undo step).

    Returns a message when the journal refuses the change.
    """
    intake = Intake(
        at=intake_time(model, day),
        kind=KINDS[field],
        amount=amount,
        label=label,  # type: ignore[arg-type]
    )
    log = model.day(day)
    typed = getattr(log, field) if log is not None else None
    stack = model.undo_stack
    stack.beginMacro(f"Add {label.replace('_', ' ')}")
    try:
        message = None
        if typed is not None:
            message = model.set_day_values(day, **{field: typed + amount})
        if message is None and not model.put_record("intakes", intake, f"Add {label}"):
            message = "The journal is read-only."
    finally:
        stack.endMacro()
    return message


def shown_total(model: JournalModel, day: date, field: str) -> tuple[float | None, str]:
    """The value the field shows and a line saying where it comes from ('' for
    a typed value with no drinks, or nothing at all)."""
    log = model.day(day)
    typed = getattr(log, field) if log is not None else None
    drinks = day_intakes(model, day, field)
    if not drinks:
        return typed, ""
    times = ", ".join(d.at.strftime("%H:%M") for d in drinks[:6])
    if len(drinks) > 6:
        times += ", …"
    n = len(drinks)
    one, many = _NOUNS[field]
    counted = f"{n} {one if n == 1 else many}"
    if typed is not None:
        return typed, f"Your typed total counts; {counted} logged at {times}."
    return sum(d.amount for d in drinks), f"From {counted} at {times}."


def note_label(name: str) -> QLabel:
    """The small, muted line under a total that says where it comes from."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    label.hide()
    return label


def show_note(label: QLabel, text: str) -> None:
    """Show ``text`` (hidden when empty)."""
    label.setText(text)
    label.setVisible(bool(text))
