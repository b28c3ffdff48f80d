"""How consultations come in: a walk-in registered at the desk, a question submitted online by
the stakeholder, or one an officer logs from e-mail, WhatsApp or the phone.

Every intake is idempotent on the client's token (a double-clicked submit or a retried API
call creates one consultation) and numbers the consultation per office and year."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, router, transaction
from django.db.models import F, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import StakeholderProfile, User
from konsultasi.accounts.permissions import Action, require
from konsultasi.consultations import clocks, notify
from konsultasi.consultations.attachments import attach_files
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.events import announce, new_event
from konsultasi.consultations.models import Consultation, Message, NumberSequence, Status
from konsultasi.kept_inserts import insert_new_together, key_reserving_sql
from konsultasi.kept_queries import kept_objects, kept_rows
from konsultasi.notifications.services import queued
from konsultasi.notifications.webhooks import any_active_in_the_rows_office, subscriptions_of
from konsultasi.offices import text
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Channel, Office, ServiceType

SUBJECT_MAX = 200
QUESTION_MAX = 20_000
TOKEN_MAX = 64


def register_walk_in(
    *,
    officer: User,
    office: Office,
    stakeholder: StakeholderProfile,
    subject: str,
    question: str,
    service_type: ServiceType | None = None,
    client_token: str | None = None,
) -> Consultation:
    """The officer registers a visitor's question at the desk; the service clock starts now
    and the consultation is the officer's."""
    require(officer, Action.REGISTER_WALK_IN, office)
    channel = Channel.objects.filter(kind=Channel.Kind.WALK_IN, is_active=True).first()
    if channel is None:
        raise InvalidInput(_("No active face-to-face channel is configured."))
    return _take_in(
        actor=officer,
        office=office,
        stakeholder=stakeholder,
        channel=channel,
        subject=subject,
        question=question,
        service_type=service_type,
        client_token=client_token,
        assignee=officer,
        received_at=None,
    )


def submit_question(
    *,
    actor: User,
    office: Office,
    subject: str,
    question: str,
    channel: Channel | None = None,
    stakeholder: StakeholderProfile | None = None,
    service_type: ServiceType | None = None,
    client_token: str | None = None,
    received_at: datetime | None = None,
    look_up_token: bool = True,
) -> Consultation:
    """A question that did not come face to face.

    A stakeholder submits their own (on the portal or through the API); an officer logs one
    received by e-mail, WhatsApp or phone for a stakeholder of the office, with the time it
    was received. The service clock starts at receipt, or at the next opening if received
    outside office hours.

    `look_up_token=False`: `client_token` is not looked for before the write; a repeat meets
    the unique key per office instead, and the consultation taken in with it first is
    returned (by `take_in`, or with `savepoint=False` by its caller). One read less for every
    question that is not a repeat, which is nearly all of them.

    `prepare_question` and `take_in` are its two halves, for a caller that writes more in the
    same transaction and wants the reads done before it begins."""
    return take_in(
        prepare_question(
            actor=actor,
            office=office,
            subject=subject,
            question=question,
            channel=channel,
            stakeholder=stakeholder,
            service_type=service_type,
            client_token=client_token,
            received_at=received_at,
            look_up_token=look_up_token,
        )
    )


def prepare_question(
    *,
    actor: User,
    office: Office,
    subject: str,
    question: str,
    channel: Channel | None = None,
    stakeholder: StakeholderProfile | None = None,
    service_type: ServiceType | None = None,
    client_token: str | None = None,
    received_at: datetime | None = None,
    look_up_token: bool = True,
) -> "Intake":
    """`submit_question` up to the writing: the permission and the input checked, the
    consultation built with its clocks, who is to hear of it read. It writes nothing, so it
    can run before the write transaction (on SQLite that holds the database's one write lock,
    and every millisecond spent reading in it is one the other writers wait)."""
    if stakeholder is None:
        require(actor, Action.SUBMIT, office)
        stakeholder = actor.stakeholder_profile
        received_at = None  # a stakeholder cannot backdate their question
    else:
        require(actor, Action.LOG_CONTACT, office)
    anyone_listens = True  # not known yet: `_prepare` reads the office's subscriptions
    if channel is None:
        channel, anyone_listens = _online_channel_and_listeners(office)
    if channel is None or not channel.is_active or channel.is_walk_in:
        raise InvalidInput(_("Choose an active channel other than face to face."))
    if received_at is not None:
        _check_received_at(office, received_at, timezone.now())
    return _prepare(
        actor=actor,
        office=office,
        stakeholder=stakeholder,
        channel=channel,
        subject=subject,
        question=question,
        service_type=service_type,
        client_token=client_token,
        assignee=None,
        received_at=received_at,
        look_up_token=look_up_token,
        anyone_listens=anyone_listens,
    )


