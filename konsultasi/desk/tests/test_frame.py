"""The desk frame and its door: who gets in, and what every page carries."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from konsultasi.accounts.middleware import OfficeTimeZoneMiddleware
from konsultasi.desk.access import staff_office
from konsultasi.desk.tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("desk:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_a_stakeholder_finds_no_desk(client, stakeholder_user):
    assert signed_in(client, stakeholder_user).get(reverse("desk:inbox")).status_code == 404


def test_an_officer_sees_the_frame_with_office_saved_views_and_sign_out(client, officer, office):
    page = signed_in(client, officer).get(reverse("desk:inbox")).content.decode()
    assert office.name in page
    assert reverse("logout") in page
    assert "?view=mine" in page
    assert 'href="#main"' in page


def test_the_page_loads_only_vendored_assets(client, officer):
    page = signed_in(client, officer).get(reverse("desk:inbox")).content.decode()
    assert "/static/vendor/htmx-2.0.11.min.js" in page
    assert "/static/css/app.css" in page
    assert "<script>" not in page
    assert "https://" not in page


def test_the_root_is_the_portal_with_a_way_to_sign_in(client, office):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_an_office_without_working_hours_gets_a_clear_message_not_an_error(client, other_office):
    from konsultasi.accounts.models import Role
    from konsultasi.conftest import make_staff

    stranded = make_staff(other_office, Role.OFFICER, "stranded")
    response = signed_in(client, stranded).get(reverse("desk:inbox"))
    assert response.status_code == 503
    assert "jam kerja" in response.content.decode()


def test_the_stylesheet_scripts_and_htmx_are_found_by_staticfiles(db):
    from django.contrib.staticfiles import finders

    for path in ("css/app.css", "js/app.js", "vendor/htmx-2.0.11.min.js"):
        assert finders.find(path), path


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(client, officer):
    signed_in(client, officer)
    page = client.get(reverse("desk:inbox"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in page.content.decode()


def test_desk_code_reads_consultations_only_through_the_access_door():
    """Views and helpers of the desk never query consultations directly: they go through
    `konsultasi.consultations.access` or the selectors built on it."""
    from pathlib import Path

    desk = Path(__file__).resolve().parent.parent
    offenders = [
        path.name
        for path in desk.rglob("*.py")
        if "tests" not in path.parts and "Consultation.objects" in path.read_text()
    ]
    assert offenders == []


def test_a_live_refresh_after_the_session_ended_sends_the_whole_page_to_sign_in(client, db):
    response = client.get(
        reverse("desk:inbox"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/desk/kotak-masuk/?view=mine",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/desk/kotak-masuk/%3Fview%3Dmine"


def through_the_middleware(user):
    """A desk request as the views get it: the time-zone middleware has run."""
    request = RequestFactory().get("/desk/")
    request.user = user
    OfficeTimeZoneMiddleware(lambda request: None)(request)
    timezone.deactivate()
    return request


def test_the_desk_reads_the_office_roles_the_time_zone_middleware_already_read(
    officer, office, django_assert_num_queries
):
    request = through_the_middleware(officer)
    with django_assert_num_queries(0):
        assert staff_office(request) == office


def test_a_desk_role_in_a_closed_office_opens_no_desk(officer, office):
    office.is_active = False
    office.save()
    request = through_the_middleware(officer)
    with pytest.raises(Http404):
        staff_office(request)


def test_the_roles_are_read_again_for_someone_signed_in_during_the_request(
    officer, stakeholder_user, office
):
    request = through_the_middleware(stakeholder_user)
    request.user = officer
    assert staff_office(request) == office
