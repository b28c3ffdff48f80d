"""Keeping the search terms with the data they come from, in the same transaction.

An entry's terms are recomputed by `Entry.save()` (through `prepare_entry`); the database
carries them into its full-text index (FTS5 triggers on SQLite, a generated tsvector on
PostgreSQL). A consultation is indexed when it is resolved (or closed) and taken out when it
is reopened, by a `post_save` signal the knowledge app connects: the lifecycle services below
never need to know the library exists."""

import markdown  # type: ignore[import-untyped,unused-ignore]
import nh3
from django.db.models import Model

from konsultasi.knowledge.analysis import Vocabulary

# Markdown may produce these and nothing else; links only to http(s) and mailto.
ALLOWED_TAGS = {
    *("p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "code", "pre"),
    *("h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "a"),
    *("table", "thead", "tbody", "tr", "th", "td", "caption"),
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(body: str) -> str:
    """An entry's body as safe HTML. The page has its title (h1) and the body's section
    (h2), so the body's own headings start at level 3."""
    html = markdown.markdown(body or "", extensions=["tables", "sane_lists"])
    for level in (5, 4, 3, 2):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>")
        html = html.replace(f"</h{level}>", f"</h{level + 1}>")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    return sanitize_html(html)


_built: dict[tuple, Vocabulary] = {}


def vocabulary() -> Vocabulary:
    """The synonym table as it is now: one small query each time (the admin may have edited
    it a moment ago); the analyser built from it is reused while the rows are the same."""
    from konsultasi.knowledge.models import Synonym

    rows = tuple(
        Synonym.objects.order_by("kind", "term", "meaning").values_list("kind", "term", "meaning")
    )
    built = _built.get(rows)
    if built is None or len(built._stems) > STEMS_KEPT:
        built = _built_from(rows)
        _built.clear()  # only the table as it is now is worth keeping
        _built[rows] = built
    return built


STEMS_KEPT = 50_000  # words met since the analyser was built, before it starts afresh


def _built_from(rows) -> Vocabulary:
    from konsultasi.knowledge.models import Synonym

    acronyms: dict[str, list[str]] = {}
    informal: dict[str, str] = {}
    for kind, term, meaning in rows:
        if kind == Synonym.Kind.ACRONYM:
            acronyms.setdefault(term, []).append(meaning)
        else:
            informal[term] = meaning
    return Vocabulary.build(acronyms, informal)


def prepare_entry(entry, words: Vocabulary | None = None) -> None:
    """Fill an entry's derived columns from its text: the sanitized body and the terms."""
    words = words or vocabulary()
    entry.body_html = render_markdown(entry.body)
    entry.search_heading = words.document(entry.number, entry.title, " ".join(entry.tags or []))
    entry.search_summary = words.document(entry.summary)
    entry.search_body = words.document(entry.body, entry.attachment_text)


INDEXED_STATUSES = ("resolved", "closed")


def office_term(office_id: int) -> str:
    """A term every resolved consultation of an office carries, so that the engines look
    only at that office's consultations instead of ranking every office's and filtering
    afterwards. Words of a text never produce it (they hold no such prefix and digits)."""
    return f"zzkantor{office_id}"


def consultation_terms(office_id: int, subject: str, question: str, answer: str, words) -> str:
    return f"{office_term(office_id)} {words.document(subject, question, answer)}"


def index_consultation(consultation, words: Vocabulary | None = None) -> None:
    """Index a resolved or closed consultation with its answer; drop any other from the
    index. Caller holds the transaction that saved it."""
    from konsultasi.knowledge.models import ConsultationIndex

    if consultation.status not in INDEXED_STATUSES or not consultation.resolution:
        ConsultationIndex.objects.filter(consultation_id=consultation.pk).delete()
        return
    words = words or vocabulary()
    terms = consultation_terms(
        consultation.office_id,
        consultation.subject,
        consultation.question,
        consultation.resolution,
        words,
    )
    ConsultationIndex.objects.update_or_create(
        consultation_id=consultation.pk,
        defaults={"office_id": consultation.office_id, "terms": terms},
    )


def consultation_saved(
    sender: type[Model], instance, raw: bool = False, created: bool = False, **kwargs
) -> None:
    if raw:  # loading a fixture: rebuild_search_index does it afterwards
        return
    if created and (instance.status not in INDEXED_STATUSES or not instance.resolution):
        return  # a new question: nothing to index yet, nothing in the index to take out
    index_consultation(instance)
