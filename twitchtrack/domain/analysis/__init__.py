"""Daily series, chart tables and the count model's shared names.

How the numbers are made is written down in docs/statistics.md. The count model
itself (``count_model``, which loads statsmodels on its first fit) is imported
where it is used, never here: this package is on the window's start-up path.
"""

from twitchtrack.domain.analysis.series import (
    FACTORS,
    OUTCOMES,
    BoolArray,
    DailySeries,
    Outcome,
    daily_series,
    empty_series,
)
from twitchtrack.domain.analysis.stats import FloatArray, benjamini_hochberg
from twitchtrack.domain.analysis.tables import (
    ROLLING_DAYS,
    EpisodeTable,
    WeekTable,
    episode_table,
    rolling_mean,
)
from twitchtrack.domain.analysis.tracking import LAGS
from twitchtrack.domain.analysis.wording import (
    CAUSAL_WORDS,
    FACTOR_LABELS,
    causal_words_in,
    factor_unit,
)

# The weekday names of the chart tables (Mon first), shared with all wording.
from twitchtrack.domain.text import WEEKDAYS

__all__ = [
    "CAUSAL_WORDS",
    "FACTORS",
    "FACTOR_LABELS",
    "LAGS",
    "OUTCOMES",
    "ROLLING_DAYS",
    "WEEKDAYS",
    "BoolArray",
    "DailySeries",
    "EpisodeTable",
    "FloatArray",
    "Outcome",
    "WeekTable",
    "benjamini_hochberg",
    "causal_words_in",
    "daily_series",
    "empty_series",
    "episode_table",
    "factor_unit",
    "rolling_mean",
]
