"""The kiosk: anyone takes a number (no sign-in), sees it large, and the kiosk goes back to
the start by itself."""

import pytest
from django.test import Client
from django.urls import reverse

from konsultasi.offices.models import Office, ServiceType
from konsultasi.walkins.models import Ticket

pytestmark = pytest.mark.django_db


def kiosk_url(office):
    return reverse("desk:walk_in_kiosk", kwargs={"office_slug": office.slug})


def test_the_kiosk_opens_without_sign_in_with_the_big_button_and_the_service_types(client, office):
    page = client.get(kiosk_url(office)).content.decode()
    assert "Ambil nomor antrean" in page
    assert "Pencairan dana / SP2D" in page
    assert "tidak dipungut biaya" in page


def test_taking_a_number_shows_it_large(client, office, office_hours):
    response = client.post(kiosk_url(office), follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="kiosk-ticket__number">001<' in page
    assert "0 orang menunggu sebelum Anda" in page
    assert Ticket.objects.get().number == 1


def test_the_next_visitor_gets_the_next_number_and_sees_who_is_ahead(client, office, office_hours):
    client.post(kiosk_url(office))
    page = client.post(kiosk_url(office), follow=True).content.decode()
    assert ">002<" in page
    assert "1 orang menunggu sebelum Anda" in page


def test_a_chosen_service_type_is_printed_on_the_number(client, office, service_type, office_hours):
    page = client.post(
        kiosk_url(office), {"service_type": service_type.pk}, follow=True
    ).content.decode()
    assert service_type.name in page
    assert Ticket.objects.get().service_type == service_type


@pytest.mark.parametrize("chosen", ["x", "99999"])
def test_a_service_type_not_offered_here_is_refused(client, office, office_hours, chosen):
    response = client.post(kiosk_url(office), {"service_type": chosen})
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_an_inactive_service_type_is_not_offered_nor_taken(
    client, office, service_type, office_hours
):
    ServiceType.objects.filter(pk=service_type.pk).update(is_active=False)
    assert service_type.name not in client.get(kiosk_url(office)).content.decode()
    assert client.post(kiosk_url(office), {"service_type": service_type.pk}).status_code == 400


def test_taking_a_number_needs_the_kiosk_pages_csrf_token(office, office_hours):
    response = Client(enforce_csrf_checks=True).post(kiosk_url(office))
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_too_many_numbers_from_one_address_are_refused_for_a_while(
    client, office, office_hours, settings
):
    settings.KONSULTASI_KIOSK_TICKETS_PER_MINUTE = 2
    client.post(kiosk_url(office))
    client.post(kiosk_url(office))

    refused = client.post(kiosk_url(office))

    assert refused.status_code == 429
    assert Ticket.objects.count() == 2
    office_hours.shift(60)
    assert client.post(kiosk_url(office)).status_code == 302


def test_the_kiosk_only_takes_posts_and_gets(client, office):
    assert client.put(kiosk_url(office)).status_code == 405


def test_an_unknown_or_closed_office_has_no_kiosk(client, office):
    assert client.get(reverse("desk:walk_in_kiosk", args=["nowhere"])).status_code == 404
    Office.objects.filter(pk=office.pk).update(is_active=False)
    assert client.get(kiosk_url(office)).status_code == 404
    assert client.post(kiosk_url(office)).status_code == 404


def test_a_tampered_ticket_link_is_not_found(client, office, office_hours):
    location = client.post(kiosk_url(office))["Location"]
    assert client.get(location[:-3] + "xyz/").status_code == 404


def test_a_ticket_link_shown_under_another_office_is_not_found(
    client, office, other_office, office_hours
):
    location = client.post(kiosk_url(office))["Location"]
    assert client.get(location.replace(office.slug, other_office.slug)).status_code == 404


def test_the_number_page_goes_back_to_the_start_even_without_javascript(
    client, office, office_hours
):
    page = client.post(kiosk_url(office), follow=True).content.decode()
    assert f'content="30;url={kiosk_url(office)}"' in page
    assert f'data-kiosk-home="{kiosk_url(office)}"' in page
    assert "<script>" not in page


def test_the_kiosk_reads_a_fixed_number_of_queries(client, office, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(kiosk_url(office))
