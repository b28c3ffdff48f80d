"""Asking online: the form, the files, the preferred contact, one consultation for a double
submit, and the receipt with the number and what happens next in the standard's words."""

import pytest
from django.urls import reverse
from django.utils import timezone

from konsultasi.accounts.models import Role, StakeholderProfile
from konsultasi.conftest import listen_to_everything, make_staff, webhooks_queued
from konsultasi.consultations.models import Attachment, Consultation
from konsultasi.offices.models import CalendarOverride, Channel, ServiceStandard, ServiceType
from konsultasi.portal.tests.conftest import pdf, program

ASK = reverse("portal:ask")


def question(**extra) -> dict:
    return {
        "subject": "SP2D belum terbit",
        "question": "SPM kami diajukan kemarin; kapan SP2D terbit?",
        "preferred_channel": "portal",
        "client_token": "token-1",
        **extra,
    }


@pytest.fixture(autouse=True)
def _open(office_hours):
    return office_hours


def test_the_ask_form_has_a_label_for_every_field(stakeholder_client):
    page = stakeholder_client.get(ASK).content.decode()
    for field in ("subject", "question", "service_type", "documents"):
        assert f'<label for="id_{field}">' in page


def test_a_stakeholder_asks_with_a_pdf(stakeholder_client, stakeholder):
    response = stakeholder_client.post(ASK, question(documents=pdf()))
    c = Consultation.objects.get()
    assert response["Location"] == reverse("portal:receipt", kwargs={"number": c.number})
    assert c.stakeholder == stakeholder
    assert c.channel.kind == "online"
    attachment = c.attachments.get()
    assert attachment.message.kind == "question"


def test_the_service_type_is_optional_and_kept_when_chosen(stakeholder_client, office):
    chosen = ServiceType.objects.get(office=office, code="retur")
    stakeholder_client.post(ASK, question(service_type=chosen.pk))
    assert Consultation.objects.get().service_type == chosen


def test_a_service_type_of_another_office_is_refused(stakeholder_client, other_office):
    foreign = ServiceType.objects.create(
        office=other_office,
        code="x",
        name="Lain",
        default_section=other_office.sections.get(),
    )
    response = stakeholder_client.post(ASK, question(service_type=foreign.pk))
    assert response.status_code == 400
    assert not Consultation.objects.exists()


# Asking, for a signed-in stakeholder: the session; the user with their profile and its office
# (its calendar stamp with it: the calendar itself comes from the process's cache), and that
# they hold no office role; the online channel with whether anyone listens to the office's
# webhooks — all read before the write transaction; then the number, the consultation, its
# question, its event, the outbox rows; one savepoint (the test's transaction around it)
# opened and released. (Down from 19: the roles come from the middleware's look-up, and with
# no files and the preference unchanged the question's transaction is the only one; from 16:
# a double submit meets the unique key instead of a look-up of its token, and the officers'
# notice names nobody; from 14: the stamp comes with the profile, the profile with the user,
# no roles are asked for, and the channel and the listeners are one query.)
ASK_QUERIES = 10


def test_asking_reads_and_writes_a_fixed_number_of_queries_whatever_the_staff(
    stakeholder_client, office, officer, django_assert_max_num_queries
):
    stakeholder_client.post(ASK, question())  # the preferred contact and the year's numbers set
    with django_assert_max_num_queries(ASK_QUERIES):
        assert stakeholder_client.post(ASK, question(client_token="token-2")).status_code == 302
    for i in range(5):
        make_staff(office, Role.OFFICER, f"officer-{i}")
    with django_assert_max_num_queries(ASK_QUERIES):
        assert stakeholder_client.post(ASK, question(client_token="token-3")).status_code == 302


def test_a_calendar_change_between_two_questions_counts_for_the_second(stakeholder_client, office):
    # The stamp is read with the profile on every request: the next question reads it anew.
    stakeholder_client.post(ASK, question())
    today = timezone.localtime(timezone.now(), office.zone).date()
    CalendarOverride.objects.create(office=office, date=today, kind=CalendarOverride.Kind.CLOSED)
    stakeholder_client.post(ASK, question(subject="Kedua", client_token="token-2"))
    started = {
        c.subject: timezone.localtime(c.service_started_at, office.zone).date()
        for c in Consultation.objects.all()
    }
    assert started["SP2D belum terbit"] == today
    assert started["Kedua"] > today