def take_in_from_outside(
    *,
    office: Office,
    stakeholder: StakeholderProfile,
    channel: Channel,
    subject: str,
    question: str,
    files=(),
    client_token: str | None = None,
) -> Consultation:
    """A question that arrived by e-mail or WhatsApp with no person at the desk (the inbound
    mail and WhatsApp ingestion). No one acts: the stakeholder was matched by their address or
    number, never as staff. Its attachments pass the same checks as uploads; a refused file
    refuses the whole intake (the caller decides what to keep). Idempotent on `client_token`
    (derived from the message's id)."""
    if channel.kind not in (Channel.Kind.EMAIL, Channel.Kind.WHATSAPP) or not channel.is_active:
        raise InvalidInput(_("Choose an active e-mail or WhatsApp channel."))
    return _take_in(
        actor=None,
        office=office,
        stakeholder=stakeholder,
        channel=channel,
        subject=subject,
        question=question,
        service_type=None,
        client_token=client_token,
        assignee=None,
        received_at=None,
        files=files,
    )


@dataclass
class Intake:
    """A question checked and built, ready to be written by `take_in`: the consultation with its
    clocks (not yet numbered or saved), its question and history line to come, and who is to
    hear of it. Or, when its client token was already taken in, that consultation."""

    actor: User | None
    office: Office
    stakeholder: StakeholderProfile
    channel: Channel
    consultation: Consultation
    now: datetime
    files: tuple = ()
    webhook_subscriptions: list | None = None
    existing: Consultation | None = None

    @property
    def walk_in(self) -> bool:
        return self.consultation.assignee is not None


def _check_received_at(office: Office, received_at: object, now: datetime) -> None:
    """A logged contact's time received: an aware instant, not in the future, and no further
    back than the office allows (else it would be numbered in an old year's sequence)."""
    if not isinstance(received_at, datetime):
        raise InvalidInput(_("The time received must be a date and time."))
    if received_at.utcoffset() is None:
        raise InvalidInput(_("The time received must include its time zone."))
    if received_at > now:
        raise InvalidInput(_("The time received cannot be in the future."))
    if received_at < now - timedelta(days=office.max_backdate_days):
        raise InvalidInput(
            _("The time received cannot be more than %(days)d days ago.")
            % {"days": office.max_backdate_days}
        )


def _take_in(**fields) -> Consultation:
    return take_in(_prepare(**fields))


def _prepare(
    *,
    actor: User | None,
    office: Office,
    stakeholder: StakeholderProfile,
    channel: Channel,
    subject: str,
    question: str,
    service_type: ServiceType | None,
    client_token: str | None,
    assignee: User | None,
    received_at: datetime | None,
    files=(),
    look_up_token: bool = True,
    anyone_listens: bool = True,
) -> Intake:
    # What cannot be stored is refused; what would forge a header or hide a file's true
    # name is removed (the subject is one line, the question keeps its lines).
    subject = text.one_line(subject, field=_("The subject"))
    question = text.long_text(question, field=_("The question"))
    client_token = text.token(client_token, field=_("The submission token"))
    _validate(office, stakeholder, subject, question, service_type, client_token)
    found = None
    if client_token and look_up_token:
        found = _by_token(office, stakeholder, client_token)
    if found is not None:
        return Intake(
            actor=actor,
            office=office,
            stakeholder=stakeholder,
            channel=channel,
            consultation=found,
            now=timezone.now(),
            existing=found,
        )
    # The instant it arrived: taken before the write waits its turn, so the clocks count from
    # the request, not from the moment the lock came free.
    now = timezone.now()
    received_at = received_at or now
    # The holidays of the day received (perhaps last year) and of the days ahead of now.
    zone = office.zone
    cal = office_calendar(
        office, around=received_at.astimezone(zone).date(), until=now.astimezone(zone).date()
    )
    walk_in = assignee is not None
    consultation = Consultation(
        office=office,
        stakeholder=stakeholder,
        channel=channel,
        service_type=service_type,
        section=service_type.default_section if service_type else None,
        assignee=assignee,
        subject=subject,
        question=question,
        status=Status.IN_PROGRESS if walk_in else Status.NEW,
        client_token=client_token or None,
        received_at=received_at,
        # Walk-in: the clock starts when the officer starts. Online: at receipt, or at the
        # next opening when received outside office hours.
        service_started_at=now if walk_in else sla.next_opening(cal, received_at),
    )
    clocks.recompute_deadlines(consultation, cal, open_escalation=None)
    return Intake(
        actor=actor,
        office=office,
        stakeholder=stakeholder,
        channel=channel,
        consultation=consultation,
        now=now,
        files=tuple(files),
        # Nothing to read when the channel's query found that nobody listens.
        webhook_subscriptions=subscriptions_of(office) if anyone_listens else [],
    )


