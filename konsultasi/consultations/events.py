from datetime import datetime

from konsultasi.consultations.models import Consultation, Event


def record_event(
    consultation: Consultation,
    *,
    actor,
    action: str,
    from_status: str,
    to_status: str,
    at: datetime,
    reason: str = "",
    data: dict | None = None,
) -> Event:
    """Append one line to the consultation's history. Caller is inside the change's transaction."""
    return Event.objects.create(
        consultation=consultation,
        actor=actor,
        action=str(action),
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
        created_at=at,
    )
