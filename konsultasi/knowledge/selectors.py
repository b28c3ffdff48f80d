"""Reads of the library that pages share: one entry for a reader, and what it links to."""

from django.shortcuts import get_object_or_404

from konsultasi.consultations.models import Consultation
from konsultasi.knowledge.models import Citation, Entry
from konsultasi.knowledge.search import Audience, visible_entries


def entry_for(audience: Audience, slug: str) -> Entry:
    """The entry, or 404 if this audience may not see it (an internal entry and a missing one
    look the same to a stakeholder)."""
    return get_object_or_404(
        visible_entries(audience).select_related("changed_by").prefetch_related("service_types"),
        slug=slug,
    )


def changes_of(audience: Audience, entry: Entry) -> list[Entry]:
    """The entries this one amended or revoked, as this audience may see them."""
    return list(visible_entries(audience).filter(changed_by=entry).order_by("title"))


def citations_of(consultation: Consultation, *, audience: Audience) -> list[Citation]:
    citations = Citation.objects.filter(consultation=consultation).select_related("entry")
    if audience == Audience.PUBLIC:
        citations = citations.filter(entry__is_public=True)
    return list(citations)


def cited_references(consultation: Consultation) -> str:
    """The entries cited on the consultation, one per line, as the answer form lists its
    legal basis."""
    return "\n".join(
        c.entry.reference for c in citations_of(consultation, audience=Audience.PUBLIC)
    )
