"""The library at the desk: search (results as you type), an entry, its PDF, and the editors'
pages to add, change and delete entries. Officers see internal entries too; only editors
(the permission table's LibraryAction.EDIT) change anything."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from konsultasi.accounts.permissions import LibraryAction, can_in_any_office
from konsultasi.desk.access import staff_required
from konsultasi.desk.library_forms import DeleteEntryForm, EntryForm
from konsultasi.errors import DomainError
from konsultasi.knowledge import services
from konsultasi.knowledge.filters import LibrarySearchForm, office_service_types
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.search import Audience, search_entries
from konsultasi.knowledge.selectors import changes_of, entry_for

RESULTS = 20


def is_editor(request: HttpRequest) -> bool:
    return can_in_any_office(request.user, LibraryAction.EDIT)  # type: ignore[arg-type]


@staff_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    form = LibrarySearchForm(request.GET, service_types=lambda: office_service_types(office))
    hits, searched, status = [], False, 200
    if form.is_valid():
        filters = form.filters()
        searched = bool(form.query.strip() or filters.any)
        hits = search_entries(form.query, audience=Audience.STAFF, filters=filters, limit=RESULTS)
    else:
        status = 400
    context = {"form": form, "hits": hits, "searched": searched}
    live = request.htmx and request.htmx.target == "library-results"  # type: ignore[attr-defined]
    if live:  # the results alone: no form, no editor's links
        return render(request, "desk/library/_results.html", context, status=status)
    context["editor"] = is_editor(request)
    return render(request, "desk/library/search.html", context, status=status)


@staff_required
@require_GET
def entry(request: HttpRequest, slug: str) -> HttpResponse:
    found = entry_for(Audience.STAFF, slug)
    context = {
        "entry": found,
        "changes": changes_of(Audience.STAFF, found),
        "editor": is_editor(request),
    }
    return render(request, "desk/library/entry.html", context)


@staff_required
@require_GET
def entry_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return pdf_response(entry_for(Audience.STAFF, slug))  # type: ignore[return-value]


def pdf_response(found: Entry) -> FileResponse:
    """The attached PDF as a download: never rendered in the site's origin."""
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
    return response


def _editor_only(request: HttpRequest) -> None:
    if not is_editor(request):
        raise PermissionDenied


@staff_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    return _edit(request, Entry())


@staff_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _editor_only(request)
    return _edit(request, entry_for(Audience.STAFF, slug))


def _edit(request: HttpRequest, found: Entry) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    if request.method == "GET":
        form = EntryForm(instance=found, office=office)
        return render(request, "desk/library/entry_form.html", {"form": form, "entry": found})
    form = EntryForm(request.POST, request.FILES, instance=found, office=office)
    if form.is_valid():
        changed = form.save(commit=False)
        changed.tags = form.cleaned_data["tags_text"]
        upload = form.cleaned_data.get("pdf")
        try:
            services.save_entry(
                actor=request.user,  # type: ignore[arg-type]
                entry=changed,
                service_types=services.service_types_with_codes(
                    form.cleaned_data["service_type_codes"]
                ),
                pdf=upload.read() if upload else None,
                pdf_name=upload.name if upload else "",
                remove_pdf=form.cleaned_data.get("remove_pdf", False),
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The entry was saved; the search finds it as it is now."))
            return redirect(reverse("desk:library_entry", kwargs={"slug": changed.slug}))
    context = {"form": form, "entry": found}
    return render(request, "desk/library/entry_form.html", context, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, slug: str) -> HttpResponse:
    _editor_only(request)
    found = entry_for(Audience.STAFF, slug)
    form = DeleteEntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.delete_entry(actor=request.user, entry=found)  # type: ignore[arg-type]
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The entry was deleted."))
                return redirect("desk:library")
    context = {"form": form, "entry": found}
    return render(request, "desk/library/entry_delete.html", context, status=status)
