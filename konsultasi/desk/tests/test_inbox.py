"""The inbox: who sees what, saved views, filters, search, keyset pages, live refresh and a
query count that does not grow with the page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import Truncator

from konsultasi.accounts.models import Role, WorkUnit
from konsultasi.conftest import make_staff, make_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.models import Status
from konsultasi.consultations.selectors import InboxView
from konsultasi.desk import inbox as inbox_module
from konsultasi.desk.frame import sidebar
from konsultasi.desk.inbox_rows import SUBJECT_SHOWN, shortened
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.offices.models import Channel, Section, ServiceType

INBOX = reverse("desk:inbox")


def ask(office, stakeholder_user, subject="SP2D belum terbit", question="Kapan terbit?"):
    return services.submit_question(
        actor=stakeholder_user, office=office, subject=subject, question=question
    )


def numbers_in(response) -> list[str]:
    return [row.number for row in response.context["page"].rows]


@pytest.fixture
def officer_client(client, officer):
    return signed_in(client, officer)


# --- access ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={INBOX}"


def test_a_stakeholder_has_no_inbox(client, stakeholder_user):
    assert signed_in(client, stakeholder_user).get(INBOX).status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REGIONAL_VIEWER])
def test_staff_without_a_desk_role_have_no_inbox(client, office, role):
    user = make_staff(office, role, f"user-{role}")
    assert signed_in(client, user).get(INBOX).status_code == 404


def test_an_officer_of_another_office_sees_none_of_this_offices_consultations(
    client, outsider, online_consultation
):
    response = signed_in(client, outsider).get(INBOX)
    assert response.status_code == 200
    assert numbers_in(response) == []
    assert online_consultation.number not in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["officer", "section_head", "office_head"])
def test_every_desk_role_sees_the_offices_open_consultations(
    client, request, online_consultation, user_fixture
):
    user = request.getfixturevalue(user_fixture)
    response = signed_in(client, user).get(INBOX)
    assert numbers_in(response) == [online_consultation.number]


# --- rows ------------------------------------------------------------------------------------


def test_a_row_shows_stakeholder_work_unit_channel_assignee_clock_and_status(
    officer_client, online_consultation
):
    page = officer_client.get(INBOX).content.decode()
    assert online_consultation.number in page
    assert "Stakeholder satker" in page
    assert "012345 Satker Uji" in page
    assert "SP2D belum terbit" in page
    assert "belum diambil" in page  # nobody has claimed it
    assert "sisa 20 mnt" in page  # the service clock, in office time
    assert "Baru" in page  # the status tag, in words


def test_the_clock_says_how_late_a_consultation_is(
    officer_client, online_consultation, office_hours
):
    office_hours.shift(timedelta(minutes=85))
    page = officer_client.get(INBOX).content.decode()
    assert "lewat 1 j 5 mnt" in page
    assert "clock--late" in page


def test_the_clock_warns_in_the_last_quarter(officer_client, online_consultation, office_hours):
    office_hours.shift(timedelta(minutes=16))
    page = officer_client.get(INBOX).content.decode()
    assert "sisa 4 mnt" in page
    assert "clock--warning" in page


def test_markup_in_a_subject_is_shown_as_text(officer_client, office, stakeholder_user):
    ask(office, stakeholder_user, subject="<script>alert(1)</script>")
    page = officer_client.get(INBOX).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


SUBJECTS = [
    "",
    "SP2D belum terbit",
    "x" * 89,
    "x" * 90,
    "x" * 91,
    "y" * 200,
    "Nama penerima e\u0301 salah " * 4,  # combining marks count as nothing
    "e\u0301" * 90,  # decomposed: 180 code points, 90 composed characters
    "a\u0300\u0301" * 60,  # no single composed form: marks stay, 60 characters
    "kata " * 30,
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_subject_is_shortened_as_the_truncator_does(subject):
    assert shortened(subject) == Truncator(subject).chars(SUBJECT_SHOWN)


def test_rows_are_sorted_by_the_nearest_deadline(
    officer_client, office, officer, stakeholder_user, office_hours
):
    first = ask(office, stakeholder_user, subject="pertama")
    office_hours.shift(timedelta(minutes=5))
    second = ask(office, stakeholder_user, subject="kedua")
    services.claim(officer=officer, consultation=first)
    services.defer_to_follow_up(actor=officer, consultation=first, reason="Perlu cek")
    # The deferred one is due in days, the new one in 20 minutes: the new one comes first.
    assert numbers_in(officer_client.get(INBOX)) == [second.number, first.number]


def test_closed_consultations_are_left_out_unless_asked_for(officer_client, in_state):
    resolved = in_state(Status.RESOLVED)
    assert numbers_in(officer_client.get(INBOX)) == []
    assert numbers_in(officer_client.get(INBOX, {"status": "all"})) == [resolved.number]
    assert numbers_in(officer_client.get(INBOX, {"status": "resolved"})) == [resolved.number]


# --- saved views -----------------------------------------------------------------------------


def test_mine_holds_what_the_officer_has_claimed(officer_client, office, officer, stakeholder_user):
    mine = services.claim(officer=officer, consultation=ask(office, stakeholder_user))
    ask(office, stakeholder_user)
    assert numbers_in(officer_client.get(INBOX, {"view": "mine"})) == [mine.number]


def test_unclaimed_holds_new_consultations_nobody_took(
    officer_client, office, officer, stakeholder_user
):
    services.claim(officer=officer, consultation=ask(office, stakeholder_user))
    waiting = ask(office, stakeholder_user)
    assert numbers_in(officer_client.get(INBOX, {"view": "unclaimed"})) == [waiting.number]


def test_my_section_holds_the_consultations_of_the_section_head_s_section(
    client, section_head, in_state, office, stakeholder_user
):
    classified = in_state(Status.IN_PROGRESS)  # classified under the head's section
    ask(office, stakeholder_user)  # not classified yet
    response = signed_in(client, section_head).get(INBOX, {"view": "section"})
    assert numbers_in(response) == [classified.number]


def test_due_soon_holds_deadlines_before_today_s_close(
    officer_client, in_state, office, stakeholder_user
):
    soon = ask(office, stakeholder_user)  # 20 minutes
    in_state(Status.FOLLOW_UP)  # due in 3 working days
    assert numbers_in(officer_client.get(INBOX, {"view": "due-soon"})) == [soon.number]


def test_overdue_holds_consultations_past_a_deadline(
    officer_client, office, stakeholder_user, office_hours
):
    late = ask(office, stakeholder_user)
    office_hours.shift(timedelta(minutes=30))
    fresh = ask(office, stakeholder_user)
    response = officer_client.get(INBOX, {"view": "breached"})
    assert numbers_in(response) == [late.number]
    assert fresh.number not in numbers_in(response)


def test_waiting_holds_consultations_waiting_on_the_stakeholder(officer_client, in_state):
    waiting = in_state(Status.WAITING_STAKEHOLDER)
    assert numbers_in(officer_client.get(INBOX, {"view": "waiting"})) == [waiting.number]


def test_escalated_holds_escalated_consultations(officer_client, in_state):
    escalated = in_state(Status.ESCALATED)
    assert numbers_in(officer_client.get(INBOX, {"view": "escalated"})) == [escalated.number]


def test_no_progress_holds_follow_ups_the_stakeholder_has_not_heard_of_today(
    officer_client, officer, in_state, office_hours
):
    quiet = in_state(Status.FOLLOW_UP)
    assert numbers_in(officer_client.get(INBOX, {"view": "no-progress"})) == []  # deferred today
    office_hours.shift(timedelta(days=1))  # Wednesday 09:00
    assert numbers_in(officer_client.get(INBOX, {"view": "no-progress"})) == [quiet.number]
    services.post_progress(actor=officer, consultation=quiet, body="Sedang dicek ke seksi.")
    assert numbers_in(officer_client.get(INBOX, {"view": "no-progress"})) == []


def test_the_sidebar_counts_each_saved_view(officer_client, office, officer, stakeholder_user):
    services.claim(officer=officer, consultation=ask(office, stakeholder_user))
    ask(office, stakeholder_user)
    counts = {entry.key: entry.count for entry in sidebar_of(officer_client.get(INBOX))}
    assert counts["mine"] == 1
    assert counts["unclaimed"] == 1
    assert counts["due-soon"] == 2
    assert counts["breached"] == 0


def test_every_sidebar_count_is_the_length_of_its_list(
    officer_client, office, officer, stakeholder_user, in_state, office_hours
):
    # A mix of every state, then a day later (overdue clocks, follow-ups without progress).
    for status in (
        Status.IN_PROGRESS,
        Status.WAITING_STAKEHOLDER,
        Status.FOLLOW_UP,
        Status.FOLLOW_UP,
        Status.ESCALATED,
        Status.NEW,
    ):
        in_state(status)
    services.claim(officer=officer, consultation=ask(office, stakeholder_user))
    ask(office, stakeholder_user)
    for _ in range(2):
        counts = {entry.key: entry.count for entry in sidebar_of(officer_client.get(INBOX))}
        for view in InboxView:
            listed = numbers_in(officer_client.get(INBOX, {"view": view.value}))
            assert counts[view.value] == len(listed), view
        office_hours.shift(timedelta(days=1))
    assert counts["no-progress"] > 0
    assert counts["breached"] > 0


def sidebar_of(response):
    return sidebar(response.wsgi_request)


def test_an_unknown_saved_view_is_refused(officer_client):
    response = officer_client.get(INBOX, {"view": "everything"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


# --- filters ---------------------------------------------------------------------------------


def test_the_inbox_filters_by_channel(officer_client, office, officer, stakeholder_user):
    online = ask(office, stakeholder_user)
    phone = Channel.objects.get(kind=Channel.Kind.PHONE)
    logged = services.submit_question(
        actor=officer,
        office=office,
        stakeholder=stakeholder_user.stakeholder_profile,
        subject="Telepon",
        question="Lewat telepon",
        channel=phone,
    )
    assert numbers_in(officer_client.get(INBOX, {"channel": phone.pk})) == [logged.number]
    assert online.number not in numbers_in(officer_client.get(INBOX, {"channel": phone.pk}))


def test_the_inbox_filters_by_service_type_section_and_officer(
    officer_client, in_state, office, stakeholder_user, service_type, section, officer
):
    classified = in_state(Status.IN_PROGRESS)
    ask(office, stakeholder_user)
    assert numbers_in(officer_client.get(INBOX, {"service_type": service_type.pk})) == [
        classified.number
    ]
    assert numbers_in(officer_client.get(INBOX, {"section": section.pk})) == [classified.number]
    assert numbers_in(officer_client.get(INBOX, {"officer": officer.pk})) == [classified.number]
    assert classified.number not in numbers_in(officer_client.get(INBOX, {"officer": "none"}))


def test_the_inbox_filters_by_the_day_received(
    officer_client, office, stakeholder_user, office_hours
):
    yesterday = ask(office, stakeholder_user)
    office_hours.shift(timedelta(days=1))
    today = ask(office, stakeholder_user)
    assert numbers_in(officer_client.get(INBOX, {"period": "today"})) == [today.number]
    week = numbers_in(officer_client.get(INBOX, {"period": "week"}))
    assert sorted(week) == sorted([yesterday.number, today.number])
    on_the_day = {"date_from": "2026-09-01", "date_to": "2026-09-01"}
    assert numbers_in(officer_client.get(INBOX, on_the_day)) == [yesterday.number]


def test_the_inbox_filters_by_the_day_resolved(officer_client, in_state, office, stakeholder_user):
    resolved = in_state(Status.RESOLVED)
    ask(office, stakeholder_user)
    query = {"status": "all", "period": "today", "on": "resolved"}
    assert numbers_in(officer_client.get(INBOX, query)) == [resolved.number]


def test_a_section_of_another_office_is_refused(officer_client, other_office):
    foreign = Section.objects.get(office=other_office)
    response = officer_client.get(INBOX, {"section": foreign.pk})
    assert response.status_code == 400
    assert response.context["page"] is None


def test_a_service_type_of_another_office_is_refused(officer_client, other_office):
    foreign = ServiceType.objects.create(
        office=other_office,
        code="x",
        name="Lain",
        default_section=Section.objects.get(office=other_office),
    )
    assert officer_client.get(INBOX, {"service_type": foreign.pk}).status_code == 400


def test_an_end_date_before_the_start_is_refused(officer_client):
    response = officer_client.get(INBOX, {"date_from": "2026-09-02", "date_to": "2026-09-01"})
    assert response.status_code == 400


# --- search ----------------------------------------------------------------------------------


@pytest.fixture
def two_stakeholders(office, office_hours):
    budi = make_stakeholder(office, "budi", full_name="Budi Santoso", phone="081377778888")
    siti = make_stakeholder(office, "siti", full_name="Siti Aminah", phone="082199990000")
    siti.work_unit = WorkUnit.objects.create(code="654321", name="Dinas Lain")
    siti.save()
    return budi, siti


def test_search_finds_by_number(officer_client, office, two_stakeholders):
    budi, siti = two_stakeholders
    first = ask(office, budi.user)
    ask(office, siti.user)
    assert numbers_in(officer_client.get(INBOX, {"q": first.number})) == [first.number]


@pytest.mark.parametrize(
    "query", ["Siti", "aminah", "654321", "6543", "082199", "+6282199990000", "retur gaji"]
)
def test_search_finds_by_name_satker_phone_or_words_of_the_question(
    officer_client, office, two_stakeholders, query
):
    budi, siti = two_stakeholders
    ask(office, budi.user, subject="SP2D", question="Kapan SP2D terbit?")
    theirs = ask(office, siti.user, subject="Retur", question="Dana retur gaji bulan lalu")
    assert numbers_in(officer_client.get(INBOX, {"q": query})) == [theirs.number]


def test_search_stays_inside_the_office(client, outsider, online_consultation):
    response = signed_in(client, outsider).get(INBOX, {"q": online_consultation.number})
    assert numbers_in(response) == []


# --- pages, live refresh, query counts --------------------------------------------------------


def test_pages_follow_one_another_without_gaps_or_repeats(
    officer_client, office, stakeholder_user, office_hours, monkeypatch
):
    monkeypatch.setattr(inbox_module, "PAGE_SIZE", 2)
    asked = []
    for _minute in range(5):
        asked.append(ask(office, stakeholder_user).number)
        office_hours.shift(timedelta(minutes=1))
    seen, response = [], officer_client.get(INBOX)
    while True:
        seen += numbers_in(response)
        following = response.context["next_url"]
        if not following:
            break
        response = officer_client.get(INBOX + following)
    assert seen == asked  # nearest deadline first: the oldest question


def test_a_broken_page_link_is_refused(officer_client):
    assert officer_client.get(INBOX, {"after": "yesterday_1"}).status_code == 400


def test_the_number_of_queries_does_not_grow_with_the_page(
    officer_client, office, officer, stakeholder_user, in_state
):
    in_state(Status.IN_PROGRESS)
    officer_client.get(INBOX)  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(INBOX)
    for _ in range(6):
        services.claim(officer=officer, consultation=ask(office, stakeholder_user))
    in_state(Status.ESCALATED)
    in_state(Status.FOLLOW_UP)
    with CaptureQueriesContext(connection) as many:
        response = officer_client.get(INBOX)
    assert len(numbers_in(response)) == 9
    assert len(many) == len(few), "\n".join(q["sql"][:150] for q in many.captured_queries)


# The whole page: session and user, the user's office roles (one query for the time zone and
# the desk's guard), the calendar's stamp (the calendar itself is kept per process), the filter
# form's choices (officers, channels, service types, sections), the sidebar counts, the alerts
# (one query, the count with them) and the page (its consultations, then their rows joined
# in); "My section" and the views without a section filter one fewer.
INBOX_QUERIES = 12


@pytest.mark.parametrize("view", ["", *(view.value for view in InboxView)])
def test_every_saved_view_takes_a_fixed_number_of_queries(
    officer_client, office, officer, stakeholder_user, in_state, view,
    django_assert_max_num_queries,
):  # fmt: skip
    for status in (Status.IN_PROGRESS, Status.ESCALATED, Status.FOLLOW_UP, Status.NEW):
        in_state(status)
    services.claim(officer=officer, consultation=ask(office, stakeholder_user))
    officer_client.get(INBOX)  # warm caches (content types, translations)
    with django_assert_max_num_queries(INBOX_QUERIES):
        response = officer_client.get(INBOX, {"view": view} if view else {})
    assert response.status_code == 200


def test_filtering_by_channel_service_type_and_section_takes_no_more_queries(
    officer_client, office, officer, in_state, service_type, section,
    django_assert_max_num_queries,
):  # fmt: skip
    # The chosen ids are checked against the options the select draws anyway: no query for
    # each chosen channel, service type or section.
    classified = in_state(Status.IN_PROGRESS)
    chosen = {
        "channel": classified.channel_id,
        "service_type": service_type.pk,
        "section": section.pk,
    }
    officer_client.get(INBOX)  # warm caches (content types, translations)
    with django_assert_max_num_queries(INBOX_QUERIES):
        response = officer_client.get(INBOX, chosen)
    assert numbers_in(response) == [classified.number]


# The live refresh: the page's queries but the filter form's choices, which it does not draw.
LIVE_REFRESH_QUERIES = 8


def test_the_live_refresh_takes_a_fixed_number_of_queries(
    officer_client, office, officer, stakeholder_user, in_state, django_assert_max_num_queries
):
    for status in (Status.IN_PROGRESS, Status.ESCALATED, Status.FOLLOW_UP, Status.NEW):
        in_state(status)
    live = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "inbox-rows"}
    officer_client.get(INBOX, **live)  # warm caches (content types, translations)
    with django_assert_max_num_queries(LIVE_REFRESH_QUERIES):
        assert officer_client.get(INBOX, {"view": "mine"}, **live).status_code == 200


def test_an_officer_filter_is_checked_against_the_offices_officers(officer_client, officer):
    assert officer_client.get(INBOX, {"officer": officer.pk}).status_code == 200
    assert officer_client.get(INBOX, {"officer": 999999}).status_code == 400


def test_the_live_refresh_returns_the_rows_and_the_sidebar_out_of_band(
    officer_client, online_consultation
):
    response = officer_client.get(INBOX, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-rows")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="inbox-rows"')
    assert online_consultation.number in page
    assert 'id="saved-views" hx-swap-oob="true"' in page
    assert "<html" not in page


def test_a_new_consultation_appears_at_the_next_refresh(
    officer_client, office, stakeholder_user, online_consultation
):
    officer_client.get(INBOX)
    newcomer = ask(office, stakeholder_user)
    response = officer_client.get(INBOX, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-rows")
    assert newcomer.number in response.content.decode()


def test_the_rows_ask_to_be_refreshed(officer_client):
    page = officer_client.get(INBOX).content.decode()
    assert 'hx-trigger="every 15s"' in page


def test_the_refresh_interval_follows_the_desk_poll_setting(officer_client, settings):
    settings.DESK_POLL_SECONDS = 2
    page = officer_client.get(INBOX).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "setiap 2 detik" in page
