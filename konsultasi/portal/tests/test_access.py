"""The heart of the portal: a stakeholder reaches only their own consultations. Another
stakeholder's consultation is the same 404 as a number that does not exist — for the page,
the receipt, the files and every form — and nothing is written."""

import pytest
from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Message, Status
from konsultasi.portal.tests.conftest import pdf, signed_in, without_csrf

MISSING = "PKU-2026-99999"


@pytest.fixture
def theirs(in_state):
    """A consultation of the `stakeholder` fixture, waiting for their documents."""
    return in_state(Status.WAITING_STAKEHOLDER)


@pytest.fixture
def intruder(client, other_stakeholder):
    return signed_in(client, other_stakeholder.user)


def _get_both(client, name, number, **kwargs):
    own = client.get(reverse(name, kwargs={"number": number, **kwargs}))
    missing = client.get(reverse(name, kwargs={"number": MISSING, **kwargs}))
    return own, missing


@pytest.mark.parametrize("name", ["portal:consultation", "portal:receipt"])
def test_another_stakeholders_consultation_is_the_same_404_as_a_missing_one(intruder, theirs, name):
    theirs_response, missing = _get_both(intruder, name, theirs.number)
    assert theirs_response.status_code == missing.status_code == 404
    assert without_csrf(theirs_response) == without_csrf(missing)


def test_another_stakeholders_file_is_not_found(intruder, theirs, officer, stakeholder_user):
    c = services.provide_documents(
        actor=stakeholder_user, consultation=theirs, files=[pdf()], note=""
    )
    attachment = c.attachments.get()
    response = intruder.get(
        reverse("portal:attachment", kwargs={"number": c.number, "pk": attachment.pk})
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("slug", "data"),
    [
        ("balas", {"body": "Saya ikut menjawab"}),
        ("dokumen", {"note": "Dokumen palsu"}),
        ("konfirmasi", {}),
        ("buka-kembali", {"reason": "Belum selesai"}),
    ],
)
def test_no_form_reaches_another_stakeholders_consultation(intruder, theirs, slug, data):
    before = (Message.objects.count(), theirs.version)
    url = reverse("portal:consultation_action", kwargs={"number": theirs.number, "slug": slug})
    response = intruder.post(url, {"version": theirs.version, **data, "documents": pdf()})
    missing = intruder.post(
        reverse("portal:consultation_action", kwargs={"number": MISSING, "slug": slug}),
        {"version": 1, **data},
    )
    assert response.status_code == missing.status_code == 404
    theirs.refresh_from_db()
    assert (Message.objects.count(), theirs.version) == before


def test_the_list_shows_only_the_stakeholders_own(intruder, theirs, other_stakeholder, office):
    mine = services.submit_question(
        actor=other_stakeholder.user, office=office, subject="Punya saya", question="?"
    )
    page = intruder.get(reverse("portal:my_consultations")).content.decode()
    assert mine.number in page
    assert theirs.number not in page


def test_the_list_reads_a_fixed_number_of_queries(
    stakeholder_client, in_state, django_assert_max_num_queries
):
    for _ in range(3):
        in_state(Status.NEW)
    with django_assert_max_num_queries(8):
        response = stakeholder_client.get(reverse("portal:my_consultations"))
    assert response.content.decode().count('class="consultation-item"') == 3


def test_an_officer_is_told_the_portal_pages_are_for_stakeholders(client, officer, theirs):
    signed_in(client, officer)
    response = client.get(reverse("portal:consultation", kwargs={"number": theirs.number}))
    assert response.status_code == 403


def test_signing_in_is_asked_for_before_a_consultation_opens(client, theirs):
    response = client.get(reverse("portal:consultation", kwargs={"number": theirs.number}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_guests_door_does_not_open_an_account_holders_consultation(client, theirs):
    session = client.session
    session["portal_guest_grants"] = [theirs.pk]
    session.save()
    url = reverse("portal:guest_consultation", kwargs={"number": theirs.number})
    assert client.get(url).status_code == 404


def test_the_owner_sees_their_consultation(stakeholder_client, theirs):
    response = stakeholder_client.get(
        reverse("portal:consultation", kwargs={"number": theirs.number})
    )
    assert response.status_code == 200
    assert theirs.subject in response.content.decode()
    assert Consultation.objects.count() == 1


def test_portal_views_fetch_consultations_only_through_the_access_helpers():
    """One door: no portal module queries consultations itself."""
    from pathlib import Path

    portal = Path(__file__).resolve().parents[1]
    offenders = [
        path.name
        for path in portal.glob("*.py")
        if "Consultation.objects" in path.read_text()
        or "Attachment.objects.get(" in path.read_text()
    ]
    assert offenders == []
