"""Sampling mode's answers: a few prompts a day instead of logging every twitch."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from twitchtrack.domain.record import Record

# "Twitches in the last hour?" answered none, a few, or many.
SampleAnswer = Literal["none", "few", "many"]


class Sample(Record):
    """One answer to a sampling prompt, about the ``window_h`` hours before ``at``."""

    at: AwareDatetime
    answer: SampleAnswer
    # When the prompt was due (None when the person answered without a prompt).
    prompted_at: AwareDatetime | None = None
    window_h: float = Field(default=1.0, gt=0, le=24)
