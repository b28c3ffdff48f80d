"""How passwords are hashed: Argon2id with one of the parameter sets OWASP recommends for it
(7 MiB of memory, five passes, one lane: the same defence as its 19 MiB / two passes, in its
own words) instead of Django's default of 100 MiB and eight lanes.

Memory, not CPU, is what a sign-in costs a web worker here: each check holds its block of
memory until it ends, two threads checking at once hold two, and the worker's resident size
keeps the peak (glibc keeps such blocks in the threads' arenas). Django's default pushed a
worker past the 150 MB of issue 7 with one sign-in; OWASP's 19 MiB set did it when two
stakeholders signed in at the same moment at 1,000,000 consultations (bench/RESULTS.md). The
algorithm keeps Django's name, so a password hashed with other parameters still checks and
is hashed again with these at its next sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OfficeArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 7 * 1024  # KiB
    time_cost = 5
    parallelism = 1
