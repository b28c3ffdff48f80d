"""The project's WSGI application with the clock at the data set's anchor, for the benchmark's
web server (`web.py` starts gunicorn on it): the generated consultations are due, breached
and waiting as they stood at the anchor, however long after generation the server runs.

Each gunicorn worker imports this module, so each travels on its own; the clock ticks."""

import time_machine

from bench import common

_travel = time_machine.travel(common.ANCHOR, tick=True)
_travel.start()

from konsultasi.wsgi import application  # noqa: E402 - only once the clock is at the anchor

__all__ = ["application"]
