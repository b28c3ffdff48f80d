"""The complaint register: deadlines in office time per channel, the steps, and who may see
which complaint (whistleblowing reports: the office head and administrators only, every read
logged)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.conftest import WIB
from konsultasi.consultations.models import Status
from konsultasi.feedback import complaints
from konsultasi.feedback.models import Complaint, ComplaintChannel, ComplaintRead, ComplaintStatus
from konsultasi.offices.models import CalendarOverride


def channel(code):
    return ComplaintChannel.objects.get(code=code)


@pytest.fixture
def register(office, officer):
    def make(code="sp4n-lapor", **extra):
        return complaints.register_complaint(
            actor=officer,
            office=office,
            channel=channel(code),
            subject="Petugas tidak ramah",
            description="Saya dilayani dengan kurang sopan.",
            now=timezone.now(),
            **extra,
        )

    return make


def test_the_channels_of_the_standard_are_seeded_with_the_office(office):
    codes = set(ComplaintChannel.objects.values_list("code", flat=True))
    assert {"sp4n-lapor", "wise", "sipandu", "hai-djpb", "kotak-saran", "sms"} <= codes
    assert {"kontak-resmi", "tatap-muka"} <= codes
    assert list(
        ComplaintChannel.objects.filter(is_whistleblowing=True).values_list("code", flat=True)
    ) == ["wise"]


def test_loading_the_reference_data_again_keeps_the_admin_s_changes(office):
    from konsultasi.offices.reference_data import load_pekanbaru

    ComplaintChannel.objects.filter(code="sms").update(response_working_days=2)
    load_pekanbaru()
    assert channel("sms").response_working_days == 2
    assert ComplaintChannel.objects.filter(code="sms").count() == 1


def test_the_answer_is_due_at_the_close_of_the_channel_s_working_days(register, office_hours):
    # Received Tuesday 1 September 2026; 5 working days later is Tuesday 8 September, 16:00 WIB.
    complaint = register()
    assert complaint.due_at == datetime(2026, 9, 8, 16, 0, tzinfo=WIB)
    assert complaint.status == ComplaintStatus.RECEIVED


def test_an_office_closure_moves_the_deadline(register, office, office_hours):
    CalendarOverride.objects.create(
        office=office, date=datetime(2026, 9, 3).date(), kind="closed", reason="Pemadaman"
    )
    assert register().due_at == datetime(2026, 9, 9, 16, 0, tzinfo=WIB)


def test_each_channel_has_its_own_answer_period(register, office_hours):
    ComplaintChannel.objects.filter(code="sms").update(response_working_days=1)
    assert register("sms").due_at == datetime(2026, 9, 2, 16, 0, tzinfo=WIB)


def test_a_complaint_goes_received_in_review_answered_closed(register, section_head):
    c = register(external_reference="LAPOR-1234567")
    c = complaints.start_review(actor=section_head, complaint=c, expected_version=c.version)
    c = complaints.answer_complaint(
        actor=section_head, complaint=c, answer="Mohon maaf, sudah kami tegur.", now=timezone.now()
    )
    c = complaints.close_complaint(actor=section_head, complaint=c, now=timezone.now())
    c.refresh_from_db()
    assert c.status == ComplaintStatus.CLOSED
    assert (c.answer, c.answered_by, c.external_reference) == (
        "Mohon maaf, sudah kami tegur.",
        section_head,
        "LAPOR-1234567",
    )


def test_a_step_out_of_order_is_refused_and_nothing_changes(register, section_head):
    c = register()
    with pytest.raises(complaints.InvalidInput):
        complaints.close_complaint(actor=section_head, complaint=c, now=timezone.now())
    c.refresh_from_db()
    assert (c.status, c.version) == (ComplaintStatus.RECEIVED, 1)


def test_an_answer_written_on_a_stale_copy_is_refused(register, section_head, office_head):
    c = register()
    complaints.start_review(actor=section_head, complaint=c)
    with pytest.raises(complaints.StaleComplaint):
        complaints.answer_complaint(
            actor=office_head, complaint=c, answer="Jawaban", now=timezone.now(), expected_version=1
        )


def test_an_empty_answer_is_refused(register, section_head):
    c = complaints.start_review(actor=section_head, complaint=register())
    with pytest.raises(complaints.InvalidInput):
        complaints.answer_complaint(
            actor=section_head, complaint=c, answer="  ", now=timezone.now()
        )
    assert Complaint.objects.get().status == ComplaintStatus.IN_REVIEW


def test_an_officer_registers_but_does_not_handle_complaints(register, officer):
    c = register()
    with pytest.raises(PermissionDenied):
        complaints.start_review(actor=officer, complaint=c)
    assert not complaints.complaints_visible_to(officer, c.office).exists()


def test_a_complaint_overdue_is_told_apart(register, office_hours):
    c = register()
    assert not complaints.is_overdue(c, c.due_at - timedelta(minutes=1))
    assert complaints.is_overdue(c, c.due_at + timedelta(minutes=1))


# --- visibility -------------------------------------------------------------------------


def test_a_whistleblowing_report_is_seen_by_the_office_head_and_admin_only(
    register, office, section_head, office_head, admin_user, officer
):
    report = register("wise")
    assert report.is_whistleblowing
    assert report in complaints.complaints_visible_to(office_head, office)
    assert report in complaints.complaints_visible_to(admin_user, office)
    assert report not in complaints.complaints_visible_to(section_head, office)
    assert report not in complaints.complaints_visible_to(officer, office)
    with pytest.raises(complaints.ComplaintNotFound):
        complaints.complaint_for(section_head, office, report.pk, now=timezone.now())


def test_every_read_of_a_whistleblowing_report_is_logged(register, office, office_head):
    report = register("wise")
    complaints.complaint_for(office_head, office, report.pk, now=timezone.now())
    complaints.complaint_for(office_head, office, report.pk, now=timezone.now())
    assert ComplaintRead.objects.filter(complaint=report, reader=office_head).count() == 2


def test_reading_an_ordinary_complaint_is_not_logged(register, office, section_head):
    c = register()
    complaints.complaint_for(section_head, office, c.pk, now=timezone.now())
    assert not ComplaintRead.objects.exists()


def test_a_refused_read_is_not_logged_as_a_read(register, office, section_head):
    report = register("wise")
    with pytest.raises(complaints.ComplaintNotFound):
        complaints.complaint_for(section_head, office, report.pk, now=timezone.now())
    assert not ComplaintRead.objects.exists()


def test_a_section_head_cannot_answer_a_whistleblowing_report(register, section_head):
    report = register("wise")
    with pytest.raises(complaints.ComplaintNotFound):
        complaints.start_review(actor=section_head, complaint=report)


def test_a_channel_marked_whistleblowing_later_does_not_expose_or_hide_old_complaints(
    register, office, section_head
):
    c = register("sms")
    ComplaintChannel.objects.filter(code="sms").update(is_whistleblowing=True)
    assert c in complaints.complaints_visible_to(section_head, office)


def test_staff_of_another_office_see_nothing(register, outsider, office):
    register()
    assert not complaints.complaints_visible_to(outsider, office).exists()


# --- from the portal --------------------------------------------------------------------


def test_a_stakeholder_files_about_their_own_consultation(in_state, stakeholder_user, officer):
    c = in_state(Status.RESOLVED)
    complaint = complaints.file_complaint_about(
        actor=stakeholder_user,
        consultation=c,
        subject="Jawaban lambat",
        description="Butuh dua hari.",
        now=timezone.now(),
    )
    assert (complaint.consultation, complaint.officer) == (c, officer)
    assert complaint.complainant == c.stakeholder
    assert complaint.channel.code == "portal"
    assert not complaint.is_whistleblowing


def test_a_stakeholder_cannot_file_about_another_s_consultation(in_state, other_stakeholder):
    c = in_state(Status.RESOLVED)
    with pytest.raises(complaints.ComplaintNotFound):
        complaints.file_complaint_about(
            actor=other_stakeholder.user,
            consultation=c,
            subject="S",
            description="D",
            now=timezone.now(),
        )
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("subject", "description"), [("", "D"), ("S", " "), ("\x00", "D")])
def test_a_complaint_without_subject_or_description_is_refused(
    office, officer, subject, description
):
    with pytest.raises(complaints.InvalidInput):
        complaints.register_complaint(
            actor=officer,
            office=office,
            channel=channel("sms"),
            subject=subject,
            description=description,
            now=timezone.now(),
        )
    assert not Complaint.objects.exists()


def test_the_admin_edits_the_complaint_channels(client, office):
    from konsultasi.accounts.models import User

    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    page = client.get("/admin/feedback/complaintchannel/").content.decode()
    assert "SP4N-LAPOR!" in page
    assert client.get("/admin/feedback/complaint/").status_code == 404


def test_listing_whistleblowing_reports_is_logged_as_a_read_of_each(register, office, office_head):
    report, ordinary = register("wise"), register()
    page = complaints.register_page(office_head, office, status="open", now=timezone.now())
    assert set(page) == {report, ordinary}
    assert list(ComplaintRead.objects.values_list("complaint", "purpose")) == [(report.pk, "list")]
