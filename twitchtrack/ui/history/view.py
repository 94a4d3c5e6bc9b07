"""History view: filter bar, episode table, trash and restore."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.regions import GROUPS, REGIONS, Area
from twitchtrack.domain.text import plural
from twitchtrack.ui.history.details import changed_line
from twitchtrack.ui.history.model import (
    COLUMNS,
    INTENSITY,
    KIND,
    NOTE,
    PLACE,
    SYMPTOMS,
    WHEN,
    EpisodeTableModel,
)
from twitchtrack.ui.history.proxy import EpisodeFilter
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.style import Colours, colours
from twitchtrack.ui.widgets import Card, caption, set_names

ANY_DATE = QDate(2000, 1, 1)
Index = QModelIndex | QPersistentModelIndex


class IntensityDelegate(QStyledItemDelegate):
    """Draws intensity as a short bar of ten steps and edits it with a 1-10 spin box."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colours: Colours = colours(False)

    @property
    def colours(self) -> Colours:
        """The colours the steps are painted in."""
        return self._colours

    def set_dark(self, dark: bool) -> None:
        """Paint in the dark or light window's colours."""
        self._colours = colours(dark)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        value = index.data(Qt.ItemDataRole.DisplayRole)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget
            )
        if not isinstance(value, int):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(10, 0, -6, 0)
        step, gap, height = 6.0, 2.0, 8.0
        top = rect.center().y() - height / 2 + 1
        c = self._colours
        for i in range(10):
            color = QColor(c.accent) if i < value else QColor(c.border)
            if i < value:
                # Deeper with each step; on a dark card a pale accent needs more
                # opacity to stand apart from the empty steps.
                color.setAlphaF((0.62 + 0.04 * i) if c.dark else (0.45 + 0.055 * i))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(
                QRectF(rect.left() + i * (step + gap), top, step, height), 1.5, 1.5
            )
        painter.setPen(QColor(c.muted))
        text_rect = rect.adjusted(int(10 * (step + gap)) + 6, 0, 0, 0)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), str(value))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(110, super().sizeHint(option, index).height())

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(1, 10)
        editor.setAccessibleName("Intensity from 1 to 10")
        return editor


