"""The Trends view's own style sheet, light or dark (cards, segmented buttons, tabs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the chart theme module loads pyqtgraph
    from twitchtrack.ui.trends.charts.theme import ChartTheme

# Style sheets want a file for the drop-down arrow; it ships inside the package.
CHEVRON = (Path(__file__).resolve().parents[1] / "icons" / "chevron.svg").as_posix()


def style_sheet(t: ChartTheme) -> str:
    """The view's own look, light or dark (cards, segmented buttons, tabs)."""
    white = "#ffffff" if not t.dark else "#101418"
    return f"""
QWidget#trendsView, QWidget[trendsPage="true"] {{ background: {t.page}; }}
QWidget#trendsView QLabel {{ color: {t.text}; background: transparent; }}
QLabel[role="page-title"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="card-title"] {{ font-size: 12pt; font-weight: 600; }}
QWidget#trendsView QLabel[role="muted"], QWidget#trendsView QLabel[role="legend"] {{
    color: {t.muted}; }}
QWidget#trendsView QLabel[role="hint"] {{ color: {t.muted}; font-size: 9pt; }}
QWidget#trendsView QLabel[role="empty"] {{ color: {t.muted}; font-size: 11pt;
    padding: 24px 40px; }}
QWidget#trendsView QLabel[role="sentence"] {{ font-size: 11.5pt; font-weight: 600;
    color: {t.text}; padding-top: 4px; }}
QWidget#trendsView QLabel[role="warning"] {{ color: {t.overlay}; }}
QFrame[card="true"] {{ background: {t.card}; border: 1px solid {t.border};
    border-radius: 10px; }}
QFrame[card="true"] QStackedWidget, QFrame[card="true"] QStackedWidget > QWidget {{
    background: transparent; }}
QWidget#trendsView QPushButton {{ background: {t.card}; color: {t.text};
    border: 1px solid {t.border}; border-radius: 6px; padding: 5px 12px; }}
QWidget#trendsView QPushButton:hover {{ background: {t.accent_soft}; }}
QWidget#trendsView QPushButton:focus {{ border-color: {t.accent}; }}
QWidget#trendsView QPushButton[segment] {{ border-radius: 0; margin-left: -1px; }}
QWidget#trendsView QPushButton[segment="first"] {{ border-top-left-radius: 6px;
    border-bottom-left-radius: 6px; margin-left: 0; }}
QWidget#trendsView QPushButton[segment="last"] {{ border-top-right-radius: 6px;
    border-bottom-right-radius: 6px; }}
QWidget#trendsView QPushButton:checked {{ background: {t.accent}; color: {white};
    border-color: {t.accent}; }}
QWidget#trendsView QComboBox, QWidget#trendsView QDateEdit {{
    background: {t.card}; color: {t.text}; border: 1px solid {t.border};
    border-radius: 6px; padding: 4px 8px; min-height: 20px; }}
QWidget#trendsView QComboBox:focus, QWidget#trendsView QDateEdit:focus {{
    border-color: {t.accent}; }}
QWidget#trendsView QDateEdit:disabled {{ color: {t.muted}; }}
QWidget#trendsView QComboBox::drop-down, QWidget#trendsView QDateEdit::drop-down {{
    border: none; width: 20px; }}
QWidget#trendsView QComboBox::down-arrow, QWidget#trendsView QDateEdit::down-arrow {{
    image: url({CHEVRON}); width: 10px; height: 6px; }}
QWidget#trendsBodyMap QToolButton {{ background: {t.card}; color: {t.text};
    border: 1px solid {t.border}; padding: 4px 14px; margin-left: -1px; }}
QWidget#trendsBodyMap QToolButton:hover {{ background: {t.accent_soft}; }}
QWidget#trendsBodyMap QToolButton:checked {{ background: {t.accent}; color: {white};
    border-color: {t.accent}; }}
QWidget#trendsBodyMap QToolButton#bodyMapViewFront {{ border-top-left-radius: 6px;
    border-bottom-left-radius: 6px; margin-left: 0; }}
QWidget#trendsBodyMap QToolButton#bodyMapViewFace {{ border-top-right-radius: 6px;
    border-bottom-right-radius: 6px; }}
QWidget#trendsView QComboBox QAbstractItemView {{ background: {t.card};
    color: {t.text}; selection-background-color: {t.accent_soft};
    selection-color: {t.text}; }}
QTabWidget#trendsTabs::pane {{ border: none; border-top: 1px solid {t.border}; }}
QTabWidget#trendsTabs > QTabBar::tab {{ background: transparent; color: {t.muted};
    font-weight: 600; padding: 7px 16px; margin-right: 4px; border: none;
    border-bottom: 2px solid transparent; }}
QTabWidget#trendsTabs > QTabBar::tab:selected {{ color: {t.accent};
    border-bottom: 2px solid {t.accent}; }}
QTabWidget#trendsTabs > QTabBar::tab:hover {{ color: {t.text}; }}
QWidget#trendsView QToolTip {{ color: {t.text}; background: {t.card};
    border: 1px solid {t.border}; }}
"""
