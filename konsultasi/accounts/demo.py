"""Demo accounts for every role, for development only. Passwords are random and shown once,
when the accounts are created; nothing secret is stored in the repository."""

import secrets

from django.conf import settings
from django.db import transaction

from konsultasi.accounts.models import (
    OfficeRole,
    PreferredChannel,
    Role,
    StakeholderProfile,
    User,
    WorkUnit,
)
from konsultasi.offices.models import Office, Section

# (username, full name, role, section code)
DEMO_STAFF = [
    ("cso", "Petugas CSO Demo", Role.OFFICER, None),
    ("kasi-pd", "Kepala Seksi Pencairan Dana Demo", Role.SECTION_HEAD, "pencairan-dana"),
    ("kasi-bank", "Kepala Seksi Bank Demo", Role.SECTION_HEAD, "bank"),
    ("kakan", "Kepala Kantor Demo", Role.OFFICE_HEAD, None),
    ("admin", "Administrator Demo", Role.ADMIN, None),
    ("kanwil", "Pemantau Kanwil Demo", Role.REGIONAL_VIEWER, None),
]
DEMO_STAKEHOLDER = "satker"
DEMO_WORK_UNIT = ("999999", "Satker Demo (bukan satker sungguhan)")
# Where mail for the demo stakeholder goes (never a real address).
DEMO_STAKEHOLDER_EMAIL = "satker.demo@example.invalid"


class DemoAccountsRefused(Exception):
    pass


@transaction.atomic
def create_demo_accounts(office: Office) -> dict[str, str]:
    """Create the demo accounts that do not exist yet; return {username: password} of those
    created now (empty when they all existed)."""
    if not settings.DEBUG:
        raise DemoAccountsRefused("Demo accounts are for development only (DJANGO_DEBUG=1).")
    created: dict[str, str] = {}
    for username, full_name, role, section_code in DEMO_STAFF:
        user, password = _user(username, full_name, is_admin=role == Role.ADMIN)
        if password:
            created[username] = password
        section = Section.objects.get(office=office, code=section_code) if section_code else None
        OfficeRole.objects.get_or_create(
            user=user, office=office, role=role, defaults={"section": section}
        )

    user, password = _user(DEMO_STAKEHOLDER, "Bendahara Satker Demo", is_admin=False)
    if password:
        created[DEMO_STAKEHOLDER] = password
    if not user.email:
        user.email = DEMO_STAKEHOLDER_EMAIL
        user.save(update_fields=["email"])
    work_unit, _ = WorkUnit.objects.get_or_create(
        code=DEMO_WORK_UNIT[0], defaults={"name": DEMO_WORK_UNIT[1], "office": office}
    )
    StakeholderProfile.objects.get_or_create(
        user=user,
        defaults={
            "office": office,
            "full_name": "Bendahara Satker Demo",
            "position": StakeholderProfile.Position.TREASURER,
            "work_unit": work_unit,
            "email": DEMO_STAKEHOLDER_EMAIL,
            "phone": "081200000000",
            "preferred_channel": PreferredChannel.PORTAL,
        },
    )
    return created


def _user(username: str, full_name: str, *, is_admin: bool) -> tuple[User, str | None]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, None
    password = secrets.token_urlsafe(9)
    first, _, last = full_name.partition(" ")
    user = User.objects.create_user(
        username=username,
        password=password,
        first_name=first,
        last_name=last,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    return user, password
