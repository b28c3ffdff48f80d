"""The starter library's data files keep the schema the loader and the evaluation rely on.

Plain file checks, no database and no search backend: a broken reference file should fail here,
with the offending entry named, before `load_reference_data` or `evaluate_search` ever reads it.
"""

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from konsultasi.offices.reference.pekanbaru import SERVICE_TYPES

REPO = Path(__file__).resolve().parents[3]
REFERENCE = REPO / "konsultasi" / "knowledge" / "reference"
LIBRARY = REFERENCE / "library.json"
SYNONYMS = REFERENCE / "synonyms.json"
EVAL_SET = REPO / "bench" / "search_eval.jsonl"

KINDS = {
    "law",
    "government_regulation",
    "pmk",
    "dg_regulation",
    "circular",
    "decree",
    "guideline",
    "faq",
}
# Kinds that are regulations in the legal sense always carry their official number.
NUMBERED_KINDS = KINDS - {"guideline", "faq"}
STATUSES = {"in_force", "amended", "revoked"}
FIELDS = {
    "slug",
    "kind",
    "number",
    "title",
    "issuer",
    "issued_on",
    "effective_on",
    "status",
    "changed_by",
    "summary",
    "body",
    "tags",
    "service_types",
    "public",
    "verified",
    "notes",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
SERVICE_CODES = {code for code, *_ in SERVICE_TYPES}


def normalised(reference):
    """How evaluate_search compares a `relevant` item with a number or slug."""
    return " ".join(reference.split()).casefold()


@cache
def entries():
    with LIBRARY.open(encoding="utf-8") as handle:
        return json.load(handle)["entries"]


@cache
def eval_questions():
    with EVAL_SET.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def by_slug():
    return {entry["slug"]: entry for entry in entries()}


def test_the_library_is_valid_json_with_a_list_of_entries():
    with LIBRARY.open(encoding="utf-8") as handle:
        document = json.load(handle)
    assert isinstance(document["entries"], list)
    assert len(document["entries"]) >= 45


def test_every_entry_has_exactly_the_schema_fields():
    wrong = {
        entry.get("slug", "?"): sorted(set(entry) ^ FIELDS)
        for entry in entries()
        if set(entry) != FIELDS
    }
    assert not wrong


def test_slugs_are_unique_and_well_formed():
    slugs = [entry["slug"] for entry in entries()]
    duplicates = [slug for slug, count in Counter(slugs).items() if count > 1]
    malformed = [slug for slug in slugs if not SLUG.match(slug)]
    assert not duplicates
    assert not malformed


def test_numbers_are_unique_among_regulations():
    numbers = [
        normalised(entry["number"])
        for entry in entries()
        if entry["kind"] != "faq" and entry["number"]
    ]
    duplicates = [number for number, count in Counter(numbers).items() if count > 1]
    assert not duplicates


def test_regulations_carry_a_number_and_faq_answers_neither_number_nor_issuer():
    missing = [e["slug"] for e in entries() if e["kind"] in NUMBERED_KINDS and not e["number"]]
    faq_with_number = [e["slug"] for e in entries() if e["kind"] == "faq" and e["number"]]
    faq_with_issuer = [e["slug"] for e in entries() if e["kind"] == "faq" and e["issuer"]]
    assert not missing
    assert not faq_with_number
    assert not faq_with_issuer


def test_no_number_collides_with_a_slug():
    # evaluate_search resolves a relevant item by number or slug; one string must mean one entry.
    slugs = {normalised(entry["slug"]) for entry in entries()}
    numbers = {normalised(entry["number"]) for entry in entries() if entry["number"]}
    assert not slugs & numbers


def test_kinds_and_statuses_are_in_the_schema_sets():
    bad_kind = [e["slug"] for e in entries() if e["kind"] not in KINDS]
    bad_status = [e["slug"] for e in entries() if e["status"] not in STATUSES]
    assert not bad_kind
    assert not bad_status


def test_changed_by_names_an_existing_other_entry_only_when_amended_or_revoked():
    known = by_slug()
    wrong = []
    for entry in entries():
        changed_by = entry["changed_by"]
        if entry["status"] in {"amended", "revoked"}:
            if changed_by not in known or changed_by == entry["slug"]:
                wrong.append(entry["slug"])
        elif changed_by is not None:
            wrong.append(entry["slug"])
    assert not wrong


def test_an_entry_is_never_changed_by_a_revoked_entry():
    known = by_slug()
    wrong = [
        entry["slug"]
        for entry in entries()
        if known.get(entry["changed_by"], {}).get("status") == "revoked"
    ]
    assert not wrong


def test_dates_are_iso_or_null():
    wrong = [
        (entry["slug"], field)
        for entry in entries()
        for field in ("issued_on", "effective_on")
        if entry[field] is not None and not ISO_DATE.match(entry[field])
    ]
    assert not wrong


def test_texts_and_flags_have_their_types():
    wrong = []
    for entry in entries():
        texts = ("number", "title", "issuer", "summary", "body", "notes")
        if not all(isinstance(entry[field], str) for field in texts):
            wrong.append((entry["slug"], "text"))
        if not entry["title"].strip() or not entry["summary"].strip() or not entry["body"].strip():
            wrong.append((entry["slug"], "empty"))
        if not isinstance(entry["public"], bool) or not isinstance(entry["verified"], bool):
            wrong.append((entry["slug"], "flag"))
        if not entry["tags"] or not all(isinstance(tag, str) and tag for tag in entry["tags"]):
            wrong.append((entry["slug"], "tags"))
    assert not wrong


def test_unverified_entries_say_what_was_not_confirmed():
    silent = [e["slug"] for e in entries() if not e["verified"] and not e["notes"].strip()]
    assert not silent


def test_service_types_are_known_codes():
    unknown = {
        (entry["slug"], code)
        for entry in entries()
        for code in entry["service_types"]
        if code not in SERVICE_CODES
    }
    assert not unknown
    assert all(entry["service_types"] for entry in entries())


def test_every_service_type_is_covered_by_at_least_two_entries():
    coverage = Counter(code for entry in entries() for code in set(entry["service_types"]))
    thin = {code: coverage[code] for code in SERVICE_CODES if coverage[code] < 2}
    assert not thin


def test_the_library_has_at_least_fifteen_faq_answers_and_some_internal_entries():
    kinds = Counter(entry["kind"] for entry in entries())
    assert kinds["faq"] >= 15
    assert any(not entry["public"] for entry in entries())


@pytest.mark.parametrize("field", ["summary", "body"])
def test_texts_contain_no_raw_html(field):
    with_html = [e["slug"] for e in entries() if HTML_TAG.search(e[field])]
    assert not with_html


def test_synonyms_file_has_upper_case_acronyms_and_lower_case_informal_spellings():
    with SYNONYMS.open(encoding="utf-8") as handle:
        synonyms = json.load(handle)
    acronyms, informal = synonyms["acronyms"], synonyms["informal"]
    assert all(key == key.upper() for key in acronyms)
    assert all(
        forms and all(isinstance(form, str) and form == form.lower() for form in forms)
        for forms in acronyms.values()
    )
    assert all(key == key.lower() and " " not in key for key in informal)
    assert all(isinstance(word, str) and word == word.lower() for word in informal.values())
    assert len(informal) >= 60


def test_synonyms_cover_the_treasury_acronyms_the_issue_names():
    with SYNONYMS.open(encoding="utf-8") as handle:
        acronyms = json.load(handle)["acronyms"]
    required = [
        "SP2D",
        "SPM",
        "SPP",
        "LPJ",
        "DIPA",
        "POK",
        "UP",
        "TUP",
        "GUP",
        "LS",
        "KKP",
        "MPN",
        "SAKTI",
        "SPAN",
        "IKPA",
        "RPD",
        "SPTJM",
        "NPWP",
        "BUN",
        "KPPN",
        "DJPB",
        "KPA",
        "PPK",
        "PPSPM",
        "BAST",
        "SSBP",
        "NTPN",
        "RKA-K/L",
        "APBN",
        "SBSN",
        "TPG",
        "PNS",
        "PPPK",
        "LK",
        "SILPA",
        "ADK",
        "CALK",
        "NRS",
        "BLU",
        "SP4N-LAPOR",
        "MONSAKTI",
        "E-REKON",
        "OM SPAN",
        "HAI DJPB",
    ]
    assert not [acronym for acronym in required if acronym not in acronyms]


def test_the_evaluation_set_has_at_least_a_hundred_questions():
    questions = eval_questions()
    assert len(questions) >= 100
    assert all(set(q) == {"question", "relevant"} for q in questions)
    assert all(q["question"].strip() and q["relevant"] for q in questions)


def test_every_relevant_item_of_the_evaluation_set_names_an_entry():
    names = {normalised(e["slug"]) for e in entries()} | {
        normalised(e["number"]) for e in entries() if e["number"]
    }
    dangling = {
        item
        for question in eval_questions()
        for item in question["relevant"]
        if normalised(item) not in names
    }
    assert not dangling


def test_the_evaluation_set_reaches_every_service_type():
    index = {normalised(e["slug"]): e for e in entries()} | {
        normalised(e["number"]): e for e in entries() if e["number"]
    }
    reached = {
        code
        for question in eval_questions()
        for item in question["relevant"]
        for code in index[normalised(item)]["service_types"]
    }
    assert not SERVICE_CODES - reached
