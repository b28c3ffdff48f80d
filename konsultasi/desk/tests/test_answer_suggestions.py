"""The workspace's answer suggestions: entries and similar resolved consultations from the
question, citing with one click, an earlier answer or a template put into the answer form."""

from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.models import Status as S
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.desk.tests.workspace_helpers import workspace_url
from konsultasi.knowledge.models import Citation, Entry, ReplyTemplate
from konsultasi.knowledge.tests import conftest as knowledge

library, make_entry = knowledge.library, knowledge.make_entry  # the library fixtures

HTMX = {"HTTP_HX_REQUEST": "true"}
PANEL_QUERIES = 13  # on both databases


def ask(stakeholder_user, office, officer, *, subject, question):
    c = services.submit_question(
        actor=stakeholder_user, office=office, subject=subject, question=question
    )
    return services.claim(officer=officer, consultation=c)


def panel(page: str) -> str:
    start = page.index('id="answer-suggestions"')
    return page[start : page.index("</section>", start)]


def suggestions_url(c) -> str:
    return reverse("desk:library_suggestions", kwargs={"number": c.number})


def shown_panel(client, c) -> str:
    """The panel as the workspace's placeholder fetches it."""
    response = client.get(suggestions_url(c), **HTMX)
    assert response.status_code == 200
    return panel(response.content.decode())


def test_the_panel_suggests_entries_and_earlier_answers(
    client, office_hours, library, office, officer, stakeholder_user
):
    earlier = ask(
        stakeholder_user, office, officer, subject="Retur gaji", question="Gaji diretur bank"
    )
    services.resolve(actor=officer, consultation=earlier, answer="Perbaiki rekening lalu ajukan")
    c = ask(stakeholder_user, office, officer, subject="Retur SP2D", question="Dana retur gmn?")
    shown = shown_panel(signed_in(client, officer), c)
    assert reverse("desk:library_entry", kwargs={"slug": "test-per-retur"}) in shown
    assert (
        reverse(
            "desk:library_cite",
            kwargs={"number": c.number, "entry_pk": library["test-per-retur"].pk},
        )
        in shown
    )
    assert earlier.number in shown and "rekening" in shown


def test_an_internal_entry_is_suggested_but_offers_no_citing(
    client, office_hours, library, office, officer, stakeholder_user
):
    c = ask(stakeholder_user, office, officer, subject="Retur berulang", question="Retur lagi")
    internal = library["test-internal-sop"]
    shown = shown_panel(signed_in(client, officer), c)
    assert reverse("desk:library_entry", kwargs={"slug": internal.slug}) in shown
    assert (
        reverse("desk:library_cite", kwargs={"number": c.number, "entry_pk": internal.pk})
        not in shown
    )


def test_one_click_cites_an_entry_and_shows_it_as_a_link(client, in_state, officer, library):
    c = in_state(S.IN_PROGRESS)
    entry = library["test-per-retur"]
    url = reverse("desk:library_cite", kwargs={"number": c.number, "entry_pk": entry.pk})
    response = signed_in(client, officer).post(url, **HTMX)
    assert response.status_code == 200
    assert list(Citation.objects.values_list("consultation", "entry")) == [(c.pk, entry.pk)]
    assert reverse("desk:library_entry", kwargs={"slug": entry.slug}) in panel(
        response.content.decode()
    )


def test_citing_without_javascript_goes_back_to_the_workspace(client, in_state, officer, library):
    c = in_state(S.IN_PROGRESS)
    url = reverse(
        "desk:library_cite", kwargs={"number": c.number, "entry_pk": library["test-per-retur"].pk}
    )
    response = signed_in(client, officer).post(url)
    assert response.status_code == 302 and response["Location"] == workspace_url(c)


def test_citing_an_internal_entry_is_refused_with_a_message(client, in_state, officer, library):
    c = in_state(S.IN_PROGRESS)
    url = reverse(
        "desk:library_cite",
        kwargs={"number": c.number, "entry_pk": library["test-internal-sop"].pk},
    )
    response = signed_in(client, officer).post(url, **HTMX)
    assert 'class="flash flash--error"' in response.content.decode()
    assert not Citation.objects.exists()


