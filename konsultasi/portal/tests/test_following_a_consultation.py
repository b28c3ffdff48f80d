"""What a stakeholder does on their consultation: reply, send the documents asked for, confirm
the answer, or reopen within the quiet period with a reason; and what they read there."""

from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.models import Message, Status
from konsultasi.desk.workspace_actions import answer_with_citations
from konsultasi.notifications.models import OutboxMessage
from konsultasi.portal.tests.conftest import pdf, program


def act(client, c, slug, **data):
    url = reverse("portal:consultation_action", kwargs={"number": c.number, "slug": slug})
    return client.post(url, {"version": c.version, **data})


def page(client, c) -> str:
    return client.get(reverse("portal:consultation", kwargs={"number": c.number})).content.decode()


def test_the_stakeholder_replies(stakeholder_client, in_state):
    c = in_state(Status.IN_PROGRESS)
    response = act(stakeholder_client, c, "balas", body="Nomor SPM 00123")
    assert response.status_code == 302
    assert Message.objects.filter(consultation=c, kind="reply", body="Nomor SPM 00123").exists()


def test_an_empty_reply_is_refused_with_the_error_summary(stakeholder_client, in_state):
    c = in_state(Status.IN_PROGRESS)
    response = act(stakeholder_client, c, "balas", body="   ")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_the_stakeholder_answers_a_document_request_by_upload(stakeholder_client, in_state):
    c = in_state(Status.WAITING_STAKEHOLDER)
    assert "Salinan SPM" in page(stakeholder_client, c)
    response = act(stakeholder_client, c, "dokumen", documents=pdf(), note="")
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS
    assert c.attachments.get().original_name == "spm.pdf"


def test_a_program_disguised_as_a_pdf_is_refused_and_nothing_changes(stakeholder_client, in_state):
    c = in_state(Status.WAITING_STAKEHOLDER)
    response = act(stakeholder_client, c, "dokumen", documents=program(), note="")
    assert response.status_code == 400
    c.refresh_from_db()
    assert c.status == Status.WAITING_STAKEHOLDER
    assert not c.attachments.exists()


