"""Finding a stakeholder again at the desk: by satker code, NIP, phone, e-mail or name."""

import re

from django.db.models import Q, QuerySet

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.offices import text
from konsultasi.offices.models import Office


def normalise_phone(value: str) -> str:
    """Digits only, with the country code written the Indonesian way (+62 812… → 0812…)."""
    digits = re.sub(r"\D", "", value or "")
    return "0" + digits[2:] if digits.startswith("62") else digits


def find_stakeholders(*, office: Office, query: str, limit: int = 20) -> QuerySet:
    """Profiles of `office` matching `query`; never another office's."""
    # A NUL or a lone surrogate in a search box must not reach the database.
    query = text.searchable(query)
    profiles = StakeholderProfile.objects.filter(office=office).select_related("work_unit")
    if not query:
        return profiles.none()
    digits = re.sub(r"\D", "", query)
    match = Q(full_name__icontains=query) | Q(email__iexact=query)
    if digits and digits == query.replace(" ", "").replace("+", "").replace("-", ""):
        if len(digits) == 6:
            match |= Q(work_unit__code=digits)
        if len(digits) == 18:
            match |= Q(nip=digits)
        if len(digits) >= 6:
            match |= Q(phone__contains=normalise_phone(query)[-9:])
    return profiles.filter(match).order_by("full_name")[:limit]
