"""The causal-word checker every sentence test relies on."""

from __future__ import annotations

from twitchtrack.domain.analysis import CAUSAL_WORDS, causal_words_in, factor_unit


def test_causal_word_checker_is_not_vacuous() -> None:
    assert causal_words_in("Coffee causes twitches") == ["causes"]
    assert causal_words_in("It TRIGGERS them, due to stress") == ["TRIGGERS", "due to"]
    assert causal_words_in("On days with any alcohol, you logged more") == []
    assert "because" in CAUSAL_WORDS


def test_units_of_the_stored_factors() -> None:
    assert factor_unit("caffeine_mg") == "mg"
    assert factor_unit("stress") == ""
