"""The survey's writes: inviting the stakeholders of resolved consultations, and recording a
response from the invitation link, the kiosk at the desk, or a paper questionnaire.

Invitations follow the consultations' own append-only event log rather than a hook in the
resolution path: the lifecycle (below us in the layers) knows nothing of surveys, and the log
already says, in order, every time a consultation became Resolved. `invite_resolved` reads
the log from where it stopped (a keyset on the event id), in short batches, and is safe to run
as often as one likes: the database allows one invitation per consultation."""

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from konsultasi.accounts.models import User
from konsultasi.accounts.permissions import FeedbackAction, require
from konsultasi.consultations.models import Consultation, Event, Status
from konsultasi.errors import DomainError, InvalidInput
from konsultasi.feedback import skm
from konsultasi.feedback.models import InvitationCursor, SurveyInvitation, SurveyResponse
from konsultasi.feedback.questionnaire import ELEMENT_FIELDS, AgeBand, Education, Gender, Occupation
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import queue_notification
from konsultasi.offices import text
from konsultasi.offices.models import Channel, Office, ServiceType

INVITATION_KIND = "survey_invitation"
# A transaction that appended a "resolved" event is committed well within this; reading only
# events older than it means a slow commit never slips behind the cursor unseen.
SETTLE = timedelta(minutes=5)
COMMENT_MAX = 2_000


def invitation_days() -> int:
    return getattr(settings, "KONSULTASI_SURVEY_INVITATION_DAYS", 14)


class SurveyLinkInvalid(DomainError):
    """Unknown, used or expired: one answer for all three, so a link reveals nothing."""

    code = "survey_link_invalid"

    def __init__(self):
        super().__init__(_("This survey link is no longer valid."))


class AlreadyAnswered(DomainError):
    code = "survey_already_answered"

    def __init__(self):
        super().__init__(_("The survey for this consultation has already been answered."))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_path(token: str) -> str:
    return reverse("feedback_portal:survey_link", kwargs={"token": token})


# --- invitations -----------------------------------------------------------------------


def invite_resolved(*, now: datetime, batch_size: int = 200) -> int:
    """Invite the stakeholders of consultations resolved since the last run. Return how many
    invitations were queued.

    Steps, per batch in its own short transaction:
    1. lock the cursor row and read the next "became Resolved" events, below the first
       event younger than `now - SETTLE`;
    2. for each consultation still resolved or closed, whose stakeholder we can reach (an
       account or an e-mail address) and who was not invited before: create the invitation
       and queue the outbox rows (in-app and e-mail, kind "survey_invitation");
    3. move the cursor past the batch (past every settled event, once nothing is left)."""
    invited = 0
    settled = now - SETTLE
    while True:
        with transaction.atomic():
            cursor, _created = InvitationCursor.objects.select_for_update().get_or_create(pk=1)
            after = Event.objects.filter(pk__gt=cursor.last_event_id)
            # Read only below the first event not yet settled, so that no unsettled event is
            # ever passed by the cursor (ids and times need not rise together).
            horizon = after.filter(created_at__gt=settled).aggregate(first=Min("pk"))["first"]
            readable = after.filter(pk__lt=horizon) if horizon is not None else after
            events = list(
                readable.filter(to_status=Status.RESOLVED)
                .order_by("pk")
                .values_list("pk", "consultation_id")[:batch_size]
            )
            full = len(events) == batch_size
            ids = {consultation_id for _pk, consultation_id in events}
            already = set(
                SurveyInvitation.objects.filter(consultation_id__in=ids).values_list(
                    "consultation_id", flat=True
                )
            )
            candidates = (
                Consultation.objects.filter(
                    pk__in=ids - already, status__in=(Status.RESOLVED, Status.CLOSED)
                )
                .select_related("office", "stakeholder__user")
                .order_by("pk")
            )
            for consultation in candidates:
                if _invite(consultation, now=now):
                    invited += 1
            if full:
                cursor.last_event_id = events[-1][0]
            else:
                # Nothing more to invite below the horizon: pass the other events there too,
                # so that the next run does not read them again.
                last = readable.aggregate(last=Max("pk"))["last"]
                cursor.last_event_id = last or cursor.last_event_id
            cursor.save(update_fields=["last_event_id"])
        if not full:
            return invited


def _invite(consultation: Consultation, *, now: datetime) -> bool:
    profile = consultation.stakeholder
    user = profile.user if profile.user and profile.user.is_active else None
    if user is None and not profile.email:
        return False  # nobody to tell; a walk-in visitor answers at the kiosk instead
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=invitation_days())
    SurveyInvitation.objects.create(
        consultation=consultation,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=expires_at,
    )
    link = getattr(settings, "KONSULTASI_SITE_URL", "").rstrip("/") + survey_path(token)
    with override(settings.LANGUAGE_CODE), timezone.override(consultation.office.zone):
        expires = timezone.localtime(expires_at).strftime("%d-%m-%Y")
        body = _(
            "Your consultation %(number)s has been answered. Please tell us how we served you "
            "in a short satisfaction survey (9 questions, about 2 minutes): %(link)s\n"
            "The link can be used once and is valid until %(expires)s."
        ) % {"number": consultation.number, "link": link, "expires": expires}
        subject = _("[%(number)s] How did we serve you?") % {"number": consultation.number}
    queue_notification(
        office=consultation.office,
        consultation=consultation,
        kind=INVITATION_KIND,
        subject=subject,
        body=body,
        recipients=[user] if user else [],
        addresses=[(OutboxMessage.Channel.EMAIL, profile.email)] if profile.email else [],
    )
    return True


