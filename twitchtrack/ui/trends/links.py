"""The "What goes with it" tab drawn from the count model: day-by-day chart, forest.

Imports pyqtgraph (through the tabs' charts): loaded with the view, never on
start-up. Everything here runs on the GUI thread and only reads the frozen
model result and the tracked-day arrays.
"""

from __future__ import annotations

from datetime import date

from twitchtrack.domain import analysis as an
from twitchtrack.domain.analysis.count_results import (
    CountModelResult,
    FactorResult,
    excluded_sentence,
)
from twitchtrack.domain.analysis.timing import TimingResult
from twitchtrack.domain.analysis.tracking import TrackedDays
from twitchtrack.domain.text import plural
from twitchtrack.ui.trends import wording as w
from twitchtrack.ui.trends.charts.forest import ForestRow
from twitchtrack.ui.trends.model_job import (
    dose_curve,
    factor_results,
    sides,
    tracked_pairs,
)
from twitchtrack.ui.trends.tabs import TrendsTabs

# An older result shown while the new range is worked out is drawn this faint.
STALE_OPACITY = 0.4


def forest_rows(result: CountModelResult) -> list[ForestRow]:
    """One row per factor at the lag the model reports it, with its figures."""
    rows = []
    for r in factor_results(result):
        fitted = r.status != "insufficient_data" and r.rate_ratio is not None
        rows.append(
            ForestRow(
                r.factor,
                w.forest_label(r),
                r.rate_ratio if fitted else None,
                r.ci_low if fitted else None,
                r.ci_high if fitted else None,
                r.status == "association",
                w.forest_note(r),
            )
        )
    return rows


def _dim(tabs: TrendsTabs, stale: bool) -> None:
    opacity = STALE_OPACITY if stale else 1.0
    tabs.forest.plot.getPlotItem().setOpacity(opacity)
    tabs.association.set_summary_opacity(opacity)
    for label in (tabs.sentence, tabs.detail, tabs.excluded):
        label.setEnabled(not stale)


def draw_association(
    tabs: TrendsTabs,
    tracked: TrackedDays | None,
    span: tuple[date, date],
    factor: str,
    lag: int,
    result: FactorResult | None,
    *,
    stale: bool = False,
) -> None:
    """The factor against twitches on tracked days, with the model's summary."""
    tabs.forest.set_selected(factor)
    tabs.association_card.title.setText(
        f"{an.FACTOR_LABELS[factor].capitalize()} and twitches"
    )
    if tracked is None:
        tabs.association_card.show_message(w.not_logged(factor))
        return
    x, y = tracked_pairs(tracked, factor, lag, *span)
    if not x.size:
        tabs.association_card.show_message(w.not_logged(factor))
        return
    card = tabs.association_card
    card.show_chart()
    tabs.association.set_pairs(
        x, y, w.FACTOR_TITLES[factor], w.outcome_axis_label(factor, lag)
    )
    entries = [("dot", "point", plural(x.size, "tracked day"))]
    if result is None:
        tabs.sentence.setText(w.WORKING)
        tabs.detail.setText("")
    else:
        tabs.sentence.setText(result.sentence)
        tabs.detail.setText(
            "" if result.status == "insufficient_data" else w.model_detail(result, lag)
        )
        # Lines only once the model has a fit: a summary of a handful of days
        # would look like a finding.
        split = (
            sides(result, lag, x, y) if result.status != "insufficient_data" else None
        )
        tabs.association.set_sides(split)
        if split is not None:
            entries.append(
                ("line", "accent", "Per day, each side of the cut-off (95%)")
            )
        curve = dose_curve(result, x, y) if split is not None else None
        tabs.association.set_curve(curve)
        if curve is not None and result.dose_response is not None:
            entries.append(("dashed", "muted", "Dose-response"))
    tabs.association_legend.set_entries(entries, tabs.theme)
    _dim(tabs, stale)


def draw_forest(
    tabs: TrendsTabs,
    result: CountModelResult | None,
    factor: str,
    *,
    stale: bool = False,
    timing: TimingResult | None = None,
) -> None:
    """Every factor at a glance, each at the lag with the evidence."""
    tabs.timing.setText(f"Timed caffeine: {timing.sentence}" if timing else "")
    tabs.timing.setVisible(timing is not None)
    if result is None:
        tabs.forest_card.show_message(w.WORKING)
        tabs.excluded.setVisible(False)
        return
    excluded = excluded_sentence(result.days_excluded)
    tabs.excluded.setText(excluded)
    tabs.excluded.setVisible(bool(excluded))
    rows = forest_rows(result)
    if all(r.estimate is None for r in rows):
        needed = [f.days_needed for f in result.factors if f.days_needed]
        tabs.forest_card.show_message(
            w.forest_waiting(min(needed) if needed else None)
            + (f"\n\n{excluded}" if excluded else "")
        )
        return
    tabs.forest_card.show_chart()
    tabs.forest.set_rows(rows, w.FOREST_AXIS)
    # What a screen reader hears instead of the picture: each factor's sentence.
    tabs.forest.plot.setAccessibleDescription(
        " ".join(f.sentence for f in factor_results(result))
    )
    tabs.forest.set_selected(factor)
    tabs.forest_card.set_subtitle(w.forest_subtitle(result))
    tabs.forest_legend.set_entries(
        [
            ("square", "accent", "Clear link"),
            ("hollow", "muted_mark", "No clear link"),
            ("dashed", "muted", "Same as on other days"),
        ],
        tabs.theme,
    )
    _dim(tabs, stale)
