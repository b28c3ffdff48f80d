"""The Indonesian catalogue: domain strings come out in Indonesian, English stays English, and
the catalogue is complete (checked in pure Python, so CI needs no gettext tools)."""

import ast
import gettext as stdlib_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from konsultasi.accounts.models import WorkUnit
from konsultasi.consultations.models import Consultation, Status
from konsultasi.offices.models import ServiceType

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# %(name)s, %(n)d, %s, %d … but not a literal "%%".
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


# --- (a) and (b): the same strings in both languages ------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Sedang diproses"), ("en", "In progress")],
)
def test_status_label(language, expected):
    with translation.override(language):
        assert str(Status.IN_PROGRESS.label) == expected
        assert Consultation(status=Status.IN_PROGRESS).get_status_display() == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Menunggu respons Satker/Stakeholder"),
        ("en", "Waiting for the stakeholder's response"),
    ],
)
def test_waiting_status_reads_like_the_national_helpdesk(language, expected):
    with translation.override(language):
        assert str(Status.WAITING_STAKEHOLDER.label) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Tuliskan pertanyaan."), ("en", "Write the question.")],
)
def test_invalid_input_message(language, expected):
    with translation.override(language):
        assert gettext("Write the question.") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Pertanyaan Anda telah kami terima dengan nomor PKU-2026-00042."),
        ("en", "We have received your question. Its number is PKU-2026-00042."),
    ],
)
def test_a_message_with_a_placeholder(language, expected):
    with translation.override(language):
        message = gettext("We have received your question. Its number is %(number)s.")
        assert message % {"number": "PKU-2026-00042"} == expected


@pytest.mark.parametrize(
    ("language", "service_type", "work_unit"),
    [("id", "jenis layanan", "satker"), ("en", "service type", "work unit")],
)
def test_model_verbose_names(language, service_type, work_unit):
    with translation.override(language):
        assert str(ServiceType._meta.verbose_name) == service_type
        assert str(WorkUnit._meta.verbose_name) == work_unit


# --- (c): the catalogue is complete -----------------------------------------------------------


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"{where}: expected a quoted string, got {text!r}")
    # PO strings use C escapes (\" \\ \n \t), which a Python string literal reads the same way.
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: enough for Django's catalogues (no obsolete entries kept)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # the field a continuation line extends
    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")

    def finish():
        if entry is not None:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            target = None
            continue
        if line.startswith("#~"):  # obsolete entry: not part of the catalogue
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:  # a comment opens the next entry
                finish()
                entry, target = None, None
            if entry is None:
                entry = Entry(line=number)
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{where}: continuation line outside an entry")
            value = _unquote(line, where)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        match = keyword.match(line)
        if not match:
            raise ValueError(f"{where}: cannot read {raw!r}")
        name, index, quoted = match.group(1), match.group(2), match.group(3)
        value = _unquote(quoted, where)
        if name in ("msgctxt", "msgid") and (entry is None or entry.msgstr):
            finish()  # msgctxt or msgid after a msgstr opens the next entry
            entry = Entry(line=number)
        if entry is None:
            raise ValueError(f"{where}: {name} outside an entry")
        if name.startswith("msgstr"):
            i = int(index) if index is not None else 0
            entry.msgstr[i] = value
            target = ("msgstr", i)
        else:
            setattr(entry, name, value)
            target = (name, 0)
    finish()
    return entries


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run makemessages -l id"
    return parse_po(PO_FILE)


def test_the_catalogue_is_not_empty(catalogue):
    messages = [e for e in catalogue if e.msgid]
    assert len(messages) > 100, "the parser found too few messages"
    header = next(e for e in catalogue if not e.msgid)
    assert "Language: id\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)


def test_every_message_is_translated(catalogue):
    empty = [
        f"line {e.line}: {e.msgid!r}"
        for e in catalogue
        if e.msgid and (not e.msgstr or not all(s.strip() for s in e.msgstr.values()))
    ]
    assert not empty, "untranslated messages:\n" + "\n".join(empty)


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for e in catalogue:
        if not e.msgid:
            continue
        expected = _placeholders(e.msgid) | _placeholders(e.msgid_plural or "")
        for index, text in e.msgstr.items():
            found = _placeholders(text)
            if text and found != expected:
                wrong.append(
                    f"line {e.line} msgstr[{index}]: {e.msgid!r} has {sorted(expected)}, "
                    f"translation has {sorted(found)}"
                )
    assert not wrong, "placeholder mismatches:\n" + "\n".join(wrong)


def test_typographic_quotes_are_kept(catalogue):
    lost = [
        f"line {e.line}: {e.msgid!r}"
        for e in catalogue
        if e.msgid
        and any(q in e.msgid for q in "“”")
        and not all(e.msgid.count(q) == s.count(q) for q in "“”" for s in e.msgstr.values())
    ]
    assert not lost, "typographic quotes lost:\n" + "\n".join(lost)


def test_the_compiled_catalogue_matches_the_po_file(catalogue):
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run compilemessages"
    with MO_FILE.open("rb") as fp:
        compiled = stdlib_gettext.GNUTranslations(fp)
    stale = []
    for e in catalogue:
        if not e.msgid or e.msgid_plural is not None:
            continue
        got = (
            compiled.pgettext(e.msgctxt, e.msgid)
            if e.msgctxt is not None
            else compiled.gettext(e.msgid)
        )
        if got != e.msgstr.get(0):
            stale.append(f"line {e.line}: {e.msgid!r}")
    assert not stale, "django.mo is out of date (run compilemessages):\n" + "\n".join(stale)


def test_every_message_in_the_code_is_in_the_catalogue(catalogue, tmp_path):
    """A new string in the code without an Indonesian translation fails here: run
    `manage.py makemessages -l id -l en`, translate, then `compilemessages`."""
    import shutil
    import subprocess

    xgettext = shutil.which("xgettext")
    if xgettext is None:
        pytest.skip("GNU gettext is not installed")
    root = Path(settings.BASE_DIR) / "konsultasi"
    sources = sorted(
        str(path)
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        and path.name != "conftest.py"
    )  # fmt: skip
    pot = tmp_path / "code.pot"
    keywords = ["_", "gettext", "gettext_lazy", "gettext_noop", "ngettext:1,2", "pgettext:1c,2"]
    subprocess.run(
        [xgettext, "--language=Python", "--from-code=UTF-8", "-o", str(pot)]
        + [f"--keyword={k}" for k in keywords]
        + sources,
        check=True,
    )
    in_code = {e.msgid for e in parse_po(pot) if e.msgid}
    translated = {e.msgid for e in catalogue if e.msgid}
    assert sorted(in_code - translated) == []
