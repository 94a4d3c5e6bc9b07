"""Daily check-in card: caffeine, sleep, water, stress and the rest for any date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import DayLog
from twitchtrack.domain.times import EARLIEST_DAY, day_problem, latest_day
from twitchtrack.ui.log.forms import arm_line
from twitchtrack.ui.log.forms import timed_inputs as timed
from twitchtrack.ui.log.forms.day_fields import (
    DRINKS,
    NUMBER_FIELDS,
    QUALITY_WORDS,
    WHOLE_FIELDS,
    Drink,
    check_day_value,
)
from twitchtrack.ui.log.forms.day_tracking import TrackingRow
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.units import (
    field_unit,
    format_number,
    water_step_label,
    water_step_ml,
)
from twitchtrack.ui.widgets import (
    Card,
    FieldMessage,
    FormScroll,
    ListCompleter,
    NumberField,
    Segmented,
    caption,
    on_focus_out,
    set_names,
    split_list,
)


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DayCheckIn(QWidget):
    """The check-in of one date; every committed field is saved (and undoable)."""

    def __init__(
        self,
        model: JournalModel,
        *,
        drinks: Sequence[Drink] = DRINKS,
        note_delay_ms: int = 800,
        count_later: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._count_later = count_later  # the owner calls tracking.first_count
        self.setObjectName("day_checkin")
        self._model = model
        self._date = model.today()
        self._drinks = tuple(drinks)

        self.card = Card("Check-in", "")
        self.card.setObjectName("checkin_card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.card)
        self._build_date_bar()
        self.card.body.addWidget(FormScroll(self._build_fields()), 1)

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(max(0, note_delay_ms))
        self._note_timer.timeout.connect(self.commit_note)

        self._medicines: set[str] = set()
        self._tags: set[str] = set()
        self._collect_words(model.so_far("days"))  # type: ignore[arg-type]

        model.days_changed.connect(self._on_model_days_changed)
        model.settings_changed.connect(self._on_model_settings_changed)
        model.records_changed.connect(self._on_model_records_changed)
        self._apply_units()
        self._set_enabled_for_model()
        self._refresh()

    # ------------------------------------------------------------------ building

    def _build_date_bar(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.prev_day = QPushButton("\u2039")
        set_names(self.prev_day, "checkin_prev_day", "Previous day")
        self.next_day = QPushButton("\u203a")
        set_names(self.next_day, "checkin_next_day", "Next day")
        for button in (self.prev_day, self.next_day):
            button.setFixedWidth(30)
        self.date_edit = QDateEdit()
        set_names(self.date_edit, "checkin_date", "Date of the check-in")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setDate(_to_qdate(self._date))
        self.date_edit.dateChanged.connect(lambda d: self.set_date(_from_qdate(d)))
        self.today_button = QPushButton("Today")
        set_names(self.today_button, "checkin_today", "Go to today's check-in")
        self.today_button.setProperty("flat-link", True)
        self.prev_day.clicked.connect(lambda: self.set_date(self._date - timedelta(1)))
        self.next_day.clicked.connect(lambda: self.set_date(self._date + timedelta(1)))
        self.today_button.clicked.connect(lambda: self.set_date(self._model.today()))
        bar.addWidget(self.prev_day)
        bar.addWidget(self.date_edit, 1)
        bar.addWidget(self.next_day)
        bar.addWidget(self.today_button)
        self.card.body.addLayout(bar)

    def _number(self, field: str) -> NumberField:
        _label, accessible = NUMBER_FIELDS[field]
        widget = NumberField(f"checkin_{field}", accessible, "", placeholder="—")
        widget.committed.connect(lambda v, f=field: self._commit_number(f, v))
        self.numbers[field] = widget
        return widget

    def _drink_button(self, drink: Drink) -> QPushButton:
        button = QPushButton(f"+ {drink.label}")
        set_names(
            button,
            f"checkin_drink_{drink.key}",
            f"Add a {drink.label.lower()} ({format_number(drink.mg)} mg)",
        )
        button.setToolTip(f"Adds about {format_number(drink.mg)} mg of caffeine")
        button.setProperty("chip", True)
        button.clicked.connect(lambda _=False, d=drink: self.add_caffeine(d.mg, d.key))
        self.drink_buttons[drink.key] = button
        return button

    def _build_fields(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(5)
        self.numbers: dict[str, NumberField] = {}
        self.tracking = TrackingRow(self._model, count_later=self._count_later)
        self.arm = arm_line.arm_label()
        column.addWidget(self.arm)
        column.addWidget(self.tracking)
        column.addSpacing(8)

        caffeine = self._number("caffeine_mg")
        column.addWidget(caption("Caffeine", caffeine.edit))
        column.addWidget(caffeine)
        # Rows of their own width, not a grid: a grid sizes each column for its
        # widest chip, which made the card wider than the space beside a scroll bar.
        chips = QVBoxLayout()
        chips.setSpacing(5)
        self.drink_buttons: dict[str, QPushButton] = {}
        for first in range(0, len(self._drinks), 3):
            row = QHBoxLayout()
            row.setSpacing(5)
            for drink in self._drinks[first : first + 3]:
                row.addWidget(self._drink_button(drink))
            row.addStretch(1)
            chips.addLayout(row)
        column.addLayout(chips)
        self.notes = {f: timed.note_label(f"{f}_source") for f in timed.KINDS}
        column.addWidget(self.notes["caffeine_mg"])
        column.addSpacing(8)

        sleep = self._number("sleep_h")
        self.quality = Segmented(
            [(i, str(i)) for i in range(1, 6)],
            optional=True,
            name="checkin_sleep_quality",
            accessible="Sleep quality from 1 to 5",
            tooltips=[f"{i}: {w}" for i, w in enumerate(QUALITY_WORDS, start=1)],
        )
        self.quality.value_chosen.connect(
            lambda v: self._commit_value("sleep_quality", v)
        )
        self.quality_message = FieldMessage()
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.addWidget(caption("Sleep last night", sleep.edit), 0, 0)
        grid.addWidget(caption("Quality (1 to 5)", self.quality), 0, 1)
        grid.addWidget(sleep, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.quality, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        column.addWidget(self.quality_message)
        column.addSpacing(8)

        water = self._number("water_ml")
        self.water_button = QPushButton()
        set_names(self.water_button, "checkin_water_add", "Add a glass of water")
        self.water_button.setProperty("chip", True)
        self.water_button.clicked.connect(self.add_water)
        water.extras.addWidget(self.water_button)
        column.addWidget(caption("Water", water.edit))
        column.addWidget(water)
        column.addWidget(self.notes["water_ml"])
        column.addSpacing(8)

        pairs = QGridLayout()
        pairs.setHorizontalSpacing(12)
        pairs.setVerticalSpacing(10)
        for index, field in enumerate(
            ("stress", "exercise_min", "alcohol_units", "magnesium_mg")
        ):
            widget = self._number(field)
            title = NUMBER_FIELDS[field][0] + (
                " (0 to 10)" if field == "stress" else ""
            )
            cell = QVBoxLayout()
            cell.setSpacing(5)
            cell.addWidget(caption(title, widget.edit))
            cell.addWidget(widget)
            cell.addStretch(1)
            pairs.addLayout(cell, *divmod(index, 2))
        pairs.setColumnStretch(0, 1)
        pairs.setColumnStretch(1, 1)
        column.addLayout(pairs)
        column.addSpacing(8)

        self.medicines = QLineEdit()
        set_names(
            self.medicines, "checkin_medicines", "Medicines taken, comma separated"
        )
        self.medicines.setPlaceholderText("e.g. Magnesium glycinate, Cetirizine")
        self.medicines_model = QStringListModel(self)
        completer = ListCompleter([], self.medicines)
        completer.setModel(self.medicines_model)
        self.medicines.setCompleter(completer)
        self.medicines.editingFinished.connect(
            lambda: self._commit_list("medications", self.medicines)
        )
        self.medicines_message = FieldMessage()
        column.addWidget(caption("Medicines", self.medicines))
        column.addWidget(self.medicines)
        column.addWidget(self.medicines_message)

        self.tags = QLineEdit()
        set_names(self.tags, "checkin_tags", "Tags, comma separated")
        self.tags.setPlaceholderText("e.g. travel, workout, exam week")
        self.tags_model = QStringListModel(self)
        tag_completer = ListCompleter([], self.tags)
        tag_completer.setModel(self.tags_model)
        self.tags.setCompleter(tag_completer)
        self.tags.editingFinished.connect(lambda: self._commit_list("tags", self.tags))
        self.tags_message = FieldMessage()
        column.addWidget(caption("Tags", self.tags))
        column.addWidget(self.tags)
        column.addWidget(self.tags_message)

        self.note = QPlainTextEdit()
        set_names(self.note, "checkin_note", "Note for the day")
        self.note.setPlaceholderText("How was the day?")
        # Grows into the card's spare height on a tall window, up to a point.
        self.note.setMinimumHeight(56)
        self.note.setMaximumHeight(200)
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(lambda: self._note_timer.start())
        on_focus_out(self.note, self.commit_note)
        self.note_message = FieldMessage()
        column.addWidget(caption("Note", self.note))
        # The note takes most of the spare height (up to its maximum), the stretch
        # the rest: the rows above keep their spacing on a tall window.
        column.addWidget(self.note, 3)
        column.addWidget(self.note_message)
        column.addStretch(1)
        return page

    # ---------------------------------------------------------------- model -> widgets

    @property
    def shown_date(self) -> date:
        """The date shown."""
        return self._date

    def set_date(self, day: date) -> None:
        """Show the check-in of ``day`` (commits a note being typed first).

        A day no one could log (before 1970, after tomorrow) is not shown.
        """
        if day == self._date:
            return
        if day_problem(day, self._model.today()) is not None:
            with QSignalBlocker(self.date_edit):
                self.date_edit.setDate(_to_qdate(self._date))
            return
        self.commit_note()
        self._date = day
        with QSignalBlocker(self.date_edit):
            self.date_edit.setDate(_to_qdate(day))
        self._refresh(force=True)

    def _set_enabled_for_model(self) -> None:
        editable = not self._model.read_only
        for widget in (
            *self.numbers.values(),
            *self.drink_buttons.values(),
            self.water_button,
            self.quality,
            self.tracking,
            self.medicines,
            self.tags,
            self.note,
        ):
            widget.setEnabled(editable)

    def _collect_words(self, days: Iterable[DayLog]) -> None:
        before = (len(self._medicines), len(self._tags))
        for d in days:
            if not d.deleted:
                self._medicines.update(d.medications)
                self._tags.update(d.tags)
        if (len(self._medicines), len(self._tags)) != before:
            self.medicines_model.setStringList(
                sorted(self._medicines, key=str.casefold)
            )
            self.tags_model.setStringList(sorted(self._tags, key=str.casefold))

    def _on_model_days_changed(self, dates: list[date]) -> None:
        changed = [self._model.day(d) for d in dates]
        self._collect_words(d for d in changed if d is not None)
        if self._date in dates:
            self._refresh()

    def _on_model_records_changed(self, name: str, _ids: object) -> None:
        if name in ("intakes", "experiments"):
            self._refresh()

    def _on_model_settings_changed(self) -> None:
        self._apply_units()
        self._refresh(force=True)

    def _apply_units(self) -> None:
        units = self._model.units
        for field, widget in self.numbers.items():
            widget.set_suffix(field_unit(field, units).suffix)
        self.water_button.setText(water_step_label(units))

    def _refresh(self, *, force: bool = False) -> None:
        today = self._model.today()
        with QSignalBlocker(self.date_edit):
            # Today moves on: tomorrow stays the last day within reach.
            self.date_edit.setDateRange(
                _to_qdate(EARLIEST_DAY), _to_qdate(latest_day(today))
            )
        delta = (today - self._date).days
        self.card.set_subtitle(
            {0: "Today", 1: "Yesterday"}.get(
                delta, f"{delta} days ago" if delta > 0 else ""
            )
        )
        self.today_button.setVisible(delta != 0)
        log = self._model.day(self._date)
        self.tracking.show_day(self._date, log)
        arm_line.show_arm(self.arm, self._model, self._date)
        units = self._model.units
        for field, widget in self.numbers.items():
            value = getattr(log, field) if log else None
            if field in timed.KINDS:
                value, where = timed.shown_total(self._model, self._date, field)
                timed.show_note(self.notes[field], where)
            if force or not widget.is_editing():
                widget.set_text(field_unit(field, units).format(value))
        self.quality.set_value(log.sleep_quality if log else None)
        for line, values, message in (
            (self.medicines, log.medications if log else [], self.medicines_message),
            (self.tags, log.tags if log else [], self.tags_message),
        ):
            if force or not line.hasFocus():
                line.setText(", ".join(values))
                line.setModified(False)
                message.show_message(None)
        if force or (not self.note.hasFocus() and not self._note_timer.isActive()):
            text = log.note if log else ""
            with QSignalBlocker(self.note):
                if self.note.toPlainText() != text:
                    self.note.setPlainText(text)
            self.note_message.show_message(None)

    # ---------------------------------------------------------------- widgets -> model

    def _commit_value(self, field: str, value: Any) -> bool:
        message = check_day_value(field, value, self._model.units)
        if message is None:
            message = self._model.set_day_values(self._date, **{field: value})
        target = self.numbers.get(field)
        if target is not None:
            target.show_error(message)
        elif field == "sleep_quality":
            self.quality_message.show_message(message)
        return message is None

    def _commit_number(self, field: str, shown: float | None) -> None:
        unit = field_unit(field, self._model.units)
        stored: float | int | None = None if shown is None else unit.from_display(shown)
        if field in WHOLE_FIELDS and stored is not None:
            if not float(stored).is_integer():
                self.numbers[field].show_error("Enter a whole number.")
                return
            stored = int(stored)
        if self._commit_value(field, stored):
            self.numbers[field].set_text(unit.format(stored))

    def _add(self, field: str, amount: float, label: str) -> None:
        # A timed intake (now, for today); a typed total rises with it.
        message = timed.add_intake(self._model, self._date, field, amount, label)
        self.numbers[field].show_error(message)
        if message is None:
            self._refresh(force=True)

    def add_caffeine(self, mg: float, label: str = "coffee") -> None:
        """Log a drink's caffeine at the time it was had."""
        self._add("caffeine_mg", mg, label)

    def add_water(self) -> None:
        """Log one glass of water."""
        self._add("water_ml", water_step_ml(self._model.units), "water")

    def _commit_list(self, field: str, line: QLineEdit) -> None:
        values = split_list(line.text())
        message_label = (
            self.medicines_message if field == "medications" else self.tags_message
        )
        log = self._model.day(self._date)
        if values == (getattr(log, field) if log else []):
            message_label.show_message(None)
            return
        too_long = next(
            (v for v in values if len(v) > (100 if field == "medications" else 64)),
            None,
        )
        if too_long is not None:
            message_label.show_message(
                "Each entry can be up to 100 characters."
                if field == "medications"
                else "Each tag can be up to 64 characters."
            )
            return
        changes: dict[str, Any] = {field: values}
        message = check_day_value(field, values, self._model.units)
        if message is None:
            message = self._model.set_day_values(self._date, **changes)
        message_label.show_message(message)
        if message is None:
            line.setText(", ".join(values))

    def commit_note(self) -> None:
        """Apply the typed note now (also runs shortly after typing stops)."""
        self._note_timer.stop()
        text = self.note.toPlainText()
        log = self._model.day(self._date)
        if text == (log.note if log else ""):
            self.note_message.show_message(None)
            return
        if len(text) > 10_000:
            self.note_message.show_message(
                f"Notes can be up to 10,000 characters; this one has {len(text):,}."
            )
            return
        self.note_message.show_message(
            self._model.set_day_values(self._date, merge=True, note=text)
        )