class HistoryView(QWidget):
    """Every episode in a sortable, filterable table; deleting goes to the trash."""

    episode_activated = Signal(object)  # uuid.UUID: open it in the Log view

    def __init__(self, model: JournalModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self._model = model
        self.table_model = EpisodeTableModel(model, self)
        self.proxy = EpisodeFilter(self.table_model, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.card = Card("History", "")
        self.card.setObjectName("history_card")
        layout.addWidget(self.card)
        self._build_filters()
        self._build_table()
        self._build_actions()
        self._set_enabled_for_model()
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_summary)
        self._update_summary()

    # ------------------------------------------------------------------ building

    def _build_filters(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(8)

        self.from_date = QDateEdit()
        set_names(self.from_date, "history_from", "Show episodes from this date")
        self.to_date = QDateEdit()
        set_names(self.to_date, "history_to", "Show episodes up to this date")
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setMinimumDate(ANY_DATE)
            edit.setSpecialValueText("Any date")
            edit.setDate(ANY_DATE)
            edit.setMinimumWidth(118)
            edit.dateChanged.connect(self._on_dates_changed)

        self.place = QComboBox()
        set_names(self.place, "history_place", "Show episodes at this place")
        self.place.addItem("Everywhere", None)
        self.place.insertSeparator(self.place.count())
        for area in Area:
            self.place.addItem(f"All {area.value}", ("area", area.value))
        self.place.insertSeparator(self.place.count())
        for group, (label, _area) in GROUPS.items():
            self.place.addItem(label, ("group", group))
        self.place.insertSeparator(self.place.count())
        for r in sorted(REGIONS, key=lambda r: r.label.casefold()):
            self.place.addItem(r.label, ("region", r.id))
        self.place.setMaxVisibleItems(20)
        self.place.setMinimumWidth(170)
        self.place.currentIndexChanged.connect(self._on_place_changed)

        self.search = QLineEdit()
        set_names(self.search, "history_search", "Search notes, places and symptoms")
        self.search.setPlaceholderText("Search notes, places, symptoms…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)

        self.clear_filters = QPushButton("Clear")
        set_names(self.clear_filters, "history_clear", "Clear the filters")
        self.clear_filters.setProperty("flat-link", True)
        self.clear_filters.clicked.connect(self.reset_filters)

        bar.addWidget(caption("From", self.from_date))
        bar.addWidget(self.from_date)
        bar.addWidget(caption("to", self.to_date))
        bar.addWidget(self.to_date)
        bar.addSpacing(6)
        bar.addWidget(caption("Place", self.place))
        bar.addWidget(self.place)
        bar.addSpacing(6)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.clear_filters)
        self.card.body.addLayout(bar)

    def _build_table(self) -> None:
        table = QTableView()
        self.table = table
        set_names(table, "history_table", "Episodes")
        table.setModel(self.proxy)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(30)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        header.setStretchLastSection(True)
        # The note (last) stretches over what is left; these fit the table at the
        # smallest window without a sideways scroll bar.
        widths = {
            WHEN: 196,
            PLACE: 200,
            INTENSITY: 120,
            KIND: 90,
            SYMPTOMS: 140,
            NOTE: 110,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        self.intensity_delegate = IntensityDelegate(table)
        table.setItemDelegateForColumn(INTENSITY, self.intensity_delegate)
        # Indicator first: enabling sorting then sorts once, by time, newest first.
        header.setSortIndicator(WHEN, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        table.doubleClicked.connect(self._on_table_double_clicked)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.card.body.addWidget(table, 1)

        self.empty = QLabel()
        self.empty.setObjectName("history_empty")
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)
        self.card.body.addWidget(self.empty)

    def _build_actions(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.summary = QLabel()
        self.summary.setObjectName("history_summary")
        self.summary.setProperty("role", "muted")
        # The selected episode's last change: when, and on which computer.
        self.changed = QLabel()
        self.changed.setObjectName("history_changed")
        self.changed.setProperty("role", "muted")
        self._model.episodes_changed.connect(self._update_changed)
        self.trash_toggle = QPushButton("Trash")
        set_names(self.trash_toggle, "history_trash_toggle", "Show the trash")
        self.trash_toggle.setCheckable(True)
        self.trash_toggle.toggled.connect(self.set_trash)
        self.delete_button = QPushButton("Move to trash")
        set_names(
            self.delete_button,
            "history_delete",
            "Move the selected episodes to the trash",
        )
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button = QPushButton("Restore")
        set_names(
            self.restore_button, "history_restore", "Restore the selected episodes"
        )
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setVisible(False)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.changed)
        bar.addWidget(self.trash_toggle)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.restore_button)
        self.card.body.addLayout(bar)
        # The Delete key on the table (an event filter: the view itself ignores it).
        self.table.installEventFilter(self)
        self._update_buttons()

    def set_dark(self, dark: bool) -> None:
        """Follow a dark or light window (the intensity dots are painted here)."""
        self.intensity_delegate.set_dark(dark)
        self.table.viewport().update()

    def _set_enabled_for_model(self) -> None:
        editable = not self._model.read_only
        self.delete_button.setEnabled(editable)
        self.restore_button.setEnabled(editable)

    def load(self) -> None:
        """Fill the table now (it fills itself the first time it is shown)."""
        if not self.table_model.loaded:
            self.table_model.load()
            self._update_summary()

    def showEvent(self, event: QShowEvent) -> None:
        self.load()
        super().showEvent(event)

    # ------------------------------------------------------------------ filters

    def set_date_range(self, start: date | None, end: date | None) -> None:
        """Filter by local day (None: open-ended); updates the date fields too."""
        for edit, value in ((self.from_date, start), (self.to_date, end)):
            edit.blockSignals(True)
            edit.setDate(
                ANY_DATE if value is None else QDate(value.year, value.month, value.day)
            )
            edit.blockSignals(False)
        self.proxy.set_date_range(start, end)

    def _on_dates_changed(self) -> None:
        def read(edit: QDateEdit) -> date | None:
            d = edit.date()
            return None if d == ANY_DATE else date(d.year(), d.month(), d.day())

        self.proxy.set_date_range(read(self.from_date), read(self.to_date))

    def set_place(self, place: tuple[str, str] | None) -> None:
        """Filter by ("region"|"group"|"area", id), or None for everywhere."""
        # findData cannot compare Python tuples, so look for the entry by hand.
        for index in range(self.place.count()):
            if self.place.itemData(index) == place:
                self.place.setCurrentIndex(index)
                return
        self.place.setCurrentIndex(0)

    def _on_place_changed(self, index: int) -> None:
        self.proxy.set_place(self.place.itemData(index))

    def reset_filters(self) -> None:
        """Show everything again."""
        self.set_date_range(None, None)
        self.place.setCurrentIndex(0)
        self.search.clear()

    # ------------------------------------------------------------------ trash

    def set_trash(self, trash: bool) -> None:
        """Show the trash (deleted episodes) instead of the journal."""
        if self.trash_toggle.isChecked() != trash:
            self.trash_toggle.setChecked(trash)
            return
        self.table_model.set_trash(trash)
        self.delete_button.setVisible(not trash)
        self.restore_button.setVisible(trash)
        self.card.title.setText("Trash" if trash else "History")
        self._update_summary()

    def selected_ids(self) -> list[uuid.UUID]:
        """The episodes of the selected rows."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.episode_at(r).id for r in rows]

    def select_episode(self, episode_id: uuid.UUID) -> bool:
        """Select and show an episode's row; False if it is filtered out or absent."""
        self.load()
        row = self.table_model.row_of(episode_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def delete_selected(self) -> int:
        """Move the selected episodes to the trash (undoable)."""
        if self.table_model.trash:
            return 0
        return self._model.delete_episodes(self.selected_ids())

    def restore_selected(self) -> int:
        """Bring the selected episodes back from the trash (undoable)."""
        if not self.table_model.trash:
            return 0
        return self._model.restore_episodes(self.selected_ids())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Delete)
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self._on_delete_key()
            return True
        return super().eventFilter(watched, event)

    def _on_delete_key(self) -> None:
        if self.table_model.trash:
            self.restore_selected()
        else:
            self.delete_selected()

    # ------------------------------------------------------------------ feedback

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (INTENSITY, NOTE) and not self.table_model.trash:
            return  # those cells edit in place
        self.episode_activated.emit(self.proxy.episode_at(index.row()).id)

    def _update_buttons(self) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        editable = not self._model.read_only
        self.delete_button.setEnabled(has and editable)
        self.restore_button.setEnabled(has and editable)
        self._update_changed()

    def _update_changed(self, _ids: object = None) -> None:
        ids = self.selected_ids()
        episode = self._model.episode(ids[0]) if len(ids) == 1 else None
        self.changed.setText(
            ""
            if episode is None
            else changed_line(episode, self._model.device, self._model.today())
        )

    def _update_summary(self) -> None:
        shown, total = self.proxy.rowCount(), self.table_model.total()
        noun = "deleted episode" if self.table_model.trash else "episode"
        counted = plural(total, noun)
        text = counted if shown == total else f"Showing {shown:,} of {counted}"
        self.summary.setText(text)
        if shown == 0:
            if self.table_model.trash:
                message = "The trash is empty."
            elif total == 0:
                message = (
                    "Nothing logged yet. Episodes you log on the body map show up here."
                )
            else:
                message = "No episodes match these filters."
            self.empty.setText(message)
        self.empty.setVisible(shown == 0)
        self.table.setVisible(shown > 0)
        self._update_buttons()

    def source(self) -> QAbstractItemModel:
        """The filtered model the table shows."""
        return self.proxy


__all__ = ["COLUMNS", "HistoryView", "IntensityDelegate"]
