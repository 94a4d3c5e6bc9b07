"""The weekly self-check: a yes is a red flag until a later no; skips change nothing."""

from __future__ import annotations

from datetime import timedelta

from tests.domain.guidance.guidance_data import (
    TODAY,
    check,
    ids,
)
from twitchtrack.domain.guidance import (
    SELF_CHECK,
    evaluate,
    self_check_flags,
)
from twitchtrack.domain.models import Journal


def test_self_check_yes_becomes_a_red_flag_and_no_does_not() -> None:
    items = self_check_flags([check(TODAY, weakness=True, falls=False)], TODAY)
    assert [i.id for i in items] == ["self_check_weakness"]
    assert items[0].detail.startswith("In your self-check of 31 Mar you answered yes")
    assert self_check_flags([check(TODAY, weakness=False)], TODAY) == []


def test_a_yes_stays_until_a_later_no() -> None:
    old_yes = check(TODAY - timedelta(days=40), falls=True)
    assert [i.id for i in self_check_flags([old_yes], TODAY)] == ["self_check_falls"]
    later_no = check(TODAY - timedelta(days=3), falls=False)
    assert self_check_flags([old_yes, later_no], TODAY) == []


def test_a_skipped_answer_keeps_a_recent_yes() -> None:
    yes = check(TODAY - timedelta(days=10), weakness=True)
    skipped = check(TODAY - timedelta(days=3), falls=False)  # weakness skipped
    items = self_check_flags([yes, skipped], TODAY)
    assert [i.id for i in items] == ["self_check_weakness"]
    assert items[0].detail.startswith("In your self-check of 21 Mar you answered yes")
    assert items[0].first_seen == TODAY - timedelta(days=10)


def test_a_skip_inside_a_run_of_yes_does_not_break_it() -> None:
    week = timedelta(days=7)
    checks = [
        check(TODAY - 2 * week, dexterity=True),
        check(TODAY - week),
        check(TODAY, dexterity=True),
    ]
    item = self_check_flags(checks, TODAY)[0]
    assert item.first_seen == TODAY - 2 * week


def test_repeated_yes_keeps_its_fingerprint_and_a_new_yes_changes_it() -> None:
    week = timedelta(days=7)
    first = self_check_flags([check(TODAY - week, dexterity=True)], TODAY - week)[0]
    again = self_check_flags(
        [check(TODAY - week, dexterity=True), check(TODAY, dexterity=True)], TODAY
    )[0]
    assert again.fingerprint == first.fingerprint
    assert "since 24 Mar" in again.detail
    renewed = self_check_flags(
        [
            check(TODAY - 2 * week, dexterity=True),
            check(TODAY - week, dexterity=False),
            check(TODAY, dexterity=True),
        ],
        TODAY,
    )[0]
    assert renewed.fingerprint != first.fingerprint


def test_evaluate_includes_self_check_flags() -> None:
    report = evaluate(Journal(), TODAY, self_checks=[check(TODAY, wasting=True)])
    assert ids(report.red_flags) == {"self_check_wasting"}


def test_self_check_questions_cover_the_issue() -> None:
    assert [q.id for q in SELF_CHECK] == [
        "weakness",
        "wasting",
        "speech_swallowing",
        "falls",
        "dexterity",
    ]
