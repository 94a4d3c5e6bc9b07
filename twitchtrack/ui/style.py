"""The window's look: calm light and dark palettes and one style sheet for all views."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_ICONS = Path(__file__).resolve().parent / "icons"
# Style sheets want a file for the check mark; it ships inside the package. The dark
# theme's accent is light, so its tick is drawn dark to keep the contrast.
CHECK_MARK = (_ICONS / "check.svg").as_posix()
CHECK_MARK_DARK = (_ICONS / "check-dark.svg").as_posix()
# The dot inside a chosen radio button, in the colour of text on the accent.
RADIO_DOT = (_ICONS / "radio-dot.svg").as_posix()
RADIO_DOT_DARK = (_ICONS / "radio-dot-dark.svg").as_posix()
# A mid grey that reads on both the light and the dark fields.
ARROW_DOWN = (_ICONS / "arrow-down.svg").as_posix()
ARROW_UP = (_ICONS / "arrow-up.svg").as_posix()

# Calm, low-saturation colours: a blue-teal accent, warm amber for problems, and no
# alarm red anywhere an ordinary twitch is shown. The names below are the light
# theme's and stay importable for code that paints with them.
WINDOW = "#f3f5f7"
CARD = "#ffffff"
BORDER = "#dde2e8"
TEXT = "#1f2a33"
MUTED = "#66737f"
ACCENT = "#2e6f8e"
ACCENT_SOFT = "#e3eff5"
ACCENT_HOVER = "#d3e6ef"
WARN_BG = "#fff5e2"
WARN_BORDER = "#efcf8f"
WARN_TEXT = "#6b4b07"
INFO_BG = "#e9f0f7"
INFO_BORDER = "#c6d6e6"
INFO_TEXT = "#27435c"
FIELD_ERROR = "#a4461d"


@dataclass(frozen=True, slots=True)
class Colours:
    """Every colour the window's style sheet uses (hex strings)."""

    dark: bool
    window: str
    card: str
    border: str
    text: str
    muted: str
    accent: str
    accent_soft: str
    accent_hover: str
    on_accent: str  # text on an accent background
    warn_bg: str
    warn_border: str
    warn_text: str
    info_bg: str
    info_border: str
    info_text: str
    field_error: str
    invalid_bg: str
    disabled_text: str
    check_border: str
    check_mark: str
    radio_dot: str
    scroll: str
    scroll_hover: str
    alt_row: str
    row_line: str


LIGHT_COLOURS = Colours(
    dark=False,
    window=WINDOW,
    card=CARD,
    border=BORDER,
    text=TEXT,
    muted=MUTED,
    accent=ACCENT,
    accent_soft=ACCENT_SOFT,
    accent_hover=ACCENT_HOVER,
    on_accent="white",
    warn_bg=WARN_BG,
    warn_border=WARN_BORDER,
    warn_text=WARN_TEXT,
    info_bg=INFO_BG,
    info_border=INFO_BORDER,
    info_text=INFO_TEXT,
    field_error=FIELD_ERROR,
    invalid_bg="#fff8f4",
    disabled_text="#a4adb6",
    check_border="#b9c2cc",
    check_mark=CHECK_MARK,
    radio_dot=RADIO_DOT,
    scroll="#c9d1d9",
    scroll_hover="#aab5c0",
    alt_row="#f8fafb",
    row_line="#eef1f4",
)

# The same family at night (the charts take their page and card from here),
# a lighter teal so accent text stays readable (contrast above 7:1 on the card), and
# amber that reads as "note this", not as an alarm.
DARK_COLOURS = Colours(
    dark=True,
    window="#1b1f24",
    card="#242a31",
    border="#3a434d",
    text="#e6eaee",
    muted="#a2acb6",
    accent="#8cc4de",
    accent_soft="#2c3a45",
    accent_hover="#34495a",
    on_accent="#0f1d25",
    warn_bg="#362d1d",
    warn_border="#6b5a33",
    warn_text="#f0d9a6",
    info_bg="#1f2d3a",
    info_border="#34506a",
    info_text="#cfe0ee",
    field_error="#f0a27a",
    invalid_bg="#3a2a24",
    disabled_text="#6f7b87",
    check_border="#5b6672",
    check_mark=CHECK_MARK_DARK,
    radio_dot=RADIO_DOT_DARK,
    scroll="#4a545f",
    scroll_hover="#5d6975",
    alt_row="#282f37",
    row_line="#2f363e",
)


