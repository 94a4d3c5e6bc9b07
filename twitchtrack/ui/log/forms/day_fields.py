"""The check-in's fields: quick-add drinks, captions, and the wording of bad values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from twitchtrack.domain.models import DayLog, Units, describe_validation_error
from twitchtrack.ui.units import field_unit, format_number


@dataclass(frozen=True, slots=True)
class Drink:
    """A quick-add caffeine button."""

    key: str
    label: str
    mg: float


# Typical caffeine per serving; the total stays editable after adding.
DRINKS: tuple[Drink, ...] = (
    Drink("coffee", "Coffee", 95),
    Drink("espresso", "Espresso", 63),
    Drink("black_tea", "Black tea", 47),
    Drink("cola", "Cola", 34),
    Drink("energy", "Energy drink", 80),
)

# field -> (caption, accessible name)
NUMBER_FIELDS: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("Caffeine", "Caffeine"),
    "sleep_h": ("Sleep last night", "Hours of sleep last night"),
    "water_ml": ("Water", "Water drunk"),
    "stress": ("Stress", "Stress from 0 to 10"),
    "exercise_min": ("Exercise", "Minutes of exercise"),
    "alcohol_units": ("Alcohol", "Units of alcohol"),
    "magnesium_mg": ("Magnesium", "Magnesium taken"),
}
_LABELS = {"sleep_h": "Sleep", "sleep_quality": "Sleep quality"}
# Fields the journal stores as whole numbers.
WHOLE_FIELDS = frozenset({"stress", "sleep_quality"})
QUALITY_WORDS = ("poor", "restless", "okay", "good", "great")


def _bounds(field: str) -> tuple[float | None, float | None]:
    low = high = None
    # The constraints pydantic keeps (annotated_types Ge / Le), read by attribute.
    for item in DayLog.model_fields[field].metadata:
        if getattr(item, "ge", None) is not None:
            low = float(item.ge)
        if getattr(item, "le", None) is not None:
            high = float(item.le)
    return low, high


def check_day_value(field: str, value: Any, units: Units) -> str | None:
    """Why ``value`` (stored units) cannot go in ``field``, in shown units; or None.

    The check is the journal model's own validation; only the wording is ours.
    """
    try:
        DayLog.for_day(date(2000, 1, 1), **{field: value})
    except ValidationError as err:
        kind = err.errors(include_url=False)[0]["type"]
        if kind in {"greater_than_equal", "less_than_equal"}:
            low, high = _bounds(field)
            unit = field_unit(field, units)
            name = _LABELS.get(field) or NUMBER_FIELDS.get(field, (field, ""))[0]
            lo = format_number(unit.to_display(low or 0.0), unit.decimals)
            hi = format_number(unit.to_display(high or 0.0), unit.decimals)
            suffix = unit.suffix if not unit.suffix.startswith("/") else ""
            return f"{name} must be between {lo} and {hi} {suffix}".rstrip() + "."
        if kind.startswith("int"):
            return "Enter a whole number."
        return describe_validation_error(err)
    return None
