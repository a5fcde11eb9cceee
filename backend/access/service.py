"""Accounts, passwords, sessions and who a request comes from."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import argon2
from pydantic import SecretStr
from sqlmodel import Session, col, delete, func, select

from backend import i18n
from backend.access.models import (
    AuthSession,
    LoginAttempt,
    RoleGrant,
    RoleGrantCreate,
    User,
    UserCreate,
)
from backend.access.policy import Grant, Principal
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.catalog.models import Organisation
from backend.errors import InvalidInput
from backend.i18n import Language
from backend.resources import Changes, ResourceService
from backend.settings import get_settings


def now() -> dt.datetime:
    """Now, in UTC (timestamps are stored and read back as aware UTC)."""
    return dt.datetime.now(dt.UTC)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---- passwords ------------------------------------------------------------------------


@lru_cache
def password_hasher() -> argon2.PasswordHasher:
    settings = get_settings()
    return argon2.PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        type=argon2.Type.ID,
    )


@lru_cache
def _decoy_hash() -> str:
    return password_hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: SecretStr) -> str:
    return password_hasher().hash(password.get_secret_value())


def check_password(stored_hash: str, password: SecretStr) -> bool:
    """Constant work whether or not the account exists or has a password."""
    try:
        return password_hasher().verify(stored_hash or _decoy_hash(), password.get_secret_value())
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


# ---- identity ---------------------------------------------------------------------------


class IdentityProvider(Protocol):
    """Says which user presented these credentials; the only part SSO needs to replace."""

    def authenticate(
        self, session: Session, *, username: str, password: SecretStr
    ) -> User | None: ...


class PasswordIdentity:
    """Local accounts with argon2id password hashes."""

    def authenticate(self, session: Session, *, username: str, password: SecretStr) -> User | None:
        user = session.exec(select(User).where(col(User.username) == username.lower())).first()
        valid = check_password(user.password_hash if user else "", password)
        if user is None or not valid or not user.is_active or not user.password_hash:
            return None
        if password_hasher().check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            session.add(user)
        return user


def identity_provider() -> IdentityProvider:
    return PasswordIdentity()


# ---- rate limiting ---------------------------------------------------------------------


def failures_exceeded(session: Session, *, username: str, client_address: str) -> bool:
    """Too many recent failures for this account or this address; they expire by themselves."""
    settings = get_settings()
    since = now() - dt.timedelta(minutes=settings.login_failure_window_minutes)
    recent = select(func.count()).where(col(LoginAttempt.attempted_at) >= since)
    by_account = session.exec(recent.where(col(LoginAttempt.username) == username.lower())).one()
    by_address = session.exec(
        recent.where(col(LoginAttempt.client_address) == client_address)
    ).one()
    return (
        by_account >= settings.login_failures_per_account
        or by_address >= settings.login_failures_per_address
    )


def note_failure(session: Session, *, username: str, client_address: str) -> None:
    session.add(
        LoginAttempt(
            username=username.lower()[:255], client_address=client_address, attempted_at=now()
        )
    )
    session.flush()


def forget_failures(session: Session, *, username: str) -> None:
    session.exec(delete(LoginAttempt).where(col(LoginAttempt.username) == username.lower()))


# ---- sessions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
    record: AuthSession


def start_session(session: Session, *, user: User, client_address: str) -> NewSession:
    assert user.id is not None
    _end_expired(session, user_id=user.id)
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    moment = now()
    record = AuthSession(
        token_hash=digest(token),
        csrf_hash=digest(csrf_token),
        user_id=user.id,
        created_at=moment,
        last_seen_at=moment,
        client_address=client_address,
    )
    session.add(record)
    session.flush()
    return NewSession(token, csrf_token, record)


def _end_expired(session: Session, *, user_id: int) -> None:
    settings = get_settings()
    moment = now()
    session.exec(
        delete(AuthSession).where(
            col(AuthSession.user_id) == user_id,
            (
                col(AuthSession.last_seen_at)
                < moment - dt.timedelta(minutes=settings.session_idle_minutes)
            )
            | (
                col(AuthSession.created_at)
                < moment - dt.timedelta(hours=settings.session_absolute_hours)
            ),
        )
    )


def find_session(session: Session, *, token: str) -> AuthSession | None:
    """The live session this token opens, or None (unknown, idle too long, or too old)."""
    record = session.exec(
        select(AuthSession).where(col(AuthSession.token_hash) == digest(token))
    ).first()
    if record is None:
        return None
    settings = get_settings()
    moment = now()
    if moment - record.last_seen_at > dt.timedelta(minutes=settings.session_idle_minutes):
        return None
    if moment - record.created_at > dt.timedelta(hours=settings.session_absolute_hours):
        return None
    return record


def end_sessions(session: Session, *, user_id: int) -> None:
    session.exec(delete(AuthSession).where(col(AuthSession.user_id) == user_id))


def end_session(session: Session, *, session_id: int) -> None:
    session.exec(delete(AuthSession).where(col(AuthSession.id) == session_id))


def principal_of(session: Session, *, user_id: int) -> Principal | None:
    """The active user with their grants, or None."""
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.id is None:
        return None
    grants = session.exec(select(RoleGrant).where(col(RoleGrant.user_id) == user.id)).all()
    return Principal(
        user_id=user.id,
        username=user.username,
        organisation_id=user.organisation_id,
        language=str(user.language),
        grants=tuple(
            Grant(g.role, g.action_plan_id, g.country_code, g.organisation_id) for g in grants
        ),
    )


def describe_user(session: Session, *, user_id: int) -> dict[str, Any]:
    user = session.get(User, user_id)
    assert user is not None
    organisation = session.get(Organisation, user.organisation_id)
    assert organisation is not None
    grants = session.exec(select(RoleGrant).where(col(RoleGrant.user_id) == user_id)).all()
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "organisation_id": user.organisation_id,
        "organisation_code": organisation.code,
        "organisation_name": organisation.name,
        "language": user.language,
        "grants": [g.model_dump(exclude={"id", "version", "user_id"}) for g in grants],
    }


def set_language(session: Session, *, user_id: int, language: Language, actor: audit.Actor) -> User:
    """A person's own choice of the language the tool writes to them in, audited."""
    user = session.get(User, user_id)
    assert user is not None
    before = user.language
    if before != language:
        user.language = language
        session.add(user)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action=AuditAction.update,
            resource="users",
            record_id=user_id,
            changes={"language": [str(before), str(language)]},
        )
    return user


