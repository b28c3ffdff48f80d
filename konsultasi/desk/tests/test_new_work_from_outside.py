"""Work that arrives by e-mail or WhatsApp reaches the officers' inbox at its next refresh
(every DESK_POLL_SECONDS), with the in-app notification in the alerts strip."""

from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.offices.models import Channel


def test_a_question_taken_in_from_outside_appears_at_the_inboxs_next_refresh(
    client, office_hours, office, officer, stakeholder
):
    signed_in(client, officer).get(reverse("desk:inbox"))
    arrived = services.take_in_from_outside(
        office=office,
        stakeholder=stakeholder,
        channel=Channel.objects.get(kind=Channel.Kind.WHATSAPP),
        subject="SP2D belum terbit",
        question="SP2D belum terbit",
    )
    refreshed = client.get(
        reverse("desk:inbox"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-rows"
    ).content.decode()
    assert arrived.number in refreshed
    assert "Ada pertanyaan baru yang menunggu di kotak masuk." in refreshed  # the alerts strip
