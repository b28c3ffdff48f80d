"""The frame every lifecycle service runs in: `begin_change` locks the consultation and runs
every check before anything is written; `finish_change` recomputes the clocks, bumps the
version, saves and appends the event. Services call both inside one transaction."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import Role, User
from konsultasi.accounts.permissions import Action, require, roles_in
from konsultasi.consultations import alerting, clocks
from konsultasi.consultations.errors import (
    AlreadyClaimed,
    ConsultationNotFound,
    InvalidInput,
    StaleEdit,
)
from konsultasi.consultations.events import record_event
from konsultasi.consultations.models import Consultation, Escalation, Event, Message, Status
from konsultasi.consultations.transitions import target_status
from konsultasi.offices import text
from konsultasi.offices.calendar import office_calendar

TEXT_MAX = 20_000

# Actions a plain officer may take only on consultations that are theirs (or nobody's yet).
# Section and office heads act on any consultation of their office. Notes are collaboration,
# and any officer at the desk may take in documents a stakeholder hands over.
OWNER_ACTIONS = frozenset(Action) - {
    Action.ADD_NOTE,
    Action.CLAIM,
    Action.VIEW,
    Action.PROVIDE_DOCUMENTS,
}
HEADS = frozenset({Role.SECTION_HEAD, Role.OFFICE_HEAD})
# What the system does with no person acting: closing after the quiet period (the sweep), and
# posting what the stakeholder sent by e-mail or WhatsApp (inbound, on the stakeholder's behalf).
SYSTEM_ACTIONS = frozenset({Action.CLOSE, Action.REPLY, Action.PROVIDE_DOCUMENTS})


@dataclass
class Change:
    consultation: Consultation
    actor: User | None
    action: Action
    from_status: str
    to_status: str
    roles: frozenset[Role]
    now: datetime
    cal: sla.OfficeCalendar

    @property
    def by_stakeholder(self) -> bool:
        return self.roles == {Role.STAKEHOLDER}


def begin_change(
    actor: User | None,
    consultation: Consultation,
    action: Action,
    *,
    expected_version: int | None = None,
) -> Change:
    """Lock the row and run every check. Caller holds a transaction.

    Someone with no role in the consultation's office, and a stakeholder asking about another
    stakeholder's consultation, are told it does not exist, exactly as for a missing one."""
    try:
        locked = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("office", "stakeholder", "service_type", "section", "assignee")
            .get(pk=consultation.pk)
        )
    except Consultation.DoesNotExist:
        raise ConsultationNotFound() from None
    roles: frozenset[Role] = frozenset()  # the system (background sweep) has no roles
    if actor is None and action not in SYSTEM_ACTIONS:
        raise ValueError("the system only closes and posts what stakeholders sent from outside")
    if actor is not None:
        held = roles_in(actor, locked.office)
        not_theirs = locked.stakeholder.user_id != actor.pk
        if not held or (held == {Role.STAKEHOLDER} and not_theirs):
            raise ConsultationNotFound()
        roles = require(actor, action, locked.office)
        # Allowed only as a stakeholder (say, an officer who is also a stakeholder, closing):
        # then only on their own consultations.
        if roles == {Role.STAKEHOLDER} and not_theirs:
            raise ConsultationNotFound()
        if (
            action in OWNER_ACTIONS
            and Role.OFFICER in roles
            and not roles & HEADS
            and locked.assignee_id not in (None, actor.pk)
        ):
            raise AlreadyClaimed(locked.assignee)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(changed_by=last_actor(locked))
    to_status = target_status(action, locked.status, locked.resume_status)
    now = timezone.now()
    return Change(
        consultation=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=to_status,
        roles=roles,
        now=now,
        cal=office_calendar(locked.office, around=now.date()),
    )


def finish_change(change: Change, *, reason: str = "", data: dict | None = None) -> Consultation:
    c = change.consultation
    # Waiting (on the stakeholder or an escalation) remembers where to come back to.
    # A session that ended unanswered comes back to follow-up, not to work in progress.
    pausing = (Status.WAITING_STAKEHOLDER, Status.ESCALATED)
    if change.to_status != change.from_status:
        if change.to_status in pausing:
            c.resume_status = change.from_status
            if c.resume_status == Status.IN_PROGRESS and not clocks.in_service_phase(c):
                c.resume_status = Status.FOLLOW_UP
        elif change.from_status in pausing:
            c.resume_status = ""
    c.status = change.to_status
    recorded = alerting.recorded_alerts([c.pk]).get(c.pk, frozenset()) if c.is_open else None
    clocks.recompute_deadlines(
        c,
        change.cal,
        open_escalation=open_escalation(c),
        recorded_alerts=recorded or frozenset(),
    )
    c.version += 1
    c.save()
    record_event(
        c,
        actor=change.actor,
        action=change.action,
        from_status=change.from_status,
        to_status=change.to_status,
        at=change.now,
        reason=reason,
        data=data,
    )
    return c


def last_actor(consultation: Consultation) -> User | None:
    """Who made the latest recorded change (None for the system, or no change yet)."""
    latest = (
        Event.objects.filter(consultation=consultation)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest.actor if latest else None


def open_escalation(consultation: Consultation) -> Escalation | None:
    return consultation.escalations.open().order_by("-requested_at").first()


def withdraw_escalations(consultation: Consultation, now: datetime) -> None:
    consultation.escalations.open().update(withdrawn_at=now)


def required_text(value: str, missing: str) -> str:
    """A message, answer or reason as the services store it: NUL and lone surrogates refused,
    other controls and direction marks removed (one rule, `offices.text`)."""
    value = text.long_text(value or "", field=_("The text"))
    if not value:
        raise InvalidInput(missing)
    if len(value) > TEXT_MAX:
        raise InvalidInput(_("The text is too long (at most 20,000 characters)."))
    return value


def add_message(change: Change, kind: str, body: str, *, internal: bool = False) -> Message:
    return Message.objects.create(
        consultation=change.consultation,
        author=change.actor,
        kind=kind,
        body=body,
        is_internal=internal,
    )


def local_time(change: Change, instant: datetime | None) -> str:
    return date_format(instant.astimezone(change.cal.tz), "DATETIME_FORMAT") if instant else ""
