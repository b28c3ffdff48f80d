"""The Django admin is where the office's admin keeps the master data."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from konsultasi.accounts.models import User
from konsultasi.consultations.models import Event
from konsultasi.offices.models import CalendarOverride

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="x")


def test_the_front_page_leads_to_the_admin(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize(
    "model",
    [
        "offices/office",
        "offices/section",
        "offices/servicetype",
        "offices/channel",
        "offices/region",
        "accounts/user",
        "accounts/workunit",
        "accounts/stakeholderprofile",
        "consultations/consultation",
        "consultations/event",
        "consultations/alert",
        "notifications/outboxmessage",
    ],
)
def test_every_master_data_list_opens(client, superuser, office, model):
    client.force_login(superuser)
    assert client.get(f"/admin/{model}/").status_code == 200


def test_the_office_page_shows_its_standard_hours_and_sections(client, superuser, office):
    client.force_login(superuser)
    page = client.get(f"/admin/offices/office/{office.pk}/change/").content.decode()
    assert "Tidak dipungut biaya" in page
    assert "Seksi Pencairan Dana" in page


def test_consultations_cannot_be_edited_in_the_admin(client, superuser, online_consultation):
    client.force_login(superuser)
    url = f"/admin/consultations/consultation/{online_consultation.pk}/change/"
    client.post(url, {"status": "closed"})
    online_consultation.refresh_from_db()
    assert online_consultation.status == "new"
    assert (
        client.get(
            f"/admin/consultations/consultation/{online_consultation.pk}/delete/"
        ).status_code
        == 403
    )
    assert Event.objects.count() == 1


def test_a_calendar_override_needs_both_times_or_neither(office):
    override = CalendarOverride(
        office=office, date=date(2026, 9, 5), kind="open", opens=time(8), reason="r"
    )
    with pytest.raises(ValidationError, match="both"):
        override.clean()


def test_a_closed_day_has_no_hours(office):
    override = CalendarOverride(
        office=office, date=date(2026, 9, 5), kind="closed", opens=time(8), closes=time(9),
        reason="r",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="no hours"):
        override.clean()


def test_an_override_must_open_before_it_closes(office):
    override = CalendarOverride(
        office=office, date=date(2026, 9, 5), kind="open", opens=time(12), closes=time(9),
        reason="r",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="open before"):
        override.clean()
