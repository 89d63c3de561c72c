"""Secrets at rest: staff passwords (argon2id) and Ozon API keys (Fernet, with key rotation).

An Ozon API key lets anyone act as the seller, so it is stored encrypted with a key derived from
``POSYLKA_SECRET_KEY``. The master key never goes into the database. To rotate it, set the new key
as ``POSYLKA_SECRET_KEY``, move the old one to ``POSYLKA_PREVIOUS_SECRET_KEYS``, and re-encrypt the
stored keys (``SqlStoreRepository.reencrypt_api_keys``); until then the old key still decrypts.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import argon2
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from posylka.config import Settings
from posylka.domain.errors import ConfigurationError

_KEY_PURPOSE = b"posylka/ozon-api-key/fernet/v1"
"""HKDF ``info``: the derived key serves this one purpose, so reusing the secret elsewhere (for
signing sessions) never yields the same key material."""


class Argon2PasswordHasher:
    """The ``PasswordHasher`` port with argon2id; costs are argon2-cffi's recommended defaults."""

    def __init__(
        self,
        *,
        time_cost: int = argon2.DEFAULT_TIME_COST,
        memory_cost: int = argon2.DEFAULT_MEMORY_COST,
        parallelism: int = argon2.DEFAULT_PARALLELISM,
    ) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """True only for the right password; a wrong password or a damaged hash is ``False``."""
        try:
            return self._hasher.verify(password_hash, password)
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with weaker settings than the current ones."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except argon2.exceptions.InvalidHashError:
            return True


def derive_fernet_key(secret: str) -> bytes:
    """A Fernet key (32 bytes, url-safe base64) derived from a master secret with HKDF-SHA256."""
    if not secret:
        raise ConfigurationError("POSYLKA_SECRET_KEY is empty; Ozon API keys cannot be encrypted.")
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_PURPOSE).derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


class ApiKeyCipher:
    """Encrypts Ozon API keys with the current secret; decrypts with it or a previous one."""

    def __init__(self, secret_key: str, previous_keys: Sequence[str] = ()) -> None:
        current = Fernet(derive_fernet_key(secret_key))
        older = [Fernet(derive_fernet_key(key)) for key in previous_keys if key]
        self._current = current
        self._all = MultiFernet([current, *older])

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiKeyCipher:
        return cls(
            settings.secret_key.get_secret_value(),
            [key.get_secret_value() for key in settings.previous_secret_keys],
        )

    def encrypt(self, plaintext: str) -> bytes:
        return self._current.encrypt(plaintext.encode())

    def decrypt(self, token: bytes) -> str:
        try:
            return self._all.decrypt(token).decode()
        except InvalidToken:
            raise ConfigurationError(
                "A stored Ozon API key cannot be decrypted with POSYLKA_SECRET_KEY or "
                "POSYLKA_PREVIOUS_SECRET_KEYS; restore the key it was saved with."
            ) from None

    def rotate(self, token: bytes) -> bytes:
        """The same plaintext, encrypted with the current key (the token may use an older one)."""
        try:
            return self._all.rotate(token)
        except InvalidToken:
            raise ConfigurationError(
                "A stored Ozon API key cannot be re-encrypted: neither POSYLKA_SECRET_KEY nor "
                "POSYLKA_PREVIOUS_SECRET_KEYS opens it."
            ) from None

    def is_current(self, token: bytes) -> bool:
        """Whether the token was made with the current key (no rotation needed)."""
        try:
            self._current.decrypt(token)
        except InvalidToken:
            return False
        return True
