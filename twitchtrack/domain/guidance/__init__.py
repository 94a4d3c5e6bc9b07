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
from twitchtrack.domain.guidance.medicines import (
    MEDICATION_LEAD_DAYS,
    ONSET_GAP_DAYS,
    RISE_BASELINE_DAYS,
    RISE_MIN_EXTRA,
)
from twitchtrack.domain.guidance.rules import (
    PERSISTENT_MAX_GAP_DAYS,
    PERSISTENT_MIN_DAYS,
    PERSISTENT_WINDOW_DAYS,
    SPREAD_WEEKS_IN_A_ROW,
    WIDESPREAD_MIN_HISTORY_DAYS,
    WIDESPREAD_MIN_PLACES,
    WIDESPREAD_WINDOW_DAYS,
)
from twitchtrack.domain.guidance.self_check import (
    SELF_CHECK,
    SELF_CHECK_IDS,
    SelfCheckQuestion,
    self_check_flags,
)
from twitchtrack.domain.guidance.sources import (
    ARTICLE_RE,
    NAMED_SOURCES,
    source_parts,
    source_problem,
)
from twitchtrack.domain.guidance.symptoms import (
    FACE_SPREAD_DAYS,
    PAIN_MIN_DAYS,
    PAIN_WINDOW_DAYS,
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
    "FACE_SPREAD_DAYS",
    "MEDICATION_LEAD_DAYS",
    "NAMED_SOURCES",
    "ONSET_GAP_DAYS",
    "PAIN_MIN_DAYS",
    "PAIN_WINDOW_DAYS",
    "PATTERN_LOOKBACK_DAYS",
    "PERSISTENT_MAX_GAP_DAYS",
    "PERSISTENT_MIN_DAYS",
    "PERSISTENT_WINDOW_DAYS",
    "RISE_BASELINE_DAYS",
    "RISE_MIN_EXTRA",
    "SELF_CHECK",
    "SELF_CHECK_IDS",
    "SLEEP_MIN_H",
    "SPREAD_WEEKS_IN_A_ROW",
    "STRESS_HIGH",
    "TIP_MIN_DAYS",
    "TIP_WINDOW_DAYS",
    "WATER_MIN_ML",
    "WIDESPREAD_MIN_HISTORY_DAYS",
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
