"""Password hashing with argon2id behind the PasswordHasher port."""

from __future__ import annotations

import pytest

from posylka.adapters.security import Argon2PasswordHasher


@pytest.fixture
def hasher() -> Argon2PasswordHasher:
    # Cheap costs keep the test quick; the algorithm and the checks are the real ones.
    return Argon2PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def test_the_right_password_verifies_and_a_wrong_one_does_not(
    hasher: Argon2PasswordHasher,
) -> None:
    stored = hasher.hash("correct horse")

    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert hasher.verify(stored, "correct horse")
    assert not hasher.verify(stored, "correct horse ")


def test_a_damaged_hash_never_verifies(hasher: Argon2PasswordHasher) -> None:
    assert not hasher.verify("not-a-hash", "anything")
    assert not hasher.verify("", "")


def test_a_hash_made_with_weaker_settings_needs_rehashing(hasher: Argon2PasswordHasher) -> None:
    stronger = Argon2PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    weak = hasher.hash("pw")

    assert stronger.needs_rehash(weak)
    assert not hasher.needs_rehash(weak)
    assert stronger.verify(weak, "pw")
