"""The Django admin is where the office's admin keeps the master data."""

from datetime import date, time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from konsultasi import sla
from konsultasi.accounts.models import User
from konsultasi.consultations.models import Event
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import CalendarOverride, WorkingHours

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="x")


def test_the_front_page_is_the_portal_and_leads_to_sign_in(client, office):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


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


def office_form(office, hours, **fields):
    """The admin's office form with its inlines, the working hours replaced by `hours`."""
    data = {
        "slug": office.slug,
        "name": office.name,
        "office_type": office.office_type,
        "number_prefix": office.number_prefix,
        "time_zone": office.time_zone,
        "follow_up_working_days": 3,
        "progress_every_working_days": 1,
        "escalation_answer_working_days": 1,
        "quiet_period_working_days": 3,
        "max_backdate_days": 30,
        "is_active": "on",
        "standard-TOTAL_FORMS": 0,
        "standard-INITIAL_FORMS": 0,
        "calendar_overrides-TOTAL_FORMS": 0,
        "calendar_overrides-INITIAL_FORMS": 0,
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "working_hours-TOTAL_FORMS": len(hours),
        "working_hours-INITIAL_FORMS": 0,
        **fields,
    }
    for i, (weekday, opens, closes) in enumerate(hours):
        data[f"working_hours-{i}-weekday"] = weekday
        data[f"working_hours-{i}-opens"] = opens
        data[f"working_hours-{i}-closes"] = closes
    return data


def test_the_admin_refuses_overlapping_hours_on_one_day(client, superuser, other_office):
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    response = client.post(
        f"/admin/offices/office/{other_office.pk}/change/",
        office_form(other_office, [(0, "08:00", "12:00"), (0, "11:00", "16:00")]),
    )
    assert response.status_code == 200
    assert "overlap" in response.content.decode()
    assert not other_office.working_hours.exists()


def test_the_admin_refuses_an_office_without_hours(client, superuser, other_office):
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    response = client.post(
        f"/admin/offices/office/{other_office.pk}/change/",
        office_form(other_office, []),
    )
    assert response.status_code == 200
    assert "at least one day" in response.content.decode()


def test_the_admin_accepts_a_lunch_break(client, superuser, other_office):
    client.force_login(superuser)
    response = client.post(
        f"/admin/offices/office/{other_office.pk}/change/",
        office_form(other_office, [(0, "08:00", "12:00"), (0, "13:00", "16:00")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert other_office.working_hours.count() == 2


def test_the_admin_sets_how_far_back_a_logged_contact_may_be_dated(client, superuser, other_office):
    client.force_login(superuser)
    response = client.post(
        f"/admin/offices/office/{other_office.pk}/change/",
        office_form(other_office, [(0, "08:00", "16:00")], max_backdate_days=14),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    other_office.refresh_from_db()
    assert other_office.max_backdate_days == 14


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_backdate_days", 3651),
        ("follow_up_working_days", 251),
        ("progress_every_working_days", 251),
        ("escalation_answer_working_days", 251),
        ("quiet_period_working_days", 251),
    ],
)
def test_the_admin_refuses_settings_past_what_the_calendar_can_hold(
    client, superuser, other_office, field, value
):
    """The calendar knows three years ahead; a clock set longer than a working year would
    fall past it."""
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    response = client.post(
        f"/admin/offices/office/{other_office.pk}/change/",
        office_form(other_office, [(0, "08:00", "16:00")], **{field: value}),
    )
    assert response.status_code == 200
    assert "less than or equal to" in response.content.decode()
    other_office.refresh_from_db()
    assert getattr(other_office, field) != value


def test_a_section_head_role_must_name_its_section(office):
    from konsultasi.accounts.models import OfficeRole, Role, User

    user = User.objects.create_user(username="kasi-tanpa-seksi")
    role = OfficeRole(user=user, office=office, role=Role.SECTION_HEAD)
    with pytest.raises(ValidationError, match="names the section"):
        role.clean()


def test_an_office_role_cannot_name_another_offices_section(office, other_office, officer):
    from konsultasi.accounts.models import OfficeRole
    from konsultasi.offices.models import Section

    role = OfficeRole.objects.get(user=officer)
    role.section = Section.objects.get(office=other_office)
    with pytest.raises(ValidationError, match="same office"):
        role.clean()


def test_hours_changed_in_the_admin_are_seen_by_the_next_calendar(client, superuser, office):
    monday = date(2026, 9, 7)
    before = office_calendar(office, around=monday)
    assert sla.hours_on(before, monday) == ((time(8), time(16)),)
    client.force_login(superuser)
    response = client.post(
        f"/admin/offices/office/{office.pk}/change/",
        {
            **office_form(office, []),
            "working_hours-TOTAL_FORMS": 0,
            "working_hours-INITIAL_FORMS": 0,
        }
        | _existing_hours_with(office, monday.weekday(), closes="12:00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = office_calendar(office, around=monday)  # the same office object, read before
    assert sla.hours_on(after, monday) == ((time(8), time(12)),)


def _existing_hours_with(office, weekday, *, closes):
    """The office's hours as the admin's inline shows them, one weekday closing earlier."""
    data = {}
    rows = list(WorkingHours.objects.filter(office=office).order_by("weekday", "opens"))
    data["working_hours-TOTAL_FORMS"] = len(rows)
    data["working_hours-INITIAL_FORMS"] = len(rows)
    for i, row in enumerate(rows):
        data[f"working_hours-{i}-id"] = row.pk
        data[f"working_hours-{i}-office"] = office.pk
        data[f"working_hours-{i}-weekday"] = row.weekday
        data[f"working_hours-{i}-opens"] = row.opens.strftime("%H:%M")
        data[f"working_hours-{i}-closes"] = (
            closes if row.weekday == weekday else row.closes.strftime("%H:%M")
        )
    return data
