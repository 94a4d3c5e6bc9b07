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
