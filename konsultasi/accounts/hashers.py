"""How passwords are hashed: Argon2id with the parameters OWASP recommends for it (19 MiB of
memory, two passes, one lane) instead of Django's default of 100 MiB and eight lanes.

Django's default makes every sign-in take about 100 MB more resident memory in the web worker
that checks it (and a third of a second of CPU on this 2-core machine): one sign-in pushed a
worker past the 150 MB of issue 7, and a few officers signing in at opening time at once
would add up (bench/RESULTS.md). The algorithm keeps Django's name, so a password hashed with
the old parameters still checks and is hashed again with these at its next sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OfficeArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
