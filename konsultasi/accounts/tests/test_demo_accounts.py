from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from konsultasi.accounts.models import OfficeRole, Role, StakeholderProfile, User
from konsultasi.accounts.selectors import section_heads
from konsultasi.offices.models import Section


def test_demo_accounts_cover_every_role_and_print_passwords_once(office, settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()
    call_command("create_demo_accounts", stdout=first)
    call_command("create_demo_accounts", stdout=second)
    staff_roles = {r for r in Role if r != Role.STAKEHOLDER}
    assert set(OfficeRole.objects.values_list("role", flat=True)) == staff_roles
    assert StakeholderProfile.objects.filter(user__username="satker", office=office).exists()
    assert first.getvalue().count("\n") == 1 + User.objects.count()
    assert "exist already" in second.getvalue()


def test_demo_section_heads_head_their_sections(office, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=StringIO())
    disbursement = Section.objects.get(office=office, code="pencairan-dana")
    bank = Section.objects.get(office=office, code="bank")
    assert [u.username for u in section_heads(disbursement)] == ["kasi-pd"]
    assert [u.username for u in section_heads(bank)] == ["kasi-bank"]


def test_demo_passwords_are_not_fixed(office, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    password = out.getvalue().splitlines()[1].split()[1]
    assert User.objects.get(username="cso").check_password(password)
    assert len(password) >= 12


def test_demo_accounts_are_refused_outside_development(office, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_accounts", stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_accounts_need_the_office_first(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("create_demo_accounts", stdout=StringIO())


def test_the_demo_stakeholder_has_an_address_for_the_portal(office, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=StringIO())
    user = User.objects.get(username="satker")
    assert user.email.endswith("@example.invalid")
    assert user.stakeholder_profile.email == user.email