def test_an_officer_of_another_office_cannot_cite_here(client, in_state, outsider, library):
    c = in_state(S.IN_PROGRESS)
    url = reverse(
        "desk:library_cite", kwargs={"number": c.number, "entry_pk": library["test-per-retur"].pk}
    )
    assert signed_in(client, outsider).post(url).status_code == 404
    assert not Citation.objects.exists()


def test_citing_is_post_only(client, in_state, officer, library):
    c = in_state(S.IN_PROGRESS)
    url = reverse(
        "desk:library_cite", kwargs={"number": c.number, "entry_pk": library["test-per-retur"].pk}
    )
    assert signed_in(client, officer).get(url).status_code == 405


def test_an_earlier_answer_fills_the_answer_form(client, in_state, officer):
    earlier = in_state(S.RESOLVED)  # answer "Sudah terbit."
    c = in_state(S.IN_PROGRESS)
    url = reverse("desk:library_use_answer", kwargs={"number": c.number, "other": earlier.number})
    response = signed_in(client, officer).get(url, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sudah terbit." in page
    assert (
        reverse("desk:consultation_action", kwargs={"number": c.number, "slug": "selesaikan"})
        in page
    )


def test_an_earlier_answer_asked_for_by_someone_who_cannot_answer_gets_a_notice_in_place(
    client, in_state, second_officer
):
    earlier = in_state(S.RESOLVED)
    c = in_state(S.IN_PROGRESS)  # a colleague's: its answer is not the second officer's to give
    url = reverse("desk:library_use_answer", kwargs={"number": c.number, "other": earlier.number})
    response = signed_in(client, second_officer).get(url, **HTMX)
    page = response.content.decode()
    assert response.status_code == 409
    assert "<html" not in page
    assert "tidak ada jawaban yang dapat ditulis" in page


def test_an_open_consultation_cannot_be_used_as_an_earlier_answer(client, in_state, officer):
    other = in_state(S.IN_PROGRESS)
    c = in_state(S.IN_PROGRESS)
    url = reverse("desk:library_use_answer", kwargs={"number": c.number, "other": other.number})
    assert signed_in(client, officer).get(url).status_code == 404


def test_a_template_fills_the_answer_with_the_stakeholder_number_and_citations(
    client, in_state, officer, service_type, library
):
    c = in_state(S.IN_PROGRESS)
    template = ReplyTemplate.objects.create(
        office=c.office,
        service_type=service_type,
        title="SP2D terbit",
        body="Yth. {nama}, konsultasi {nomor}: SP2D sudah terbit.",
    )
    template.entries.set([library["test-pmk-pembayaran"]])
    shown = shown_panel(signed_in(client, officer), c)
    assert "SP2D terbit" in shown
    url = reverse("desk:library_use_template", kwargs={"number": c.number, "pk": template.pk})
    page = client.get(url, **HTMX).content.decode()
    assert f"Yth. {c.stakeholder.full_name}, konsultasi {c.number}" in page
    assert "210/PMK.05/2022" in page


def test_another_offices_template_is_not_offered(client, in_state, officer, other_office):
    c = in_state(S.IN_PROGRESS)
    theirs = ReplyTemplate.objects.create(office=other_office, title="Milik kantor lain", body="x")
    url = reverse("desk:library_use_template", kwargs={"number": c.number, "pk": theirs.pk})
    assert signed_in(client, officer).get(url).status_code == 404


def test_the_workspace_leaves_a_placeholder_that_loads_the_panel(client, in_state, officer):
    c = in_state(S.IN_PROGRESS)
    page = signed_in(client, officer).get(workspace_url(c)).content.decode()
    placeholder = panel(page)
    assert f'hx-get="{suggestions_url(c)}"' in placeholder
    assert 'hx-trigger="load"' in placeholder and 'aria-busy="true"' in placeholder
    assert "Memuat saran jawaban" in placeholder or "Loading answer suggestions" in placeholder
    assert "desk:library_cite" not in placeholder and "suggested-entries" not in placeholder


def test_without_javascript_the_panel_opens_on_a_page_of_its_own(
    client, office_hours, library, in_state, officer
):
    c = in_state(S.IN_PROGRESS)
    response = signed_in(client, officer).get(suggestions_url(c))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page and 'id="answer-suggestions"' in page
    assert reverse("desk:consultation", kwargs={"number": c.number}) in page


def test_an_officer_of_another_office_gets_no_panel(client, in_state, outsider):
    c = in_state(S.IN_PROGRESS)
    assert signed_in(client, outsider).get(suggestions_url(c), **HTMX).status_code == 404


def test_the_panel_reads_a_fixed_number_of_queries(
    client,
    office_hours,
    make_entry,
    in_state,
    officer,
    django_assert_max_num_queries,
):
    for n in range(12):
        make_entry(f"faq-{n}", title=f"Pertanyaan bagaimana nomor {n}")
    for _ in range(6):
        in_state(S.RESOLVED)
    c = in_state(S.IN_PROGRESS)
    signed_in(client, officer).get(suggestions_url(c), **HTMX)
    with django_assert_max_num_queries(PANEL_QUERIES):
        shown = shown_panel(client, c)
    assert shown.count("desk:library_use_answer") == 0  # names are resolved to URLs
    assert shown.count("Gunakan jawaban ini") + shown.count("Use this answer") == 5
    assert Entry.objects.count() == 12


def test_the_answer_form_lists_the_cited_entries_as_the_legal_basis(
    client, in_state, officer, library
):
    from konsultasi.knowledge.services import cite_entry

    c = in_state(S.IN_PROGRESS)
    cite_entry(actor=officer, consultation=c, entry=library["test-per-retur"])
    url = reverse("desk:consultation_action", kwargs={"number": c.number, "slug": "selesaikan"})
    page = signed_in(client, officer).get(url, **HTMX).content.decode()
    assert "PER-9/PB/2018 Tata Cara Penyelesaian Retur SP2D</textarea>" in page


def test_an_entry_cited_while_the_answer_form_was_open_is_in_the_answers_legal_basis(
    client, in_state, officer, library
):
    c = in_state(S.IN_PROGRESS)
    officer_client = signed_in(client, officer)
    form_version = c.version  # the answer form opened with nothing cited yet
    cite = reverse(
        "desk:library_cite", kwargs={"number": c.number, "entry_pk": library["test-per-retur"].pk}
    )
    officer_client.post(cite, **HTMX)
    resolve = reverse("desk:consultation_action", kwargs={"number": c.number, "slug": "selesaikan"})
    officer_client.post(
        resolve,
        {"version": form_version, "answer": "Ajukan SP2D pengganti.", "regulations": "PMK 62"},
        **HTMX,
    )
    c.refresh_from_db()
    assert c.status == S.RESOLVED
    assert c.resolution.endswith("\n- PMK 62\n- PER-9/PB/2018 Tata Cara Penyelesaian Retur SP2D")


def test_an_entry_both_typed_and_cited_is_listed_once(client, in_state, officer, library):
    from konsultasi.knowledge.services import cite_entry

    c = in_state(S.IN_PROGRESS)
    cite_entry(actor=officer, consultation=c, entry=library["test-per-retur"])
    resolve = reverse("desk:consultation_action", kwargs={"number": c.number, "slug": "selesaikan"})
    signed_in(client, officer).post(
        resolve,
        {
            "version": c.version,
            "answer": "Ajukan SP2D pengganti.",
            "regulations": "PER-9/PB/2018 Tata Cara Penyelesaian Retur SP2D",
        },
    )
    c.refresh_from_db()
    assert c.resolution.count("PER-9/PB/2018") == 1
