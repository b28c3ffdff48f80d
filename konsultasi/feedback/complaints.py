"""The complaint register: filing, the steps received → in review → answered → closed, and who
may read what.

Each write checks the permission table, runs in one transaction and carries the version the
writer saw, so a stale page cannot overwrite a newer answer. The response deadline is set on
registration: the close of the channel's Nth working day after the office day it came in, in
office time (the office calendar and `sla`, as the consultation clocks do).

Whistleblowing reports (a channel marked so, e.g. the ministry's WISE) are read only by the
office head and the administrators, and every read is logged in `ComplaintRead`."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import User
from konsultasi.accounts.permissions import FeedbackAction, can, require
from konsultasi.consultations.models import Consultation
from konsultasi.errors import DomainError, InvalidInput
from konsultasi.feedback.models import (
    Complaint,
    ComplaintChannel,
    ComplaintRead,
    ComplaintStatus,
)
from konsultasi.offices import text
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office

TEXT_MAX = 10_000

# status → (the step that leaves it, the status it leads to)
STEPS: dict[str, tuple[str, str]] = {
    ComplaintStatus.RECEIVED: ("review", ComplaintStatus.IN_REVIEW),
    ComplaintStatus.IN_REVIEW: ("answer", ComplaintStatus.ANSWERED),
    ComplaintStatus.ANSWERED: ("close", ComplaintStatus.CLOSED),
}
OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.IN_REVIEW)


class ComplaintNotFound(DomainError):
    code = "complaint_not_found"

    def __init__(self):
        super().__init__(_("Complaint not found."))


class StaleComplaint(DomainError):
    code = "stale_edit"

    def __init__(self):
        super().__init__(_("Someone changed this complaint meanwhile. Reload it and try again."))


def response_due(office: Office, channel: ComplaintChannel, received_at: datetime) -> datetime:
    day = timezone.localtime(received_at, office.zone).date()
    cal = office_calendar(office, around=day)
    return sla.close_of_working_day(cal, day, channel.response_working_days)


# --- who sees what ---------------------------------------------------------------------


def complaints_visible_to(user: User, office: Office) -> QuerySet[Complaint]:
    """The register of `office` as `user` may see it: ordinary complaints for those who handle
    complaints, whistleblowing reports for those who may read them; nothing for anyone else."""
    ordinary = can(user, FeedbackAction.HANDLE_COMPLAINT, office)
    secret = can(user, FeedbackAction.READ_WHISTLEBLOWING, office)
    if not (ordinary or secret):
        return Complaint.objects.none()
    kinds = Q(is_whistleblowing=False) if ordinary else Q(pk__in=[])
    if secret:
        kinds |= Q(is_whistleblowing=True)
    return Complaint.objects.filter(kinds, office=office)


def complaint_for(user: User, office: Office, pk: int, *, now: datetime) -> Complaint:
    """One complaint `user` may see, or ComplaintNotFound (also for one they may not see).
    Opening a whistleblowing report is logged."""
    found = (
        complaints_visible_to(user, office)
        .select_related("channel", "consultation", "officer", "complainant", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise ComplaintNotFound()
    if found.is_whistleblowing:
        ComplaintRead.objects.create(complaint=found, reader=user, read_at=now)
    return found


def register_page(
    user: User, office: Office, *, status: str, now: datetime, limit: int = 50, offset: int = 0
) -> list[Complaint]:
    """One page of the register: the open complaints by deadline, or those of one status,
    newest first. A whistleblowing report listed is a read too (its subject shows): logged."""
    rows = complaints_visible_to(user, office).select_related("channel")
    if status == "open":
        rows = rows.filter(status__in=OPEN).order_by("due_at", "pk")
    elif status in ComplaintStatus.values:
        rows = rows.filter(status=status)
    page = list(rows[offset : offset + limit])
    ComplaintRead.objects.bulk_create(
        ComplaintRead(complaint=c, reader=user, read_at=now, purpose="list")
        for c in page
        if c.is_whistleblowing
    )
    return page


def complaints_of_stakeholder(user: User) -> QuerySet[Complaint]:
    """What a stakeholder filed themselves (never whistleblowing reports filed by others)."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    return Complaint.objects.filter(complainant__user=user).select_related("channel")


# --- writes ----------------------------------------------------------------------------


def _text(value: object, *, field: str, required: str) -> str:
    cleaned = text.long_text(value, field=field)
    if not cleaned:
        raise InvalidInput(required)
    if len(cleaned) > TEXT_MAX:
        raise InvalidInput(_("%(field)s is too long.") % {"field": field})
    return cleaned


