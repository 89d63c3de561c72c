"""Logging in and out, sessions, users, languages and passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from memory_ports import FixedClock, MemoryDatabase, PlainHasher

from posylka.domain.stores import Role
from posylka.services.accounts import (
    InvalidCredentials,
    InvalidUsername,
    NewUser,
    NotAllowed,
    UnknownLanguage,
    UsernameTaken,
    WeakPassword,
    change_language,
    change_password,
    create_user,
    list_users,
    log_in,
    log_out,
    resume_session,
    token_digest,
)
from posylka.services.ports import Account

HOUR = timedelta(hours=1)


@pytest.fixture
def db() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 8, 9, 0, tzinfo=UTC))


@pytest.fixture
def hasher() -> PlainHasher:
    return PlainHasher()


def add_user(
    db: MemoryDatabase,
    hasher: PlainHasher,
    clock: FixedClock,
    username: str = "olga",
    role: Role = Role.MANAGER,
    password: str = "correct horse",  # noqa: S107 (a test fixture)
) -> Account:
    return create_user(
        NewUser(username, password, role), by=None, uow=db, hasher=hasher, clock=clock
    )


def test_login_opens_a_session_stored_only_as_a_digest(db, hasher, clock):
    add_user(db, hasher, clock)
    session = log_in("olga", "correct horse", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    assert session.account.username == "olga"
    assert session.expires_at == clock.now() + HOUR
    assert list(db.state.sessions) == [token_digest(session.token)]
    assert session.token not in db.state.sessions
    assert len(session.csrf_token) >= 32


def test_login_with_wrong_password_is_refused_and_opens_nothing(db, hasher, clock):
    add_user(db, hasher, clock)
    with pytest.raises(InvalidCredentials):
        log_in("olga", "wrong", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    assert db.state.sessions == {}


def test_login_of_unknown_user_still_spends_a_hash(db, hasher, clock):
    with pytest.raises(InvalidCredentials):
        log_in("nobody", "whatever1", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    assert hasher.calls == 1


def test_deactivated_account_cannot_log_in(db, hasher, clock):
    account = add_user(db, hasher, clock)
    db().users.deactivate(account.id)
    with pytest.raises(InvalidCredentials):
        log_in("olga", "correct horse", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)


def test_session_resumes_until_it_expires(db, hasher, clock):
    add_user(db, hasher, clock)
    session = log_in("olga", "correct horse", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    resumed = resume_session(session.token, uow=db, clock=clock)
    assert resumed is not None
    assert resumed.account.username == "olga"
    assert resumed.csrf_token == session.csrf_token
    clock.advance(HOUR)
    assert resume_session(session.token, uow=db, clock=clock) is None


def test_unknown_or_empty_token_resumes_nothing(db, clock):
    assert resume_session("", uow=db, clock=clock) is None
    assert resume_session("forged", uow=db, clock=clock) is None


def test_logout_ends_the_session_and_is_audited(db, hasher, clock):
    add_user(db, hasher, clock)
    session = log_in("olga", "correct horse", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    log_out(session, uow=db, clock=clock)
    assert resume_session(session.token, uow=db, clock=clock) is None
    assert [e.action for e in db.state.audit][-2:] == ["user.login", "user.logout"]


def test_admin_creates_user_and_audit_names_the_admin(db, hasher, clock):
    admin = add_user(db, hasher, clock, "root", Role.ADMIN)
    packer = create_user(
        NewUser("li.wei", "packing-2026", Role.PACKER, "zh-CN"),
        by=admin,
        uow=db,
        hasher=hasher,
        clock=clock,
    )
    assert (packer.role, packer.language) == (Role.PACKER, "zh-CN")
    entry = db.state.audit[-1]
    assert (entry.action, entry.actor, entry.object_id) == ("user.created", "root", str(packer.id))
    assert entry.details == {"username": "li.wei", "role": "packer"}
    assert "packing-2026" not in str(entry.details)


def test_command_line_user_creation_is_audited_as_system(db, hasher, clock):
    add_user(db, hasher, clock)
    assert db.state.audit[-1].actor == "system"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PACKER])
def test_only_admins_create_users(db, hasher, clock, role):
    someone = add_user(db, hasher, clock, "someone", role)
    with pytest.raises(NotAllowed):
        create_user(
            NewUser("x.y", "long enough", Role.ADMIN),
            by=someone,
            uow=db,
            hasher=hasher,
            clock=clock,
        )


def test_duplicate_username_is_refused(db, hasher, clock):
    add_user(db, hasher, clock)
    with pytest.raises(UsernameTaken):
        add_user(db, hasher, clock)
    assert len(db.state.users) == 1


def test_short_password_is_refused(db, hasher, clock):
    with pytest.raises(WeakPassword):
        add_user(db, hasher, clock, password="short")


@pytest.mark.parametrize("name", ["", "a", "with space", "x" * 101])
def test_malformed_username_is_refused(db, hasher, clock, name):
    with pytest.raises(InvalidUsername):
        add_user(db, hasher, clock, username=name)


def test_user_list_is_for_admins_only(db, hasher, clock):
    admin = add_user(db, hasher, clock, "root", Role.ADMIN)
    manager = add_user(db, hasher, clock, "Boris", Role.MANAGER)
    assert [a.username for a in list_users(by=admin, uow=db)] == ["Boris", "root"]
    with pytest.raises(NotAllowed):
        list_users(by=manager, uow=db)


def test_language_change_is_stored_and_audited(db, hasher, clock):
    account = add_user(db, hasher, clock)
    change_language(account, "ru", uow=db, clock=clock)
    assert db().users.get(account.id).language == "ru"
    assert db.state.audit[-1].details == {"from": "en", "to": "ru"}


def test_unsupported_language_is_refused(db, hasher, clock):
    account = add_user(db, hasher, clock)
    with pytest.raises(UnknownLanguage):
        change_language(account, "de", uow=db, clock=clock)


def test_password_change_needs_the_current_password(db, hasher, clock):
    account = add_user(db, hasher, clock)
    with pytest.raises(InvalidCredentials):
        change_password(account, "not it", "brand new one", uow=db, hasher=hasher, clock=clock)
    change_password(account, "correct horse", "brand new one", uow=db, hasher=hasher, clock=clock)
    with pytest.raises(InvalidCredentials):
        log_in("olga", "correct horse", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    assert log_in("olga", "brand new one", uow=db, hasher=hasher, clock=clock, lifetime=HOUR)
    assert db.state.audit[-2].action == "user.password_changed"