def take_in(intake: Intake, *, savepoint: bool = True) -> Consultation:
    """Write a prepared question: its number, the consultation, its question, its history line
    and the notices, in one transaction that reads nothing but the number. Two submissions with
    the same token racing past `prepare`'s look-up meet at the unique key per office: the
    second returns the first.

    `savepoint=False`: the caller recovers from a duplicate itself, outside its transaction
    (`submissions.submit_from_integration`), so no savepoint is set to recover from one here:
    should the unique key refuse the row, the error rolls the caller's whole transaction back
    and the caller returns the winner."""
    if intake.existing is not None:
        return intake.existing
    client_token = intake.consultation.client_token
    try:
        with transaction.atomic(savepoint=savepoint):
            return _create(intake)
    except IntegrityError:
        if not savepoint:
            raise  # the transaction cannot read any more: the caller's guard looks
        # Two submissions with the same token raced; the other one won, so return it.
        existing = (
            _by_token(intake.office, intake.stakeholder, client_token) if client_token else None
        )
        if existing is None:
            raise
        return existing


def _validate(office, stakeholder, subject, question, service_type, client_token) -> None:
    if not subject:
        raise InvalidInput(_("Write a subject for the question."))
    if len(subject) > SUBJECT_MAX:
        raise InvalidInput(_("The subject is too long (at most 200 characters)."))
    if not question:
        raise InvalidInput(_("Write the question."))
    if len(question) > QUESTION_MAX:
        raise InvalidInput(_("The question is too long (at most 20,000 characters)."))
    if client_token and len(client_token) > TOKEN_MAX:
        raise InvalidInput(_("The submission token is too long."))
    if stakeholder.office_id != office.pk:
        raise InvalidInput(_("This stakeholder is not registered at this office."))
    if service_type is not None and (
        service_type.office_id != office.pk or not service_type.is_active
    ):
        raise InvalidInput(_("Choose an active service type of this office."))


def taken_with_token(office: Office, token: str) -> tuple[int, int] | None:
    """(id, stakeholder id) of the office's consultation taken in with `token`, if any.
    Usually there is none: the whole row is read only when there is."""
    found = kept_rows(("taken with token",), _with_token, {"office": office.pk, "token": token})
    return found[0] if found else None


def _with_token(values):
    # The token is unique per office: no ordering to ask for.
    return (
        Consultation.objects.filter(office_id=values["office"], client_token=values["token"])
        .order_by()
        .values_list("pk", "stakeholder_id")
    )


def active_channel(kind: str, *, office: Office | None = None) -> Channel | None:
    """The first made of the active channels of this kind: where a question arrived when its
    caller does not say (the portal: online; an integration: the API). Not read again when
    this request's own query read it with `office` (`active_channel_read_now`)."""
    if office is not None:
        read = office.__dict__.get(_CHANNELS_READ_NOW, {})
        if kind in read:
            return read[kind]
    found = kept_objects(("active channel", kind), _active_of_kind, {"kind": kind})
    return found[0] if found else None


def _online_channel_and_listeners(office: Office) -> tuple[Channel | None, bool]:
    """`active_channel(ONLINE)`, where a stakeholder's own question comes in, and whether
    anyone listens to the office's webhooks (`_prepare` asks next), read in one query, not
    two: every question asked on the portal reads both."""
    found = kept_rows(
        ("online channel and listeners",), _online_channel_and_a_listener, {"office": office.pk}
    )
    listens, row = found[0] if found else (None, None)
    return _channel_of_row(row), listens is not None


def _online_channel_and_a_listener(values):
    return (
        Office.objects.filter(pk=values["office"])
        .order_by()
        .values_list(
            any_active_in_the_rows_office(office_column="pk"),
            active_channel_with_the_row(Channel.Kind.ONLINE),
        )
    )


def _active_of_kind(values):
    # The first made, not the first by name: the office's reference data makes the portal
    # first of the online channels, and by name "HAI CSO (OM SPAN)" came before it, so every
    # question asked on the portal was counted as come through HAI CSO. A channel added later
    # (another ministry application) does not take the portal's questions; deactivating the
    # portal's channel does hand them on.
    return Channel.objects.filter(kind=values["kind"], is_active=True).order_by("pk")[:1]


# What a question needs of its channel, read as JSON (a column added later is left deferred: it
# would come back from JSON in the wrong type).
_CHANNEL_COLUMNS = ("id", "code", "name", "kind", "is_active")
_CHANNELS_READ_NOW = "_active_channels_read_now"


def active_channel_with_the_row(kind: str) -> Subquery:
    """`active_channel(kind)`'s row in one JSON value (none: NULL), asked along with another
    query (an office's API key: an integration's question came through the API channel
    unless it says)."""
    row = JSONObject(**{column: column for column in _CHANNEL_COLUMNS})
    return Subquery(_active_of_kind({"kind": kind}).values(row=row))