@transaction.atomic
def register_complaint(
    *,
    actor: User,
    office: Office,
    channel: ComplaintChannel,
    subject: str,
    description: str,
    now: datetime,
    external_reference: str = "",
    consultation: Consultation | None = None,
    officer: User | None = None,
    complainant_name: str = "",
    received_at: datetime | None = None,
) -> Complaint:
    """Staff register a complaint that came through one of the channels."""
    require(actor, FeedbackAction.FILE_COMPLAINT, office)
    if consultation is not None and consultation.office_id != office.pk:
        raise InvalidInput(_("No consultation of this office has that number."))
    received = received_at or now
    if received > now:
        raise InvalidInput(_("A complaint cannot be received in the future."))
    return _create(
        office=office,
        channel=channel,
        subject=subject,
        description=description,
        received_at=received,
        external_reference=text.one_line(external_reference, field=_("The external reference"))[
            :100
        ],
        consultation=consultation,
        officer=officer,
        complainant=consultation.stakeholder if consultation else None,
        complainant_name=text.one_line(complainant_name, field=_("The name"))[:200],
        registered_by=actor,
    )


@transaction.atomic
def file_complaint_about(
    *, actor: User, consultation: Consultation, subject: str, description: str, now: datetime
) -> Complaint:
    """A stakeholder complains from the portal about their own consultation. Pages fetch the
    consultation through the access door; the ownership is checked again here."""
    office = consultation.office
    require(actor, FeedbackAction.FILE_COMPLAINT, office)
    profile = consultation.stakeholder
    if profile.user_id != actor.pk:
        raise ComplaintNotFound()
    channel = ComplaintChannel.objects.filter(code=PORTAL_CHANNEL, is_active=True).first()
    if channel is None:
        raise InvalidInput(_("Complaints cannot be filed here at the moment."))
    return _create(
        office=office,
        channel=channel,
        subject=subject,
        description=description,
        received_at=now,
        consultation=consultation,
        officer=consultation.assignee,
        complainant=profile,
        complainant_name=profile.full_name,
        registered_by=actor,
    )


PORTAL_CHANNEL = "portal"


def _create(*, office, channel, subject, description, received_at, **fields) -> Complaint:
    if not channel.is_active:
        raise InvalidInput(_("Choose one of the channels offered."))
    subject = text.one_line(subject, field=_("The subject"))
    if not subject:
        raise InvalidInput(_("Give the complaint a subject."))
    return Complaint.objects.create(
        office=office,
        channel=channel,
        is_whistleblowing=channel.is_whistleblowing,
        subject=subject[:200],
        description=_text(
            description, field=_("The complaint"), required=_("Describe the complaint.")
        ),
        received_at=received_at,
        due_at=response_due(office, channel, received_at),
        **fields,
    )


def _step(
    actor: User, complaint: Complaint, step: str, *, expected_version: int | None
) -> Complaint:
    """Lock the row and check permission, visibility, version and the step's legality."""
    locked = Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
    if locked is None:
        raise ComplaintNotFound()
    require(actor, FeedbackAction.HANDLE_COMPLAINT, locked.office)
    if locked.is_whistleblowing and not can(
        actor, FeedbackAction.READ_WHISTLEBLOWING, locked.office
    ):
        raise ComplaintNotFound()
    if expected_version is not None and locked.version != expected_version:
        raise StaleComplaint()
    allowed = STEPS.get(locked.status)
    if allowed is None or allowed[0] != step:
        raise InvalidInput(
            _("This cannot be done to a complaint that is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    locked.status = allowed[1]
    locked.version += 1
    return locked


@transaction.atomic
def start_review(
    *, actor: User, complaint: Complaint, expected_version: int | None = None
) -> Complaint:
    c = _step(actor, complaint, "review", expected_version=expected_version)
    c.save(update_fields=["status", "version"])
    return c


@transaction.atomic
def answer_complaint(
    *,
    actor: User,
    complaint: Complaint,
    answer: str,
    now: datetime,
    expected_version: int | None = None,
) -> Complaint:
    answer = _text(answer, field=_("The answer"), required=_("Write the answer."))
    c = _step(actor, complaint, "answer", expected_version=expected_version)
    c.answer, c.answered_at, c.answered_by = answer, now, actor
    c.save(update_fields=["status", "version", "answer", "answered_at", "answered_by"])
    return c


@transaction.atomic
def close_complaint(
    *, actor: User, complaint: Complaint, now: datetime, expected_version: int | None = None
) -> Complaint:
    c = _step(actor, complaint, "close", expected_version=expected_version)
    c.closed_at = now
    c.save(update_fields=["status", "version", "closed_at"])
    return c


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    return complaint.status in OPEN and complaint.due_at < now
