"""The optional weekly self-check form: yes, no or skip for each question."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.guidance import SELF_CHECK
from twitchtrack.domain.models import SelfCheck, now_local
from twitchtrack.ui.guidance.parts import text_label
from twitchtrack.ui.guidance.style import STYLE, restyle

_YES, _NO, _SKIP = 1, 2, 3


class SelfCheckForm(QWidget):
    """The optional weekly self-check: yes / no / skip for each question."""

    submitted = Signal(object)  # SelfCheck

    def __init__(
        self, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._groups: dict[str, QButtonGroup] = {}
        self.setObjectName("selfCheckForm")
        self.setAccessibleName("Weekly self-check")
        self._dark = False
        self.setStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(text_label("Weekly self-check", "title", "selfCheckHeading"))
        layout.addWidget(
            text_label(
                "Optional. Answer for the past week; skip anything you are unsure "
                "about. A yes is noted as worth discussing with a doctor.",
                "muted",
            )
        )
        for question in SELF_CHECK:
            layout.addWidget(text_label(html.escape(question.text)))
            row = QHBoxLayout()
            group = QButtonGroup(self)
            # Ids must be positive: QButtonGroup treats -1 as "assign one for me".
            for text, value in (("Yes", _YES), ("No", _NO), ("Skip", _SKIP)):
                button = QRadioButton(text)
                button.setObjectName(f"selfCheck_{question.id}_{text.lower()}")
                button.setAccessibleName(f"{text}: {question.text}")
                group.addButton(button, value)
                row.addWidget(button)
                if value == _SKIP:
                    button.setChecked(True)
            row.addStretch(1)
            layout.addLayout(row)
            self._groups[question.id] = group
        save = QPushButton("Save self-check")
        save.setObjectName("selfCheckSave")
        save.setAccessibleName("Save self-check")
        save.clicked.connect(self._on_save_clicked)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours."""
        if dark != self._dark:
            self._dark = dark
            restyle(self, dark)

    def answers(self) -> SelfCheck:
        """The current answers as a :class:`SelfCheck` for today."""
        values: dict[str, bool | None] = {}
        for qid, group in self._groups.items():
            choice = group.checkedId()
            values[qid] = None if choice not in (_YES, _NO) else choice == _YES
        day = self._today or now_local().date()
        return SelfCheck.model_validate({"date": day, **values})

    def _on_save_clicked(self) -> None:
        self.submitted.emit(self.answers())
