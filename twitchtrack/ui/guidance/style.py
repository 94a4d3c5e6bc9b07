"""The guidance widgets' colours and style sheet, light or dark."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from twitchtrack.ui.style import colours

# Calm colours: ink on paper, a muted amber for things worth a doctor's look (never
# alarm red), and a quiet blue-grey for tips. Text always says what to do.
INK = "#27303a"
MUTED = "#5d6975"
PAPER = "#ffffff"
PAGE = "#f6f7f9"
LINE = "#dde2e7"
AMBER_BG = "#fbf5e9"
AMBER_LINE = "#e3cb9c"
AMBER_MARK = "#b98a3a"
AMBER_INK = "#4a3913"
TIP_BG = "#eef3f8"
TIP_LINE = "#c9d6e3"
ACCENT = "#2b679c"


@dataclass(frozen=True, slots=True)
class GuidanceColours:
    """Every colour the guidance widgets' style sheet uses (hex strings)."""

    ink: str
    muted: str
    paper: str
    page: str
    line: str
    amber_bg: str
    amber_line: str
    amber_mark: str
    amber_ink: str
    tip_bg: str
    tip_line: str
    accent: str


LIGHT_GUIDANCE = GuidanceColours(
    ink=INK,
    muted=MUTED,
    paper=PAPER,
    page=PAGE,
    line=LINE,
    amber_bg=AMBER_BG,
    amber_line=AMBER_LINE,
    amber_mark=AMBER_MARK,
    amber_ink=AMBER_INK,
    tip_bg=TIP_BG,
    tip_line=TIP_LINE,
    accent=ACCENT,
)


def guidance_colours(dark: bool) -> GuidanceColours:
    """The guidance colours for a light window, or the dark window's own family."""
    if not dark:
        return LIGHT_GUIDANCE
    c = colours(True)
    # The page is the window itself in the dark: a lighter box would stand out.
    return GuidanceColours(
        ink=c.text,
        muted=c.muted,
        paper=c.card,
        page=c.window,
        line=c.border,
        amber_bg=c.warn_bg,
        amber_line=c.warn_border,
        amber_mark=AMBER_MARK,  # mid amber: reads on both the light and dark fields
        amber_ink=c.warn_text,
        tip_bg=c.info_bg,
        tip_line=c.info_border,
        accent=c.accent,
    )


def guidance_style(dark: bool = False) -> str:
    """The style sheet of the guidance widgets, in light or dark colours."""
    g = guidance_colours(dark)
    return f"""
QWidget#guidanceView, QWidget#guidanceViewPage {{ background: {g.page}; }}
QLabel {{ color: {g.ink}; }}
QLabel[role="heading"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="section"] {{ font-size: 11.5pt; font-weight: 600; color: {g.ink};
    padding-top: 10px; }}
QLabel[role="title"] {{ font-weight: 600; }}
QLabel[role="muted"] {{ color: {g.muted}; }}
QLabel[role="source"] {{ color: {g.muted}; font-size: 8pt; }}
QFrame[card="topic"] {{ background: {g.paper}; border: 1px solid {g.line};
    border-radius: 8px; }}
QFrame[card="flag"] {{ background: {g.amber_bg}; border: 1px solid {g.amber_line};
    border-left: 4px solid {g.amber_mark}; border-radius: 8px; }}
QFrame[card="flag"] QLabel {{ color: {g.amber_ink}; }}
QFrame[card="tip"] {{ background: {g.tip_bg}; border: 1px solid {g.tip_line};
    border-left: 4px solid {g.accent}; border-radius: 8px; }}
QFrame[card="note"] {{ background: {g.paper}; border: 1px solid {g.line};
    border-radius: 8px; }}
QFrame[card] > QLabel, QFrame[card] QLabel {{ border: none; background: transparent; }}
QFrame[card] QLabel[role="urgent"] {{ color: {g.ink}; background: {g.paper};
    border: 1px solid {g.line}; border-left: 3px solid {g.ink}; border-radius: 4px;
    padding: 5px 8px; margin-top: 2px; }}
QFrame[card] QLabel[role="source"] {{ color: {g.muted}; }}
QFrame#redFlagBanner {{ background: {g.amber_bg}; border: 1px solid {g.amber_line};
    border-left: 4px solid {g.amber_mark}; border-radius: 6px; }}
QFrame#redFlagBanner QLabel {{ color: {g.amber_ink}; background: transparent;
    border: none; }}
QFrame#redFlagBannerDetails {{ border: none; border-top: 1px solid {g.amber_line};
    border-radius: 0; }}
QPushButton[quiet="true"] {{ background: transparent; color: {g.accent};
    border: 1px solid transparent; border-radius: 4px; padding: 3px 8px; }}
QPushButton[quiet="true"]:hover {{ border-color: {g.line}; background: {g.paper}; }}
QPushButton[quiet="true"]:focus {{ border-color: {g.accent}; }}
QLineEdit#guidanceSearch {{ background: {g.paper}; color: {g.ink}; border: 1px solid
    {g.line}; border-radius: 6px; padding: 5px 8px; }}
QLineEdit#guidanceSearch:focus {{ border-color: {g.accent}; }}
"""


STYLE = guidance_style(False)


def restyle(widget: QWidget, dark: bool) -> None:
    """Give ``widget`` the guidance style sheet in light or dark colours."""
    # Restyling a widget with many children costs tens of milliseconds: callers
    # only ask when the colours really change.
    widget.setStyleSheet(guidance_style(dark))
