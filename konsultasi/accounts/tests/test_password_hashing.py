"""Passwords are hashed with Argon2id at the memory cost OWASP recommends, so a sign-in does
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


def test_a_new_password_is_hashed_with_argon2id_at_19_mib_two_passes_one_lane(project_hashers):
    encoded = make_password("rahasia-KPPN-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
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
    assert "m=19456,t=2,p=1" in user.password
