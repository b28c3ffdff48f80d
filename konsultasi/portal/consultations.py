"""A stakeholder's consultations: the list, one consultation with its history, and what they
may do on it — reply, send the documents asked for, confirm that the answer solved it, or
reopen it with a reason within the quiet period. Guests reach the same pages through their own
door (`access.guest_door`); every form checks the door before it reads a field."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from konsultasi.accounts.permissions import Action
from konsultasi.consultations import services
from konsultasi.consultations.actions import available_actions
from konsultasi.consultations.errors import ConsultationNotFound, StaleEdit
from konsultasi.consultations.models import Attachment, Status
from konsultasi.consultations.timeline import consultation_timeline
from konsultasi.desk.workspace_actions import citations_in, legal_basis_heading
from konsultasi.errors import DomainError
from konsultasi.knowledge.search import Audience
from konsultasi.knowledge.selectors import citations_of
from konsultasi.notifications.services import mark_read, unread_in_app
from konsultasi.portal import forms
from konsultasi.portal.access import (
    Door,
    account_door,
    guest_door,
    own_consultations,
    stakeholder_required,
)
from konsultasi.portal.status import plain_status

PAGE_SIZE = 25
PREVIEWABLE = frozenset({"image/png", "image/jpeg", "application/pdf"})


@dataclass(frozen=True)
class PortalAction:
    action: Action
    slug: str
    form: type[forms.VersionedForm]
    done: "str | Promise"


ACTIONS = {
    spec.slug: spec
    for spec in (
        PortalAction(Action.REPLY, "balas", forms.ReplyForm, gettext_lazy("Message sent.")),
        PortalAction(
            Action.PROVIDE_DOCUMENTS,
            "dokumen",
            forms.DocumentsForm,
            gettext_lazy("Documents sent. The officer carries on with your question."),
        ),
        PortalAction(
            Action.CLOSE,
            "konfirmasi",
            forms.ConfirmForm,
            gettext_lazy("Thank you: the consultation is closed."),
        ),
        PortalAction(
            Action.REOPEN,
            "buka-kembali",
            forms.ReopenForm,
            gettext_lazy("The consultation is open again; an officer will answer."),
        ),
    )
}


def perform(spec: PortalAction, door: Door, data: dict) -> None:
    common = {
        "actor": door.actor,
        "consultation": door.consultation,
        "expected_version": data["version"],
    }
    if spec.action == Action.REPLY:
        services.reply(body=data["body"], **common)
    elif spec.action == Action.PROVIDE_DOCUMENTS:
        services.provide_documents(
            note=data.get("note", ""), files=data.get("documents") or [], **common
        )
    elif spec.action == Action.CLOSE:
        services.close(**common)
    elif spec.action == Action.REOPEN:
        services.reopen(reason=data["reason"], **common)


def split_answer(resolution: str) -> tuple[str, list[str]]:
    """The answer's own words, and the regulations it cites (listed under its last heading)."""
    cited = citations_in(resolution)
    if not cited:
        return resolution, []
    lines = resolution.splitlines()
    headings = {legal_basis_heading(), "Dasar hukum:", "Legal basis:"}
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() in headings:
            return "\n".join(lines[:index]).rstrip(), cited
    return resolution, cited


def detail_context(door: Door, *, open_form=None, open_slug: str = "") -> dict:
    c = door.consultation
    timeline = consultation_timeline(c, include_internal=False)
    question = next((e for e in timeline if e.kind == "question"), None)
    offered = available_actions(door.actor, c)
    shown = {}
    for slug, spec in ACTIONS.items():
        if spec.action in offered:
            shown[slug.replace("-", "_")] = (
                open_form if slug == open_slug else spec.form(consultation=c)
            )
    answer, cited = split_answer(c.resolution)
    # Entries the officer cited from the library become links; what was typed by hand and
    # names no public entry stays a plain line.
    linked = citations_of(c, audience=Audience.PUBLIC) if c.resolution else []
    linked_references = {citation.entry.reference for citation in linked}
    cited = [line for line in cited if line not in linked_references]
    pending_requests = [
        e.document_request
        for e in timeline
        if e.document_request is not None and e.document_request.fulfilled_at is None
    ]
    return {
        "c": c,
        "door": door,
        "question": question,
        "timeline": [e for e in timeline if e is not question and _shown(e)],
        "forms": shown,
        "answer": answer,
        "citations": cited,
        "cited_entries": [citation.entry for citation in linked],
        "pending_requests": pending_requests,
        "is_follow_up": c.status in (Status.FOLLOW_UP, Status.ESCALATED),
        "action_route": "portal:guest_consultation_action"
        if door.guest
        else "portal:consultation_action",
        "attachment_route": "portal:guest_attachment" if door.guest else "portal:attachment",
    }


