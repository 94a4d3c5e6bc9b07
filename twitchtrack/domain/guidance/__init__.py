"""Guidance: red-flag rules and tips over the user's journal, plus the topic library.

Everything here is pure: the rules read a :class:`Journal` and return
:class:`GuidanceItem` values; the topic library is parsed from JSON texts that the
caller has read (``resources/guidance/*.json``), so this package never opens files.
"""

from twitchtrack.domain.guidance.content import (
    GuidanceContent,
    GuidanceContentError,
    Section,
    Topic,
    build_content,
    parse_content,
    parse_section,
    rules_topic,
)
from twitchtrack.domain.guidance.data import PATTERN_LOOKBACK_DAYS
from twitchtrack.domain.guidance.evaluation import (
    dismiss,
    evaluate,
    is_dismissed,
    restore,
)
from twitchtrack.domain.guidance.items import (
    Evidence,
    GuidanceItem,
    GuidanceReport,
    ItemKind,
)
from twitchtrack.domain.guidance.rules import (
    MEDICATION_LEAD_DAYS,
    ONSET_GAP_DAYS,
    PERSISTENT_MIN_DAYS,
    PERSISTENT_WINDOW_DAYS,
    RISE_BASELINE_DAYS,
    RISE_MIN_EXTRA,
    SPREAD_WEEKS_IN_A_ROW,
    WIDESPREAD_MIN_PLACES,
    WIDESPREAD_WINDOW_DAYS,
)
from twitchtrack.domain.guidance.self_check import (
    SELF_CHECK,
    SELF_CHECK_IDS,
    SELF_CHECK_MAX_AGE_DAYS,
    SelfCheckQuestion,
    self_check_flags,
)
from twitchtrack.domain.guidance.sources import (
    ARTICLE_RE,
    NAMED_SOURCES,
    source_parts,
    source_problem,
)
from twitchtrack.domain.guidance.tips import (
    CAFFEINE_LIMIT_MG,
    SLEEP_MIN_H,
    STRESS_HIGH,
    TIP_MIN_DAYS,
    TIP_WINDOW_DAYS,
    WATER_MIN_ML,
)

__all__ = [
    "ARTICLE_RE",
    "CAFFEINE_LIMIT_MG",
    "MEDICATION_LEAD_DAYS",
    "NAMED_SOURCES",
    "ONSET_GAP_DAYS",
    "PATTERN_LOOKBACK_DAYS",
    "PERSISTENT_MIN_DAYS",
    "PERSISTENT_WINDOW_DAYS",
    "RISE_BASELINE_DAYS",
    "RISE_MIN_EXTRA",
    "SELF_CHECK",
    "SELF_CHECK_IDS",
    "SELF_CHECK_MAX_AGE_DAYS",
    "SLEEP_MIN_H",
    "SPREAD_WEEKS_IN_A_ROW",
    "STRESS_HIGH",
    "TIP_MIN_DAYS",
    "TIP_WINDOW_DAYS",
    "WATER_MIN_ML",
    "WIDESPREAD_MIN_PLACES",
    "WIDESPREAD_WINDOW_DAYS",
    "Evidence",
    "GuidanceContent",
    "GuidanceContentError",
    "GuidanceItem",
    "GuidanceReport",
    "ItemKind",
    "Section",
    "SelfCheckQuestion",
    "Topic",
    "build_content",
    "dismiss",
    "evaluate",
    "is_dismissed",
    "parse_content",
    "parse_section",
    "restore",
    "rules_topic",
    "self_check_flags",
    "source_parts",
    "source_problem",
]
