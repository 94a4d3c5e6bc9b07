"""A self-experiment (N-of-1 trial) as a journal record: the plan and its history."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from twitchtrack.domain.record import FROZEN, Record, no_items

ExperimentOutcome = Literal["episodes", "rating", "sampling"]
ExperimentStatus = Literal["planned", "running", "stopped", "finished"]
PairOrder = Literal["AB", "BA"]


class Deviation(BaseModel):
    """A change to a started plan, kept with its date."""

    model_config = FROZEN

    date: dt.date
    note: str = Field(max_length=2_000)


class Experiment(Record):
    """A randomised plan: ``pairs`` pairs of periods, each pair AB or BA.

    Arm A is the usual condition, arm B the change (e.g. no caffeine).
    """

    factor: str = Field(min_length=1, max_length=80)
    target_a: str = Field(default="", max_length=200)
    target_b: str = Field(default="", max_length=200)
    pairs: int = Field(ge=1, le=52)
    period_days: int = Field(ge=1, le=60)
    washout_days: int = Field(default=0, ge=0, le=30)
    start: dt.date
    seed: int
    order: list[PairOrder] = Field(default_factory=no_items, max_length=52)
    outcome: ExperimentOutcome = "episodes"
    expect: str = Field(default="", max_length=2_000)
    blinding: str = Field(default="", max_length=2_000)
    status: ExperimentStatus = "planned"
    stopped_on: dt.date | None = None
    deviations: list[Deviation] = Field(default_factory=no_items, max_length=500)
