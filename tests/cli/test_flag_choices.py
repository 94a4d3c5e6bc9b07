"""The CLI's --flag choices are the journal's symptom flags, new ones included."""

from __future__ import annotations

from twitchtrack.cli.parser import FLAGS
from twitchtrack.domain.models import SYMPTOM_FLAGS


def test_flag_choices_match_the_models() -> None:
    assert FLAGS == SYMPTOM_FLAGS
    assert {"stiffness", "coordination", "eyelid_closing"} <= set(FLAGS)
