"""A signed-in user's office roles are read once a request, by the time-zone middleware: the
permission table and the access door of that request use them instead of asking again."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from konsultasi.accounts.backends import AccountBackend
from konsultasi.accounts.middleware import OfficeTimeZoneMiddleware
from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.accounts.permissions import forget_roles, roles_in
from konsultasi.consultations.access import consultations_visible_to

pytestmark = pytest.mark.django_db


def through_the_middleware(user):
    request = RequestFactory().get("/")
    request.user = user
    OfficeTimeZoneMiddleware(lambda request: None)(request)
    timezone.deactivate()
    return request


def test_the_permission_table_reads_no_roles_the_middleware_already_read(
    officer, office, other_office, django_assert_num_queries
):
    request = through_the_middleware(officer)
    with django_assert_num_queries(0):
        assert roles_in(request.user, office) == {Role.OFFICER}
        assert roles_in(request.user, other_office) == frozenset()


def test_a_stakeholders_roles_are_read_once_too(
    stakeholder, office, other_office, django_assert_num_queries
):
    request = through_the_middleware(stakeholder.user)
    with django_assert_num_queries(0):
        assert roles_in(request.user, office) == {Role.STAKEHOLDER}
        assert roles_in(request.user, other_office) == frozenset()


def test_the_access_door_shows_the_same_consultations_from_the_roles_read(
    officer, online_consultation
):
    request = through_the_middleware(officer)
    primed = consultations_visible_to(request.user)
    assert "accounts_officerole" not in str(primed.query)
    fresh = type(officer).objects.get(pk=officer.pk)  # nothing read for it: the subqueries
    assert list(primed) == list(consultations_visible_to(fresh)) == [online_consultation]


def test_an_outsider_sees_nothing_of_the_office_from_the_roles_read(outsider, online_consultation):
    assert list(consultations_visible_to(through_the_middleware(outsider).user)) == []


def test_a_staff_member_who_is_also_a_stakeholder_keeps_both_roles(office, stakeholder):
    OfficeRole.objects.create(user=stakeholder.user, office=office, role=Role.OFFICER)
    request = through_the_middleware(stakeholder.user)
    assert roles_in(request.user, office) == {Role.OFFICER, Role.STAKEHOLDER}


def test_roles_granted_during_the_request_are_read_again_once_forgotten(
    officer, office, other_office
):
    request = through_the_middleware(officer)
    OfficeRole.objects.create(user=officer, office=other_office, role=Role.OFFICE_HEAD)
    forget_roles(request.user)
    assert roles_in(request.user, other_office) == {Role.OFFICE_HEAD}


def test_a_stakeholder_signed_in_is_not_asked_for_office_roles(
    stakeholder, office, django_assert_num_queries
):
    user = AccountBackend().get_user(stakeholder.user_id)  # as each request reads its user
    with django_assert_num_queries(0):
        request = through_the_middleware(user)
        assert roles_in(request.user, office) == {Role.STAKEHOLDER}


def test_an_office_role_granted_to_a_stakeholder_counts_at_their_next_request(
    client, stakeholder, office
):
    client.force_login(stakeholder.user)
    assert client.get(reverse("desk:inbox")).status_code == 404  # no desk role anywhere
    OfficeRole.objects.create(user=stakeholder.user, office=office, role=Role.OFFICER)
    assert client.get(reverse("desk:inbox")).status_code == 200
