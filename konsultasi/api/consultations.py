"""/api/v1/consultations: create, list, read with the timeline, and every lifecycle action.

Each endpoint checks the key's scope, fetches the consultation only through the access helper
(anything the caller may not see is 404) and calls the same service as the desk's pages; the
service checks the permission table, the state and the version."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema
from ninja import Status as Answer

from konsultasi.accounts.api_keys import Scope
from konsultasi.accounts.models import Role, User
from konsultasi.accounts.permissions import roles_in
from konsultasi.api import presenters
from konsultasi.api.auth import require_scope
from konsultasi.api.errors import ErrorBody, FieldRefusal, refusals
from konsultasi.api.offices import office_for
from konsultasi.api.schemas import (
    CODE_PATTERN,
    NUMBER_PATTERN,
    AnswerIn,
    BodyIn,
    ClaimIn,
    ClassifyIn,
    ConsultationDetailOut,
    ConsultationIn,
    ConsultationOut,
    ConsultationPage,
    DocumentsIn,
    EscalateIn,
    HaiAnswerIn,
    HandToHaiIn,
    ReasonIn,
    Shape,
)
from konsultasi.consultations import selectors, services
from konsultasi.consultations.access import STAFF_VIEWERS, consultation_for
from konsultasi.consultations.models import Consultation, Status
from konsultasi.consultations.submissions import NamedStakeholder, submit_from_integration
from konsultasi.consultations.timeline import consultation_timeline
from konsultasi.offices.models import Channel, Section, ServiceType

router = Router(tags=["consultations"])

CURSOR_SALT = "konsultasi.api.cursor"
STATUS_FILTERS = [selectors.STATUS_OPEN, selectors.STATUS_ALL, *Status.values]


def _consultation(request: HttpRequest, number: str, scope: Scope) -> Consultation:
    who = require_scope(request, scope)
    return consultation_for(who.user, number=number)


def _fresh(c: Consultation) -> dict:
    joined = Consultation.objects.select_related(*presenters.CONSULTATION_JOINS).get(pk=c.pk)
    return presenters.consultation(joined)


# --- create ---------------------------------------------------------------------------------


@router.post(
    "/consultations",
    response={200: ConsultationOut, 201: ConsultationOut, **refusals(409)},
    summary="Submit a consultation",
    description=(
        "A stakeholder submits their own question; staff and integrations name the "
        "stakeholder (found again by e-mail, or recorded). With an Idempotency-Key a retry "
        "returns the same consultation (200) instead of creating another (201)."
    ),
)
def create_consultation(
    request: HttpRequest,
    response: HttpResponse,
    payload: ConsultationIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", max_length=64, pattern=r"^[\x21-\x7e]{1,64}$"
    ),
):
    who = require_scope(request, Scope.SUBMIT)
    office = office_for(who, payload.office)
    named = None
    if payload.stakeholder is not None:
        s = payload.stakeholder
        named = NamedStakeholder(
            name=s.name,
            email=s.email,
            phone=s.phone,
            satker_code=s.satker_code,
            satker_name=s.satker_name,
        )
    consultation, created = submit_from_integration(
        actor=who.user,
        office=office,
        subject=payload.subject,
        question=payload.question,
        stakeholder=named,
        service_type_code=payload.service_type,
        channel_code=payload.channel,
        idempotency_key=idempotency_key,
        received_at=payload.received_at,
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
        return Answer(200, _fresh(consultation))
    # Just written, with every row it names in hand (office, stakeholder and work unit,
    # channel, service type and section, no officer yet): answered without reading it again.
    return Answer(201, presenters.consultation(consultation))


# --- list and read ------------------------------------------------------------------------


class ListFilters(Schema):
    office: str | None = Field(None, pattern=CODE_PATTERN, description="Office slug")
    status: str = Field(
        selectors.STATUS_OPEN, description="open, all, or one status: " + ", ".join(Status.values)
    )
    q: str = Field("", max_length=200, description="Number, satker code, phone or words")
    channel: str | None = Field(None, pattern=CODE_PATTERN)
    service_type: str | None = Field(None, pattern=CODE_PATTERN)
    section: str | None = Field(None, pattern=CODE_PATTERN)
    received_from: datetime | None = None
    received_before: datetime | None = None
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(50, ge=1, le=100)


def _code_id(model, code: str | None, field: str, **scope) -> int | None:
    if not code:
        return None
    found = model.objects.filter(code=code, **scope).values_list("pk", flat=True).first()
    if found is None:
        raise _invalid(field, _("Unknown code."))
    return found


def _invalid(field: str, message: str) -> FieldRefusal:
    return FieldRefusal(field, message)


def encode_cursor(cursor: selectors.CreatedCursor) -> str:
    return signing.dumps([cursor.created_at.isoformat(), cursor.pk], salt=CURSOR_SALT)


def decode_cursor(value: str) -> selectors.CreatedCursor:
    try:
        created_at, pk = signing.loads(value, salt=CURSOR_SALT)
        return selectors.CreatedCursor(created_at=datetime.fromisoformat(created_at), pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError):
        raise _invalid("cursor", _("This cursor is not valid.")) from None


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise _invalid(field, _("Give the time with its time zone."))
    return value


@router.get(
    "/consultations",
    response={200: ConsultationPage, **refusals()},
    summary="List consultations, newest first",
)
def list_consultations(request: HttpRequest, filters: Query[ListFilters]):
    who = require_scope(request, Scope.READ)
    office = office_for(who, filters.office)
    if filters.status not in STATUS_FILTERS:
        raise _invalid("status", _("Unknown status."))
    inbox_filters = selectors.InboxFilters(
        q=filters.q,
        status=filters.status,
        channel=_code_id(Channel, filters.channel, "channel"),
        service_type=_code_id(ServiceType, filters.service_type, "service_type", office=office),
        section=_code_id(Section, filters.section, "section", office=office),
        period_start=_aware(filters.received_from, "received_from"),
        period_end=_aware(filters.received_before, "received_before"),
    )
    rows, next_cursor = selectors.consultations_newest_first(
        user=who.user,
        office=office,
        filters=inbox_filters,
        now=timezone.now(),
        after=decode_cursor(filters.cursor) if filters.cursor else None,
        size=filters.limit,
        joins=presenters.CONSULTATION_JOINS,
    )
    return {
        "items": [presenters.consultation(c) for c in rows],
        "next_cursor": encode_cursor(next_cursor) if next_cursor else None,
    }


NumberPath = Path(..., pattern=NUMBER_PATTERN, description="e.g. PKU-2026-00042")


def _is_staff(user: User, c: Consultation) -> bool:
    return bool(roles_in(user, c.office) & (set(STAFF_VIEWERS) - {Role.STAKEHOLDER}))


@router.get(
    "/consultations/{number}",
    response={200: ConsultationDetailOut, **refusals()},
    summary="A consultation with its timeline",
)
def read_consultation(request: HttpRequest, number: str = NumberPath):
    c = _consultation(request, number, Scope.READ)
    who = require_scope(request, Scope.READ)
    joined = Consultation.objects.select_related(*presenters.CONSULTATION_JOINS).get(pk=c.pk)
    entries = consultation_timeline(joined, include_internal=_is_staff(who.user, joined))
    return {
        **presenters.consultation(joined),
        "timeline": [presenters.timeline_entry(e) for e in entries],
    }


# --- the lifecycle actions ----------------------------------------------------------------


def _action(
    path: str,
    schema: type[Shape],
    summary: str,
    perform: Callable[[User, Consultation, Any], Consultation],
) -> None:
    """One POST endpoint per action: fetch through the access helper, call the service."""

    def endpoint(request: HttpRequest, payload, number: str = NumberPath):
        c = _consultation(request, number, Scope.ACT)
        who = require_scope(request, Scope.ACT)
        return _fresh(perform(who.user, c, payload))

    endpoint.__annotations__["payload"] = schema
    endpoint.__name__ = path.replace("-", "_")
    router.post(
        f"/consultations/{{number}}/{path}",
        response={200: ConsultationOut, **refusals(409)},
        summary=summary,
        operation_id=f"consultation_{endpoint.__name__}",
    )(endpoint)


def _classify(user, c, p):
    service_type = ServiceType.objects.filter(office=c.office_id, code=p.service_type).first()
    if service_type is None:
        raise _invalid("service_type", _("Choose an active service type of this office."))
    section = None
    if p.section:
        section = Section.objects.filter(office=c.office_id, code=p.section).first()
        if section is None:
            raise _invalid("section", _("Choose an active section of this office."))
    return services.classify(
        actor=user,
        consultation=c,
        service_type=service_type,
        section=section,
        expected_version=p.version,
    )


def _escalate(user, c, p):
    section = None
    if p.section:
        section = Section.objects.filter(office=c.office_id, code=p.section).first()
        if section is None:
            raise _invalid("section", _("Choose a section of this office."))
    return services.escalate(
        actor=user, consultation=c, reason=p.reason, section=section, expected_version=p.version
    )


_action(
    "claim",
    ClaimIn,
    "Claim a new consultation",
    lambda u, c, p: services.claim(officer=u, consultation=c, expected_version=p.version),
)
_action("classify", ClassifyIn, "Set the service type and section", _classify)
_action(
    "reply",
    BodyIn,
    "Reply in the conversation",
    lambda u, c, p: services.reply(
        actor=u, consultation=c, body=p.body, expected_version=p.version
    ),
)
_action(
    "note",
    BodyIn,
    "Add an internal note",
    lambda u, c, p: services.add_note(
        actor=u, consultation=c, body=p.body, expected_version=p.version
    ),
)
_action(
    "request-documents",
    DocumentsIn,
    "Ask the stakeholder for supporting documents",
    lambda u, c, p: services.request_documents(
        actor=u, consultation=c, description=p.description, expected_version=p.version
    ),
)
_action(
    "resolve",
    AnswerIn,
    "Answer: the consultation is Resolved",
    lambda u, c, p: services.resolve(
        actor=u, consultation=c, answer=p.answer, expected_version=p.version
    ),
)
_action(
    "defer",
    ReasonIn,
    "Defer to follow-up (3 working days)",
    lambda u, c, p: services.defer_to_follow_up(
        actor=u, consultation=c, reason=p.reason, expected_version=p.version
    ),
)
_action(
    "progress",
    BodyIn,
    "Post a progress update",
    lambda u, c, p: services.post_progress(
        actor=u, consultation=c, body=p.body, expected_version=p.version
    ),
)
_action("escalate", EscalateIn, "Escalate to the section head", _escalate)
_action(
    "answer-escalation",
    AnswerIn,
    "Answer an escalation (section head)",
    lambda u, c, p: services.answer_escalation(
        actor=u, consultation=c, answer=p.answer, expected_version=p.version
    ),
)
_action(
    "hand-to-hai",
    HandToHaiIn,
    "Hand over to the national helpdesk HAI DJPb",
    lambda u, c, p: services.hand_to_hai(
        actor=u,
        consultation=c,
        reason=p.reason,
        external_reference=p.external_reference,
        expected_version=p.version,
    ),
)
_action(
    "hai-answer",
    HaiAnswerIn,
    "Record HAI DJPb's answer",
    lambda u, c, p: services.record_hai_answer(
        actor=u,
        consultation=c,
        answer=p.answer,
        external_reference=p.external_reference,
        expected_version=p.version,
    ),
)
_action(
    "reopen",
    ReasonIn,
    "Reopen a resolved consultation",
    lambda u, c, p: services.reopen(
        actor=u, consultation=c, reason=p.reason, expected_version=p.version
    ),
)
_action(
    "close",
    ClaimIn,
    "Close a resolved consultation",
    lambda u, c, p: services.close(actor=u, consultation=c, expected_version=p.version),
)
_action(
    "cancel",
    ReasonIn,
    "Cancel an open consultation",
    lambda u, c, p: services.cancel(
        actor=u, consultation=c, reason=p.reason, expected_version=p.version
    ),
)

__all__ = ["ErrorBody", "router"]
