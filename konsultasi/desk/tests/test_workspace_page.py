"""The workspace page of one consultation: what it shows, to whom, and in how many queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konsultasi.conftest import make_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.models import Status as S
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.desk.tests.workspace_helpers import action_url, workspace_url


def page_of(client, user, c) -> str:
    response = signed_in(client, user).get(workspace_url(c))
    assert response.status_code == 200
    return response.content.decode()


def test_the_workspace_shows_the_stakeholder_the_question_and_the_history(
    client, in_state, officer, stakeholder
):
    stakeholder.nik = "1471010101800001"
    stakeholder.nip = "198001012005012001"
    stakeholder.save()
    c = in_state(S.IN_PROGRESS)
    services.add_note(actor=officer, consultation=c, body="Cek data SPM di SPAN")

    page = page_of(client, officer, c)

    assert c.number in page and c.subject in page and c.question in page
    assert stakeholder.full_name in page and "012345" in page and "Satker Uji" in page
    assert "••••••••••••0001" in page
    assert "1471010101800001" not in page
    assert 'class="entry entry--note entry--internal"' in page
    assert "Cek data SPM di SPAN" in page
    assert 'class="tag tag--in_progress"' in page


def test_the_stakeholders_earlier_consultations_are_listed(
    client, in_state, officer, other_stakeholder
):
    earlier = in_state(S.RESOLVED)
    someone_elses = services.submit_question(
        actor=other_stakeholder.user, office=earlier.office, subject="Lain", question="Q"
    )
    c = in_state(S.IN_PROGRESS)
    page = page_of(client, officer, c)
    card = page[page.index('id="stakeholder-title"') :]
    card = card[: card.index("</section>")]
    assert workspace_url(earlier) in card
    assert workspace_url(someone_elses) not in card


def test_the_clocks_read_as_text_in_office_time(client, office_hours, in_state, officer):
    c = in_state(S.IN_PROGRESS)  # Tuesday 09:00, twenty minutes to answer
    office_hours.shift(8 * 60)
    page = page_of(client, officer, c)
    assert "sisa 12 mnt" in page
    assert "Selasa, 1 September 2026 pukul 09.20 WIB" in page


def test_the_service_type_suggested_by_the_keywords_is_offered(
    client, office_hours, office, officer
):
    c = services.register_walk_in(
        officer=officer, office=office, stakeholder=make_stakeholder(office, None),
        subject="Gaji", question="Tunjangan kinerja belum dibayar",
    )  # fmt: skip
    page = page_of(client, officer, c)
    assert "Gaji dan tunjangan" in page
    assert action_url(c, "klasifikasi") in page


@pytest.mark.parametrize(
    ("state", "who", "offered", "not_offered"),
    [
        (S.NEW, "officer", ["ambil", "catatan"], ["progres", "alihkan", "buka-kembali"]),
        (
            S.IN_PROGRESS,
            "officer",
            ["selesaikan", "tindak-lanjut", "eskalasi"],
            ["ambil", "progres"],
        ),
        (S.IN_PROGRESS, "second_officer", ["catatan"], ["selesaikan", "balas", "batalkan"]),
        (S.IN_PROGRESS, "office_head", ["alihkan", "catatan", "batalkan"], ["balas", "selesaikan"]),
        (S.FOLLOW_UP, "officer", ["progres", "selesaikan"], ["tindak-lanjut"]),
        (S.ESCALATED, "section_head", ["jawab-eskalasi", "progres"], ["eskalasi"]),
        (S.ESCALATED, "officer", ["progres"], ["jawab-eskalasi", "jawaban-hai"]),
        (S.RESOLVED, "officer", ["buka-kembali"], ["selesaikan", "tutup"]),
        (S.RESOLVED, "section_head", ["tutup", "buka-kembali"], ["batalkan"]),
    ],
)
def test_only_the_actions_legal_now_for_this_person_are_offered(
    request, client, in_state, state, who, offered, not_offered
):
    c = in_state(state)
    page = page_of(client, request.getfixturevalue(who), c)
    for slug in offered:
        assert action_url(c, slug) in page, slug
    for slug in not_offered:
        assert action_url(c, slug) not in page, slug


def test_another_offices_consultation_is_not_found(client, in_state, outsider):
    c = in_state(S.IN_PROGRESS)
    assert signed_in(client, outsider).get(workspace_url(c)).status_code == 404


def test_a_stakeholder_does_not_get_the_desk_workspace_even_of_their_own(
    client, in_state, stakeholder_user
):
    c = in_state(S.IN_PROGRESS)
    assert signed_in(client, stakeholder_user).get(workspace_url(c)).status_code == 404


def test_an_unknown_number_is_not_found(client, officer):
    assert signed_in(client, officer).get("/desk/k/PKU-2026-99999/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, in_state):
    c = in_state(S.IN_PROGRESS)
    response = client.get(workspace_url(c))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_markup_typed_by_anyone_is_shown_as_text(client, office_hours, office, officer):
    xss = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    visitor = make_stakeholder(office, None, full_name=xss, organisation=xss)
    c = services.register_walk_in(
        officer=officer, office=office, stakeholder=visitor, subject=xss, question=xss
    )
    services.add_note(actor=officer, consultation=c, body=xss)
    page = page_of(client, officer, c)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_the_page_works_without_javascript_every_action_is_a_link_or_a_form(
    client, in_state, officer
):
    c = in_state(S.NEW)
    page = page_of(client, officer, c)
    assert f'<form class="inline-form" method="post" action="{action_url(c, "ambil")}"' in page
    assert f'href="{action_url(c, "catatan")}"' in page


def test_the_number_of_queries_does_not_grow_with_the_timeline(
    client, office_hours, in_state, officer, second_officer, section_head
):
    def queries(c) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(workspace_url(c)).status_code == 200
        return len(captured)

    short, long = in_state(S.IN_PROGRESS), in_state(S.IN_PROGRESS)
    for _ in range(4):
        office_hours.shift(30)
        long = services.reply(actor=officer, consultation=long, body="Balasan")
        long = services.add_note(actor=officer, consultation=long, body="Catatan")
        long = services.escalate(actor=officer, consultation=long, reason="Arahan")
        long = services.answer_escalation(actor=section_head, consultation=long, answer="OK")
        long = services.reassign(actor=section_head, consultation=long, officer=second_officer)
        long = services.reassign(actor=section_head, consultation=long, officer=officer)
    short = services.escalate(actor=officer, consultation=short, reason="Arahan")
    short = services.answer_escalation(actor=section_head, consultation=short, answer="OK")
    short = services.reassign(actor=section_head, consultation=short, officer=officer)
    signed_in(client, officer)
    queries(short)  # warm the session

    assert queries(long) == queries(short)


# The whole page: session and user, the user's office roles (one query for the time zone and
# the desk's guard; the permission table and the access door use them too), the consultation
# (and its open escalation when escalated), the timeline (messages, their attachments, document
# requests, escalations, events, the names of service types and sections), the stakeholder's
# earlier consultations, the suggested service types, the calendar's stamp, the alerts, the
# sidebar counts, what was sent. The answer-suggestions panel is fetched by a request of its
# own (test_answer_suggestions pins it), on both databases alike.
WORKSPACE_QUERIES = {"sqlite": 18, "postgresql": 18}


@pytest.mark.parametrize("status", [S.NEW, S.IN_PROGRESS, S.FOLLOW_UP, S.ESCALATED, S.RESOLVED])
def test_the_workspace_takes_a_fixed_number_of_queries(
    client, in_state, officer, status, django_assert_max_num_queries
):
    c = in_state(status)
    services.add_note(actor=officer, consultation=c, body="Cek data SPM di SPAN")
    signed_in(client, officer)
    client.get(workspace_url(c))  # warm caches (content types, translations)
    with django_assert_max_num_queries(WORKSPACE_QUERIES[connection.vendor]):
        assert client.get(workspace_url(c)).status_code == 200
