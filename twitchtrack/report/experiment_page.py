"""The report's self-experiment page: the plan, the schedule, the result in words
and figures, the days left out, and whether the plan was registered in advance."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.text import format_day, format_range, plural
from twitchtrack.domain.trial import (
    Effect,
    TrialResult,
    last_day,
    registered_in_advance,
    status_on,
    target_words,
)
from twitchtrack.domain.trial_report import excluded_words, sentence
from twitchtrack.report.content import ReportData
from twitchtrack.report.figures import figure_strip
from twitchtrack.report.layout import Column, Flow, Row
from twitchtrack.report.styles import (
    S_BODY,
    S_CELL,
    S_CELL_HEAD,
    S_CHART,
    S_FIGURE,
    S_FIGURE_LABEL,
    S_H2,
    S_H3,
    S_LEAD,
    S_NOTE,
)
from twitchtrack.report.typeset import HAIRLINE, INK, MUTED, Style, pt

DASH = "\u2013"
OUTCOMES = {
    "episodes": "twitches logged per tracked day",
    "sampling": "the sampling-mode answers per day",
    "rating": "a daily rating",
}
# Arm A grey, arm B a calm dark teal: they differ in lightness too, so the
# page still reads printed in black and white.
ARM_COLOURS = {"A": QColor("#b5b5b5"), "B": QColor("#2e6f8e")}
CHART_HEIGHT = 96.0
# A little under the summary page's figures: an interval ("0.13\u20130.44") fits.
FIGURE = Style(S_FIGURE.size - 3.0, bold=True, leading=S_FIGURE.leading)


def has_experiment(data: ReportData) -> bool:
    """True when the journal's experiment has at least one day analysed."""
    return (
        data.experiment is not None
        and data.trial is not None
        and data.trial.itt.days_used > 0
    )


def _ratio(e: Effect) -> str:
    return f"{e.rate_ratio:.2f}" if e.rate_ratio is not None else DASH


def _interval(e: Effect) -> str:
    if e.ci_low is None or e.ci_high is None:
        return DASH
    return f"{e.ci_low:.2f} to {e.ci_high:.2f}"


def _p(p: float | None) -> str:
    if p is None:
        return DASH
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _share(share: float | None) -> str:
    return "not logged" if share is None else f"{share:.0%}"


def experiment_page(flow: Flow, data: ReportData) -> None:
    """The page, when ``has_experiment``; nothing otherwise."""
    if not has_experiment(data):
        return
    exp, result = data.experiment, data.trial
    assert exp is not None
    assert result is not None
    flow.new_page()
    name = exp.factor.removeprefix("tag:")
    flow.heading(f"Self-experiment: {name}", S_H2, keep=200)
    _plan(flow, exp, data)
    flow.paragraph(sentence(exp, result), S_LEAD, after=8)
    _figures(flow, result)
    _effects_table(flow, result)
    _chart(flow, exp, result)
    _schedule_table(flow, exp, result)
    left = excluded_words(result)
    flow.paragraph(
        left or "No days of the schedule so far were left out.", S_NOTE, after=4
    )
    flow.paragraph(
        "A self-experiment answers for one person, under the conditions of its "
        "weeks: it is not a finding about anyone else, and not a diagnosis. The "
        "randomisation test compares the result with every order the pairs could "
        "have been drawn in; one-sided, in the direction fixed in advance (fewer "
        "twitches with the change).",
        Style(8.3, italic=True, color=INK, leading=1.35),
        after=4,
    )


def _plan(flow: Flow, exp: Experiment, data: ReportData) -> None:
    a, b = target_words(exp)
    span = format_range(exp.start, last_day(exp), year=True)
    wash = (
        f" The first {plural(exp.washout_days, 'day')} of each period were a "
        "washout: lived as planned, not analysed."
        if exp.washout_days
        else ""
    )
    status = status_on(exp, data.generated)
    state = {
        "planned": "It has not started yet.",
        "running": "It is still running; the figures cover the days so far.",
        "finished": "It has finished.",
        "stopped": "It was stopped"
        + (f" on {format_day(exp.stopped_on, year=True)}" if exp.stopped_on else "")
        + "; the days before the stop are kept.",
    }[status]
    text = (
        f"A randomised single-person (N-of-1) trial: {plural(exp.pairs, 'pair')} "
        f"of {exp.period_days}-day periods, {span}. Arm A: {a}; arm B: {b}. "
        "Within each pair the order of the two arms was drawn at random."
        f"{wash} Primary outcome, fixed in advance: "
        f"{OUTCOMES.get(exp.outcome, exp.outcome)}. {state}"
    )
    flow.paragraph(text, S_BODY, after=4)
    extras = []
    if exp.expect:
        extras.append(f"Expected beforehand: {exp.expect}")
    if exp.blinding:
        extras.append(f"Blinding: {exp.blinding}")
    if extras:
        flow.paragraph(". ".join(e.rstrip(".") for e in extras) + ".", S_NOTE)
    saved = format_day(exp.created_at.date(), year=True)
    if registered_in_advance(exp):
        words = f"Registered in advance: the plan was saved on {saved}, before its "
        words += "first day."
    else:
        words = f"Not registered in advance: the plan was saved on {saved}, after "
        words += "its first day, so it was not fixed before the results were seen."
    flow.paragraph(words, Style(9.0, bold=True), after=8)


def _figures(flow: Flow, r: TrialResult) -> None:
    e = r.itt
    figures = [
        (_ratio(e), "rate ratio\n(arm B against arm A)"),
        (_interval(e).replace(" to ", "\u2013"), "95% confidence\ninterval"),
        (_p(e.p_randomization), "randomisation test p\n(one-sided)"),
        (f"{e.pairs_used} / {e.days_used}", "pairs / days\nused"),
        (_ratio(r.per_protocol), "per protocol\nrate ratio"),
    ]
    figure_strip(flow, figures, FIGURE, S_FIGURE_LABEL, after=6)


