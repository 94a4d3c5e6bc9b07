"""Body-map colours: a calm single-hue heat ramp that darkens with the count."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtGui import QColor

from twitchtrack.graphics.body.palette import heat_color, relative_luminance


@pytest.mark.parametrize("dark", [False, True])
def test_heat_colours_are_monotone_in_counts(dark: bool) -> None:
    top = 40.0
    shades = [relative_luminance(heat_color(v, top, dark)) for v in range(41)]
    steps = list(pairwise(shades))
    if dark:  # on a dark background more is lighter
        assert all(b > a for a, b in steps)
    else:  # on a light background more is deeper
        assert all(b < a for a, b in steps)
    # Counts above the top and below zero clamp to the ends of the ramp.
    assert heat_color(99, top, dark).name() == heat_color(top, top, dark).name()
    assert heat_color(-3, top, dark).name() == heat_color(0, top, dark).name()


def test_heat_stays_one_calm_hue() -> None:
    hues = {heat_color(v, 10).hslHue() for v in range(1, 11)}
    assert max(hues) - min(hues) <= 12
    deepest = heat_color(10, 10)
    assert deepest.hslHue() in range(180, 250)  # blue-teal, never an alarm red
    assert isinstance(deepest, QColor)
