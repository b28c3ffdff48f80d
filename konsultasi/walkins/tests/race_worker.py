"""One process of a race on a SQLite file (run by test_queue_races_on_sqlite.py):

    python -m konsultasi.walkins.tests.race_worker setup
    python -m konsultasi.walkins.tests.race_worker kiosk N START_FILE
    python -m konsultasi.walkins.tests.race_worker officer USERNAME START_FILE

The database comes from the environment (KONSULTASI_VAR_DIR, no DATABASE_URL), as `make run`
has it. Prints one JSON line: the numbers this process got."""

import json
import os
import sys
import time
from pathlib import Path

KIOSK_TICKETS = 5


def wait_for(start_file: str) -> None:
    # Every process connects first, then all start together.
    deadline = time.monotonic() + 60
    while not Path(start_file).exists():
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.01)


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konsultasi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from konsultasi.accounts.models import OfficeRole, Role, User
    from konsultasi.offices.models import Office
    from konsultasi.offices.reference_data import load_pekanbaru
    from konsultasi.walkins import services
    from konsultasi.walkins.models import Counter

    if argv[0] == "setup":
        call_command("migrate", verbosity=0)
        office = load_pekanbaru()
        for i in range(4):
            user = User.objects.create_user(username=f"cso{i}")
            OfficeRole.objects.create(user=user, office=office, role=Role.OFFICER)
            Counter.objects.create(office=office, name=f"Loket {i + 1}")
        return
    office = Office.objects.get(slug="pekanbaru")
    got: list[int] = []
    if argv[0] == "kiosk":
        wait_for(argv[2])
        got = [services.take_ticket(office=office).number for _ in range(int(argv[1]))]
    elif argv[0] == "officer":
        officer = User.objects.get(username=argv[1])
        counter = Counter.objects.get(office=office, name=f"Loket {int(argv[1][-1]) + 1}")
        wait_for(argv[2])
        while True:
            try:
                ticket = services.call_next(officer=officer, office=office, counter=counter)
            except services.QueueEmpty:
                break
            got.append(ticket.number)
            services.mark_no_show(officer=officer, ticket=ticket)
    print(json.dumps(got))


if __name__ == "__main__":
    main(sys.argv[1:])
