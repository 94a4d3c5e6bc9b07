"""Inputs with a time: single intakes (a coffee at 16:10) and sleep periods.

A day's ``caffeine_mg``, ``water_ml``, ``alcohol_units``, ``magnesium_mg`` and
``sleep_h`` can be derived from these when the person did not type a total.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from twitchtrack.domain.record import FROZEN, Record, Source

# What an intake is of, and the base unit its amount is in.
IntakeKind = Literal["caffeine", "water", "alcohol", "magnesium"]
INTAKE_UNITS: dict[str, str] = {
    "caffeine": "mg",
    "water": "ml",
    "alcohol": "units",
    "magnesium": "mg",
}
SleepStage = Literal["asleep", "awake", "in_bed", "light", "core", "deep", "rem"]


class Intake(Record):
    """One intake at one moment, in base units (mg, ml, units, mg)."""

    at: AwareDatetime
    kind: IntakeKind
    amount: float = Field(ge=0, le=20_000)
    source: Source = "manual"
    # What it was, when known ("coffee", "espresso"); shown, never analysed.
    label: str | None = Field(default=None, max_length=64)


class SleepStageSpan(BaseModel):
    """A part of a sleep period in one stage."""

    model_config = FROZEN

    start: AwareDatetime
    end: AwareDatetime
    stage: SleepStage


class SleepPeriod(Record):
    """A period of sleep. A night belongs to the local day on which it ends."""

    start: AwareDatetime
    end: AwareDatetime
    source: Source = "manual"
    stages: list[SleepStageSpan] | None = Field(default=None, max_length=2_000)

    @model_validator(mode="after")
    def _ordered(self) -> SleepPeriod:
        if self.end <= self.start:
            raise ValueError("a sleep period must end after it starts")
        if (self.end - self.start).total_seconds() > 24 * 3600:
            raise ValueError("a sleep period cannot be longer than 24 hours")
        return self
