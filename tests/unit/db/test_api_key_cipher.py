"""Encryption of Ozon API keys: keys derived from the secret, rotation, clear failures."""

from __future__ import annotations

import pytest

from posylka.adapters.security import ApiKeyCipher, derive_fernet_key
from posylka.config import Settings
from posylka.domain.errors import ConfigurationError

KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def test_a_key_encrypts_to_a_token_that_decrypts_back() -> None:
    cipher = ApiKeyCipher("secret")

    token = cipher.encrypt(KEY)

    assert KEY.encode() not in token
    assert cipher.decrypt(token) == KEY


def test_the_same_key_encrypts_differently_each_time() -> None:
    cipher = ApiKeyCipher("secret")

    assert cipher.encrypt(KEY) != cipher.encrypt(KEY)


def test_the_derived_key_depends_only_on_the_secret() -> None:
    assert derive_fernet_key("secret") == derive_fernet_key("secret")
    assert derive_fernet_key("secret") != derive_fernet_key("secret2")
    assert derive_fernet_key("secret") != b"secret"


def test_a_previous_secret_still_decrypts_and_rotation_moves_to_the_current_one() -> None:
    old = ApiKeyCipher("old")
    rotating = ApiKeyCipher("new", ["old"])
    token = old.encrypt(KEY)

    rotated = rotating.rotate(token)

    assert rotating.decrypt(token) == KEY
    assert not rotating.is_current(token)
    assert rotating.is_current(rotated)
    assert ApiKeyCipher("new").decrypt(rotated) == KEY


def test_a_token_no_configured_secret_opens_is_a_configuration_error() -> None:
    token = ApiKeyCipher("lost").encrypt(KEY)

    with pytest.raises(ConfigurationError, match="POSYLKA_PREVIOUS_SECRET_KEYS"):
        ApiKeyCipher("new", ["old"]).decrypt(token)
    with pytest.raises(ConfigurationError):
        ApiKeyCipher("new").rotate(token)


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="POSYLKA_SECRET_KEY is empty"):
        ApiKeyCipher("")


def test_the_cipher_is_built_from_settings_with_previous_keys() -> None:
    token = ApiKeyCipher("older").encrypt(KEY)
    settings = Settings(secret_key="current", previous_secret_keys=["old", "older"])  # type: ignore[arg-type]

    assert ApiKeyCipher.from_settings(settings).decrypt(token) == KEY
