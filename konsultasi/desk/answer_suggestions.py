"""The workspace's answer-suggestions panel: the best library entries and the office's most
similar resolved consultations for the question, and the reply templates of its service type.

The workspace renders a placeholder only (`{% answer_suggestions c %}`), which fetches the
panel from its own GET (`suggestions`) once the page has loaded: the search is not paid for
by the workspace, and the page shows before the suggestions do. Without JavaScript the
placeholder links to the panel on a page of its own.

One click cites an entry (a stored citation, shown as a link); another opens the answer form
filled with an earlier answer or a template. Opening a form writes nothing: the officer still
reads, edits and sends the answer through the usual action."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from konsultasi.accounts.permissions import Action, can
from konsultasi.consultations.access import consultations_visible_to
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation, Status
from konsultasi.desk.access import staff_required
from konsultasi.desk.workspace import (
    BY_SLUG,
    Workspace,
    fetch_consultation,
    not_available,
    workspace_url,
)
from konsultasi.errors import DomainError
from konsultasi.knowledge import services
from konsultasi.knowledge.models import Citation, Entry
from konsultasi.knowledge.replies import fill_template, templates_for
from konsultasi.knowledge.search import Audience, Suggestions, suggest_answers
from konsultasi.knowledge.selectors import citations_of, cited_references

# What the panel reads with the consultation: its office (the similar consultations are that
# office's, and citing is a right held there); the workspace's other relations it never shows.
PANEL_RELATED = ("office",)
# The forms an answer can go into, in order of preference, and the field that takes it.
ANSWER_FORMS = (("selesaikan", "answer"), ("jawab-eskalasi", "answer"), ("balas", "body"))


@dataclass
class Panel:
    c: Consultation
    suggestions: Suggestions
    citations: list[Citation]
    templates: list
    can_cite: bool

    @property
    def cited_ids(self) -> set[int]:
        return {citation.entry_id for citation in self.citations}


def panel_for(request: HttpRequest, c: Consultation) -> Panel:
    """What the panel shows. Suggestions only while the consultation is open: afterwards the
    panel keeps the citations."""
    return Panel(
        c=c,
        suggestions=suggest_answers(c) if c.is_open else Suggestions(),
        citations=citations_of(c, audience=Audience.STAFF),
        templates=templates_for(c) if c.is_open else [],
        can_cite=c.is_open and can(request.user, Action.RESOLVE, c.office),  # type: ignore[arg-type]
    )


@staff_required
@require_GET
def suggestions(request: HttpRequest, number: str) -> HttpResponse:
    """The panel: as a fragment replacing the workspace's placeholder (htmx), or on a page of
    its own (the placeholder's link, without JavaScript)."""
    c = fetch_consultation(request, number, related=PANEL_RELATED)
    context = {"panel": panel_for(request, c), "c": c}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "desk/workspace/_answer_suggestions.html", context)
    return render(request, "desk/workspace/answer_suggestions_page.html", context)


def _panel_response(
    request: HttpRequest, c: Consultation, *, citation_changed: tuple[str, Entry] | None = None
) -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(workspace_url(c), permanent=False)
    context = {"panel": panel_for(request, c), "c": c}
    response = render(request, "desk/workspace/_answer_suggestions.html", context)
    if citation_changed:
        # An answer form open beside the panel adds or drops the line in its legal basis.
        event, entry = citation_changed
        trigger_client_event(response, event, {"reference": entry.reference})
    return response


def _citable(entry_pk: int) -> Entry:
    try:
        return Entry.objects.get(pk=entry_pk)
    except Entry.DoesNotExist:
        raise Http404 from None


@staff_required
@require_POST
def cite(request: HttpRequest, number: str, entry_pk: int) -> HttpResponse:
    c = fetch_consultation(request, number)
    try:
        entry = _citable(entry_pk)
        services.cite_entry(actor=request.user, consultation=c, entry=entry)  # type: ignore[arg-type]
    except ConsultationNotFound:
        raise Http404 from None
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return _panel_response(request, c)
    messages.success(request, _("The entry is cited in the answer."))
    return _panel_response(request, c, citation_changed=("citation-added", entry))


@staff_required
@require_POST
def uncite(request: HttpRequest, number: str, entry_pk: int) -> HttpResponse:
    c = fetch_consultation(request, number)
    try:
        entry = _citable(entry_pk)
        services.withdraw_citation(actor=request.user, consultation=c, entry=entry)  # type: ignore[arg-type]
    except ConsultationNotFound:
        raise Http404 from None
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return _panel_response(request, c)
    messages.success(request, _("The citation was removed."))
    return _panel_response(request, c, citation_changed=("citation-removed", entry))


@staff_required
@require_GET
def use_answer(request: HttpRequest, number: str, other: str) -> HttpResponse:
    """The answer form, filled with the answer of an earlier resolved consultation of the
    same office (fetched through the access helper, like any consultation)."""
    c = fetch_consultation(request, number)
    earlier = (
        consultations_visible_to(request.user)  # type: ignore[arg-type]
        .filter(office=c.office, number=other, status__in=(Status.RESOLVED, Status.CLOSED))
        .first()
    )
    if earlier is None:
        raise Http404
    return _answer_form(request, c, text=earlier.resolution, regulations=cited_references(c))


@staff_required
@require_GET
def use_template(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    c = fetch_consultation(request, number)
    template = next((t for t in templates_for(c) if t.pk == pk), None)
    if template is None:
        raise Http404
    lines = [cited_references(c), *(entry.reference for entry in template.entries.all())]
    regulations = "\n".join(dict.fromkeys(line for line in "\n".join(lines).splitlines() if line))
    return _answer_form(request, c, text=fill_template(template, c), regulations=regulations)


def _answer_form(request: HttpRequest, c: Consultation, *, text: str, regulations: str):
    workspace = Workspace(request, c)
    offered = [(BY_SLUG[slug], field) for slug, field in ANSWER_FORMS]
    offered = [(spec, field) for spec, field in offered if spec.action in workspace.offered]
    if not offered:
        # In place, a notice in the panel: a redirect would bring the whole page into it.
        return not_available(request, c, _("No answer can be written on this consultation now."))
    spec, field = offered[0]
    initial = {field: text}
    if regulations and "regulations" in spec.form.base_fields:
        initial["regulations"] = regulations
    form = spec.form(None, None, consultation=c, initial=initial)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"c": c, "open_spec": spec, "form": form, "consequence": ""}
        return render(request, "desk/workspace/_action_form.html", context)
    return render(request, "desk/workspace/page.html", workspace.context(spec=spec, form=form))
