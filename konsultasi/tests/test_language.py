"""The language of a page is the one chosen with the language switch (a cookie), else
Indonesian; the browser's Accept-Language is not asked (konsultasi/language.py). Every answer
says its language."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in_page(client, **kwargs):
    return client.get(reverse("login"), **kwargs)


def test_a_page_speaks_indonesian_when_nothing_was_chosen(client):
    answer = sign_in_page(client)
    assert answer["Content-Language"] == "id"
    assert '<html lang="id"' in answer.content.decode()


def test_a_page_speaks_english_once_english_was_chosen(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = sign_in_page(client)
    assert answer["Content-Language"] == "en"
    assert '<html lang="en"' in answer.content.decode()


def test_a_language_we_do_not_have_in_the_cookie_gives_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert sign_in_page(client)["Content-Language"] == "id"


def test_the_browsers_language_does_not_choose_the_pages(client):
    answer = sign_in_page(client, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert answer["Content-Language"] == "id"


def test_every_answer_says_it_may_differ_by_language(client):
    assert "Accept-Language" in sign_in_page(client)["Vary"]
