"""Sessions in the database, as Django keeps them, read with a query built once per process
(`kept_queries`).

Every signed-in request reads its session before anything else. Django builds that query
afresh each time: at 1,000,000 consultations it was the one query of a portal question still
built through the ORM, a tenth of the question's Python. Writing, expiring and clearing
sessions stay Django's own."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from konsultasi.kept_queries import kept_objects


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = kept_objects(
            ("live session",), _live, {"key": self.session_key, "now": timezone.now()}
        )
        if not found:
            # As Django does: an unknown or expired key is dropped, and a new one is made if
            # the session is written.
            self._session_key = None
            return None
        return found[0]


def _live(values):
    return Session.objects.filter(session_key=values["key"], expire_date__gt=values["now"])