def active_channel_read_now(office: Office, kind: str, row: dict | None) -> None:
    """Say that this request's own query read `active_channel(kind)` (`row`, from
    `active_channel_with_the_row`): `active_channel(kind, office=office)` reads it no more."""
    office.__dict__.setdefault(_CHANNELS_READ_NOW, {})[kind] = _channel_of_row(row)


def _channel_of_row(row: dict | None) -> Channel | None:
    """The channel `active_channel_with_the_row` read, or None."""
    if row is None:
        return None
    channel = Channel.from_db(
        router.db_for_read(Channel), list(_CHANNEL_COLUMNS), [row[c] for c in _CHANNEL_COLUMNS]
    )
    channel.is_active = bool(channel.is_active)  # SQLite's JSON gives 1
    return channel


def _by_token(office: Office, stakeholder: StakeholderProfile, token: str) -> Consultation | None:
    found = taken_with_token(office, token)
    if found is None:
        return None
    if found[1] != stakeholder.pk:
        raise InvalidInput(_("This submission token was already used."))
    return Consultation.objects.get(pk=found[0])


def _create(intake: Intake) -> Consultation:
    consultation, office, actor = intake.consultation, intake.office, intake.actor
    stakeholder, now, walk_in = intake.stakeholder, intake.now, intake.walk_in
    consultation.number, consultation.pk = _number_and_key(office, consultation.received_at)
    # The stakeholder's own words when they asked themselves (compared by id: their user
    # row need not be read for it).
    by_stakeholder = actor is not None and actor.pk == stakeholder.user_id
    asked = Message(
        consultation=consultation,
        author=actor if by_stakeholder else None,
        kind=Message.Kind.QUESTION,
        body=consultation.question,
    )
    event = new_event(
        consultation,
        actor=actor,
        action=Action.REGISTER_WALK_IN if walk_in else Action.SUBMIT,
        from_status="",
        to_status=consultation.status,
        at=now,
        data={"channel": intake.channel.code},
    )
    # The stakeholder's receipt and, for a question not taken at the desk, the notice to the
    # office's officers.
    notices = notify.stakeholder_notifications(
        consultation,
        kind="received",
        body=_("We have received your question. Its number is %(number)s.")
        % {"number": consultation.number},
    )
    if not walk_in:
        notices += notify.officers_notice(
            consultation,
            kind="new_consultation",
            body=_("A new question is waiting in the inbox."),
        )
    # One statement where the database can (the consultation's key was taken with its
    # number): each round trip here is one the office's next submission waits for.
    insert_new_together([consultation], [asked], [event], notices)
    queued(notices)
    # What needs the keys the statement gave: the files hang on the question, and the
    # integrations are told the event's.
    if intake.files:
        attach_files(consultation, message=asked, files=intake.files, uploaded_by=actor)
    announce(event, consultation, subscriptions=intake.webhook_subscriptions)
    return consultation


def _number_and_key(office: Office, received_at: datetime) -> tuple[str, int | None]:
    """PREFIX-YEAR-SEQUENCE, gapless per office and year, and the consultation's key where the
    database can give it along (PostgreSQL: from the table's sequence), else None. The UPDATE
    takes the sequence row's lock, so concurrent submissions are numbered one after another;
    where the database can (PostgreSQL, SQLite from 3.35) it returns the new value in the same
    statement."""
    year = received_at.astimezone(office.zone).year
    bumped = _bump(office, year)
    if bumped is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(office=office, year=year, last=1)
            bumped = 1, None
        except IntegrityError:  # another submission created the year's row meanwhile
            bumped = _bump(office, year)
    if bumped is None:
        raise RuntimeError(f"no number sequence for {office} in {year}")
    last, key = bumped
    return f"{office.number_prefix}-{year}-{last:05d}", key


def _bump(office: Office, year: int) -> tuple[int, int | None] | None:
    """Add one to the office's sequence of `year`: the new value and, where the database can
    give it along, the next consultation's key; None without a row."""
    if not connection.features.can_return_columns_from_insert:  # no UPDATE … RETURNING
        rows = NumberSequence.objects.filter(office=office, year=year)
        if not rows.update(last=F("last") + 1):
            return None
        return rows.values_list("last", flat=True).get(), None
    meta = NumberSequence._meta
    table, column = meta.db_table, meta.get_field("last").column
    office_column, year_column = meta.get_field("office").column, meta.get_field("year").column
    quote = connection.ops.quote_name
    key = key_reserving_sql(Consultation, connection) or "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote(column)} = {quote(column)} + 1 "  # noqa: S608
            f"WHERE {quote(office_column)} = %s AND {quote(year_column)} = %s "
            f"RETURNING {quote(column)}, {key}",
            [office.pk, year],
        )
        found = cursor.fetchone()
    return (found[0], found[1]) if found else None
