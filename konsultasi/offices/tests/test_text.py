"""Text from people and programs made safe to store and show: NUL and unpaired surrogates
refused everywhere; control characters and direction overrides stripped from one-line
fields, refused in tokens; long texts keep their tabs and line breaks."""

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from konsultasi.errors import DomainError, InvalidInput
from konsultasi.offices import text

pytestmark = pytest.mark.usefixtures("english")

PROPERTY = settings(max_examples=500, deadline=None, database=None, derandomize=True)

BIDI_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SURROGATE = re.compile("[\ud800-\udfff]")

# Any text Python can hold, lone surrogates among it, with the troublemakers made frequent.
nasty = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),
        st.sampled_from(["\x00", "\ud800", "\udfff", "\r", "\n", "\t", "\x85", "\x9b"]),
        st.sampled_from([*BIDI_OVERRIDES, "\u200e", "\u200f", "\x1b", "\x7f"]),
    )
)
anything = st.one_of(nasty, st.none(), st.integers(), st.binary(), st.lists(st.text()))


def is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc"


def cleaned_or_refused(clean, value):
    """The cleaned text, or None if refused; any other exception fails the test."""
    try:
        return clean(value, field="The subject")
    except DomainError as refusal:
        assert isinstance(refusal, InvalidInput)
        assert refusal.message
        return None


@PROPERTY
@given(anything)
@example("\x00")
@example("a\ud800b")
def test_a_one_line_field_keeps_nothing_unsafe_and_refuses_only_as_a_domain_error(value):
    cleaned = cleaned_or_refused(text.one_line, value)
    if cleaned is None:
        return
    assert not any(is_control(c) for c in cleaned)
    assert not any(c in BIDI_OVERRIDES for c in cleaned)
    assert not SURROGATE.search(cleaned)
    assert cleaned == cleaned.strip()
    cleaned.encode("utf-8")  # storable


@PROPERTY
@given(anything)
def test_a_long_text_keeps_only_tabs_and_newlines_among_controls(value):
    cleaned = cleaned_or_refused(text.long_text, value)
    if cleaned is None:
        return
    assert not any(is_control(c) and c not in "\t\n" for c in cleaned)
    assert not any(c in BIDI_OVERRIDES for c in cleaned)
    assert not SURROGATE.search(cleaned)
    cleaned.encode("utf-8")


@PROPERTY
@given(anything)
def test_a_token_is_taken_as_it_is_or_refused(value):
    cleaned = cleaned_or_refused(text.token, value)
    if cleaned is not None:
        assert cleaned == (value or "")
        assert not any(is_control(c) or c in BIDI_OVERRIDES for c in cleaned)
        assert not SURROGATE.search(cleaned)


@PROPERTY
@given(anything)
def test_a_search_query_is_always_usable(value):
    cleaned = text.searchable(value)
    assert not any(is_control(c) or c in BIDI_OVERRIDES for c in cleaned)
    assert not SURROGATE.search(cleaned)
    cleaned.encode("utf-8")


@PROPERTY
@given(nasty)
def test_cleaning_twice_changes_nothing_more(value):
    once = cleaned_or_refused(text.one_line, value)
    if once is not None:
        assert text.one_line(once, field="x") == once


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        pytest.param("Retur SP2D", "Retur SP2D", id="ordinary"),
        pytest.param("  Gaji ke-13  ", "Gaji ke-13", id="surrounding-spaces"),
        pytest.param("SP2D\r\nBcc: x@example.id", "SP2D Bcc: x@example.id", id="cr-lf"),
        pytest.param("Gaji\tke-13", "Gaji ke-13", id="tab"),
        pytest.param("Invoice\u202efdp.exe", "Invoicefdp.exe", id="right-to-left-override"),
        pytest.param("\u2066Budi\u2069 Santoso", "Budi Santoso", id="isolates"),
        pytest.param("Budi\x1b[31m Santoso", "Budi[31m Santoso", id="terminal-escape"),
        pytest.param("Budi\x9b Santoso", "Budi Santoso", id="c1-control"),
        pytest.param("André Müller — Satker 012345", "André Müller — Satker 012345", id="unicode"),
    ],
)
def test_a_one_line_field_is_cleaned(raw, kept):
    assert text.one_line(raw, field="The subject") == kept


def test_a_long_text_keeps_its_lines_and_tabs_and_loses_other_controls():
    raw = "Yth. KPPN,\r\n\tSPM kami\x07 belum\u202e terbit.\rTerima kasih.\n"
    assert text.long_text(raw, field="The question") == (
        "Yth. KPPN,\n\tSPM kami belum terbit.\nTerima kasih."
    )


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("Retur\x00SP2D", id="nul"),
        pytest.param("Retur \ud800", id="lone-high-surrogate"),
        pytest.param("\udfff", id="lone-low-surrogate"),
    ],
)
@pytest.mark.parametrize("clean", [text.one_line, text.long_text, text.token])
def test_nul_and_lone_surrogates_are_refused_everywhere(clean, raw):
    with pytest.raises(InvalidInput, match="The subject contains a character that cannot be"):
        clean(raw, field="The subject")


@pytest.mark.parametrize("raw", ["tok\n1", "tok\u202e1", "tok\x7f", "tok\t1"])
def test_a_token_with_control_characters_or_overrides_is_refused(raw):
    with pytest.raises(InvalidInput, match="control characters"):
        text.token(raw, field="The submission token")


@pytest.mark.parametrize("value", [42, b"bytes", ["a"]])
def test_something_that_is_not_text_is_refused(value):
    with pytest.raises(InvalidInput, match="The subject must be text"):
        text.one_line(value, field="The subject")


def test_nothing_at_all_is_empty_text():
    assert text.one_line(None, field="The subject") == ""
    assert text.long_text(None, field="The question") == ""
