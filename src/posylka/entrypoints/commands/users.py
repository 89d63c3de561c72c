"""``posylka user``: staff accounts from the command line (the first admin is made here)."""

from __future__ import annotations

from typing import Annotated

import typer

from posylka.domain.stores import Role
from posylka.entrypoints.commands._runtime import console, container, fail
from posylka.services.accounts import AccountError, NewUser, create_user

user = typer.Typer(help="Manage staff accounts.", no_args_is_help=True)


@user.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters."
        ),
    ],
    role: Annotated[Role, typer.Option(help="admin, manager or packer.")] = Role.PACKER,
    language: Annotated[str, typer.Option(help="en, ru or zh-CN.")] = "en",
) -> None:
    """Add a staff member who can log in to the web desk."""
    with container() as app:
        try:
            account = create_user(
                NewUser(username, password, role, language),
                by=None,
                uow=app.uow,
                hasher=app.hasher,
                clock=app.clock,
            )
        except AccountError as exc:
            raise fail(f"Cannot add {username}: {exc}.") from None
        console.print(f"Added {account.username} ({account.role}).")


def install(app: typer.Typer) -> None:
    app.add_typer(user, name="user")
