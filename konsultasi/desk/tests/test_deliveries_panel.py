"""The workspace's panel of what was sent about a consultation, to whom, when and how."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konsultasi.consultations.models import Status as S
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.desk.tests.workspace_helpers import workspace_url
from konsultasi.notifications.models import OutboxMessage


def panel_of(client, user, c) -> str:
    page = signed_in(client, user).get(workspace_url(c)).content.decode()
    panel = page[page.index('id="deliveries-title"') :]
    return panel[: panel.index("</section>")]


def test_the_panel_lists_each_message_with_its_recipient_channel_and_state(
    client, in_state, officer, stakeholder
):
    c = in_state(S.IN_PROGRESS)
    OutboxMessage.objects.filter(consultation=c, kind="received", channel="email").update(
        state=OutboxMessage.State.SENT
    )
    OutboxMessage.objects.filter(consultation=c, kind="claimed", channel="email").update(
        state=OutboxMessage.State.PARKED, attempts=8
    )
    panel = panel_of(client, officer, c)
    assert stakeholder.email in panel
    assert "pertanyaan diterima" in panel and "terkirim" in panel
    assert "tertahan, menunggu administrator" in panel


def test_a_new_question_notice_shows_as_one_to_the_officers_with_how_many_read_it(
    client, online_consultation, officer, second_officer
):
    c = online_consultation
    assert "petugas kantor" in panel_of(client, officer, c)
    assert "ditampilkan di aplikasi" in panel_of(client, officer, c)
    notice = OutboxMessage.objects.get(consultation=c, kind="new_consultation")
    for reader in (officer, second_officer):
        signed_in(client, reader).post(reverse("desk:alert_read", kwargs={"pk": notice.pk}))
    assert "dibaca 2 petugas" in panel_of(client, officer, c)


def test_an_address_typed_with_markup_is_shown_inert(client, in_state, officer):
    c = in_state(S.IN_PROGRESS)
    OutboxMessage.objects.filter(consultation=c, channel="email").update(
        address="<script>alert(1)</script>@example.invalid"
    )
    panel = panel_of(client, officer, c)
    assert "<script>alert(1)" not in panel and "&lt;script&gt;" in panel


def test_the_panel_costs_the_same_queries_however_many_messages_were_sent(
    client, in_state, officer
):
    c = in_state(S.IN_PROGRESS)
    signed_in(client, officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(workspace_url(c))
        return len(captured)

    queries()
    few = queries()
    for n in range(6):
        OutboxMessage.objects.create(
            office=c.office,
            consultation=c,
            kind="progress",
            channel="email",
            address=f"a{n}@example.invalid",
            subject="s",
            body="b",
        )
    assert queries() == few
