"""/api/v1/library: the regulations library's search and its entries, for programs (a region's
dashboard, the national channel's help pane). Staff callers and integration keys read every
entry; anyone else reads the public part only, as on the portal."""

from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from ninja import Field, Path, Query, Router, Schema

from konsultasi.accounts.api_keys import Scope
from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.api.auth import Caller, require_scope
from konsultasi.api.errors import NotFound, refusals
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.search import Audience, EntryFilters, search_entries, visible_entries

router = Router(tags=["library"])

KindName = Literal[
    "law",
    "government_regulation",
    "pmk",
    "dg_regulation",
    "circular",
    "decree",
    "guideline",
    "faq",
]
StatusName = Literal["in_force", "amended", "revoked"]


class LibraryQuery(Schema):
    q: str = Field("", max_length=500, description="Words, acronyms or a regulation number")
    kind: KindName | None = None
    status: StatusName | None = None
    service_type: str | None = Field(None, pattern=r"^[a-z0-9-]{1,50}$")
    year: int | None = Field(None, ge=1945, le=2100)
    limit: int = Field(10, ge=1, le=50)


class EntryOut(Schema):
    slug: str
    kind: str
    number: str
    title: str
    reference: str
    status: str
    changed_by: str | None = Field(None, description="Slug of the entry that amended or revoked it")
    summary: str
    public: bool
    url: str = Field(description="The entry's page")


class HitOut(EntryOut):
    snippet: str = Field(description="Where the words were found, as plain text")


class EntryDetailOut(EntryOut):
    issuer: str
    issued_on: str | None
    body_html: str = Field(description="The body, rendered from Markdown and sanitized")
    tags: list[str]
    service_types: list[str]


def _audience(who: Caller) -> Audience:
    """An office's integration key reads as its officers do; a person (session or personal
    token) reads as their roles allow."""
    if who.api_key is not None and who.api_key.office_id is not None:
        return Audience.STAFF
    staff = OfficeRole.objects.filter(user=who.user).exclude(role=Role.STAKEHOLDER).exists()
    return Audience.STAFF if staff else Audience.PUBLIC


def _entry(entry: Entry, audience: Audience) -> dict:
    route = "desk:library_entry" if audience == Audience.STAFF else "pustaka:entry"
    return {
        "slug": entry.slug,
        "kind": entry.kind,
        "number": entry.number,
        "title": entry.title,
        "reference": entry.reference,
        "status": entry.status,
        "changed_by": entry.changed_by.slug if entry.changed_by is not None else None,
        "summary": entry.summary,
        "public": entry.is_public,
        "url": reverse(route, kwargs={"slug": entry.slug}),
    }


@router.get("/library", response={200: list[HitOut], **refusals()}, summary="Search the library")
def search_library(request: HttpRequest, query: Query[LibraryQuery]):
    audience = _audience(require_scope(request, Scope.READ))
    filters = EntryFilters(
        kind=query.kind or "",
        status=query.status or "",
        service_type=query.service_type or "",
        year=query.year,
    )
    hits = search_entries(query.q, audience=audience, filters=filters, limit=query.limit)
    return [{**_entry(hit.entry, audience), "snippet": strip_tags(hit.snippet)} for hit in hits]


@router.get("/library/{slug}", response={200: EntryDetailOut, **refusals()}, summary="One entry")
def library_entry(request: HttpRequest, slug: Path[str]):
    audience = _audience(require_scope(request, Scope.READ))
    entry = (
        visible_entries(audience)
        .select_related("changed_by")
        .prefetch_related("service_types")
        .filter(slug=slug)
        .first()
    )
    if entry is None:
        raise NotFound()
    return {
        **_entry(entry, audience),
        "issuer": entry.issuer,
        "issued_on": entry.issued_on.isoformat() if entry.issued_on else None,
        "body_html": entry.body_html,
        "tags": [str(tag) for tag in entry.tags],
        "service_types": [t.code for t in entry.service_types.all()],
    }
