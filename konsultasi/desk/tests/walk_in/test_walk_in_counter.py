"""The officer's counter: pick my counter, call the next number, call again, not present."""

import pytest
from django.urls import reverse

from konsultasi.accounts.models import Role
from konsultasi.conftest import make_staff
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.desk.tests.walk_in.conftest import sit_at
from konsultasi.walkins import services
from konsultasi.walkins.models import Counter, Ticket

pytestmark = pytest.mark.django_db

COUNTER = reverse("desk:walk_in_counter")
CALL = reverse("desk:walk_in_call_next")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(COUNTER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_stakeholder_finds_no_counter(client, stakeholder_user):
    assert signed_in(client, stakeholder_user).get(COUNTER).status_code == 404


def test_the_office_head_does_not_work_a_counter(client, office_head):
    assert signed_in(client, office_head).get(COUNTER).status_code == 403
    assert signed_in(client, office_head).post(CALL).status_code == 403


def test_a_section_head_may_work_a_counter(client, section_head, counter, queue):
    queue(1)
    head = sit_at(signed_in(client, section_head), counter)
    assert head.post(CALL).status_code == 302


def test_the_frame_links_officers_to_the_counter(desk_client):
    page = desk_client.get(reverse("desk:inbox")).content.decode()
    assert f'href="{COUNTER}"' in page


def test_an_officer_picks_a_counter_and_keeps_it(desk_client, counter, counter2):
    response = desk_client.post(reverse("desk:walk_in_choose_counter"), {"counter": counter2.pk})
    assert response.status_code == 302
    page = desk_client.get(COUNTER).content.decode()
    assert "Anda bertugas di Loket 2." in page
    assert "Panggil nomor berikutnya" in page


def test_a_counter_of_another_office_cannot_be_picked(desk_client, counter, other_office):
    foreign = Counter.objects.create(office=other_office, name="Loket Dumai")
    response = desk_client.post(reverse("desk:walk_in_choose_counter"), {"counter": foreign.pk})
    assert response.status_code == 400
    assert "Pilih loket yang aktif" in response.content.decode()


def test_an_office_without_counters_is_told_who_adds_them(desk_client):
    assert "Administrator dapat menambahkannya" in desk_client.get(COUNTER).content.decode()


def test_calling_without_a_counter_is_refused(desk_client, counter, queue):
    queue(1)
    response = desk_client.post(CALL)
    assert response.status_code == 400
    assert "Pilih loket Anda terlebih dahulu." in response.content.decode()
    assert Ticket.objects.get().status == Ticket.Status.WAITING


def test_a_closed_counter_in_the_session_no_longer_counts(at_counter, counter, queue):
    queue(1)
    Counter.objects.filter(pk=counter.pk).update(is_active=False)
    assert at_counter.post(CALL).status_code == 400


def test_calling_the_next_number_opens_its_registration(at_counter, queue):
    first, _ = queue(2)

    response = at_counter.post(CALL)

    assert response.status_code == 302
    assert response["Location"] == reverse("desk:walk_in_register", kwargs={"pk": first.pk})
    first.refresh_from_db()
    assert first.status == Ticket.Status.CALLED


def test_calling_is_a_post(at_counter, queue):
    queue(1)
    assert at_counter.get(CALL).status_code == 405
    assert Ticket.objects.get().status == Ticket.Status.WAITING


def test_calling_with_nobody_waiting_says_so(at_counter, office_hours):
    response = at_counter.post(CALL)
    assert response.status_code == 400
    assert "Tidak ada pengunjung dalam antrean." in response.content.decode()


def test_a_number_still_called_is_shown_with_its_actions_instead_of_call_next(at_counter, called):
    page = at_counter.get(COUNTER).content.decode()
    assert 'class="counter-current__number">001<' in page
    assert reverse("desk:walk_in_register", kwargs={"pk": called.pk}) in page
    assert "Panggil ulang" in page
    assert CALL not in page


def test_calling_again_from_the_counter(at_counter, called):
    response = at_counter.post(reverse("desk:walk_in_recall", kwargs={"pk": called.pk}))
    assert response["Location"] == COUNTER
    called.refresh_from_db()
    assert called.times_called == 2


def test_calling_again_from_the_registration_page_stays_there(at_counter, called):
    url = reverse("desk:walk_in_recall", kwargs={"pk": called.pk})
    response = at_counter.post(url, {"back": "register"})
    assert response["Location"] == reverse("desk:walk_in_register", kwargs={"pk": called.pk})


def test_a_visitor_not_present_frees_the_counter_for_the_next(at_counter, called, queue):
    queue(1)
    response = at_counter.post(reverse("desk:walk_in_no_show", kwargs={"pk": called.pk}))
    assert response["Location"] == COUNTER
    called.refresh_from_db()
    assert called.status == Ticket.Status.NO_SHOW
    assert at_counter.post(CALL).status_code == 302


def test_another_officers_number_cannot_be_touched(client, called, second_officer, counter2):
    colleague = sit_at(signed_in(client, second_officer), counter2)
    response = colleague.post(reverse("desk:walk_in_no_show", kwargs={"pk": called.pk}))
    assert response.status_code == 400
    assert "dipanggil oleh officer" in response.content.decode()
    called.refresh_from_db()
    assert called.status == Ticket.Status.CALLED


def test_a_number_of_another_office_is_not_found(client, called, outsider):
    response = signed_in(client, outsider).post(
        reverse("desk:walk_in_recall", kwargs={"pk": called.pk})
    )
    assert response.status_code == 404


def test_a_visitor_being_served_is_finished_from_the_counter(
    at_counter, called, officer, stakeholder
):
    consultation = services.register_visitor(
        officer=officer, ticket=called, stakeholder=stakeholder, subject="S", question="Q"
    )
    page = at_counter.get(COUNTER).content.decode()
    assert "Sedang dilayani di Loket 1" in page
    assert consultation.number in page
    assert "sisa 20 mnt" in page  # the service clock stays in sight

    response = at_counter.post(reverse("desk:walk_in_finish", kwargs={"pk": called.pk}))

    assert response["Location"] == COUNTER
    called.refresh_from_db()
    assert called.status == Ticket.Status.DONE


def test_the_waiting_list_refreshes_itself_alone(at_counter, queue):
    queue(2)
    response = at_counter.get(COUNTER, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-status")
    part = response.content.decode()
    assert "<html" not in part
    assert "2 pengunjung menunggu" in part
    assert ">002<" in part


def test_the_counter_page_reads_a_fixed_number_of_queries_however_long_the_queue(
    at_counter, queue, office, django_assert_max_num_queries
):
    def queries_for_page():
        with django_assert_max_num_queries(1000) as captured:
            at_counter.get(COUNTER)
        return len(captured.captured_queries)

    queue(2)
    few = queries_for_page()
    queue(15)
    for i in range(4):
        colleague = make_staff(office, Role.OFFICER, f"cso{i}")
        counter = Counter.objects.create(office=office, name=f"Loket {i + 10}")
        services.call_next(officer=colleague, office=office, counter=counter)
    assert queries_for_page() == few
