"""Small building blocks the forms share: cards, segmented choices, number fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.ui.units import parse_number


def set_names(widget: QWidget, object_name: str, accessible: str) -> None:
    """Give a control the name tests and scripts find it by, and a name to read out."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)


class FormScroll(QScrollArea):
    """A form that scrolls up and down, never sideways, and is never laid out
    narrower than its fields (a plain scroll area asks for almost no width, so
    a narrow window cut the fields at the right)."""

    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(form)
        form.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The form's needs change as fields show, hide and get polished: pass
        # them on, or the layouts above keep the first (often wrong) answer.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        # Hidden, updateGeometry() does nothing: what the layouts above learnt
        # before the window was shown may be out of date.
        super().showEvent(event)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        # A form not shown yet is not polished either, and measures wrong (wider):
        # until it is, the owner's floor stands for it.
        if form is None or self.isHidden():
            return hint
        # Not the scroll area's own hint: that follows the form's current width,
        # so a column once wide would never narrow again.
        bar = self.verticalScrollBar().sizeHint().width()
        width = form.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(width, hint.height())


class Card(QFrame):
    """A white rounded panel with a title; the forms and the map sit in these."""

    def __init__(
        self, title: str, subtitle: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 16)
        outer.setSpacing(10)
        head = QHBoxLayout()
        head.setSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(1)
        self.title = QLabel(title)
        self.title.setProperty("role", "card-title")
        titles.addWidget(self.title)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setVisible(bool(subtitle))
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self.header = head
        outer.addLayout(head)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        outer.addLayout(self.body, 1)

    def set_subtitle(self, text: str) -> None:
        """Change the small grey line under the title."""
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))


def dialog_layout(
    dialog: QWidget, title: str, intro: str, *, spacing: int = 12, muted: bool = True
) -> tuple[QVBoxLayout, QLabel]:
    """How our dialogs begin: a column with a title and a (muted) line of intro.

    Returns the column (for the rest of the dialog) and the intro label.
    """
    column = QVBoxLayout(dialog)
    column.setContentsMargins(22, 18, 22, 16)
    column.setSpacing(spacing)
    heading = QLabel(title)
    heading.setProperty("role", "dialog-title")
    column.addWidget(heading)
    words = QLabel(intro)
    words.setWordWrap(True)
    if muted:
        words.setProperty("role", "muted")
    column.addWidget(words)
    return column, words


def caption(text: str, buddy: QWidget | None = None) -> QLabel:
    """The small grey label above a control."""
    label = QLabel(text)
    label.setProperty("role", "caption")
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class FieldMessage(QLabel):
    """The line under a field that says why a value was refused; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "field-error")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, text: str | None) -> None:
        """Show ``text``, or hide the line for None / ''."""
        self.setText(text or "")
        self.setVisible(bool(text))


class Segmented(QWidget):
    """A row of toggle buttons; one is chosen, or (if optional) none.

    Clicking the chosen button of an optional control clears it, which is how a
    user says "not recorded" again.
    """

    value_chosen = Signal(object)  # the chosen value, or None

    def __init__(
        self,
        options: Sequence[tuple[object, str]],
        *,
        optional: bool,
        name: str,
        accessible: str,
        tooltips: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        set_names(self, name, accessible)
        self._optional = optional
        self._value: object = None
        self._buttons: list[tuple[object, QPushButton]] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for index, (value, text) in enumerate(options):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setProperty("segment", _position(index, len(options)))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            set_names(button, f"{name}_{value}", f"{accessible}: {text}")
            if tooltips:
                button.setToolTip(tooltips[index])
            button.clicked.connect(self._make_handler(value))
            row.addWidget(button)
            self._buttons.append((value, button))

    def _make_handler(self, value: object) -> Callable[[bool], None]:
        def handler(_checked: bool) -> None:
            if value == self._value and self._optional:
                self.set_value(None)
            else:
                self.set_value(value)
            self.value_chosen.emit(self._value)

        return handler

    def value(self) -> object:
        """The chosen value (None: nothing chosen)."""
        return self._value

    def set_value(self, value: object) -> None:
        """Show ``value`` as chosen without emitting ``value_chosen``."""
        self._value = value
        for v, button in self._buttons:
            button.setChecked(v == value and value is not None)

    def button(self, value: object) -> QPushButton:
        """The button of one option (for tests and keyboard focus)."""
        return next(b for v, b in self._buttons if v == value)


def _position(index: int, count: int) -> str:
    if count == 1:
        return "only"
    if index == 0:
        return "first"
    return "last" if index == count - 1 else "middle"


class _FocusOut(QObject):
    """Calls back when the watched widget loses focus (to commit typed text)."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


def on_focus_out(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` whenever ``widget`` loses keyboard focus."""
    widget.installEventFilter(_FocusOut(callback, widget))


class NumberField(QWidget):
    """A typed number with its unit and, underneath, the message if it is refused.

    Typing is free; the value is checked when editing finishes (Enter or leaving
    the field). ``committed`` carries the parsed number, or None for an empty
    field. The owner validates it against the journal model and calls
    ``show_error``; a refused value stays visible so it can be corrected.
    """

    committed = Signal(object)  # float | None

    def __init__(
        self,
        name: str,
        accessible: str,
        suffix: str,
        *,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.edit = QLineEdit()
        set_names(self.edit, f"{name}_edit", accessible)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.edit.setMinimumWidth(56)
        self.unit = QLabel(suffix)
        self.unit.setProperty("role", "unit")
        self.unit.setMinimumWidth(24)
        row.addWidget(self.edit, 1)
        row.addWidget(self.unit)
        self.extras = row
        column.addLayout(row)
        self.message = FieldMessage()
        self.message.setObjectName(f"{name}_message")
        column.addWidget(self.message)
        self._shown = ""
        self.edit.editingFinished.connect(self._on_edit_editing_finished)

    def _on_edit_editing_finished(self) -> None:
        text = self.edit.text()
        if text == self._shown and not self.message.isVisible():
            return
        try:
            value = parse_number(text)
        except ValueError as err:
            self.show_error(str(err))
            return
        self.committed.emit(value)

    def set_text(self, text: str) -> None:
        """Show a stored value (no signal); clears a message."""
        self._shown = text
        if self.edit.text() != text:
            self.edit.setText(text)
        self.edit.setModified(False)
        self.show_error(None)

    def is_editing(self) -> bool:
        """True while the user is typing something not yet committed."""
        return self.edit.hasFocus() and self.edit.text() != self._shown

    def show_error(self, text: str | None) -> None:
        """Show (or clear) the refused-value message under the field."""
        self.message.show_message(text)
        self.edit.setProperty("invalid", bool(text))
        style = self.edit.style()
        style.unpolish(self.edit)
        style.polish(self.edit)

    def set_suffix(self, suffix: str) -> None:
        """Change the unit text (metric / US)."""
        self.unit.setText(suffix)


class ListCompleter(QCompleter):
    """Completes the last entry of a comma-separated list (medicines, tags)."""

    def __init__(self, words: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(list(words), parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: Any) -> str:
        chosen = str(super().pathFromIndex(index))
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head = [p.strip() for p in text.split(",")[:-1] if p.strip()]
        return ", ".join([*head, chosen])


def split_list(text: str) -> list[str]:
    """'a, b,,c ' -> ['a', 'b', 'c'], without repeats (first spelling kept)."""
    out: list[str] = []
    seen: set[str] = set()
    for part in text.split(","):
        name = part.strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out
