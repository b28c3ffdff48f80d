"""The stakeholder's notification list: the in-app news of their own consultations."""

from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.models import Status
from konsultasi.notifications.models import OutboxMessage
from konsultasi.portal.tests.conftest import signed_in

NOTIFICATIONS = reverse("portal:notifications")


def test_the_list_shows_every_change_the_stakeholder_should_know_of(
    stakeholder_client, in_state, officer
):
    c = in_state(Status.IN_PROGRESS)
    services.request_documents(actor=officer, consultation=c, description="Salinan kontrak")
    page = stakeholder_client.get(NOTIFICATIONS).content.decode()
    assert "Salinan kontrak" in page
    assert c.number in page


def test_another_stakeholders_news_is_not_listed(client, in_state, other_stakeholder):
    in_state(Status.WAITING_STAKEHOLDER)
    page = signed_in(client, other_stakeholder.user).get(NOTIFICATIONS).content.decode()
    assert "Salinan SPM" not in page


def test_all_can_be_marked_read(stakeholder_client, in_state, stakeholder_user):
    in_state(Status.WAITING_STAKEHOLDER)
    stakeholder_client.post(reverse("portal:notifications_read"))
    assert not OutboxMessage.objects.filter(
        recipient=stakeholder_user, channel="in_app", read_at__isnull=True
    ).exists()


def test_the_menu_counts_the_unread(stakeholder_client, in_state, stakeholder_user):
    in_state(Status.WAITING_STAKEHOLDER)
    unread = OutboxMessage.objects.filter(
        recipient=stakeholder_user, channel="in_app", read_at__isnull=True
    ).count()
    page = stakeholder_client.get(reverse("portal:home")).content.decode()
    assert f'<span class="badge">{unread}<span class="visually-hidden">' in page


def test_the_list_reads_a_fixed_number_of_queries(
    stakeholder_client, in_state, django_assert_max_num_queries
):
    for _ in range(3):
        in_state(Status.WAITING_STAKEHOLDER)
    with django_assert_max_num_queries(8):
        assert stakeholder_client.get(NOTIFICATIONS).status_code == 200
