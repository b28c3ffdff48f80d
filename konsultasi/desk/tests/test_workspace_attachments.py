"""Files of a consultation are served only through the permission-checked view, as downloads
under their safe display name, with a sandbox; only PNG, JPEG and PDF may be previewed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.models import Attachment
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.tests.transition_checks import PDF
from konsultasi.desk.tests.conftest import signed_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEXT_LOOKING_LIKE_A_PAGE = "catatan.html"


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def with_files(settings_media, in_state, stakeholder_user):
    """A consultation whose stakeholder sent a PDF, a PNG and a text file named .html."""
    c = in_state(S.WAITING_STAKEHOLDER)
    files = [
        SimpleUploadedFile("surat kuasa\u202efdp.exe.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        SimpleUploadedFile(TEXT_LOOKING_LIKE_A_PAGE, b"hanya teks", content_type="text/html"),
    ]
    services.provide_documents(actor=stakeholder_user, consultation=c, files=files)
    return c


def url(c, attachment, *, preview=False) -> str:
    name = "desk:attachment_preview" if preview else "desk:attachment"
    return reverse(name, kwargs={"number": c.number, "pk": attachment.pk})


def by_name(c, suffix: str) -> Attachment:
    return Attachment.objects.get(consultation=c, original_name__endswith=suffix)


def test_an_officer_downloads_a_file_as_an_attachment_with_a_sandbox(client, with_files, officer):
    pdf = by_name(with_files, ".pdf")
    response = signed_in(client, officer).get(url(with_files, pdf))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "\u202e" not in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("suffix", "content_type"), [(".pdf", "application/pdf"), (".png", "image/png")]
)
def test_pdf_and_images_may_be_previewed_inline_in_a_sandbox(
    client, with_files, officer, suffix, content_type
):
    response = signed_in(client, officer).get(
        url(with_files, by_name(with_files, suffix), preview=True)
    )
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Type"] == content_type
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_file_named_html_is_never_shown_inline(client, with_files, officer):
    page = by_name(with_files, ".txt")  # stored under the extension of what it really is
    assert page.original_name == "catatan.txt"
    response = signed_in(client, officer).get(url(with_files, page, preview=True))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "text/html" not in response["Content-Type"]


def test_the_stakeholder_of_the_consultation_may_download(client, with_files, stakeholder_user):
    response = signed_in(client, stakeholder_user).get(url(with_files, by_name(with_files, ".png")))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_stakeholder_user", "outsider"])
def test_anyone_else_finds_nothing(request, client, with_files, who):
    if who == "other_stakeholder_user":
        user = request.getfixturevalue("other_stakeholder").user
    else:
        user = request.getfixturevalue(who)
    response = signed_in(client, user).get(url(with_files, by_name(with_files, ".png")))
    assert response.status_code == 404


def test_a_file_is_not_reachable_through_another_consultations_number(
    client, with_files, in_state, officer
):
    other = in_state(S.IN_PROGRESS)
    png = by_name(with_files, ".png")
    response = signed_in(client, officer).get(url(other, png))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, with_files):
    response = client.get(url(with_files, by_name(with_files, ".png")))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_workspace_links_each_file_and_previews_only_the_safe_ones(client, with_files, officer):
    page = signed_in(client, officer).get(reverse("desk:consultation", args=[with_files.number]))
    page = page.content.decode()
    for suffix in (".pdf", ".png", ".txt"):
        assert url(with_files, by_name(with_files, suffix)) in page
    assert url(with_files, by_name(with_files, ".png"), preview=True) in page
    assert url(with_files, by_name(with_files, ".txt"), preview=True) not in page
    assert "catatan.html" not in page
