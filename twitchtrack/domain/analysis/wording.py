"""Factor labels and units, and the causal words no sentence may use."""

from __future__ import annotations

import re

FACTOR_LABELS: dict[str, str] = {
    "caffeine_mg": "caffeine",
    "sleep_h": "sleep length",
    "sleep_quality": "sleep quality",
    "water_ml": "water",
    "stress": "stress",
    "exercise_min": "exercise",
    "alcohol_units": "alcohol",
    "magnesium_mg": "magnesium",
}

# Words that claim a cause; no sentence may contain them (whole words, any case).
CAUSAL_WORDS: tuple[str, ...] = (
    "cause",
    "causes",
    "caused",
    "causing",
    "causal",
    "trigger",
    "triggers",
    "triggered",
    "triggering",
    "because",
    "due to",
    "leads to",
    "led to",
    "makes",
    "results in",
    "responsible for",
)

_CAUSAL_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in CAUSAL_WORDS) + r")\b", re.IGNORECASE
)


def causal_words_in(text: str) -> list[str]:
    """The causal words (see ``CAUSAL_WORDS``) that occur in ``text``."""
    return [m.group(0) for m in _CAUSAL_RE.finditer(text)]


_UNITS: dict[str, str] = {
    "caffeine_mg": "mg",
    "sleep_h": "h",
    "sleep_quality": "",
    "water_ml": "ml",
    "stress": "",
    "exercise_min": "min",
    "alcohol_units": "units",
    "magnesium_mg": "mg",
}


def factor_unit(factor: str) -> str:
    """The stored unit of a factor ('' for ratings on a scale)."""
    return _UNITS[factor]
