"""Writes on people: an officer records a new stakeholder at the desk (a walk-in visitor, or
someone who phoned or wrote to the office's official contacts)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from konsultasi.accounts.models import StakeholderProfile, User, WorkUnit, work_unit_code_validator
from konsultasi.accounts.permissions import Action, PermissionDenied, can
from konsultasi.accounts.selectors import normalise_phone
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office


class InvalidProfile(DomainError):
    """The profile cannot be saved as given; `field_errors` maps each field to its messages."""

    code = "invalid_input"

    def __init__(self, message: str, field_errors: dict[str, list[str]] | None = None):
        self.field_errors = field_errors or {}
        super().__init__(message)


def register_stakeholder(
    *,
    actor: User,
    office: Office,
    full_name: str,
    position: str = StakeholderProfile.Position.OTHER,
    work_unit_code: str = "",
    work_unit_name: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
    nip: str = "",
    nik: str = "",
) -> StakeholderProfile:
    """A profile without a user account, kept by `office`.

    Steps: check that the actor takes questions at this office; find the work unit by its
    code (creating it when the officer names a new one); validate every field the way the
    model does; refuse a NIP already on file here, so one person has one profile."""
    if not (can(actor, Action.REGISTER_WALK_IN, office) or can(actor, Action.LOG_CONTACT, office)):
        raise PermissionDenied(Action.REGISTER_WALK_IN)
    full_name, email, nip, nik = (v.strip() for v in (full_name, email, nip, nik))
    work_unit_code, work_unit_name = work_unit_code.strip(), work_unit_name.strip()
    with transaction.atomic():
        work_unit = _work_unit(office, work_unit_code, work_unit_name)
        profile = StakeholderProfile(
            office=office,
            full_name=full_name,
            position=position,
            work_unit=work_unit,
            organisation=organisation.strip(),
            phone=normalise_phone(phone),
            email=email,
            nip=nip,
            nik=nik,
        )
        errors: dict[str, list[str]] = {}
        try:
            profile.full_clean()
        except ValidationError as error:
            errors = {field: list(messages) for field, messages in error.message_dict.items()}
        if not profile.phone and not profile.email:
            errors.setdefault("phone", []).append(
                _("Write a phone number or an e-mail address, so we can reach them again.")
            )
        if "nip" not in errors and nip:
            holder = StakeholderProfile.objects.filter(office=office, nip=nip).first()
            if holder is not None:
                errors["nip"] = [
                    _("This NIP is already on file for %(name)s.") % {"name": holder.full_name}
                ]
        if errors:
            first = next(iter(errors.values()))[0]
            raise InvalidProfile(first, errors)
        profile.save()
    return profile


def _work_unit(office: Office, code: str, name: str) -> WorkUnit | None:
    if not code:
        return None
    try:
        work_unit_code_validator(code)
    except ValidationError as error:
        raise InvalidProfile(error.messages[0], {"work_unit_code": error.messages}) from None
    found = WorkUnit.objects.filter(code=code).first()
    if found is not None:
        return found
    if not name:
        message = _("Work unit %(code)s is not on file yet: write its name.") % {"code": code}
        raise InvalidProfile(message, {"work_unit_name": [message]})
    if len(name) > 300:
        message = _("The work unit's name is too long (at most 300 characters).")
        raise InvalidProfile(message, {"work_unit_name": [message]})
    return WorkUnit.objects.create(code=code, name=name, office=office)
