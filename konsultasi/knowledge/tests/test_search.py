"""The one search interface, on whichever database the suite runs on (both in CI)."""

import pytest
from django.db import connection

from konsultasi.knowledge.models import Entry, EntryStatus, Synonym
from konsultasi.knowledge.search import Audience, EntryFilters, search_entries
from konsultasi.offices.models import ServiceType

STAFF, PUBLIC = Audience.STAFF, Audience.PUBLIC


def slugs(query, audience=STAFF, **filters):
    return [
        hit.entry.slug
        for hit in search_entries(query, audience=audience, filters=EntryFilters(**filters))
    ]


@pytest.mark.parametrize("query", ["pencairan", "dicairkan", "cair", "mencairkan"])
def test_every_form_of_a_word_finds_the_entry_that_uses_another(make_entry, query):
    make_entry("faq-cair", summary="Dana dicairkan setelah SP2D terbit.")
    assert slugs(query) == ["faq-cair"]


def test_an_acronym_finds_an_entry_that_writes_it_out(library, make_entry):
    make_entry("faq-long", summary="Surat perintah pencairan dana diterbitkan oleh KPPN.")
    assert "faq-long" in slugs("SP2D")


def test_a_long_form_finds_an_entry_that_uses_the_acronym(library, make_entry):
    make_entry("faq-short", summary="Kapan KKP dapat dipakai untuk perjalanan dinas?")
    assert "faq-short" in slugs("kartu kredit pemerintah")


def test_an_informal_question_finds_the_formal_entry(library):
    assert slugs("gmn cara ngajuin spm yg blm terbit")[0] == "test-pmk-pembayaran"


def test_an_acronym_the_admin_adds_works_at_once(make_entry):
    make_entry(
        "faq-1",
        title="Laporan bendahara",
        summary="Laporan pertanggungjawaban disampaikan tiap bulan.",
    )
    assert slugs("LPJ") == []
    Synonym.objects.create(kind="acronym", term="LPJ", meaning="laporan pertanggungjawaban")
    assert slugs("LPJ") == ["faq-1"]


def test_the_official_number_finds_its_regulation_first(library):
    assert slugs("210/PMK.05/2022")[0] == "test-pmk-pembayaran"


@pytest.mark.parametrize(
    "order",
    [
        (EntryStatus.REVOKED, EntryStatus.AMENDED, EntryStatus.IN_FORCE),
        (EntryStatus.IN_FORCE, EntryStatus.REVOKED, EntryStatus.AMENDED),
    ],
    ids=["created-revoked-first", "created-in-force-first"],
)
def test_in_force_ranks_above_amended_above_revoked(make_entry, order):
    for status in order:
        make_entry(f"faq-{status}", title="Retur dana gaji", status=status)
    assert slugs("retur gaji") == ["faq-in_force", "faq-amended", "faq-revoked"]


def test_an_internal_entry_is_found_by_staff_and_never_by_the_public(library):
    assert "test-internal-sop" in slugs("retur berulang", STAFF)
    assert "test-internal-sop" not in slugs("retur berulang", PUBLIC)
    assert "test-internal-sop" not in slugs("", PUBLIC, kind="guideline")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "dg_regulation"}, {"test-per-retur"}),
        ({"year": 2021}, {"test-pmk-kkp-baru"}),
        ({"status": "amended"}, {"test-pmk-kkp-lama"}),
        ({"service_type": "kkp"}, {"test-pmk-kkp-lama", "test-pmk-kkp-baru"}),
    ],
    ids=["kind", "year", "status", "service-type"],
)
def test_filters_narrow_both_a_search_and_a_browse(library, filters, expected):
    assert set(slugs("sp2d retur kartu kredit pembayaran", **filters)) == expected
    assert set(slugs("", **filters)) == expected


def test_an_empty_or_meaningless_query_without_filters_finds_nothing(library):
    assert slugs("") == []
    assert slugs("yang dan di ?!") == []


def test_query_syntax_of_either_engine_is_only_text(library):
    for query in ['"sp2d', "retur OR NOT", "a & b | !c", "sp2d:* NEAR(x)", "'); DROP TABLE x;--"]:
        search_entries(query, audience=STAFF)  # no error is the point


def test_the_snippet_marks_the_matching_words_and_escapes_the_rest(make_entry):
    make_entry("faq-x", summary='Retur <script>alert("x")</script> & dana <b>dicairkan</b> lagi')
    (hit,) = search_entries("pencairan", audience=STAFF)
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "&lt;b&gt;<mark>dicairkan</mark>&lt;/b&gt;" in hit.snippet


def test_a_service_type_filter_matches_that_type_in_any_office(library, other_office):
    section = other_office.sections.first()
    ServiceType.objects.create(office=other_office, code="kkp", name="KKP", default_section=section)
    assert Entry.objects.get(slug="test-pmk-kkp-baru").service_types.count() == 1
    assert set(slugs("", service_type="kkp")) == {"test-pmk-kkp-lama", "test-pmk-kkp-baru"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's light vector")
def test_a_word_only_the_body_has_is_found_and_a_common_word_leaves_the_planner_as_it_was(
    monkeypatch, make_entry
):
    from konsultasi.knowledge.backends import PostgresBackend

    make_entry("faq-badan", summary="Ringkas saja.", body="Rekening **penampungan** sementara.")
    make_entry("faq-judul", title="Rekening penampungan", summary="Ringkas saja.")
    # The statistics say every entry has the words: the shortlist is read through the index.
    monkeypatch.setattr(
        PostgresBackend,
        "_estimated",
        lambda self, table, column, terms: (dict.fromkeys(terms, 10_000), 10_000),
    )
    assert slugs("penampungan") == ["faq-judul", "faq-badan"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
