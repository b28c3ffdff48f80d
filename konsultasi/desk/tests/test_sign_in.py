"""One sign-in page for everybody: staff land on the home of their role, redirects stay on this
site, sign-out is a POST, and the language can be switched."""

import pytest
from django.urls import reverse

from konsultasi.desk.tests.conftest import signed_in

LOGIN = reverse("login")


def sign_in(client, username, password="x", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_the_sign_in_page_has_labelled_fields(client, db):
    page = client.get(LOGIN).content.decode()
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page
    assert 'lang="id"' in page


@pytest.mark.parametrize(
    ("user_fixture", "home"),
    [
        ("officer", "desk:inbox"),
        ("section_head", "desk:section_desk"),
        ("office_head", "desk:overview"),
    ],
)
def test_staff_land_on_the_home_of_their_role(db, client, request, user_fixture, home):
    user = request.getfixturevalue(user_fixture)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse(home)


def test_the_desk_root_sends_staff_to_the_home_of_their_role(client, section_head):
    response = signed_in(client, section_head).get(reverse("desk:home"))
    assert response["Location"] == reverse("desk:section_desk")


def test_a_stakeholder_lands_on_their_consultations_in_the_portal(client, stakeholder_user):
    assert sign_in(client, stakeholder_user.username)["Location"] == reverse(
        "portal:my_consultations"
    )


def test_sign_in_goes_on_to_the_page_asked_for(client, officer):
    target = reverse("desk:inbox") + "?view=mine"
    assert sign_in(client, officer.username, next=target)["Location"] == target


def test_sign_in_never_sends_to_another_site(client, officer):
    response = sign_in(client, officer.username, next="https://evil.example/")
    assert response["Location"] == reverse("desk:inbox")


def test_a_wrong_password_is_refused_with_the_error_summary(client, officer):
    response = sign_in(client, officer.username, password="wrong")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client, officer):
    signed_in(client, officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_language_can_be_switched_to_english(client, officer):
    signed_in(client, officer)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("desk:inbox")}
    )
    assert response["Location"] == reverse("desk:inbox")
    page = client.get(reverse("desk:inbox")).content.decode()
    assert 'lang="en"' in page
    assert "Unclaimed" in page
    assert "Sign out" in page


def test_the_desk_speaks_indonesian_by_default(client, officer):
    page = signed_in(client, officer).get(reverse("desk:inbox")).content.decode()
    assert "Belum diambil" in page
    assert "Keluar" in page
