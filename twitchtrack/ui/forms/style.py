"""The window's look: a calm palette and one style sheet for every view."""

from __future__ import annotations

from pathlib import Path

# Style sheets want a file for the check mark; it ships inside the package.
CHECK_MARK = (Path(__file__).resolve().parent / "check.svg").as_posix()

# Calm, low-saturation colours: a blue-teal accent, warm amber for problems, and no
# alarm red anywhere an ordinary twitch is shown.
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

STYLE_SHEET = f"""
QMainWindow, QWidget#page {{ background: {WINDOW}; }}
QWidget {{ color: {TEXT}; font-size: 10pt; }}
QToolTip {{
    color: {TEXT}; background: {CARD}; border: 1px solid {BORDER}; padding: 4px;
}}

QFrame[card="true"] {{
    background: {CARD};
    border: 1px solid {BORDER};
    border-radius: 10px;
}}
QFrame[card="true"] QLabel {{ background: transparent; }}
QLabel[role="card-title"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 11pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="caption"] {{ color: {MUTED}; font-size: 9pt; font-weight: 600; }}
QLabel[role="unit"] {{ color: {MUTED}; }}
QLabel[role="field-error"] {{ color: {FIELD_ERROR}; font-size: 9pt; }}
QLabel[role="hint"] {{ color: {MUTED}; font-size: 10pt; }}
QLabel[role="big-value"] {{ font-size: 11pt; font-weight: 600; color: {ACCENT}; }}

QScrollArea, QScrollArea > QWidget > QWidget {{
    background: transparent; border: none;
}}

QLineEdit, QPlainTextEdit, QDateTimeEdit, QDateEdit, QComboBox, QSpinBox {{
    background: {CARD};
    border: 1px solid {BORDER};
    border-radius: 6px;
    padding: 4px 6px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QDateTimeEdit:focus, QDateEdit:focus,
QComboBox:focus, QSpinBox:focus {{
    border: 1px solid {ACCENT};
}}
QLineEdit[invalid="true"] {{ border: 1px solid {FIELD_ERROR}; background: #fff8f4; }}
QLineEdit:disabled, QPlainTextEdit:disabled {{ background: {WINDOW}; color: {MUTED}; }}
QComboBox::drop-down, QDateTimeEdit::drop-down, QDateEdit::drop-down {{
    border: none; width: 18px;
}}

QPushButton {{
    background: {CARD};
    border: 1px solid {BORDER};
    border-radius: 6px;
    padding: 4px 10px;
    min-height: 20px;
}}
QPushButton:hover {{ background: {ACCENT_SOFT}; border-color: {INFO_BORDER}; }}
QPushButton:pressed {{ background: {ACCENT_HOVER}; }}
QPushButton:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: white; }}
QPushButton:disabled {{ color: #a4adb6; background: {WINDOW}; }}
QPushButton:focus {{ border-color: {ACCENT}; }}
QPushButton[flat-link="true"] {{
    border: none; background: transparent; color: {ACCENT}; padding: 2px 4px;
}}
QPushButton[flat-link="true"]:hover {{ text-decoration: underline; }}
QPushButton[chip="true"] {{
    border-radius: 12px; padding: 3px 10px; font-size: 9pt; color: {INFO_TEXT};
    background: {INFO_BG}; border-color: {INFO_BORDER};
}}
QPushButton[chip="true"]:hover {{ background: {ACCENT_HOVER}; }}
QPushButton[segment] {{ border-radius: 0; padding: 4px 6px; margin-left: -1px; }}
QPushButton[segment="first"] {{
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}}
QPushButton[segment="last"] {{
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}}
QPushButton[segment="only"] {{ border-radius: 6px; margin-left: 0; }}
QPushButton[segment]:checked {{ background: {ACCENT}; border-color: {ACCENT}; }}

QWidget#bodyMapSwitcher QToolButton {{
    background: {CARD}; border: 1px solid {BORDER}; padding: 4px 14px;
    margin-left: -1px; color: {TEXT};
}}
QWidget#bodyMapSwitcher QToolButton:hover {{ background: {ACCENT_SOFT}; }}
QWidget#bodyMapSwitcher QToolButton:checked {{
    background: {ACCENT}; border-color: {ACCENT}; color: white;
}}
QToolButton#bodyMapViewFront {{
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}}
QToolButton#bodyMapViewFace {{
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}}

QSlider::groove:horizontal {{ height: 6px; background: {BORDER}; border-radius: 3px; }}
QSlider::sub-page:horizontal {{ background: {ACCENT}; border-radius: 3px; }}
QSlider::handle:horizontal {{
    background: {CARD}; border: 2px solid {ACCENT};
    width: 14px; height: 14px; margin: -6px 0; border-radius: 9px;
}}
QSlider::handle:horizontal:focus {{ background: {ACCENT_SOFT}; }}

QCheckBox {{ spacing: 7px; background: transparent; }}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid #b9c2cc; border-radius: 4px;
    background: {CARD};
}}
QCheckBox::indicator:hover {{ border-color: {ACCENT}; }}
QCheckBox::indicator:checked {{
    background: {ACCENT}; border: 1px solid {ACCENT}; image: url({CHECK_MARK});
}}
QCheckBox::indicator:disabled {{ background: {WINDOW}; }}

QMenuBar {{ background: {CARD}; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {ACCENT_SOFT}; border-radius: 4px; }}
QMenu {{ background: {CARD}; border: 1px solid {BORDER}; padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 20px; border-radius: 4px; }}
QMenu::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
QMenu::separator {{ height: 1px; background: {BORDER}; margin: 4px 8px; }}

QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{
    background: #c9d1d9; border-radius: 3px; min-height: 30px;
}}
QScrollBar::handle:vertical:hover {{ background: #aab5c0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:horizontal {{
    background: #c9d1d9; border-radius: 3px; min-width: 30px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}

QToolBar {{
    background: {CARD};
    border: none;
    border-bottom: 1px solid {BORDER};
    padding: 6px 12px;
    spacing: 6px;
}}
QToolBar QToolButton {{
    border: 1px solid transparent; border-radius: 6px; padding: 4px 10px;
}}
QToolBar QToolButton:hover {{ background: {ACCENT_SOFT}; }}
QToolBar QToolButton:disabled {{ color: #a4adb6; }}
QPushButton[nav="true"] {{
    border: none; border-radius: 8px; padding: 6px 16px; background: transparent;
    font-weight: 600; color: {MUTED};
}}
QPushButton[nav="true"]:hover {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
QPushButton[nav="true"]:checked {{ background: {ACCENT_SOFT}; color: {ACCENT}; }}
QLabel#app_title {{
    font-size: 13pt; font-weight: 700; color: {ACCENT}; padding-right: 14px;
}}

QStatusBar {{ background: {CARD}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 8px; }}
QStatusBar::item {{ border: none; }}

QFrame[banner="warn"] {{
    background: {WARN_BG}; border: 1px solid {WARN_BORDER}; border-radius: 8px;
}}
QFrame[banner="warn"] QLabel {{ color: {WARN_TEXT}; background: transparent; }}
QFrame[banner="info"] {{
    background: {INFO_BG}; border: 1px solid {INFO_BORDER}; border-radius: 8px;
}}
QFrame[banner="info"] QLabel {{ color: {INFO_TEXT}; background: transparent; }}

QTableView {{
    background: {CARD};
    alternate-background-color: #f8fafb;
    border: none;
    gridline-color: transparent;
    selection-background-color: {ACCENT_SOFT};
    selection-color: {TEXT};
}}
QTableView::item {{ padding: 0 8px; border-bottom: 1px solid #eef1f4; }}
QHeaderView::section {{
    background: {CARD}; color: {MUTED}; font-weight: 600; font-size: 9pt;
    border: none; border-bottom: 1px solid {BORDER}; padding: 7px 8px;
}}
QTableCornerButton::section {{ background: {CARD}; border: none; }}
"""