def test_the_stakeholder_downloads_their_own_file(stakeholder_client, in_state):
    c = in_state(Status.WAITING_STAKEHOLDER)
    act(stakeholder_client, c, "dokumen", documents=pdf(), note="")
    attachment = c.attachments.get()
    response = stakeholder_client.get(
        reverse("portal:attachment", kwargs={"number": c.number, "pk": attachment.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_answer_shows_with_the_regulations_it_cites(stakeholder_client, in_state, officer):
    c = in_state(Status.IN_PROGRESS)
    answer = answer_with_citations("SP2D terbit besok.", "PMK 62 Tahun 2023 pasal 12")
    services.resolve(actor=officer, consultation=c, answer=answer)
    shown = page(stakeholder_client, c)
    assert "SP2D terbit besok." in shown
    assert "PMK 62 Tahun 2023 pasal 12" in shown
    assert "Selesai" in shown


def test_the_stakeholder_confirms_the_answer_solved_it(stakeholder_client, in_state):
    c = in_state(Status.RESOLVED)
    assert act(stakeholder_client, c, "konfirmasi").status_code == 302
    c.refresh_from_db()
    assert c.status == Status.CLOSED


def test_the_stakeholder_reopens_with_a_reason(stakeholder_client, in_state):
    c = in_state(Status.RESOLVED)
    assert act(stakeholder_client, c, "buka-kembali", reason="SP2D belum terbit").status_code == 302
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS


def test_reopening_needs_a_reason(stakeholder_client, in_state):
    c = in_state(Status.RESOLVED)
    assert act(stakeholder_client, c, "buka-kembali", reason="").status_code == 400
    c.refresh_from_db()
    assert c.status == Status.RESOLVED


def test_reopening_after_the_quiet_period_is_refused(stakeholder_client, in_state, office_hours):
    c = in_state(Status.RESOLVED)
    office_hours.move_to(c.auto_close_at)
    response = act(stakeholder_client, c, "buka-kembali", reason="Terlambat")
    assert response.status_code == 400
    c.refresh_from_db()
    assert c.status == Status.RESOLVED


def test_a_form_from_a_stale_page_is_refused(stakeholder_client, in_state, officer):
    c = in_state(Status.IN_PROGRESS)
    shown_version = c.version
    services.reply(actor=officer, consultation=c, body="Mohon tunggu")
    url = reverse("portal:consultation_action", kwargs={"number": c.number, "slug": "balas"})
    response = stakeholder_client.post(url, {"version": shown_version, "body": "Halo"})
    assert response.status_code == 409
    assert not Message.objects.filter(body="Halo").exists()


def test_internal_notes_never_reach_the_stakeholder(stakeholder_client, in_state, officer):
    c = in_state(Status.IN_PROGRESS)
    services.add_note(actor=officer, consultation=c, body="Catatan internal rahasia")
    assert "Catatan internal rahasia" not in page(stakeholder_client, c)


def test_progress_updates_are_shown_with_the_follow_up_due_date(
    stakeholder_client, in_state, officer
):
    c = in_state(Status.FOLLOW_UP)
    services.post_progress(actor=officer, consultation=c, body="Sedang dicek ke bank")
    shown = page(stakeholder_client, c)
    assert "Sedang dicek ke bank" in shown
    assert "Sedang diproses" in shown


def test_script_in_a_reply_is_inert(stakeholder_client, in_state):
    c = in_state(Status.IN_PROGRESS)
    act(stakeholder_client, c, "balas", body="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in page(stakeholder_client, c)


def test_opening_a_consultation_marks_its_notifications_read(stakeholder_client, in_state):
    c = in_state(Status.WAITING_STAKEHOLDER)
    unread = OutboxMessage.objects.filter(
        consultation=c, channel="in_app", recipient=c.stakeholder.user, read_at__isnull=True
    )
    assert unread.exists()
    page(stakeholder_client, c)
    assert not unread.exists()


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_history(
    stakeholder_client, in_state, officer, django_assert_max_num_queries
):
    c = in_state(Status.FOLLOW_UP)
    for day in range(6):
        c = services.post_progress(actor=officer, consultation=c, body=f"Progres {day}")
        c = services.reply(actor=officer, consultation=c, body=f"Pesan {day}")
    page(stakeholder_client, c)  # reads the news once
    with django_assert_max_num_queries(25):
        shown = page(stakeholder_client, c)
    assert "Progres 5" in shown


def test_the_page_can_be_read_in_english(stakeholder_client, in_state):
    c = in_state(Status.WAITING_STAKEHOLDER)
    stakeholder_client.cookies["django_language"] = "en"
    shown = page(stakeholder_client, c)
    assert "Waiting for your confirmation/response" in shown
    assert 'lang="en"' in shown


def test_an_entry_cited_from_the_library_links_to_its_public_page(
    stakeholder_client, in_state, officer
):
    from konsultasi.knowledge.models import Entry
    from konsultasi.knowledge.services import cite_entry, save_entry

    entry = save_entry(
        actor=None,
        entry=Entry(
            slug="pmk-210-pmk05-2022",
            kind="pmk",
            number="210/PMK.05/2022",
            title="Tata Cara Pembayaran dalam rangka Pelaksanaan APBN",
        ),
        service_types=None,
    )
    c = in_state(Status.IN_PROGRESS)
    cite_entry(actor=officer, consultation=c, entry=entry)
    c.refresh_from_db()
    answer = answer_with_citations("SPM diajukan paling lambat hari ini.", entry.reference)
    services.resolve(actor=officer, consultation=c, answer=answer, expected_version=c.version)
    shown = page(stakeholder_client, c)
    link = reverse("pustaka:entry", kwargs={"slug": entry.slug})
    assert f'<a href="{link}">{entry.reference}</a>' in shown
    assert shown.count(entry.reference) == 1


def test_a_signed_in_stakeholder_finds_the_survey_and_the_complaint_form_on_their_consultation(
    stakeholder_client, in_state, officer
):
    c = in_state(Status.IN_PROGRESS)
    services.resolve(actor=officer, consultation=c, answer="SP2D terbit besok.")
    shown = page(stakeholder_client, c)
    assert reverse("feedback_portal:my_survey", kwargs={"number": c.number}) in shown
    assert reverse("feedback_portal:complain", kwargs={"number": c.number}) in shown
