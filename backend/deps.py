"""Request dependencies, as `Annotated` aliases so that route signatures read as words."""

import hmac
import logging
from collections.abc import Iterator
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from backend import i18n
from backend.access import service as access
from backend.access.models import AuthSession
from backend.access.policy import Principal
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.database import get_engine, transaction
from backend.errors import Forbidden, Unauthenticated, request_id

logger = logging.getLogger("empact.access")

SESSION_COOKIE = "empact_session"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Writing last_seen_at on every request would make every read a write.
TOUCH_AFTER_SECONDS = 60


def request_transaction(session: Session) -> Iterator[Session]:
    """The request's unit of work; refusals queued for the audit trail survive a rollback."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        audit.write_kept_events(session)
        raise


def read_session() -> Iterator[Session]:
    with transaction(get_engine(), write=False) as session:
        yield from request_transaction(session)


def write_session() -> Iterator[Session]:
    with transaction(get_engine(), write=True) as session:
        yield from request_transaction(session)


# scope="function": the transaction ends (commits) before the response is sent, so a
# client that gets 200 can rely on the change being stored.
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(write_session, scope="function")]


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def current_principal(
    request: Request, reading: ReadSessionDep, writing: WriteSessionDep
) -> Principal:
    """The signed-in user of this request; 401 without a live session, 403 without CSRF."""
    token = request.cookies.get(SESSION_COOKIE)
    auth_session = access.find_session(reading, token=token) if token else None
    principal = access.principal_of(reading, user_id=auth_session.user_id) if auth_session else None
    if auth_session is None or principal is None:
        raise Unauthenticated(i18n.message("access.sign_in_first"))
    request.state.principal = principal
    # From here on, errors are written in the person's own language.
    request.state.language = principal.language
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not hmac.compare_digest(access.digest(sent), auth_session.csrf_hash):
            audit.record_even_if_rolled_back(
                writing,
                actor=actor_of(request, principal),
                action=AuditAction.denied,
                detail=i18n.message(
                    "audit.refused.csrf", method=request.method, path=request.url.path
                ),
            )
            raise Forbidden(i18n.message("access.csrf", header=CSRF_HEADER))
        # A write reads through its write session: the principal's read is done, and its
        # connection goes back to the pool before the work, which may take seconds (an
        # uploaded workbook is parsed before its first statement).
        reading.commit()
    if (access.now() - auth_session.last_seen_at).total_seconds() > TOUCH_AFTER_SECONDS:
        # The read so far is done: its connection goes back to the pool before the touch
        # takes one, so that no request ever holds one connection while it waits for another.
        reading.commit()
        _touch(writing, auth_session)
    return principal


def _touch(writing: Session, auth_session: AuthSession) -> None:
    """Note that the session is in use, in a transaction of its own committed at once: held
    for the rest of the request, the write lock would stall every other writer (SQLite has
    one) for as long as a read takes. Best effort: when the database is busy, the next
    request notes it."""
    try:
        writing.execute(
            sa.update(AuthSession)
            .where(col(AuthSession.id) == auth_session.id)
            .values(last_seen_at=access.now())
        )
        writing.commit()
    except OperationalError:
        writing.rollback()
        logger.info("session %s not marked as seen: the database is busy", auth_session.id)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def actor_of(request: Request, principal: Principal | None) -> audit.Actor:
    return audit.Actor(
        source=AuditSource.web,
        user_id=principal.user_id if principal else None,
        username=principal.username if principal else "",
        organisation_id=principal.organisation_id if principal else None,
        roles=principal.roles if principal else (),
        source_ref=request_id(request),
        client_address=client_address(request),
    )


def current_actor(request: Request, principal: CurrentPrincipal) -> audit.Actor:
    return actor_of(request, principal)


CurrentActor = Annotated[audit.Actor, Depends(current_actor)]
