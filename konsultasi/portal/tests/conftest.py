"""Portal test helpers: a signed-in client, e-mailed links found in the outbox, small files."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(client, user):
    client.force_login(user)
    return client


def pdf(name: str = "spm.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def program(name: str = "invoice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 a program", content_type="application/pdf")


def last_link(path_prefix: str) -> str:
    """The path of the last link in the outbox that starts with `path_prefix`."""
    for message in reversed(mail.outbox):
        found = re.findall(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", message.body)
        if found:
            return found[-1]
    raise AssertionError(f"no mail with a link to {path_prefix}")


@pytest.fixture
def stakeholder_client(client, stakeholder_user):
    return signed_in(client, stakeholder_user)


def without_csrf(response) -> str:
    """The page without its CSRF tokens, which differ between any two requests."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
