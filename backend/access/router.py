"""Sign-in, sign-out, the signed-in user, and the accounts that administrators manage."""

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from backend import i18n
from backend.access import models, service
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentActor,
    CurrentPrincipal,
    ReadSessionDep,
    WriteSessionDep,
    client_address,
)
from backend.errors import TooManyAttempts, Unauthenticated, request_id
from backend.resources import resource_router
from backend.settings import get_settings

auth = APIRouter(prefix="/auth", tags=["auth"])


def _secure(request: Request) -> bool:
    configured = get_settings().cookie_secure
    if configured is not None:
        return configured
    return request.url.hostname not in ("127.0.0.1", "localhost", "::1", "testserver")


def _attempt_actor(request: Request, username: str) -> audit.Actor:
    return audit.Actor(
        source=AuditSource.web,
        username=username[:255],
        source_ref=request_id(request),
        client_address=client_address(request),
    )


@auth.post("/login", response_model=models.Me, summary="Sign in with a username and password")
def login(
    credentials: models.LoginRequest,
    request: Request,
    response: Response,
    session: WriteSessionDep,
) -> dict[str, Any]:
    address = client_address(request)
    username = credentials.username.strip().lower()
    if service.failures_exceeded(session, username=username, client_address=address):
        audit.record_even_if_rolled_back(
            session,
            actor=_attempt_actor(request, username),
            action=AuditAction.login_failed,
            detail=i18n.message("audit.refused.too_many_attempts"),
        )
        minutes = get_settings().login_failure_window_minutes
        raise TooManyAttempts(i18n.message("access.too_many_attempts", minutes=minutes))
    user = service.identity_provider().authenticate(
        session, username=username, password=credentials.password
    )
    if user is None or user.id is None:

        def note_failure(kept: Session) -> None:
            service.note_failure(kept, username=username, client_address=address)

        audit.record_even_if_rolled_back(
            session,
            actor=_attempt_actor(request, username),
            action=AuditAction.login_failed,
            detail=i18n.message("audit.refused.wrong_password"),
            also=note_failure,
        )
        raise Unauthenticated(i18n.message("access.wrong_credentials"))
    service.forget_failures(session, username=username)
    new = service.start_session(session, user=user, client_address=address)
    principal = service.principal_of(session, user_id=user.id)
    audit.record(
        session,
        actor=audit.Actor(
            source=AuditSource.web,
            user_id=user.id,
            username=user.username,
            organisation_id=user.organisation_id,
            roles=principal.roles if principal else (),
            source_ref=request_id(request),
            client_address=address,
        ),
        action=AuditAction.login,
        resource="users",
        record_id=user.id,
    )
    settings = get_settings()
    secure = _secure(request)
    max_age = settings.session_absolute_hours * 3600
    response.set_cookie(
        SESSION_COOKIE, new.token, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
    # Readable by the web UI, which sends it back in the X-CSRF-Token header.
    response.set_cookie(
        CSRF_COOKIE, new.csrf_token, max_age=max_age, httponly=False, samesite="lax", secure=secure
    )
    return service.describe_user(session, user_id=user.id)


@auth.post("/logout", status_code=204, summary="Sign out: the session ends at once")
def logout(
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    session: WriteSessionDep,
) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    current = service.find_session(session, token=token)
    if current is not None and current.id is not None:
        service.end_session(session, session_id=current.id)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.logout,
        resource="users",
        record_id=principal.user_id,
    )
    response.status_code = 204
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@auth.get("/me", response_model=models.Me, summary="The signed-in user and their grants")
def me(principal: CurrentPrincipal, session: ReadSessionDep) -> dict[str, Any]:
    return service.describe_user(session, user_id=principal.user_id)


@auth.put(
    "/me/language",
    response_model=models.Me,
    summary="Choose the language the tool writes to you in (screens, mail, workbooks)",
)
def set_my_language(
    choice: models.LanguageChoice,
    request: Request,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    session: WriteSessionDep,
) -> dict[str, Any]:
    service.set_language(session, user_id=principal.user_id, language=choice.language, actor=actor)
    request.state.language = choice.language
    return service.describe_user(session, user_id=principal.user_id)


router = APIRouter()
router.include_router(auth)
router.include_router(
    resource_router(
        "users",
        service.users,
        public=models.UserPublic,
        create=models.UserCreate,
        update=models.UserUpdate,
    )
)
router.include_router(
    resource_router(
        "role-grants",
        service.role_grants,
        public=models.RoleGrantPublic,
        create=models.RoleGrantCreate,
        update=None,
    )
)
