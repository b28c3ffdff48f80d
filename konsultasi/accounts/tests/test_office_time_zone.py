import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.core.signals import request_finished
from django.test import RequestFactory
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from konsultasi.accounts.middleware import OfficeTimeZoneMiddleware, office_zone_of
from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.conftest import make_stakeholder


def current_zone_for(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()

    OfficeTimeZoneMiddleware(view)(request)
    timezone.deactivate()
    return seen["zone"]


def test_staff_see_times_in_their_offices_zone(other_office):
    other_office.time_zone = "Asia/Makassar"
    other_office.save()
    user = User.objects.create_user("wita", password="x")
    OfficeRole.objects.create(user=user, office=other_office, role=Role.OFFICER)
    assert current_zone_for(user) == "Asia/Makassar"


def test_a_stakeholder_sees_times_in_the_zone_of_their_office(office, other_office):
    other_office.time_zone = "Asia/Jayapura"
    other_office.save()
    profile = make_stakeholder(other_office, "papua")
    assert current_zone_for(profile.user) == "Asia/Jayapura"


def test_a_user_without_an_office_sees_the_default_zone(other_office):
    other_office.time_zone = "Asia/Makassar"  # an office elsewhere must not lend its zone
    other_office.save()
    user = User.objects.create_user("nobody", password="x")
    assert office_zone_of(user) is None
    assert current_zone_for(user) == "Asia/Jakarta"


def test_a_request_without_a_session_is_shown_the_default_zone_without_reading_the_user():
    request = RequestFactory().get("/api/v1/me")
    request.session = SessionBase(None)  # no session cookie came with it
    request.user = SimpleLazyObject(lambda: pytest.fail("the user was read"))
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()

    OfficeTimeZoneMiddleware(view)(request)
    timezone.deactivate()
    assert seen["zone"] == "Asia/Jakarta"


def test_a_signed_in_officer_is_shown_their_offices_zone_through_the_pages(client, other_office):
    other_office.time_zone = "Asia/Makassar"
    other_office.save()
    user = User.objects.create_user("wita-pages", password="x")
    OfficeRole.objects.create(user=user, office=other_office, role=Role.OFFICER)
    client.force_login(user)
    seen = {}

    def spy(sender, **kwargs):  # the zone the page was made in, as its answer ends
        seen.setdefault("zone", timezone.get_current_timezone_name())

    request_finished.connect(spy)
    try:
        client.get("/")
    finally:
        request_finished.disconnect(spy)
        timezone.deactivate()  # the middleware leaves the zone on for the rest of the thread
    assert seen["zone"] == "Asia/Makassar"
