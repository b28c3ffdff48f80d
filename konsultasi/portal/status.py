"""The stakeholder's words for a consultation's state: plainer than the desk's, and the same
for every state that means "we are working on it"."""

from django.utils.translation import pgettext_lazy

from konsultasi.consultations.models import Status

RECEIVED = pgettext_lazy("portal status", "Received")
IN_HAND = pgettext_lazy("portal status", "Being processed")
YOUR_TURN = pgettext_lazy("portal status", "Waiting for your confirmation/response")
ANSWERED = pgettext_lazy("portal status", "Answered")
CLOSED = pgettext_lazy("portal status", "Closed")
CANCELLED = pgettext_lazy("portal status", "Cancelled")

PLAIN = {
    Status.NEW: (RECEIVED, "new"),
    Status.IN_PROGRESS: (IN_HAND, "in_progress"),
    Status.FOLLOW_UP: (IN_HAND, "in_progress"),
    Status.ESCALATED: (IN_HAND, "in_progress"),
    Status.WAITING_STAKEHOLDER: (YOUR_TURN, "waiting_stakeholder"),
    Status.RESOLVED: (ANSWERED, "resolved"),
    Status.CLOSED: (CLOSED, "closed"),
    Status.CANCELLED: (CANCELLED, "cancelled"),
}


def plain_status(status: str) -> tuple[str, str]:
    """(words, the tag's style) for a status."""
    words, style = PLAIN.get(Status(status), (IN_HAND, "in_progress"))
    return str(words), style