# Events that are news to the stakeholder even where their plain status stays the same.
NEWS = frozenset({Action.SUBMIT, Action.REGISTER_WALK_IN, Action.DEFER, Action.REOPEN})


def _shown(entry) -> bool:
    """Events the stakeholder reads as news: changes they can see in their own words. The
    answer shows itself above; classification is the office's own business."""
    if entry.kind == "answer":
        return False
    if entry.kind != "event":
        return True
    event = entry.event
    if event.action in NEWS:
        return True
    return plain_status(event.from_status or event.to_status) != plain_status(event.to_status)


@stakeholder_required
@require_GET
def my_consultations(request: HttpRequest) -> HttpResponse:
    mine = own_consultations(request.user).select_related("service_type")  # type: ignore[arg-type]
    try:
        page = max(1, int(request.GET.get("halaman", "1")))
    except ValueError:
        page = 1
    rows = list(mine.order_by("-received_at", "-pk")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return render(
        request,
        "portal/my_consultations.html",
        {
            "consultations": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
        },
    )


def _detail(request: HttpRequest, door: Door) -> HttpResponse:
    if not door.guest:
        # Opening a consultation reads its news.
        unread = unread_in_app(door.actor, office=door.consultation.office_id).filter(
            consultation=door.consultation
        )
        if request.method == "GET" and unread.exists():
            mark_read(
                door.actor,
                office=door.consultation.office_id,
                pks=unread.values_list("pk", flat=True),
            )
    return render(request, "portal/consultation.html", detail_context(door))


def _action(request: HttpRequest, door: Door, slug: str) -> HttpResponse:
    spec = ACTIONS.get(slug)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, consultation=door.consultation)
    status = 400
    if form.is_valid():
        try:
            perform(spec, door, form.cleaned_data)
        except ConsultationNotFound:
            raise Http404 from None
        except DomainError as refusal:
            status = 409 if isinstance(refusal, StaleEdit) else 400
            form.add_error(None, refusal.message)
        else:
            messages.success(request, str(spec.done))
            return redirect(door.url())
    context = detail_context(door, open_form=form, open_slug=slug)
    if slug.replace("-", "_") not in context["forms"]:
        # No longer offered (the consultation moved on): show the refusal above the page.
        context["refused_form"] = form
    return render(request, "portal/consultation.html", context, status=status)


def _attachment(request: HttpRequest, door: Door, pk: int) -> FileResponse:
    found = (
        Attachment.objects.select_related("message")
        .filter(consultation=door.consultation, pk=pk)
        .first()
    )
    if found is None or (found.message is not None and found.message.is_internal):
        raise Http404
    preview = request.GET.get("lihat") == "1" and found.content_type in PREVIEWABLE
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not preview,
        filename=found.original_name,
        content_type=found.content_type if preview else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- signed-in stakeholders -------------------------------------------------------------


@stakeholder_required
@require_GET
def consultation(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, account_door(request, number))


@stakeholder_required
@require_POST
def consultation_action(request: HttpRequest, number: str, slug: str) -> HttpResponse:
    return _action(request, account_door(request, number), slug)


@stakeholder_required
@require_GET
def attachment(request: HttpRequest, number: str, pk: int) -> HttpResponseBase:
    return _attachment(request, account_door(request, number), pk)


# --- guests -----------------------------------------------------------------------------


@require_GET
def guest_consultation(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, guest_door(request, number))


@require_POST
def guest_consultation_action(request: HttpRequest, number: str, slug: str) -> HttpResponse:
    return _action(request, guest_door(request, number), slug)


@require_GET
def guest_attachment(request: HttpRequest, number: str, pk: int) -> HttpResponseBase:
    return _attachment(request, guest_door(request, number), pk)
