"""The public library: stakeholders (and anyone, signed in or not) search the public
entries and read them. Internal entries do not exist here: every read goes through
`visible_entries(Audience.PUBLIC)`, so an internal entry's address answers 404 like a missing
one."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from konsultasi.knowledge.filters import LibrarySearchForm
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.search import Audience, search_entries
from konsultasi.knowledge.selectors import changes_of, entry_for
from konsultasi.offices.models import ServiceType

RESULTS = 20


def _service_types() -> list[ServiceType]:
    """One choice per service-type code (offices share the codes of the reference office)."""
    seen: dict[str, ServiceType] = {}
    for service_type in ServiceType.objects.filter(is_active=True).order_by("name", "pk"):
        seen.setdefault(service_type.code, service_type)
    return list(seen.values())


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET, service_types=_service_types)
    hits, searched, status = [], False, 200
    if form.is_valid():
        filters = form.filters()
        searched = bool(form.query.strip() or filters.any)
        hits = search_entries(form.query, audience=Audience.PUBLIC, filters=filters, limit=RESULTS)
    else:
        status = 400
    context = {"form": form, "hits": hits, "searched": searched}
    live = request.htmx and request.htmx.target == "library-results"  # type: ignore[attr-defined]
    template = "portal/library/_results.html" if live else "portal/library/search.html"
    return render(request, template, context, status=status)


@require_GET
def entry(request: HttpRequest, slug: str) -> HttpResponse:
    found = entry_for(Audience.PUBLIC, slug)
    context = {"entry": found, "changes": changes_of(Audience.PUBLIC, found)}
    return render(request, "portal/library/entry.html", context)


@require_GET
def entry_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    found: Entry = entry_for(Audience.PUBLIC, slug)
    if not found.attachment:
        raise Http404
    response = FileResponse(
        found.attachment.open("rb"),
        as_attachment=True,
        filename=found.attachment_name or f"{found.slug}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response  # type: ignore[return-value]
