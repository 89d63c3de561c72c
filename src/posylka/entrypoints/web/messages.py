"""What the pages tell people: notices after a change and explanations of refused input.

Use cases raise errors that carry data; this module turns each into a field name and a message
(an English msgid plus its parameters), which the template translates with ``fmt.say``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from posylka.entrypoints.web.labels import N_
from posylka.services.accounts import (
    AccountError,
    InvalidCredentials,
    InvalidUsername,
    UnknownLanguage,
    UsernameTaken,
    WeakPassword,
)
from posylka.services.stores import (
    InvalidBaseUrl,
    InvalidClientId,
    MissingApiKey,
    MissingStoreName,
    StoreError,
    StoreNameTaken,
)


@dataclass(frozen=True, slots=True)
class Message:
    """A msgid and the values for its ``%(name)s`` placeholders."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


NOTICES = {
    "store_added": N_("Store added. Its postings appear after the first sync."),
    "user_added": N_("User added. They can log in now."),
    "password_changed": N_("Password changed."),
}

PASSWORDS_DIFFER = Message(N_("The two passwords differ."))
CHOOSE_ROLE = Message(N_("Choose a role."))


def store_error(exc: StoreError) -> dict[str, Message]:
    """The form field a refused store points at, and why."""
    if isinstance(exc, StoreNameTaken):
        return {"name": Message(N_("A store with this name already exists."))}
    if isinstance(exc, MissingStoreName):
        return {"name": Message(N_("Enter a name for the store."))}
    if isinstance(exc, InvalidClientId):
        return {
            "client_id": Message(
                N_(
                    "The Client ID is a number. "
                    "Copy it from the Seller API page of your Ozon account."
                )
            )
        }
    if isinstance(exc, MissingApiKey):
        return {"api_key": Message(N_("Enter the API key."))}
    if isinstance(exc, InvalidBaseUrl):
        return {"base_url": Message(N_("The API address must start with https:// or http://."))}
    return {exc.field or "name": Message(N_("This store cannot be added."))}


def account_error(exc: AccountError, *, weak_field: str = "password") -> dict[str, Message]:
    """The form field a refused account change points at, and why."""
    if isinstance(exc, UsernameTaken):
        return {"username": Message(N_("This username is already taken."))}
    if isinstance(exc, InvalidUsername):
        return {
            "username": Message(
                N_("Use 2 to 100 letters, digits or the signs . _ @ + - (no spaces).")
            )
        }
    if isinstance(exc, WeakPassword):
        return {
            weak_field: Message(
                N_("A password needs at least %(n)s characters."), {"n": exc.minimum}
            )
        }
    if isinstance(exc, UnknownLanguage):
        return {"language": Message(N_("Choose one of the offered languages."))}
    if isinstance(exc, InvalidCredentials):
        return {"current_password": Message(N_("The current password is wrong."))}
    return {weak_field: Message(N_("This change was refused."))}