def _effects_table(flow: Flow, r: TrialResult) -> None:
    columns = [
        Column("", 150),
        Column("All days as planned\n(intention to treat)", 120, "right", fit=True),
        Column("Only days kept to the arm\n(per protocol)", 120, "right", fit=True),
    ]
    rows = []
    for label, get in (
        ("Rate ratio, arm B against arm A", _ratio),
        ("95% confidence interval", _interval),
        ("Randomisation test p (one-sided)", lambda e: _p(e.p_randomization)),
        ("Pairs with days in both arms", lambda e: str(e.pairs_used)),
        ("Days used", lambda e: str(e.days_used)),
    ):
        rows.append(Row([label, get(r.itt), get(r.per_protocol)]))
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=2.0)
    flow.space(4)
    flow.paragraph(
        f"Adherence (days with the factor logged that kept to their arm): arm A "
        f"{_share(r.adherence.get('A'))}, arm B {_share(r.adherence.get('B'))}.",
        S_BODY,
        after=6,
    )


def _chart(flow: Flow, exp: Experiment, r: TrialResult) -> None:
    """Bars of the outcome per used day, one per period, by arm."""
    flow.paragraph("Outcome per used day in each period", S_H3, after=3)
    rates = [p.rate for p in r.periods]
    top = max((x for x in rates if x is not None), default=0.0)
    axis = max(1.0, float(int(top * 1.15) + 1))
    a, b = target_words(exp)
    ts = flow.ts
    legend = [
        ts.prepare(f"arm A: {a}", S_CHART, flow.width / 2),
        ts.prepare(f"arm B: {b}", S_CHART, flow.width / 2),
    ]
    bar_labels = [
        ts.prepare(f"{p.period.pair + 1}{p.period.arm}", S_CHART, pt(30), "center")
        for p in r.periods
    ]
    values = [
        ts.prepare(f"{x:.1f}" if x is not None else DASH, S_CHART, pt(30), "center")
        for x in rates
    ]
    axis_text = ts.prepare(f"{axis:g}", S_CHART, pt(24), "right")
    zero_text = ts.prepare("0", S_CHART, pt(24), "right")
    line = ts.line_height(S_CHART)
    height = pt(CHART_HEIGHT)

    def draw(painter: QPainter, rect: QRectF) -> None:
        left = rect.left() + pt(28)
        plot = QRectF(
            left,
            rect.top() + line + pt(12),
            rect.right() - left,
            rect.height() - 2 * line - pt(18),
        )
        x = left
        for arm, text in zip(("A", "B"), legend, strict=True):
            painter.fillRect(
                QRectF(x, rect.top() + pt(1.5), pt(7), pt(7)), ARM_COLOURS[arm]
            )
            text.draw(painter, x + pt(10), rect.top())
            x += pt(10) + ts.width_of(text.text, S_CHART) + pt(16)
        painter.setPen(QPen(HAIRLINE, pt(0.4)))
        painter.drawLine(
            QPointF(plot.left(), plot.top()), QPointF(plot.right(), plot.top())
        )
        axis_text.draw(painter, rect.left(), plot.top() - line / 2)
        zero_text.draw(painter, rect.left(), plot.bottom() - line / 2)
        n = len(r.periods)
        pairs = max((p.period.pair for p in r.periods), default=0) + 1
        slots = n + (pairs - 1) * 0.5
        slot = plot.width() / max(slots, 1.0)
        width = min(slot * 0.7, pt(34))
        for i, p in enumerate(r.periods):
            centre = plot.left() + slot * (i + p.period.pair * 0.5 + 0.5)
            rate = p.rate
            if rate is not None:
                h = plot.height() * rate / axis
                painter.fillRect(
                    QRectF(centre - width / 2, plot.bottom() - h, width, h),
                    ARM_COLOURS[p.period.arm],
                )
                values[i].draw(painter, centre - pt(15), plot.bottom() - h - line)
            else:
                painter.setPen(QPen(MUTED, pt(0.4)))
                painter.drawRect(
                    QRectF(centre - width / 2, plot.bottom() - pt(4), width, pt(4))
                )
            bar_labels[i].draw(painter, centre - pt(15), plot.bottom() + pt(3))
        painter.setPen(QPen(INK, pt(0.6)))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    flow.place(height, draw)
    flow.space(8)


def _schedule_table(flow: Flow, exp: Experiment, r: TrialResult) -> None:
    a, b = target_words(exp)
    columns = [
        Column("Pair", 28, "right", fit=True),
        Column("Dates", 130, fit=True),
        Column("Arm", 170),
        Column("Washout\ndays", 40, "right", fit=True),
        Column("Days\nused", 36, "right", fit=True),
        Column("Per used\nday", 44, "right", fit=True),
        Column("Kept to\nthe arm", 44, "right", fit=True),
    ]
    rows = []
    for p in r.periods:
        period = p.period
        rows.append(
            Row(
                [
                    str(period.pair + 1),
                    format_range(period.start, period.end, year=True),
                    f"{period.arm}: {b if period.arm == 'B' else a}",
                    str(period.washout),
                    str(p.days_used),
                    f"{p.rate:.1f}" if p.rate is not None else DASH,
                    _share(p.adherence) if p.days_used else DASH,
                ],
                group_start=period.arm == exp.order[period.pair][0] and period.pair > 0,
            )
        )
    flow.paragraph("The schedule and each period", S_H3, after=3)
    flow.table(columns, rows, style=S_CELL, header_style=S_CELL_HEAD, pad=1.8)
    flow.space(6)
