"""Every guidance text: a real source, no causal or diagnostic wording, and no
eight words in a row copied from the source articles."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from tests.domain.guidance.guidance_data import (
    CAUSAL,
    DIAGNOSTIC,
    SHINGLES,
    SOURCES_DIR,
    TODAY,
    check,
    days_back,
    ep,
    ids,
    journal,
    load_content,
)
from twitchtrack.domain.guidance import (
    ARTICLE_RE,
    SELF_CHECK,
    evaluate,
    rules_topic,
    self_check_flags,
    source_parts,
    source_problem,
)
from twitchtrack.domain.models import DayLog, Journal


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def shingle_hashes(text: str, n: int = 8) -> set[str]:
    w = words(text)
    return {
        hashlib.blake2b(" ".join(w[i : i + n]).encode(), digest_size=8).hexdigest()
        for i in range(len(w) - n + 1)
    }


def source_shingles() -> set[str]:
    """8-word shingles of the source articles (hashed copy kept for fresh checkouts)."""
    stored = set(SHINGLES.read_text("ascii").split())
    if SOURCES_DIR.is_dir():
        live: set[str] = set()
        for path in sorted(SOURCES_DIR.glob("*.txt")):
            live |= shingle_hashes(path.read_text("utf-8"))
        assert live == stored, "refresh guidance_source_shingles.txt from the sources"
    assert len(stored) > 3000
    return stored


def everything_journal() -> Journal:
    """A journal that raises every rule and every tip at once."""
    eps = [ep(d, "calf_left") for d in days_back(40)]
    eps += [
        ep(TODAY - timedelta(days=2), "eyelid_lower_left", weakness=True),
        ep(TODAY - timedelta(days=3), "forearm_front_right", numbness=True),
        ep(TODAY - timedelta(days=4), "tongue", speech_swallowing=True),
        ep(TODAY - timedelta(days=5), "calf_right", wasting=True),
        ep(TODAY - timedelta(days=6), "upper_back_left"),
        ep(TODAY - timedelta(days=1), "cheek_left", stiffness=True, pain=True),
        ep(TODAY - timedelta(days=7), "hand_back_left", coordination=True, pain=True),
        ep(TODAY - timedelta(days=8), "eyelid_upper_left", eyelid_closing=True),
        ep(TODAY - timedelta(days=9), "calf_left", pain=True),
    ]
    eps += [
        ep(TODAY - timedelta(days=20 - k), hour=h) for k in range(7) for h in (7, 9, 21)
    ]
    days = [
        DayLog.for_day(
            d,
            caffeine_mg=600,
            sleep_h=5.5,
            water_ml=900,
            stress=8,
            medications=["Prednisolone"] if d >= TODAY - timedelta(days=25) else [],
        )
        for d in days_back(60)
    ]
    return journal(eps, days)


def all_texts() -> list[tuple[str, str, str]]:
    """(where, text, source) for every guidance text and rule message."""
    out: list[tuple[str, str, str]] = []
    topics = [*load_content().topics, rules_topic()]
    for t in topics:
        out += [(f"topic {t.id}", text, t.source) for text in t.texts()]
    report = evaluate(everything_journal(), TODAY)
    checks = [
        check(
            TODAY - timedelta(days=7), **dict.fromkeys([q.id for q in SELF_CHECK], True)
        )
    ]
    checks.append(check(TODAY, **dict.fromkeys([q.id for q in SELF_CHECK], True)))
    items = [*report.red_flags, *report.tips, *self_check_flags(checks, TODAY)]
    for item in items:
        out += [(f"item {item.id}", text, item.source) for text in item.texts()]
    for q in SELF_CHECK:
        out.append((f"question {q.id}", q.text, q.source))
    return out


def test_everything_journal_raises_every_rule() -> None:
    report = evaluate(everything_journal(), TODAY)
    assert ids(report.red_flags) == {
        "persistent",
        "widespread",
        "weakness",
        "numbness",
        "speech_swallowing",
        "wasting",
        "tongue",
        "medication",
        "stiffness",
        "coordination",
        "eyelid_closing",
        "pain",
        "face_spread",
    }
    assert ids(report.tips) == {
        "caffeine_high",
        "sleep_short",
        "hydration_low",
        "stress_high",
    }


def test_every_text_has_a_real_source() -> None:
    articles = (
        {p.name for p in SOURCES_DIR.glob("*.txt")} if SOURCES_DIR.is_dir() else set()
    )
    for where, _text, source in all_texts():
        assert source_problem(source) is None, where
        for part in source_parts(source):
            if ARTICLE_RE.match(part) and articles:
                assert part in articles, (where, part)


def test_no_text_uses_causal_or_diagnostic_wording() -> None:
    for where, text, _source in all_texts():
        assert not CAUSAL.search(text), (where, text)
        assert not DIAGNOSTIC.search(text), (where, text)


def test_wording_checks_catch_bad_sentences() -> None:
    assert CAUSAL.search("Caffeine triggers your twitches")
    assert CAUSAL.search("twitching due to stress")
    assert DIAGNOSTIC.search("You have benign fasciculation syndrome")
    assert DIAGNOSTIC.search("this is ALS")
    assert not DIAGNOSTIC.search("They are not medical advice and not a diagnosis.")


def test_no_text_shares_eight_words_in_a_row_with_the_articles() -> None:
    shingles = source_shingles()
    for where, text, _source in all_texts():
        shared = shingle_hashes(text) & shingles
        assert not shared, (where, text)


def test_shingle_check_catches_a_copied_sentence() -> None:
    copied = (
        "Most skin twitches are benign and resolve without intervention within days"
    )
    assert shingle_hashes(copied) & source_shingles()
