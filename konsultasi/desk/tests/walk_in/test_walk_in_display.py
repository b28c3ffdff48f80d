"""The waiting-room display: the numbers at the counters, readable and live, nothing personal."""

import pytest
from django.urls import reverse

from konsultasi.accounts.models import Role
from konsultasi.conftest import make_staff
from konsultasi.walkins import services
from konsultasi.walkins.models import Counter

pytestmark = pytest.mark.django_db


def display_url(office):
    return reverse("desk:walk_in_display", kwargs={"office_slug": office.slug})


def test_the_display_shows_the_number_called_and_its_counter_without_sign_in(
    client, called, counter2
):
    page = client.get(display_url(called.office)).content.decode()

    assert 'class="display-now__number">001<' in page
    assert "Loket 1" in page
    assert "Loket 2" in page
    assert "Nomor antrean 001, silakan menuju Loket 1." in page


def test_the_display_counts_the_people_still_waiting(client, queue, office):
    queue(3)
    assert "3 orang menunggu" in client.get(display_url(office)).content.decode()


def test_an_empty_queue_invites_visitors_to_take_a_number(client, office, office_hours):
    assert "Silakan ambil nomor antrean" in client.get(display_url(office)).content.decode()


def test_the_display_refreshes_itself_and_has_a_live_region(client, office, office_hours):
    page = client.get(display_url(office)).content.decode()
    assert 'hx-trigger="every 3s"' in page
    assert 'aria-live="assertive"' in page
    assert 'http-equiv="refresh"' in page  # without JavaScript, the page reloads itself
    assert "<script>" not in page


def test_htmx_gets_the_board_alone_with_the_key_of_the_newest_call(client, called):
    response = client.get(
        display_url(called.office), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-board"
    )
    board = response.content.decode()
    assert "<html" not in board
    assert f'data-call-key="{called.pk}-1"' in board


def test_calling_again_changes_the_key_so_the_display_chimes_again(client, called, officer):
    services.recall(officer=officer, ticket=called)
    board = client.get(
        display_url(called.office), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-board"
    ).content.decode()
    assert f'data-call-key="{called.pk}-2"' in board


def test_the_display_shows_nothing_about_the_visitor(client, called, officer, stakeholder):
    services.register_visitor(
        officer=officer, ticket=called, stakeholder=stakeholder, subject="Rahasia", question="Q"
    )
    page = client.get(display_url(called.office)).content.decode()
    assert ">001<" in page
    assert stakeholder.full_name not in page
    assert "Rahasia" not in page
    assert str(officer) not in page


def test_numbers_no_longer_at_a_counter_leave_the_board(client, called, officer):
    services.mark_no_show(officer=officer, ticket=called)
    page = client.get(display_url(called.office)).content.decode()
    assert ">001<" not in page


def test_each_office_displays_only_its_own_queue(client, called, other_office):
    assert ">001<" not in client.get(display_url(other_office)).content.decode()


def test_an_unknown_office_has_no_display(client, db):
    assert client.get(reverse("desk:walk_in_display", args=["nowhere"])).status_code == 404


def test_the_display_reads_a_fixed_number_of_queries_however_long_the_queue(
    client, queue, office, django_assert_max_num_queries
):
    queue(12)
    for i in range(6):
        officer = make_staff(office, Role.OFFICER, f"cso{i}")
        counter = Counter.objects.create(office=office, name=f"Loket {i + 1}")
        services.call_next(officer=officer, office=office, counter=counter)
    with django_assert_max_num_queries(4):
        page = client.get(display_url(office)).content.decode()
    assert ">006<" in page
