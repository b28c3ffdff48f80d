"""The terms both backends match: Snowball Indonesian stems, acronyms kept whole and met by
their long forms, informal spellings replaced by the standard word."""

import pytest

from konsultasi.knowledge.analysis import Vocabulary

WORDS = Vocabulary.build(
    {
        "SP2D": ["surat perintah pencairan dana"],
        "UP": ["uang persediaan"],
        "DIPA": ["daftar isian pelaksanaan anggaran"],
    },
    {
        "yg": "yang",
        "gmn": "bagaimana",
        "blm": "belum",
        "ngajuin": "mengajukan",
        "pencairn": "pencairan",
    },
)


@pytest.mark.parametrize(
    "variants",
    [
        ("pencairan", "dicairkan", "cair", "mencairkan"),
        ("pembayaran", "dibayarkan", "bayar", "membayar"),
        ("pengajuan", "diajukan", "ajukan", "mengajukan"),
    ],
    ids=lambda v: v[0],
)
def test_inflected_forms_of_a_word_share_one_term(variants):
    assert len({tuple(WORDS.terms(v)) for v in variants}) == 1


def test_an_acronym_is_kept_whole_and_lower_cased():
    assert WORDS.terms("SP2D dan DIPA") == ["sp2d", "dipa"]


def test_a_regulation_number_gives_its_parts_as_terms():
    assert WORDS.terms("210/PMK.05/2022") == ["210", "pmk", "05", "2022"]


def test_an_acronym_in_a_query_brings_its_long_form():
    terms = WORDS.query_terms("sp2d")
    assert terms[0] == "sp2d"
    assert set(WORDS.terms("surat perintah pencairan dana")) <= set(terms)


def test_a_long_form_in_a_query_brings_its_acronym():
    assert "sp2d" in WORDS.query_terms("kapan surat perintah pencairan dana terbit")
    assert "up" in WORDS.query_terms("sisa uang persediaan")


def test_a_long_form_only_partly_written_does_not_bring_the_acronym():
    assert "sp2d" not in WORDS.query_terms("surat perintah")


@pytest.mark.parametrize(
    ("informal", "standard"),
    [("ngajuin", "mengajukan"), ("pencairn", "pencairan")],
)
def test_an_informal_spelling_or_typo_becomes_the_standard_words_term(informal, standard):
    assert WORDS.terms(informal) == WORDS.terms(standard)


def test_question_words_and_fillers_are_no_terms():
    assert WORDS.terms("gmn yg blm") == []
    assert WORDS.terms("Mohon info, gimana cara ngajuin SPM?") == ["info", "aju", "spm"]


def test_a_query_has_each_term_once():
    terms = WORDS.query_terms("cair cair pencairan dicairkan")
    assert terms == ["cair"]
