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
    """The form was filled in on an older copy: refused, never applied over the newer one."""

    code = "stale_edit"

    def __init__(self, changed_by=None):
        self.changed_by = changed_by
        if changed_by is None:
            super().__init__(
                _("Someone changed this consultation after you opened it. Reload it and try again.")
            )
        else:
            super().__init__(
                _(
                    "%(person)s changed this consultation after you opened it. "
                    "Reload it and try again."
                )
                % {"person": changed_by}
            )


class ConsultationNotFound(DomainError):
    """Raised alike for a consultation that does not exist and one the user may not see."""

    code = "not_found"

    def __init__(self):
        super().__init__(_("Consultation not found."))
