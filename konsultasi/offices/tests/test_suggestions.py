import pytest

from konsultasi.offices.models import ServiceType
from konsultasi.offices.suggestions import suggest_service_types


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("SP2D kami belum terbit padahal SPM sudah diajukan", "sp2d"),
        ("Dana retur belum masuk ke rekening penerima", "retur"),
        ("Bagaimana cara mengaktifkan kartu kredit pemerintah?", "kkp"),
        ("Nilai IKPA satker kami turun", "ikpa"),
        ("Lupa password user SAKTI", "user-sakti-span"),
    ],
)
def test_the_likeliest_service_type_comes_first(office, question, expected):
    assert suggest_service_types(office=office, text=question)[0].code == expected


def test_a_question_with_no_known_keyword_gets_no_suggestion(office):
    assert suggest_service_types(office=office, text="Selamat pagi, apa kabar?") == []


def test_keywords_match_whole_words_only(office):
    # "spanduk" contains "span" but is not about SPAN.
    assert suggest_service_types(office=office, text="Pemasangan spanduk di kantor") == []


def test_inactive_types_and_other_offices_types_are_never_suggested(office, other_office):
    ServiceType.objects.filter(office=office, code="retur").update(is_active=False)
    assert suggest_service_types(office=office, text="retur") == []
    assert suggest_service_types(office=other_office, text="SP2D") == []


def test_at_most_the_asked_number_of_suggestions(office):
    text = "sp2d retur gaji ikpa lpj rekonsiliasi"
    assert len(suggest_service_types(office=office, text=text, limit=2)) == 2
