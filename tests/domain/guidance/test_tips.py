"""Tips: each fires past its threshold, and only with enough logged days."""

from __future__ import annotations

import pytest

from tests.domain.guidance.guidance_data import (
    journal,
    logs,
    tips_of,
)


def test_caffeine_above_400_on_average() -> None:
    item = tips_of(journal(days=logs("caffeine_mg", [450] * 10)))["caffeine_high"]
    assert item.kind == "tip"
    assert item.detail.startswith(
        "In the last 30 days you logged caffeine on 10 days: 450 mg a day on average, "
        "and over 400 mg on 10 days."
    )
    assert "Trends view" in item.detail


def test_caffeine_over_400_on_a_third_of_days() -> None:
    often = [500, 500, 500, 500, 250, 250, 250, 250, 250, 250]  # avg 350, 4 of 10 over
    assert "caffeine_high" in tips_of(journal(days=logs("caffeine_mg", often)))
    rarely = [500, 500, 300, 300, 300, 300, 300, 300, 300, 300]  # 2 of 10 over
    assert "caffeine_high" not in tips_of(journal(days=logs("caffeine_mg", rarely)))
    third = [450, 450, 450, 300, 300, 300, 300, 300, 300]  # exactly 3 of 9
    assert "caffeine_high" in tips_of(journal(days=logs("caffeine_mg", third)))
    under = [450, 450, 450, 300, 300, 300, 300, 300, 300, 300]  # 3 of 10
    assert "caffeine_high" not in tips_of(journal(days=logs("caffeine_mg", under)))


def test_tips_need_five_logged_days_in_the_last_thirty() -> None:
    assert tips_of(journal(days=logs("caffeine_mg", [900] * 4))) == {}
    old = logs("caffeine_mg", [900] * 10, end_back=30)
    assert tips_of(journal(days=old)) == {}


@pytest.mark.parametrize(
    ("field", "tip", "hit", "miss", "numbers"),
    [
        ("sleep_h", "sleep_short", 6.5, 7.0, "6.5 hours on average"),
        ("water_ml", "hydration_low", 1400, 1500, "1,400 ml a day on average"),
        ("stress", "stress_high", 7, 6, "7.0 out of 10 on average"),
    ],
)
def test_each_tip_fires_past_its_threshold_only(
    field: str, tip: str, hit: float, miss: float, numbers: str
) -> None:
    item = tips_of(journal(days=logs(field, [hit] * 8)))[tip]
    assert numbers in item.detail
    assert "on 8 days" in item.detail or "for 8 nights" in item.detail
    assert "Trends view" in item.detail
    assert tip not in tips_of(journal(days=logs(field, [miss] * 8)))
