"""Bring consultations into any state through the real services, never by setting status."""

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Status


@pytest.fixture
def online_consultation(office_hours, office, stakeholder_user) -> Consultation:
    return services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="SP2D belum terbit",
        question="SPM kami sudah diajukan kemarin, kapan SP2D terbit?",
    )


@pytest.fixture
def in_state(office_hours, office, officer, section_head, stakeholder_user, service_type):
    """in_state(status) → a consultation of the stakeholder, handled by `officer`, classified
    under the section headed by `section_head`, that has reached `status`."""

    def bring(status: str, *, escalation: str = "section_head") -> Consultation:
        c = services.submit_question(
            actor=stakeholder_user, office=office, subject="Pertanyaan", question="Bagaimana?"
        )
        if status == Status.NEW:
            return c
        c = services.claim(officer=officer, consultation=c)
        c = services.classify(actor=officer, consultation=c, service_type=service_type)
        if status == Status.IN_PROGRESS:
            return c
        if status == Status.WAITING_STAKEHOLDER:
            return services.request_documents(
                actor=officer, consultation=c, description="Salinan SPM"
            )
        if status == Status.FOLLOW_UP:
            return services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek")
        if status == Status.ESCALATED:
            if escalation == "hai":
                return services.hand_to_hai(actor=officer, consultation=c, reason="Isu nasional")
            return services.escalate(actor=officer, consultation=c, reason="Mohon konfirmasi")
        c = services.resolve(actor=officer, consultation=c, answer="Sudah terbit.")
        if status == Status.RESOLVED:
            return c
        if status == Status.CLOSED:
            return services.close(actor=stakeholder_user, consultation=c)
        if status == Status.CANCELLED:
            raise ValueError("use services.cancel on an open consultation")
        raise ValueError(status)

    return bring
