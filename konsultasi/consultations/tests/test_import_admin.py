"""The admin page for importing: the same service, upload + mapping + dry run + report."""

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from konsultasi.accounts.models import User
from konsultasi.consultations.models import Consultation
from konsultasi.consultations.tests.test_importing import MAPPING

SAMPLE = Path(__file__).parent / "data" / "import_sample.csv"
URL = "/admin/consultations/consultation/import/"


def upload(client, office, dry_run):
    return client.post(
        URL,
        {
            "office": office.pk,
            "file": SimpleUploadedFile("log.csv", SAMPLE.read_bytes(), "text/csv"),
            "mapping": json.dumps(MAPPING),
            **({"dry_run": "on"} if dry_run else {}),
        },
    )


def test_a_dry_run_on_the_admin_page_reports_each_refused_row_and_imports_nothing(
    client, office, officer, office_hours
):
    client.force_login(User.objects.create_superuser("root", "r@x.example", "x"))
    page = upload(client, office, dry_run=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr><td>") == 5
    assert not Consultation.objects.exists()
    upload(client, office, dry_run=False)
    assert Consultation.objects.count() == 3


def test_the_import_page_is_for_superusers_only(client, officer, office):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    assert client.get(URL).status_code == 403


def test_the_consultation_list_links_to_the_import(client, db):
    client.force_login(User.objects.create_superuser("root", "r@x.example", "x"))
    assert URL in client.get("/admin/consultations/consultation/").content.decode()
