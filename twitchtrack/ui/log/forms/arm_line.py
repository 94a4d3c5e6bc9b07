"""The check-in's line for a running self-experiment: which arm the shown day is
in and its target ("B week of the caffeine experiment: under 50 mg caffeine")."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from twitchtrack.ui.model import JournalModel


def arm_text(model: JournalModel, day: date) -> str:
    """The line for ``day``, or '' when no experiment period holds it."""
    if not any(not e.deleted for e in model.records("experiments")):
        return ""  # most journals: the trial code (numpy) is never loaded
    journal = model.journal
    from twitchtrack.domain.trial import period_on, target_words
    from twitchtrack.domain.trial_report import current

    exp = current(journal)
    if exp is None or exp.status == "stopped":
        return ""
    period = period_on(exp, day)
    if period is None:
        return ""
    a, b = target_words(exp)
    name = exp.factor.removeprefix("tag:")
    target = b if period.arm == "B" else a
    washout = (day - period.start).days < period.washout
    return (
        f"{period.arm} week of the {name} experiment: {target}"
        + (" (a washout day, not counted)" if washout else "")
        + "."
    )


def arm_label() -> QLabel:
    """The hint label the check-in shows the line in."""
    label = QLabel()
    label.setObjectName("checkin_experiment_arm")
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    label.hide()
    return label


def show_arm(label: QLabel, model: JournalModel, day: date) -> None:
    """Show the line for ``day`` (hidden when there is none)."""
    text = arm_text(model, day)
    label.setText(text)
    label.setVisible(bool(text))