def test_a_question_asked_on_the_portal_comes_through_the_portals_channel(stakeholder_client):
    # The office's reference data has two online channels: the portal (made first) and HAI
    # CSO (first by name). A question asked here came through the portal.
    assert Channel.objects.filter(kind=Channel.Kind.ONLINE, is_active=True).count() > 1
    stakeholder_client.post(ASK, question())
    assert Consultation.objects.get().channel.code == "portal"


def test_the_online_channel_changed_between_two_questions_counts_for_the_next(
    stakeholder_client,
):
    # The online channel is read with the office's listeners on every question: the first
    # made of the active ones. One added later takes nothing from it; the first deactivated
    # hands its questions on.
    Channel.objects.create(code="online-pusat", name="A Online pusat", kind=Channel.Kind.ONLINE)
    stakeholder_client.post(ASK, question())
    Channel.objects.filter(code="portal").update(is_active=False)
    stakeholder_client.post(ASK, question(subject="Kedua", client_token="token-2"))
    channels = dict(Consultation.objects.values_list("subject", "channel__code"))
    assert channels == {"SP2D belum terbit": "portal", "Kedua": "hai-cso"}


def test_a_subscription_made_or_ended_between_two_questions_counts_for_the_next(
    stakeholder_client, office
):
    # Whether anyone listens is read with the online channel on every question.
    stakeholder_client.post(ASK, question())
    assert webhooks_queued() == 0
    listening = listen_to_everything(office)
    stakeholder_client.post(ASK, question(subject="Kedua", client_token="token-2"))
    assert webhooks_queued() == 1
    listening.is_active = False
    listening.save()
    stakeholder_client.post(ASK, question(subject="Ketiga", client_token="token-3"))
    assert webhooks_queued() == 1


def test_a_double_submit_creates_one_consultation_with_one_set_of_files(stakeholder_client):
    first = stakeholder_client.post(ASK, question(documents=pdf()))
    second = stakeholder_client.post(ASK, question(documents=pdf()))
    assert first["Location"] == second["Location"]
    assert Consultation.objects.count() == 1
    assert Attachment.objects.count() == 1


def test_a_double_submit_without_files_creates_one_consultation_and_leaves_no_gap(
    stakeholder_client,
):
    first = stakeholder_client.post(ASK, question())
    second = stakeholder_client.post(ASK, question())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    only = Consultation.objects.get()
    stakeholder_client.post(ASK, question(client_token="token-next"))
    following = Consultation.objects.exclude(pk=only.pk).get()
    assert int(following.number[-5:]) == int(only.number[-5:]) + 1


def test_a_refused_file_refuses_the_question_and_nothing_is_saved(stakeholder_client):
    response = stakeholder_client.post(ASK, question(documents=program()))
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Consultation.objects.exists()
    assert not Attachment.objects.exists()


def test_a_missing_subject_is_refused_with_the_error_summary(stakeholder_client):
    response = stakeholder_client.post(ASK, question(subject=""))
    assert response.status_code == 400
    assert 'href="#id_subject"' in response.content.decode()


def test_the_preferred_contact_is_kept_on_the_profile(stakeholder_client, stakeholder):
    stakeholder_client.post(ASK, question(preferred_channel="whatsapp"))
    stakeholder.refresh_from_db()
    assert stakeholder.preferred_channel == "whatsapp"


def test_whatsapp_without_a_phone_number_is_refused(stakeholder_client, stakeholder):
    StakeholderProfile.objects.filter(pk=stakeholder.pk).update(phone="")
    response = stakeholder_client.post(ASK, question(preferred_channel="whatsapp"))
    assert response.status_code == 400
    assert not Consultation.objects.exists()
    stakeholder.refresh_from_db()
    assert stakeholder.preferred_channel != "whatsapp"


def test_the_receipt_shows_the_number_and_the_standards_next_steps(stakeholder_client, office):
    stakeholder_client.post(ASK, question())
    c = Consultation.objects.get()
    page = stakeholder_client.get(
        reverse("portal:receipt", kwargs={"number": c.number})
    ).content.decode()
    assert f'id="receipt-number">{c.number}<' in page
    standard = ServiceStandard.objects.get(office=office)
    assert standard.completion_time in page
    assert standard.procedure_online.splitlines()[1] in page


def test_a_visitor_without_an_account_is_offered_the_ways_in(client, office):
    page = client.get(ASK).content.decode()
    assert reverse("portal:register") in page
    assert reverse("portal:guest_start") in page