def invitation_by_token(token: str, *, now: datetime) -> SurveyInvitation:
    """The open invitation behind a link, or SurveyLinkInvalid."""
    if not token or len(token) > 100:
        raise SurveyLinkInvalid()
    invitation = (
        SurveyInvitation.objects.select_related("consultation__office")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or invitation.used_at is not None or now >= invitation.expires_at:
        raise SurveyLinkInvalid()
    return invitation


def open_invitations_of(user: User, *, now: datetime):
    """The invitations a signed-in stakeholder has not answered yet (for the portal)."""
    return (
        SurveyInvitation.objects.filter(
            consultation__stakeholder__user=user, used_at__isnull=True, expires_at__gt=now
        )
        .select_related("consultation")
        .order_by("-created_at")
    )


def invitation_of_stakeholder(user: User, *, number: str, now: datetime) -> SurveyInvitation:
    """A signed-in stakeholder answers their own invitation without the e-mailed link."""
    invitation = (
        open_invitations_of(user, now=now).filter(consultation__number=number).first()
        if user.is_authenticated
        else None
    )
    if invitation is None:
        raise SurveyLinkInvalid()
    return invitation


# --- responses -------------------------------------------------------------------------


def _respondent_fields(respondent: dict) -> dict:
    allowed = {
        "gender": Gender,
        "age_band": AgeBand,
        "education": Education,
        "occupation": Occupation,
    }
    fields = {}
    for name, choices in allowed.items():
        value = respondent.get(name) or ""
        if value and value not in choices.values:
            raise InvalidInput(_("Choose one of the answers offered."))
        fields[name] = value
    comment = text.long_text(respondent.get("comment") or "", field=_("The comment"))
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            _("The comment may be at most %(max)d characters.") % {"max": COMMENT_MAX}
        )
    fields["comment"] = comment
    return fields


def _checked_answers(answers: Sequence[int]) -> tuple[int, ...]:
    try:
        skm.check_answers(answers)
    except skm.InvalidResponse:
        raise InvalidInput(_("Answer every question with one of the four answers.")) from None
    return tuple(answers)


def _save(*, office: Office, now: datetime, answers: Sequence[int], **fields) -> SurveyResponse:
    scores = dict(zip(ELEMENT_FIELDS, _checked_answers(answers), strict=True))
    return SurveyResponse.objects.create(
        office=office,
        answered_at=now,
        answered_on=timezone.localtime(now, office.zone).date(),
        **scores,
        **fields,
    )


def respond_to_invitation(
    *, invitation: SurveyInvitation, answers: Sequence[int], respondent: dict, now: datetime
) -> SurveyResponse:
    """Record the answer of an invitation and use the invitation up, in one transaction. A
    second submission of the same link (a double click, a second tab) is refused."""
    fields = _respondent_fields(respondent)
    with transaction.atomic():
        used = SurveyInvitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not used:
            raise SurveyLinkInvalid()
        c = invitation.consultation
        try:
            with transaction.atomic():
                return _save(
                    office=c.office,
                    now=now,
                    answers=answers,
                    consultation=c,
                    source=SurveyResponse.Source.LINK,
                    channel_id=c.channel_id,
                    service_type_id=c.service_type_id,
                    officer_id=c.assignee_id,
                    **fields,
                )
        except IntegrityError:
            # Answered on paper meanwhile: one response per consultation.
            raise AlreadyAnswered() from None


def respond_at_kiosk(
    *,
    office: Office,
    answers: Sequence[int],
    respondent: dict,
    service_type: ServiceType | None,
    now: datetime,
) -> SurveyResponse:
    """A walk-in visitor answers on the tablet at the desk: no consultation, no name."""
    fields = _respondent_fields(respondent)
    if service_type is not None and service_type.office_id != office.pk:
        raise InvalidInput(_("Choose one of the service types shown."))
    walk_in = Channel.objects.filter(kind=Channel.Kind.WALK_IN, is_active=True).first()
    with transaction.atomic():
        return _save(
            office=office,
            now=now,
            answers=answers,
            source=SurveyResponse.Source.KIOSK,
            channel=walk_in,
            service_type=service_type,
            **fields,
        )


def enter_paper_response(
    *,
    actor: User,
    office: Office,
    answers: Sequence[int],
    respondent: dict,
    consultation: Consultation | None = None,
    channel: Channel | None = None,
    service_type: ServiceType | None = None,
    answered_at: datetime | None = None,
    now: datetime,
) -> SurveyResponse:
    """An officer types in a paper questionnaire. With the consultation it was about, the
    breakdowns come from it, and it counts as that consultation's one response."""
    require(actor, FeedbackAction.ENTER_SURVEY, office)
    fields = _respondent_fields(respondent)
    when = answered_at or now
    if when > now:
        raise InvalidInput(_("A questionnaire cannot be answered in the future."))
    if consultation is not None:
        if consultation.office_id != office.pk:
            raise InvalidInput(_("No consultation of this office has that number."))
        channel, service_type = consultation.channel, consultation.service_type
    elif service_type is not None and service_type.office_id != office.pk:
        raise InvalidInput(_("Choose one of the service types shown."))
    try:
        with transaction.atomic():
            response = _save(
                office=office,
                now=when,
                answers=answers,
                source=SurveyResponse.Source.PAPER,
                consultation=consultation,
                channel=channel,
                service_type=service_type,
                officer_id=consultation.assignee_id if consultation else None,
                entered_by=actor,
                **fields,
            )
            if consultation is not None:
                # The link, if one was sent, can no longer be used.
                SurveyInvitation.objects.filter(
                    consultation=consultation, used_at__isnull=True
                ).update(used_at=now)
            return response
    except IntegrityError:
        raise AlreadyAnswered() from None
