"""Daily series and honest associations between check-in factors and twitches.

How the numbers are made is written down in docs/statistics.md.
"""

from twitchtrack.domain.analysis.associations import (
    ALPHA,
    FOCUS,
    THRESHOLDS,
    analyze,
    analyze_series,
    lagged_pairs,
)
from twitchtrack.domain.analysis.results import (
    LAGS,
    MIN_PAIRED_DAYS,
    MIN_PER_SIDE,
    Association,
    Insights,
    Side,
    Status,
)
from twitchtrack.domain.analysis.series import (
    FACTORS,
    OUTCOMES,
    BoolArray,
    DailySeries,
    Outcome,
    daily_series,
    empty_series,
)
from twitchtrack.domain.analysis.stats import (
    CONFIDENCE,
    FISHER_VARIANCE,
    FloatArray,
    autocorrelations,
    benjamini_hochberg,
    effective_days,
    fisher_ci,
    linear_trend,
    spearman,
    welch_ci,
)
from twitchtrack.domain.analysis.tables import (
    ROLLING_DAYS,
    EpisodeTable,
    WeekTable,
    episode_table,
    rolling_mean,
)
from twitchtrack.domain.analysis.wording import (
    CAUSAL_WORDS,
    FACTOR_LABELS,
    causal_words_in,
    factor_unit,
    focus_label,
)

# The weekday names of the chart tables (Mon first), shared with all wording.
from twitchtrack.domain.text import WEEKDAYS

__all__ = [
    "ALPHA",
    "CAUSAL_WORDS",
    "CONFIDENCE",
    "FACTORS",
    "FACTOR_LABELS",
    "FISHER_VARIANCE",
    "FOCUS",
    "LAGS",
    "MIN_PAIRED_DAYS",
    "MIN_PER_SIDE",
    "OUTCOMES",
    "ROLLING_DAYS",
    "THRESHOLDS",
    "WEEKDAYS",
    "Association",
    "BoolArray",
    "DailySeries",
    "EpisodeTable",
    "FloatArray",
    "Insights",
    "Outcome",
    "Side",
    "Status",
    "WeekTable",
    "analyze",
    "analyze_series",
    "autocorrelations",
    "benjamini_hochberg",
    "causal_words_in",
    "daily_series",
    "effective_days",
    "empty_series",
    "episode_table",
    "factor_unit",
    "fisher_ci",
    "focus_label",
    "lagged_pairs",
    "linear_trend",
    "rolling_mean",
    "spearman",
    "welch_ci",
]
