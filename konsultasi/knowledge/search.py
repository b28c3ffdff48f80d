"""The one search interface of the library, whatever the database.

- `search_entries(query, audience=..., filters=..., limit=...)`: library entries for a search
  box, best first, each with a highlighted snippet. A stakeholder's search (`Audience.PUBLIC`)
  never sees an internal entry.
- `similar_consultations(office=..., text=..., exclude=..., limit=...)`: resolved consultations
  of that office (never another's) whose subject, question and answer are nearest the text.
- `suggest_answers(consultation)`: both, for the officer's workspace.

The backend (backends.py) is chosen by the database in use; both see the same terms."""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape
from itertools import islice

from django.db.models import Case, When
from django.utils.safestring import SafeString, mark_safe

from konsultasi.consultations.models import Consultation
from konsultasi.knowledge.analysis import Vocabulary
from konsultasi.knowledge.backends import backend_for
from konsultasi.knowledge.indexing import INDEXED_STATUSES, vocabulary
from konsultasi.knowledge.models import Entry, EntryStatus
from konsultasi.offices.models import Office
from konsultasi.offices.text import searchable

SUGGESTED = 5
# What a result list never shows: left in the database.
DEFERRED = ("body_html", "attachment_text", "search_heading", "search_summary", "search_body")
QUERY_MAX = 2000


class Audience(StrEnum):
    PUBLIC = "public"  # stakeholders and anyone not signed in: public entries only
    STAFF = "staff"  # officers: every entry


@dataclass(frozen=True)
class EntryFilters:
    kind: str = ""
    year: int | None = None
    status: str = ""
    service_type: str = ""  # a service type's code

    @property
    def any(self) -> bool:
        return bool(self.kind or self.year or self.status or self.service_type)


@dataclass
class EntryHit:
    entry: Entry
    score: float
    snippet: SafeString


@dataclass
class ConsultationHit:
    consultation: Consultation
    score: float
    snippet: SafeString


@dataclass
class Suggestions:
    entries: list[EntryHit] = field(default_factory=list)
    consultations: list[ConsultationHit] = field(default_factory=list)


def visible_entries(audience: Audience):
    """The entries this audience may see: the one door for reading entries."""
    entries = Entry.objects.all()
    return entries.filter(is_public=True) if audience == Audience.PUBLIC else entries


def _filtered(audience: Audience, filters: EntryFilters):
    allowed = visible_entries(audience)
    if filters.kind:
        allowed = allowed.filter(kind=filters.kind)
    if filters.status:
        allowed = allowed.filter(status=filters.status)
    if filters.year:
        allowed = allowed.filter(issued_on__year=filters.year)
    if filters.service_type:
        # A subquery, not a join: an entry of two service types comes once without DISTINCT,
        # which PostgreSQL refuses beside the browse order's CASE when the values are bound
        # on the server (each occurrence gets its own parameters).
        tagged = Entry.service_types.through.objects.filter(servicetype__code=filters.service_type)
        allowed = allowed.filter(pk__in=tagged.values("entry_id"))
    return allowed


def _allowed(audience: Audience, filters: EntryFilters, alias: str):
    """The ids the filters and the audience allow, as SQL and params, or None when all are."""
    if audience == Audience.STAFF and not filters.any:
        return None
    query = _filtered(audience, filters).values("id").query
    sql, params = query.get_compiler(alias).as_sql()
    return sql, list(params)


def search_entries(
    query: str,
    *,
    audience: Audience,
    filters: EntryFilters | None = None,
    limit: int = 20,
    alias: str = "default",
    words: Vocabulary | None = None,
) -> list[EntryHit]:
    """Entries for `query`, best first. Without a query but with filters, the filtered
    entries in order (in force first, then by title)."""
    filters = filters or EntryFilters()
    words = words or vocabulary()
    terms = words.query_terms(searchable(query)[:QUERY_MAX])
    if not terms:
        if not filters.any:
            return []
        in_force_first = Case(
            When(status=EntryStatus.IN_FORCE, then=0),
            When(status=EntryStatus.AMENDED, then=1),
            default=2,
        )
        browsed = _filtered(audience, filters).using(alias).order_by(in_force_first, "title")
        return [
            EntryHit(entry=e, score=0.0, snippet=_plain_snippet(e.summary)) for e in browsed[:limit]
        ]
    ranked = backend_for(alias).rank_entries(terms, _allowed(audience, filters, alias), limit)
    found = (
        visible_entries(audience).using(alias).defer(*DEFERRED).in_bulk([pk for pk, _ in ranked])
    )
    wanted = set(terms)
    return [
        EntryHit(
            entry=found[pk], score=score, snippet=highlight(_entry_text(found[pk]), wanted, words)
        )
        for pk, score in ranked
        if pk in found
    ]