def colours(dark: bool) -> Colours:
    """The dark or light colours."""
    return DARK_COLOURS if dark else LIGHT_COLOURS


def style_sheet(dark: bool = False) -> str:
    """The window's style sheet in the dark or light colours."""
    c = colours(dark)
    return f"""
QMainWindow, QWidget#page {{ background: {c.window}; }}
QWidget {{ color: {c.text}; font-size: 10pt; }}
QToolTip {{
    color: {c.text}; background: {c.card}; border: 1px solid {c.border}; padding: 4px;
}}

QFrame[card="true"] {{
    background: {c.card};
    border: 1px solid {c.border};
    border-radius: 10px;
}}
QFrame[card="true"] QLabel {{ background: transparent; }}
QLabel[role="card-title"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 11pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="caption"] {{ color: {c.muted}; font-size: 9pt; font-weight: 600; }}
QLabel[role="unit"] {{ color: {c.muted}; }}
QLabel[role="field-error"] {{ color: {c.field_error}; font-size: 9pt; }}
QLabel[role="hint"] {{ color: {c.muted}; font-size: 10pt; }}
QLabel[role="big-value"] {{ font-size: 11pt; font-weight: 600; color: {c.accent}; }}

QScrollArea, QScrollArea > QWidget > QWidget {{
    background: transparent; border: none;
}}

QLineEdit, QPlainTextEdit, QDateTimeEdit, QDateEdit, QComboBox, QSpinBox,
QDoubleSpinBox {{
    background: {c.card};
    border: 1px solid {c.border};
    border-radius: 6px;
    padding: 4px 6px;
    selection-background-color: {c.accent};
    selection-color: {c.on_accent};
}}
QLineEdit:focus, QPlainTextEdit:focus, QDateTimeEdit:focus, QDateEdit:focus,
QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus {{
    border: 1px solid {c.accent};
}}
QLineEdit[invalid="true"] {{
    border: 1px solid {c.field_error}; background: {c.invalid_bg};
}}
QLineEdit:disabled, QPlainTextEdit:disabled, QDateTimeEdit:disabled,
QDateEdit:disabled, QComboBox:disabled {{
    background: {c.window}; color: {c.muted};
}}
QComboBox::drop-down, QDateTimeEdit::drop-down, QDateEdit::drop-down {{
    border: none; width: 18px;
}}
QComboBox::down-arrow, QDateTimeEdit::down-arrow, QDateEdit::down-arrow {{
    image: url({ARROW_DOWN}); width: 10px; height: 6px;
}}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: 18px; border: none; background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: url({ARROW_UP}); width: 10px; height: 6px; }}
QAbstractSpinBox::down-arrow {{ image: url({ARROW_DOWN}); width: 10px; height: 6px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::down-arrow:disabled {{
    image: none;
}}
QComboBox QAbstractItemView {{
    background: {c.card}; color: {c.text}; border: 1px solid {c.border};
    selection-background-color: {c.accent_soft}; selection-color: {c.text};
}}
QCalendarWidget QWidget {{ alternate-background-color: {c.alt_row}; }}
QCalendarWidget QAbstractItemView {{
    background: {c.card}; color: {c.text};
    selection-background-color: {c.accent}; selection-color: {c.on_accent};
}}
QCalendarWidget QAbstractItemView:disabled {{ color: {c.disabled_text}; }}
QWidget#qt_calendar_navigationbar {{ background: {c.card}; }}
QCalendarWidget QToolButton {{ color: {c.text}; background: transparent; }}

QPushButton {{
    background: {c.card};
    border: 1px solid {c.border};
    border-radius: 6px;
    padding: 4px 10px;
    min-height: 20px;
}}
QPushButton:hover {{ background: {c.accent_soft}; border-color: {c.info_border}; }}
QPushButton:pressed {{ background: {c.accent_hover}; }}
QPushButton:checked {{
    background: {c.accent}; border-color: {c.accent}; color: {c.on_accent};
}}
QPushButton:disabled {{ color: {c.disabled_text}; background: {c.window}; }}
QPushButton:focus {{ border-color: {c.accent}; }}
QPushButton[flat-link="true"] {{
    border: none; background: transparent; color: {c.accent}; padding: 2px 4px;
}}
QPushButton[flat-link="true"]:hover {{ text-decoration: underline; }}
QPushButton[flat-link="true"]:disabled {{ color: {c.disabled_text}; }}
QPushButton[chip="true"] {{
    border-radius: 12px; padding: 3px 10px; font-size: 9pt; color: {c.info_text};
    background: {c.info_bg}; border-color: {c.info_border};
}}
QPushButton[chip="true"]:hover {{ background: {c.accent_hover}; }}
QPushButton[chip="true"]:disabled {{
    color: {c.disabled_text}; background: {c.window}; border-color: {c.border};
}}
QPushButton[segment] {{ border-radius: 0; padding: 4px 6px; margin-left: -1px; }}
QPushButton[segment="first"] {{
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}}
QPushButton[segment="last"] {{
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}}
QPushButton[segment="only"] {{ border-radius: 6px; margin-left: 0; }}
QPushButton[segment]:checked {{ background: {c.accent}; border-color: {c.accent}; }}
QPushButton:checked:disabled {{
    background: {c.accent_soft}; border-color: {c.border}; color: {c.muted};
}}

QWidget#bodyMapSwitcher QToolButton {{
    background: {c.card}; border: 1px solid {c.border}; padding: 4px 12px;
    margin-left: -1px; color: {c.text};
}}
QWidget#bodyMapSwitcher QToolButton:hover {{ background: {c.accent_soft}; }}
QWidget#bodyMapSwitcher QToolButton:focus {{ border-color: {c.accent}; }}
QWidget#bodyMapSwitcher QToolButton:checked {{
    background: {c.accent}; border-color: {c.accent}; color: {c.on_accent};
}}
QToolButton#bodyMapViewFront {{
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}}
QToolButton#bodyMapViewFace {{
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}}

QSlider::groove:horizontal {{
    height: 6px; background: {c.border}; border-radius: 3px;
}}
QSlider::sub-page:horizontal {{ background: {c.accent}; border-radius: 3px; }}
QSlider::handle:horizontal {{
    background: {c.card}; border: 2px solid {c.accent};
    width: 14px; height: 14px; margin: -6px 0; border-radius: 9px;
}}
QSlider::handle:horizontal:focus {{ background: {c.accent_soft}; }}
QSlider::sub-page:horizontal:disabled {{ background: {c.check_border}; }}
QSlider::handle:horizontal:disabled {{ border-color: {c.check_border}; }}

QCheckBox {{ spacing: 7px; background: transparent; }}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.check_border}; border-radius: 4px;
    background: {c.card};
}}
QCheckBox::indicator:hover {{ border-color: {c.accent}; }}
QCheckBox:focus {{ color: {c.accent}; }}
QCheckBox::indicator:focus {{
    border: 2px solid {c.accent}; width: 12px; height: 12px;
}}
QCheckBox::indicator:checked {{
    background: {c.accent}; border: 1px solid {c.accent}; image: url({c.check_mark});
}}
QCheckBox::indicator:disabled {{ background: {c.window}; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {c.muted}; }}

QRadioButton {{ spacing: 6px; background: transparent; }}
QRadioButton::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.check_border}; border-radius: 8px;
    background: {c.card};
}}
QRadioButton::indicator:hover {{ border-color: {c.accent}; }}
QRadioButton::indicator:focus {{
    border: 2px solid {c.accent}; width: 12px; height: 12px;
}}
/* A chosen answer is a filled accent disc, as a ticked box is: Fusion's own dot was
   faint on the dark card. */
QRadioButton::indicator:checked {{
    background: {c.accent}; border: 1px solid {c.accent}; image: url({c.radio_dot});
}}
QRadioButton::indicator:disabled {{ background: {c.window}; }}

QMenuBar {{ background: {c.card}; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {c.accent_soft}; border-radius: 4px; }}
QMenu {{ background: {c.card}; border: 1px solid {c.border}; padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 20px; border-radius: 4px; }}
QMenu::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QMenu::separator {{ height: 1px; background: {c.border}; margin: 4px 8px; }}

QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{
    background: {c.scroll}; border-radius: 3px; min-height: 30px;
}}
QScrollBar::handle:vertical:hover {{ background: {c.scroll_hover}; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:horizontal {{
    background: {c.scroll}; border-radius: 3px; min-width: 30px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}

QToolBar {{
    background: {c.card};
    border: none;
    border-bottom: 1px solid {c.border};
    padding: 6px 12px;
    spacing: 6px;
}}
QToolBar QToolButton {{
    border: 1px solid transparent; border-radius: 6px; padding: 4px 10px;
}}
QToolBar QToolButton:hover {{ background: {c.accent_soft}; }}
QToolBar QToolButton:focus {{ border-color: {c.accent}; }}
QToolBar QToolButton:disabled {{ color: {c.disabled_text}; }}
QPushButton[nav="true"] {{
    border: none; border-radius: 8px; padding: 6px 16px; background: transparent;
    font-weight: 600; color: {c.muted};
}}
QPushButton[nav="true"]:hover {{ background: {c.accent_soft}; color: {c.text}; }}
QPushButton[nav="true"]:checked {{ background: {c.accent_soft}; color: {c.accent}; }}
QPushButton[nav="true"]:focus {{
    border: 2px solid {c.accent}; padding: 4px 14px;
}}
QLabel#app_title {{
    font-size: 13pt; font-weight: 700; color: {c.accent}; padding-right: 14px;
}}

QStatusBar {{
    background: {c.card}; border-top: 1px solid {c.border}; color: {c.muted};
}}
QStatusBar QLabel {{ color: {c.muted}; padding: 0 8px; }}
QStatusBar::item {{ border: none; }}

QFrame[banner="warn"] {{
    background: {c.warn_bg}; border: 1px solid {c.warn_border}; border-radius: 8px;
}}
QFrame[banner="warn"] QLabel {{ color: {c.warn_text}; background: transparent; }}
QFrame[banner="info"] {{
    background: {c.info_bg}; border: 1px solid {c.info_border}; border-radius: 8px;
}}
QFrame[banner="info"] QLabel {{ color: {c.info_text}; background: transparent; }}

QTableView {{
    background: {c.card};
    alternate-background-color: {c.alt_row};
    border: 1px solid transparent;
    gridline-color: transparent;
    selection-background-color: {c.accent_soft};
    selection-color: {c.text};
}}
QTableView::item {{ padding: 0 8px; border-bottom: 1px solid {c.row_line}; }}
QHeaderView::section {{
    background: {c.card}; color: {c.muted}; font-weight: 600; font-size: 9pt;
    border: none; border-bottom: 1px solid {c.border}; padding: 7px 8px;
}}
QTableCornerButton::section {{ background: {c.card}; border: none; }}
QTableView:focus {{ border: 1px solid {c.accent}; border-radius: 4px; }}

QDialog {{ background: {c.window}; }}
QGroupBox {{
    background: {c.card}; border: 1px solid {c.border}; border-radius: 8px;
    margin-top: 14px; padding: 10px 8px 6px 8px;
}}
QGroupBox::title {{
    subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {c.text};
    font-weight: 600;
}}
QGroupBox QLabel {{ background: transparent; }}
"""


# The light sheet under its old name, for code that imported it before dark mode.
STYLE_SHEET = style_sheet(False)
