"""Importing an office's past consultations from a spreadsheet, by command."""

import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from konsultasi.consultations import importing
from konsultasi.consultations.models import Consultation, Event, Status
from konsultasi.notifications.models import OutboxMessage, WebhookSubscription

SAMPLE = Path(__file__).parent / "data" / "import_sample.csv"
MAPPING = {
    "number": "No",
    "date": "Tanggal",
    "stakeholder": "Nama",
    "satker_code": "Kode Satker",
    "email": "Email",
    "subject": "Perihal",
    "question": "Pertanyaan",
    "status": "Status",
    "officer": "Petugas",
    "answer": "Jawaban",
}


def run(office, *extra, path=SAMPLE):
    out = StringIO()
    call_command(
        "import_consultations",
        office.slug,
        str(path),
        "--mapping",
        json.dumps(MAPPING),
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def ready(office, officer, office_hours, english):
    WebhookSubscription.objects.create(
        office=office, url="https://93.184.216.34/", events=["*"], secret="s"
    )
    return office


def test_the_good_rows_are_imported_with_their_final_status_answer_and_officer(ready, officer):
    output = run(ready)
    assert "9 rows: imported 3, already imported 1, refused 5." in output
    first = Consultation.objects.get(external_reference="LOG-2025-001")
    assert first.status == Status.RESOLVED
    assert first.resolution == "SP2D terbit hari ini."
    assert first.assignee == officer
    assert first.stakeholder.work_unit.code == "012345"  # leading zero restored
    assert first.number.startswith("PKU-2025-")
    assert Consultation.objects.get(external_reference="LOG-2025-002").status == Status.CLOSED
    assert Consultation.objects.get(external_reference="LOG-2025-003").status == Status.CANCELLED


def test_each_bad_row_is_reported_by_row_and_column(ready):
    output = run(ready)
    for line in (
        "row 5: date:",
        "row 6: status:",
        "row 7: email:",
        "row 8: officer:",
        "row 9: external_reference:",
    ):
        assert line in output
    assert not Consultation.objects.filter(
        external_reference__in=["LOG-2025-004", "LOG-2025-005"]
    ).exists()


def test_history_is_recorded_for_the_auditor_and_announces_nothing(ready):
    run(ready)
    c = Consultation.objects.get(external_reference="LOG-2025-001")
    [event] = Event.objects.filter(consultation=c)
    assert event.action == importing.IMPORT_ACTION
    assert event.data["imported"] is True and event.data["row"] == 2
    assert not OutboxMessage.objects.exists()  # no notification, no webhook
    assert c.nearest_due_at is None and c.next_alert_at is None and c.auto_close_at is None


def test_importing_again_skips_what_was_imported(ready):
    run(ready)
    output = run(ready)
    assert "imported 0, already imported 4, refused 5." in output
    assert Consultation.objects.count() == 3


def test_a_dry_run_reports_the_same_and_keeps_nothing(ready):
    output = run(ready, "--dry-run")
    assert "would import 3, already imported 1, refused 5." in output
    assert not Consultation.objects.exists()


def test_an_excel_file_imports_the_same_way(ready, tmp_path):
    book = Workbook()
    sheet = book.active
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for line in lines[:3]:
        sheet.append(line.split(";"))
    path = tmp_path / "log.xlsx"
    book.save(path)
    assert "imported 2, already imported 0, refused 0." in run(ready, path=path)


def test_an_unreadable_file_is_refused_as_a_whole(ready, tmp_path):
    path = tmp_path / "log.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError):
        run(ready, path=path)
    with pytest.raises(CommandError):
        call_command("import_consultations", ready.slug, str(SAMPLE), "--mapping", "{bad")


def test_a_mapping_naming_unknown_fields_is_refused(ready):
    with pytest.raises(CommandError):
        call_command(
            "import_consultations", ready.slug, str(SAMPLE), "--mapping", '{"colour": "x"}'
        )


def test_formula_like_and_control_characters_are_stored_inert(ready, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "No,Tanggal,Nama,Email,Perihal,Pertanyaan,Status,Petugas,Jawaban\n"
        "X1,2025-01-02,=HYPERLINK(1),x@y.example,<script>a</script>,Q\x07?,Selesai,officer,A\n",
        encoding="utf-8",
    )
    assert "imported 1" in run(ready, path=path)
    c = Consultation.objects.get(external_reference="X1")
    assert c.question == "Q?"  # the control character is removed, the text kept
    assert c.subject == "<script>a</script>"  # stored as typed; escaped wherever shown


def test_rows_are_read_from_a_csv_with_commas_too():
    rows = importing.read_rows(io.BytesIO(b"a,b\n1,2\n").getvalue(), "x.csv")
    assert rows == [{"a": "1", "b": "2"}]


def test_an_imported_consultation_opens_on_the_desk_with_its_history(ready, client, officer):
    from django.urls import reverse

    run(ready)
    c = Consultation.objects.get(external_reference="LOG-2025-001")
    client.force_login(officer)
    page = client.get(reverse("desk:consultation", args=[c.number]))
    assert page.status_code == 200
    assert "Diimpor dari catatan sebelumnya" in page.content.decode()
