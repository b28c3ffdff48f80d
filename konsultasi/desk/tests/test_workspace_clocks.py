"""The workspace's clocks: every running clock as text in office time, refreshed by polling,
and a word when someone else changed the consultation meanwhile."""

from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.models import Status as S
from konsultasi.desk.tests.conftest import signed_in


def clocks(client, c, **params) -> str:
    response = client.get(
        reverse("desk:consultation_clocks", args=[c.number]), params, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_service_clock_counts_down_in_office_time(client, office_hours, in_state, officer):
    c = in_state(S.IN_PROGRESS)  # Tuesday 09:00, twenty minutes
    signed_in(client, officer)
    office_hours.shift(17 * 60)
    body = clocks(client, c, version=c.version)
    assert body.lstrip().startswith('<section id="clocks"')
    assert "sisa 3 mnt" in body and "clock--warning" in body
    office_hours.shift(10 * 60)
    assert "lewat 7 mnt" in clocks(client, c) and "clock--late" in clocks(client, c)


def test_a_late_clock_on_friday_evening_is_not_counted_over_the_weekend(
    client, office_hours, in_state, officer
):
    c = in_state(S.FOLLOW_UP)  # due Friday 16.00
    office_hours.move_to("2026-09-05T10:00+07:00", tick=False)  # Saturday
    body = clocks(signed_in(client, officer), c)
    assert "lewat sejak Jumat 16.00" in body
    assert "lewat 0 mnt" not in body


def test_escalated_shows_the_section_heads_clock_and_the_progress_clock(client, in_state, officer):
    c = in_state(S.ESCALATED)
    body = clocks(signed_in(client, officer), c)
    assert "Jawaban eskalasi" in body or "jawaban eskalasi" in body.lower()
    assert "Rabu, 2 September 2026 pukul 16.00 WIB" in body
    assert "Layanan</span>" not in body  # the 20 minutes are not what matters now


def test_waiting_on_the_stakeholder_shows_the_clock_paused(client, in_state, officer):
    c = in_state(S.WAITING_STAKEHOLDER)
    body = clocks(signed_in(client, officer), c)
    assert "dijeda: menunggu stakeholder" in body and "clock--paused" in body


def test_after_the_answer_the_handling_time_is_shown_against_the_target(
    client, office_hours, in_state, officer
):
    c = in_state(S.IN_PROGRESS)
    office_hours.shift(12 * 60)
    c = services.resolve(actor=officer, consultation=c, answer="Sudah")
    body = clocks(signed_in(client, officer), c)
    assert "dilayani dalam 12 mnt, sesuai target 20 mnt" in body


def test_a_change_by_someone_else_is_announced_with_a_reload_link(
    client, in_state, officer, section_head
):
    c = in_state(S.IN_PROGRESS)
    shown = c.version
    signed_in(client, officer)
    assert "baru saja mengubah" not in clocks(client, c, version=shown)
    services.add_note(actor=section_head, consultation=c, body="Cek lagi")
    body = clocks(client, c, version=shown)
    assert "kasi baru saja mengubah konsultasi ini" in body
    assert f'?version={shown}"' in body  # keeps comparing with what the page shows


def test_another_office_polls_nothing(client, in_state, outsider):
    c = in_state(S.IN_PROGRESS)
    response = signed_in(client, outsider).get(reverse("desk:consultation_clocks", args=[c.number]))
    assert response.status_code == 404