def similar_consultations(
    *,
    office: Office,
    text: str,
    exclude: Consultation | None = None,
    limit: int = SUGGESTED,
    words: Vocabulary | None = None,
) -> list[ConsultationHit]:
    """Resolved (or closed) consultations of `office` nearest to `text`, with their answers."""
    words = words or vocabulary()
    terms = words.query_terms(searchable(text)[:QUERY_MAX])
    ranked = backend_for().rank_consultations(
        terms, office_id=office.pk, exclude_id=exclude.pk if exclude else None, limit=limit
    )
    # By primary key alone (a filter on the office would lead the planner to the office's
    # index and every one of its consultations), the office and status checked here.
    fetched = Consultation.objects.select_related("service_type").in_bulk([pk for pk, _ in ranked])
    found = {
        pk: c
        for pk, c in fetched.items()
        if c.office_id == office.pk and c.status in INDEXED_STATUSES
    }
    wanted = set(terms)
    return [
        ConsultationHit(
            consultation=found[pk],
            score=score,
            snippet=highlight(found[pk].resolution, wanted, words),
        )
        for pk, score in ranked
        if pk in found
    ]


def suggest_answers(consultation: Consultation) -> Suggestions:
    """What the workspace offers from the question: the best entries (internal ones too: the
    reader is an officer) and the office's most similar resolved consultations."""
    words = vocabulary()
    text = f"{consultation.subject}\n{consultation.question}"
    return Suggestions(
        entries=search_entries(text, audience=Audience.STAFF, limit=SUGGESTED, words=words),
        consultations=similar_consultations(
            office=consultation.office, text=text, exclude=consultation, words=words
        ),
    )


# --- snippets -----------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MARKUP = re.compile(r"[*_#>`|\[\]]+")
SNIPPET_WORDS = 28
# A snippet is looked for in the first words of a text only: enough for any summary or answer,
# and a long body costs no more than a short one.
SNIPPET_SCAN = 400


def _entry_text(entry: Entry) -> str:
    return entry.summary or _MARKUP.sub(" ", entry.body) or entry.title


def _plain_snippet(text: str) -> SafeString:
    words = (text or "").split()
    cut = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
    return mark_safe(escape(cut))  # noqa: S308 (escaped on the line above)


def highlight(text: str, terms: set[str], words: Vocabulary) -> SafeString:
    """A window of `text` around its best run of matching words, escaped, with the matching
    words in <mark>. Words match when their terms are among the query's."""
    text = text or ""
    tokens = list(islice(_TOKEN.finditer(text), SNIPPET_SCAN))
    if not tokens:
        return _plain_snippet(text)
    # A text says the same words again and again: each distinct word is looked up once.
    seen: dict[str, bool] = {}
    hits = []
    for m in tokens:
        word = m.group()
        hit = seen.get(word)
        if hit is None:
            hit = seen[word] = words.matches(word, terms)
        hits.append(hit)
    best_start, best = 0, -1
    running = sum(hits[:SNIPPET_WORDS])
    for start in range(len(tokens) - SNIPPET_WORDS + 1 if len(tokens) > SNIPPET_WORDS else 1):
        if start:
            running += hits[start + SNIPPET_WORDS - 1] - hits[start - 1]
        if running > best:
            best_start, best = start, running
    window = range(best_start, min(best_start + SNIPPET_WORDS, len(tokens)))
    begin = tokens[window[0]].start()
    parts = ["… "] if best_start else []
    position = begin
    for index in window:
        match = tokens[index]
        parts.append(escape(text[position : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if hits[index] else word)
        position = match.end()
    end = tokens[window[-1]].end()
    if end < len(text):
        parts.append(escape(text[position:end]) + " …")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of the text is escaped)
