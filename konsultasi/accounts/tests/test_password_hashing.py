"""Passwords are hashed with Argon2id at a memory cost OWASP recommends, so a sign-in does
not add 100 MB to a web worker; passwords hashed before still work and are hashed again."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

from konsultasi import settings as project
from konsultasi.accounts.models import User


@pytest.fixture
def project_hashers(settings):
    """The project's hashers (the test settings swap in a fast one)."""
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    return settings


def test_a_new_password_is_hashed_with_argon2id_at_7_mib_five_passes_one_lane(project_hashers):
    encoded = make_password("rahasia-KPPN-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
    assert check_password("rahasia-KPPN-2026", encoded)


def test_a_password_hashed_with_djangos_default_still_signs_in_and_is_hashed_again(
    project_hashers, db
):
    user = User.objects.create(username="petugas")
    user.password = Argon2PasswordHasher().encode("rahasia-KPPN-2026", "garamgaramgaram1")
    user.save()
    assert "m=102400" in user.password
    assert user.check_password("rahasia-KPPN-2026")
    user.refresh_from_db()
    assert "m=7168,t=5,p=1" in user.password


def test_a_password_hashed_with_owasps_19_mib_set_still_signs_in_and_is_hashed_again(
    project_hashers, db
):
    before = Argon2PasswordHasher()
    before.memory_cost, before.time_cost, before.parallelism = 19 * 1024, 2, 1
    user = User.objects.create(username="petugas")
    user.password = before.encode("rahasia-KPPN-2026", "garamgaramgaram1")
    user.save()
    assert user.check_password("rahasia-KPPN-2026")
    user.refresh_from_db()
    assert "m=7168,t=5,p=1" in user.password
