"""Questions that arrive from another system (the REST API): the stakeholder named by the
caller is found again by e-mail or recorded, and a retry with the same idempotency key gets
the same consultation back.

Steps:
1. before the write transaction, everything that only reads: the stakeholder is the caller
   themselves or found by e-mail in the office, and intake (`prepare_question`) checks
   permission and input and builds the consultation. Should it refuse, a consultation
   already taken in with the idempotency key is returned instead, as it is: a retry gets its
   consultation even if its input would be refused today;
2. intake (`take_in`) writes it in one transaction, with no savepoint of its own. A retry,
   or two tries with the same key racing, meet at the unique key per office: the later
   one's transaction is rolled back whole (its number with it: the numbering stays gapless),
   and it returns the earlier consultation. The key is not looked for before: a retry is
   rare, and the look-up would be one more query for every submission;
3. a stakeholder not on file is looked for again and recorded in the transaction, under the
   office's row lock, so that two first questions of one person make one profile; a retry
   that waited for the lock finds its consultation there.

The write transaction is short on purpose: on SQLite it holds the database's one write lock,
on PostgreSQL the number sequence's row lock, and either way the next submission waits for
it."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from konsultasi.accounts.models import Role, StakeholderProfile, User
from konsultasi.accounts.permissions import Action, require, roles_in
from konsultasi.accounts.services import register_stakeholder
from konsultasi.consultations.access import consultations_visible_to
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.intake import (
    Intake,
    active_channel,
    prepare_question,
    submit_question,
    take_in,
    taken_with_token,
)
from konsultasi.consultations.models import Consultation
from konsultasi.errors import DomainError
from konsultasi.kept_queries import kept_objects
from konsultasi.offices.models import Channel, Office, ServiceType


@dataclass(frozen=True)
class NamedStakeholder:
    name: str
    email: str
    phone: str = ""
    satker_code: str = ""
    satker_name: str = ""


def submit_from_integration(
    *,
    actor: User,
    office: Office,
    subject: str,
    question: str,
    stakeholder: NamedStakeholder | None,
    service_type_code: str | None = None,
    channel_code: str | None = None,
    idempotency_key: str | None = None,
    received_at: datetime | None = None,
) -> tuple[Consultation, bool]:
    """The consultation and whether it was created now (False: a retry of an earlier one)."""
    try:
        service_type = _service_type(office, service_type_code)
        channel = _channel(channel_code)
        intake = _prepare(
            actor=actor,
            office=office,
            subject=subject,
            question=question,
            stakeholder=stakeholder,
            service_type=service_type,
            channel=channel,
            idempotency_key=idempotency_key,
            received_at=received_at,
        )
    except DomainError as refused:
        return _earlier_or(refused, actor, office, idempotency_key), False
    try:
        with transaction.atomic():
            if intake is not None:
                return take_in(intake, savepoint=False), True
            _lock(office)
            if idempotency_key:
                earlier = _earlier(actor, office, idempotency_key)
                if earlier is not None:
                    return earlier, False
            consultation = submit_question(
                actor=actor,
                office=office,
                subject=subject,
                question=question,
                channel=channel or _api_channel(office),
                stakeholder=_find_or_record(actor, office, stakeholder),  # type: ignore[arg-type]
                service_type=service_type,
                client_token=idempotency_key,
                received_at=received_at,
                look_up_token=False,
            )
    except IntegrityError as refused:
        # A try with the same key was taken in before or meanwhile: the unique key per
        # office refused this one, whose transaction is rolled back whole; that one is
        # returned.
        return _earlier_or(refused, actor, office, idempotency_key), False
    return consultation, True


def _earlier_or(refused: Exception, actor: User, office: Office, key: str | None) -> Consultation:
    """The consultation taken in with `key` before, else the refusal raised again."""
    earlier = _earlier(actor, office, key) if key else None
    if earlier is None:
        raise refused
    return earlier


def _prepare(
    *,
    actor: User,
    office: Office,
    subject: str,
    question: str,
    stakeholder: NamedStakeholder | None,
    service_type: ServiceType | None,
    channel: Channel | None,
    idempotency_key: str | None,
    received_at: datetime | None,
) -> Intake | None:
    """Everything that only reads, before the write transaction: the question checked and
    built (`prepare_question`), or None when the stakeholder named is not on file yet."""
    if roles_in(actor, office) == {Role.STAKEHOLDER}:
        # A stakeholder asks for themselves: the profile is theirs, the time is now.
        require(actor, Action.SUBMIT, office)
        return prepare_question(
            actor=actor,
            office=office,
            subject=subject,
            question=question,
            channel=channel,
            service_type=service_type,
            client_token=idempotency_key,
            look_up_token=False,
        )
    require(actor, Action.LOG_CONTACT, office)
    if stakeholder is None:
        raise InvalidInput(_("Name the stakeholder who asks (name and e-mail)."))
    found = _on_file(office, stakeholder)
    if found is None:
        return None
    return prepare_question(
        actor=actor,
        office=office,
        subject=subject,
        question=question,
        channel=channel or _api_channel(office),
        stakeholder=found,
        service_type=service_type,
        client_token=idempotency_key,
        received_at=received_at,
        look_up_token=False,
    )


def _earlier(actor: User, office: Office, key: str) -> Consultation | None:
    """The consultation taken in with this key, if any; one the caller may not see is refused."""
    taken = taken_with_token(office, key)
    if taken is None:
        return None
    found = taken[0]
    if not consultations_visible_to(actor).filter(pk=found).exists():
        raise InvalidInput(_("This submission token was already used."))
    return Consultation.objects.get(pk=found)


def _lock(office: Office) -> None:
    """Take the office's row lock until the transaction ends. SQLite has no row locks: there
    the transaction began IMMEDIATE (settings), which already holds the database's one write
    lock, so submissions are taken in one after another without asking again.

    The lock that does not guard the row's key (FOR NO KEY UPDATE): the office's other
    questions, checking at their commit that the office they name exists (FOR KEY SHARE),
    do not wait for it. With a full FOR UPDATE one of them, holding the year's number, waited
    here while this one waited for the number: a deadlock."""
    if connection.features.has_select_for_update:
        locking = Office.objects.select_for_update(no_key=True).filter(pk=office.pk)
        list(locking.order_by().values_list("pk"))


def _on_file(office: Office, named: NamedStakeholder) -> StakeholderProfile | None:
    email = named.email.strip()
    if not email:
        return None
    found = kept_objects(
        ("stakeholder by e-mail",), _by_email, {"office": office.pk, "email": email}
    )
    return found[0] if found else None


def _by_email(values):
    # Any case, as `email__iexact`, but in the form the index per office and UPPER(email)
    # serves on both databases (SQLite's iexact is a LIKE, which no index serves).
    return (
        StakeholderProfile.objects.alias(email_upper=Upper("email"))
        .filter(office_id=values["office"], email_upper=Upper(Value(values["email"])))
        .select_related("work_unit")
        .order_by("pk")[:1]
    )


def _find_or_record(actor: User, office: Office, named: NamedStakeholder) -> StakeholderProfile:
    email = named.email.strip()
    found = _on_file(office, named)
    if found is not None:
        return found
    return register_stakeholder(
        actor=actor,
        office=office,
        full_name=named.name,
        email=email,
        phone=named.phone,
        work_unit_code=named.satker_code,
        work_unit_name=named.satker_name,
        position=StakeholderProfile.Position.OTHER,
    )


def _service_type(office: Office, code: str | None) -> ServiceType | None:
    if not code:
        return None
    found = (
        ServiceType.objects.filter(office=office, code=code, is_active=True)
        .select_related("default_section")
        .first()
    )
    if found is None:
        raise InvalidInput(_("Choose an active service type of this office."))
    return found


def _channel(code: str | None) -> Channel | None:
    if not code:
        return None
    found = Channel.objects.filter(code=code, is_active=True).first()
    if found is None or found.is_walk_in:
        raise InvalidInput(_("Choose an active channel other than face to face."))
    return found


def _api_channel(office: Office) -> Channel | None:
    """What an integration's question came through unless it says: the API channel."""
    return active_channel(Channel.Kind.API, office=office)
