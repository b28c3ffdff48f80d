"""Guest keys: the access code and the links are kept only as hashes and digests, and a link
is spent exactly once."""

import pytest
from django.contrib.auth.hashers import check_password

from konsultasi.consultations import guest_access
from konsultasi.consultations.models import GuestLink, GuestPass


@pytest.fixture
def guest_pass(online_consultation):
    code = guest_access.open_pass(online_consultation)
    return online_consultation, code


def test_the_access_code_is_stored_only_as_a_password_hash(guest_pass):
    c, code = guest_pass
    stored = GuestPass.objects.get(consultation=c).code_hash
    assert code not in stored
    assert check_password(code, stored)


def test_the_access_code_is_read_forgivingly(guest_pass):
    c, code = guest_pass
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert guest_access.open_with_code(c.number.lower(), typed) == c


def test_a_link_keeps_only_the_digest_of_its_nonce(guest_pass):
    c, _code = guest_pass
    token = guest_access.issue_link(c)
    digest = GuestLink.objects.get().digest
    assert digest not in token


def test_a_link_is_spent_once(guest_pass):
    c, _code = guest_pass
    token = guest_access.issue_link(c)
    assert guest_access.redeem_link(token) == c
    with pytest.raises(guest_access.GuestKeyRefused):
        guest_access.redeem_link(token)


def test_a_new_link_leaves_the_older_ones_valid_until_used(guest_pass):
    c, _code = guest_pass
    first = guest_access.issue_link(c)
    second = guest_access.issue_link(c)
    assert guest_access.redeem_link(second) == c
    assert guest_access.redeem_link(first) == c


def test_a_guest_consultation_opens_only_with_a_grant_for_it(guest_pass, in_state):
    c, _code = guest_pass
    from konsultasi.consultations.errors import ConsultationNotFound

    assert guest_access.guest_consultation(c.number, [c.pk]) == c
    with pytest.raises(ConsultationNotFound):
        guest_access.guest_consultation(c.number, [c.pk + 1000])


def test_fresh_links_are_limited_per_hour(guest_pass):
    c, _code = guest_pass
    for _ in range(guest_access.LINKS_PER_HOUR):
        assert guest_access.may_send_another_link(c)
        guest_access.issue_link(c)
    assert not guest_access.may_send_another_link(c)
