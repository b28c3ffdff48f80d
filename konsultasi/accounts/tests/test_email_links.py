"""Links sent by e-mail: only a digest is stored; each works once and until it expires."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from konsultasi.accounts import email_links
from konsultasi.accounts.models import EmailLink


def issue():
    return email_links.issue(purpose=EmailLink.Purpose.REGISTER, email="a@example.id")


def test_only_a_digest_of_the_secret_is_stored(db):
    secret = issue()
    assert not EmailLink.objects.filter(digest=secret).exists()
    assert EmailLink.objects.get().digest == email_links.digest_of(secret)


def test_a_link_is_spent_once(db):
    secret = issue()
    with transaction.atomic():
        email_links.spend(secret, purpose=EmailLink.Purpose.REGISTER)
    with pytest.raises(email_links.LinkRefused) as refused, transaction.atomic():
        email_links.spend(secret, purpose=EmailLink.Purpose.REGISTER)
    assert refused.value.reason == "used"


def test_a_link_for_one_purpose_does_not_serve_another(db):
    secret = issue()
    with pytest.raises(email_links.LinkRefused) as refused:
        email_links.peek(secret, purpose=EmailLink.Purpose.CHANGE_EMAIL)
    assert refused.value.reason == "unknown"


def test_an_expired_link_is_refused(db, time_machine):
    secret = issue()
    time_machine.move_to(timezone.now() + email_links.link_lifetime() + timedelta(seconds=1))
    with pytest.raises(email_links.LinkRefused) as refused:
        email_links.peek(secret, purpose=EmailLink.Purpose.REGISTER)
    assert refused.value.reason == "expired"
