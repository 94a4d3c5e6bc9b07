"""The topic library: every area and flag covered, search, clear errors, sources."""

from __future__ import annotations

import pytest

from tests.domain.guidance.guidance_data import (
    CONTENT_DIR,
    load_content,
)
from twitchtrack.domain.guidance import (
    GuidanceContentError,
    parse_content,
    parse_section,
    source_problem,
)
from twitchtrack.domain.models import SYMPTOM_FLAGS
from twitchtrack.domain.regions import GROUPS, REGIONS


def test_every_region_has_an_area_note_and_every_flag_a_doctor_note() -> None:
    content = load_content()
    for r in REGIONS:
        topic = content.for_region(r.id)
        assert topic is not None, r.id
        assert r.group in topic.groups
    assert {t.section for t in content.topics} >= {
        "about",
        "contributors",
        "areas",
        "lifestyle",
        "doctor",
        "see_doctor",
        "flags",
    }
    for flag in SYMPTOM_FLAGS:
        assert content.for_flag(flag) is not None
    assert content.for_region("not_a_region") is None


def test_search_matches_all_words() -> None:
    content = load_content()
    assert [t.id for t in content.search("EMG")] == ["doctor_nerve_tests"]
    assert "steps_caffeine" in {t.id for t in content.search("coffee 400")}
    assert content.search("zebra") == []
    assert len(content.search("  ")) == len(content.topics)


def test_bad_content_gives_a_clear_message() -> None:
    with pytest.raises(GuidanceContentError, match=r"^broken\.json: "):
        parse_section("{not json", "broken.json")
    good = (CONTENT_DIR / "doctor.json").read_text("utf-8")
    with pytest.raises(GuidanceContentError, match=r"unknown source 'Dr Google'"):
        parse_section(
            good.replace("NHS: Overactive thyroid", "Dr Google"), "doctor.json"
        )
    files = {p.name: p.read_text("utf-8") for p in CONTENT_DIR.glob("*.json")}
    with pytest.raises(GuidanceContentError, match="appears twice"):
        parse_content({**files, "copy.json": files["doctor.json"]})
    del files["body_areas.json"]
    with pytest.raises(GuidanceContentError, match="needs exactly one note"):
        parse_content(files)


def test_source_field_rules() -> None:
    assert source_problem("") == "no source given"
    assert source_problem("000_e5c325fa16eb5c4a.txt; FDA: caffeine 400 mg/day") is None
    assert source_problem("wikipedia") == "unknown source 'wikipedia'"


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_note_is_short_and_calm(group: str) -> None:
    topic = load_content().for_group(group)
    assert topic is not None
    assert all(len(p) < 420 for p in topic.body)


def test_caffeine_note_gives_the_pregnancy_limit() -> None:
    topic = load_content().topic("steps_caffeine")
    assert any("200 mg" in p and "pregnan" in p for p in topic.body)
    assert "NHS: Pregnancy and caffeine" in topic.source


def test_fluids_note_says_all_drinks_count_and_the_app_logs_water() -> None:
    body = " ".join(load_content().topic("steps_fluids").body)
    assert "Water, milk, tea and coffee all count" in body
    assert "plain water only" in body


def test_there_is_an_alcohol_note_with_a_source() -> None:
    topic = load_content().topic("steps_alcohol")
    assert "NHS: Twitching eyes and muscles" in topic.source
    assert "alcohol" in " ".join(topic.body).lower()


def test_logging_less_never_reads_as_free_of_cost() -> None:
    texts = " ".join(" ".join(t.texts()) for t in load_content().topics)
    assert "logging less often is perfectly fine" not in texts
    body = " ".join(load_content().topic("mostly_harmless").body)
    assert "not tracked" in body


def test_sodium_is_not_said_to_calm_nerves() -> None:
    body = " ".join(load_content().topic("nerves_and_muscles").body)
    assert "sodium and potassium carry the electrical pulse" in body
    assert "such as sodium, potassium, calcium and magnesium, help keep" not in body


def test_a_gentle_note_on_checking_points_to_self_help() -> None:
    topic = load_content().topic("checking_and_worry")
    assert topic.source == "NHS: Health anxiety"
    body = " ".join(topic.body)
    assert "self-help" in body
    assert "talking therapies" in body
