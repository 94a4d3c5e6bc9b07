"""Trends fixtures: a Trends view on a fixed today, and half a year of demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta, timezone
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import Journal
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.ui.jobs import ImmediateExecutor
from twitchtrack.ui.trends.view import TrendsView

END = date(2026, 11, 20)
TZ = timezone(timedelta(hours=1))

MakeView = Callable[..., TrendsView]


@pytest.fixture(scope="module")
def demo() -> Journal:
    """Half a year of demo data: enough for clear links at a 90-day range."""
    return generate_demo(days=200, seed=7, end=END, tz=TZ)


@pytest.fixture
def make_view(qtbot: QtBot, body_geometry: BodyGeometry) -> MakeView:
    """A Trends view at 1280 x 800 whose jobs run at once (unless told otherwise)."""

    def factory(**options: Any) -> TrendsView:
        options.setdefault("executor", ImmediateExecutor())
        view = TrendsView(body_geometry=body_geometry, today=lambda: END, **options)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        return view

    return factory
