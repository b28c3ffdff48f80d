from django.utils.translation import gettext as _

from konsultasi.errors import DomainError
from konsultasi.errors import InvalidInput as InvalidInput  # lives below, for every layer


class IllegalTransition(DomainError):
    code = "illegal_transition"

    def __init__(self, *, action: str, status: str):
        self.action, self.status = action, status
        super().__init__(
            _("This cannot be done while the consultation is “%(status)s” (%(action)s).")
            % {"status": status, "action": action}
        )


class AlreadyClaimed(DomainError):
    code = "already_claimed"

    def __init__(self, holder):
        self.holder = holder
        super().__init__(
            _("%(officer)s is already handling this consultation.") % {"officer": holder}
        )


class StaleEdit(DomainError):
    code = "stale_edit"

    def __init__(self):
        super().__init__(
            _("Someone changed this consultation after you opened it. Reload it and try again.")
        )


class ConsultationNotFound(DomainError):
    """Raised alike for a consultation that does not exist and one the user may not see."""

    code = "not_found"

    def __init__(self):
        super().__init__(_("Consultation not found."))
