"""The signed-in user of a request is read with a query kept per process (AccountBackend): it
is the user Django would read, and a change to the account counts at the next request."""

import pytest
from django.contrib.auth import get_user
from django.test import RequestFactory
from django.urls import reverse

from konsultasi.accounts.backends import AccountBackend
from konsultasi.accounts.models import User
from konsultasi.accounts.selectors import stakeholder_profile_of

pytestmark = pytest.mark.django_db


def test_the_backend_reads_the_user_django_would_read(officer):
    for _ in range(2):  # the second time runs the kept query
        found = AccountBackend().get_user(officer.pk)
        expected = User.objects.get(pk=officer.pk)
        assert {f.attname: getattr(found, f.attname) for f in User._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in User._meta.concrete_fields
        }


def test_an_unknown_user_is_nobody(officer):
    AccountBackend().get_user(officer.pk)
    assert AccountBackend().get_user(officer.pk + 10_000) is None


def test_a_deactivated_officer_is_signed_out_at_the_next_request(client, officer):
    client.force_login(officer)
    assert client.get(reverse("desk:inbox")).status_code == 200
    User.objects.filter(pk=officer.pk).update(is_active=False)
    answer = client.get(reverse("desk:inbox"))
    assert answer.status_code == 302 and reverse("login") in answer["Location"]


def test_a_changed_password_ends_the_other_sessions(client, officer):
    client.force_login(officer)
    assert client.get(reverse("desk:inbox")).status_code == 200
    officer.set_password("a-new-Password-2026")
    officer.save()
    request = RequestFactory().get("/")
    request.session = client.session
    assert not get_user(request).is_authenticated


def test_a_stakeholders_profile_and_its_office_come_with_the_user(
    stakeholder_user, django_assert_num_queries
):
    user = AccountBackend().get_user(stakeholder_user.pk)
    with django_assert_num_queries(0):
        profile = stakeholder_profile_of(user)
        assert profile is not None and profile.user_id == stakeholder_user.pk
        assert profile.office.zone is not None


def test_an_officer_is_known_to_have_no_profile_without_another_query(
    officer, django_assert_num_queries
):
    user = AccountBackend().get_user(officer.pk)
    with django_assert_num_queries(0):
        assert stakeholder_profile_of(user) is None