# ---- accounts as resources --------------------------------------------------------------


class UserService(ResourceService[User]):
    def __init__(self) -> None:
        super().__init__(User, validator=None, search=["username", "full_name", "email"])
        self.secret_columns = frozenset({"password_hash"})

    def before_write(
        self, session: Session, *, record: User, values: dict[str, Any], is_new: bool
    ) -> None:
        del session, is_new
        record.username = record.username.lower()
        password = values.get("password")
        if password is not None:
            record.password_hash = hash_password(password)

    def after_write(
        self, session: Session, *, record: User, values: dict[str, Any], is_new: bool
    ) -> None:
        # A disabled account or a new password ends every session of that user at once.
        if (
            not is_new
            and record.id is not None
            and (values.get("is_active") is False or values.get("password") is not None)
        ):
            end_sessions(session, user_id=record.id)

    def extra_changes(self, values: dict[str, Any]) -> Changes:
        return {"password": ["***", "***"]} if values.get("password") is not None else {}


users = UserService()


class RoleGrantService(ResourceService[RoleGrant]):
    def check_rules(
        self, session: Session, *, record: RoleGrant, changed: set[str], is_new: bool
    ) -> None:
        del changed, is_new
        if record.country_code is not None:
            known = session.exec(
                select(Organisation.id).where(col(Organisation.country_code) == record.country_code)
            ).first()
            if known is None:
                raise InvalidInput(
                    "country_code",
                    i18n.message("access.no_organisation_of_country", country=record.country_code),
                )


role_grants = RoleGrantService(RoleGrant, validator=RoleGrantCreate)


def create_user(
    session: Session, *, data: UserCreate, grants: list[dict[str, Any]], actor: Any
) -> User:
    """A user and their grants (role and scope, without user_id), as the CLI makes them."""
    user = users.create(session, data=data, actor=actor)
    assert user.id is not None
    for grant in grants:
        role_grants.create(session, data=RoleGrantCreate(user_id=user.id, **grant), actor=actor)
    return user
