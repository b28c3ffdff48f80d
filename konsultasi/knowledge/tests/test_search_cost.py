"""Which of a question's terms the backends rank with (backends.terms_to_rank): the rarest,
while the documents they match stay within a budget, so a question made of common words
costs no more than one with a rare word."""

from konsultasi.knowledge.backends import BUDGET_FLOOR, MAX_TERMS, MIN_TERMS, terms_to_rank

TOTAL = 100_000  # budget: a fifth of it


def test_the_rarest_terms_are_kept_and_the_common_ones_dropped():
    frequencies = {"dana": 60_000, "retur": 900, "sp2d": 15_000, "rekening": 3_000}
    assert terms_to_rank(["dana", "sp2d", "retur", "rekening"], frequencies, TOTAL) == [
        "retur",
        "rekening",
        "sp2d",
    ]


def test_a_term_no_document_has_is_dropped():
    assert terms_to_rank(["xyzzy", "retur"], {"retur": 10}, TOTAL) == ["retur"]


def test_a_question_of_common_words_still_ranks_with_its_rarest_ones():
    frequencies = {"dana": 60_000, "kppn": 50_000, "satker": 55_000}
    kept = terms_to_rank(["dana", "kppn", "satker"], frequencies, TOTAL)
    assert kept == ["kppn", "satker"] and len(kept) == MIN_TERMS


def test_a_small_library_ranks_with_every_term_up_to_the_cap():
    terms = [f"t{n}" for n in range(MAX_TERMS + 5)]
    frequencies = dict.fromkeys(terms, 3)
    assert terms_to_rank(terms, frequencies, 50) == terms[:MAX_TERMS]
    assert BUDGET_FLOOR > 3 * MAX_TERMS
