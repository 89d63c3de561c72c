"""The demo installation: staff accounts and a store connected to the Ozon sandbox.

Running the demo again keeps what is there: existing accounts keep their passwords (and are
reported as such), and the demo store is pointed at wherever the sandbox listens this time.
"""

from __future__ import annotations

from dataclasses import dataclass

from posylka.domain.stores import Role, StoreCredentials
from posylka.services.accounts import SYSTEM_ACTOR, NewUser, create_user
from posylka.services.ports import Clock, PasswordHasher, UnitOfWorkFactory

DEMO_STORE = "Demo store"
DEMO_ACCOUNTS = (
    ("admin", "demo-admin", Role.ADMIN),
    ("manager", "demo-manager", Role.MANAGER),
    ("packer", "demo-packer", Role.PACKER),
)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    created: bool
    """False when the account existed before; its password may have been changed since."""


def prepare_demo(
    sandbox: StoreCredentials,
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> list[DemoLogin]:
    """Make sure the demo accounts exist and the demo store talks to ``sandbox``."""
    logins = []
    for username, password, role in DEMO_ACCOUNTS:
        with uow() as tx:
            exists = tx.users.by_username(username) is not None
        if not exists:
            create_user(
                NewUser(username, password, role), by=None, uow=uow, hasher=hasher, clock=clock
            )
        logins.append(DemoLogin(username, password, role, created=not exists))
    now = clock.now()
    with uow() as tx:
        store = tx.stores.by_name(DEMO_STORE)
        if store is None:
            store = tx.stores.add(DEMO_STORE, sandbox, now=now)
            action = "store.created"
        else:
            tx.stores.update_credentials(store.id, sandbox)
            action = "store.credentials_changed"
        tx.audit.record(
            action,
            at=now,
            actor=SYSTEM_ACTOR,
            store_id=store.id,
            object_type="store",
            object_id=str(store.id),
            details={"name": DEMO_STORE, "base_url": sandbox.base_url, "demo": True},
        )
        tx.commit()
    return logins
