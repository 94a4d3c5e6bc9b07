"""Display units of check-in values: the journal keeps base units; the UI converts."""

from __future__ import annotations

from dataclasses import dataclass

from twitchtrack.domain.models import Units

ML_PER_US_FL_OZ = 29.5735295625


@dataclass(frozen=True, slots=True)
class FieldUnit:
    """How one stored field is shown: unit text, stored-to-shown factor, decimals."""

    suffix: str
    per_stored: float = 1.0
    decimals: int = 0

    def to_display(self, stored: float) -> float:
        """The shown number for a stored value."""
        return stored * self.per_stored

    def from_display(self, shown: float) -> float:
        """The stored value for a shown number (rounded so conversions do not drift)."""
        if self.per_stored == 1.0:
            return shown
        return round(shown / self.per_stored, 1)

    def format(self, stored: float | None) -> str:
        """The shown number as text ('' for not logged)."""
        if stored is None:
            return ""
        return format_number(self.to_display(stored), self.decimals)


_COMMON: dict[str, FieldUnit] = {
    "caffeine_mg": FieldUnit("mg"),
    "sleep_h": FieldUnit("h", decimals=2),
    "sleep_quality": FieldUnit("/5"),
    "stress": FieldUnit("/10"),
    "exercise_min": FieldUnit("min"),
    "alcohol_units": FieldUnit("units", decimals=1),
    "magnesium_mg": FieldUnit("mg"),
}

_WATER: dict[Units, FieldUnit] = {
    Units.METRIC: FieldUnit("ml"),
    Units.US: FieldUnit("fl oz", 1.0 / ML_PER_US_FL_OZ, decimals=1),
}

# The "+ water" button adds a glass: 250 ml, or 8 fl oz in US units.
_WATER_STEP_ML: dict[Units, float] = {
    Units.METRIC: 250.0,
    Units.US: round(8 * ML_PER_US_FL_OZ, 1),
}


def field_unit(field: str, units: Units) -> FieldUnit:
    """The display unit of a check-in field under a unit setting."""
    if field == "water_ml":
        return _WATER[units]
    return _COMMON[field]


def water_step_ml(units: Units) -> float:
    """How much one press of the water button adds, in ml."""
    return _WATER_STEP_ML[units]


def water_step_label(units: Units) -> str:
    """The water button's text."""
    return "+250 ml" if units is Units.METRIC else "+8 fl oz"


def format_number(value: float, decimals: int = 0) -> str:
    """A number without trailing zeros: 6.5 -> '6.5', 95.0 -> '95', 7.25 -> '7.25'."""
    text = f"{value:.{decimals}f}" if decimals else f"{round(value):d}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_number(text: str) -> float | None:
    """A typed number ('' means not logged); ValueError with a short message if not one.

    Accepts a comma as the decimal mark too, which is what many keyboards type.
    """
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError("Enter a number, or leave it empty") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("Enter a number, or leave it empty")
    return value


def format_duration(seconds: float | None) -> str:
    """A duration for a table cell: '4 s', '2 min', '1 h 5 min'."""
    if seconds is None:
        return ""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs and minutes < 5 else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")
