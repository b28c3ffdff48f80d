from django.test import RequestFactory
from django.utils import timezone

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
