"""Tables and schemas of users, role grants, sessions and login attempts."""

import datetime as dt
import enum
from typing import Annotated

import sqlalchemy as sa
from pydantic import SecretStr, field_validator, model_validator
from sqlmodel import Field, SQLModel

from backend import i18n
from backend.access import texts
from backend.errors import Problem
from backend.i18n import DEFAULT_LANGUAGE, Language
from backend.records import CountryCode, Pattern, RuleBroken, Versioned, enum_type

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,62}$"
MIN_PASSWORD_LENGTH = 12


class Role(enum.StrEnum):
    admin = "admin"
    europol = "europol"
    driver = "driver"
    leader = "leader"
    nec = "nec"
    participant = "participant"


class UserBase(SQLModel):
    username: Annotated[str, Pattern(USERNAME_PATTERN)] = Field(max_length=63)
    full_name: str = Field(min_length=1, max_length=200)
    email: str = Field(default="", max_length=254)
    organisation_id: int = Field(foreign_key="organisations.id", index=True)
    # What the tool writes to this person in: screens' messages, mail, workbooks.
    language: Language = Field(
        default=DEFAULT_LANGUAGE, sa_type=enum_type(Language, "user_language")
    )


class User(UserBase, Versioned, table=True):
    __tablename__ = "users"
    __table_args__ = (sa.UniqueConstraint("username"),)
    id: int | None = Field(default=None, primary_key=True)
    is_active: bool = True
    # Empty for accounts that sign in through an external identity provider.
    password_hash: str = Field(default="", max_length=255)


def _check_password(password: SecretStr | None) -> SecretStr | None:
    if password is not None and not (
        MIN_PASSWORD_LENGTH <= len(password.get_secret_value()) <= 256
    ):
        raise Problem("access.password_length", least=MIN_PASSWORD_LENGTH, most=256)
    return password


class UserCreate(UserBase):
    password: SecretStr | None = None
    _password_length = field_validator("password")(_check_password)


class UserUpdate(SQLModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    is_active: bool | None = None
    language: Language | None = None
    password: SecretStr | None = None
    _password_length = field_validator("password")(_check_password)
    version: int


class UserPublic(UserBase):
    id: int
    version: int
    is_active: bool


class RoleGrantBase(SQLModel):
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role: Role = Field(sa_type=enum_type(Role, "role"))
    action_plan_id: int | None = Field(default=None, foreign_key="action_plans.id")
    country_code: CountryCode | None = Field(default=None, max_length=2)
    organisation_id: int | None = Field(default=None, foreign_key="organisations.id")

    @model_validator(mode="after")
    def _scope_fits_role(self) -> "RoleGrantBase":
        needs = {
            Role.driver: "action_plan_id",
            Role.nec: "country_code",
            Role.leader: "organisation_id",
            Role.participant: "organisation_id",
        }.get(self.role)
        for scope in ("action_plan_id", "country_code", "organisation_id"):
            given = getattr(self, scope) is not None
            if scope == needs and not given:
                raise RuleBroken(
                    scope, i18n.message("access.scope_required", role=texts.role(self.role))
                )
            if scope != needs and given:
                raise RuleBroken(
                    scope, i18n.message("access.scope_not_of_role", role=texts.role(self.role))
                )
        return self


class RoleGrant(RoleGrantBase, Versioned, table=True):
    """One role a user holds, with the plan, country or organisation it is limited to."""

    __tablename__ = "role_grants"
    __table_args__ = (
        sa.UniqueConstraint(
            "user_id",
            "role",
            "action_plan_id",
            "country_code",
            "organisation_id",
            name="uq_role_grants_grant",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)


class RoleGrantCreate(RoleGrantBase):
    pass


class RoleGrantPublic(RoleGrantBase):
    id: int
    version: int


class AuthSession(SQLModel, table=True):
    """A signed-in browser; the cookie holds a random token, the table only its hash."""

    __tablename__ = "auth_sessions"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    csrf_hash: str = Field(max_length=64)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: dt.datetime
    last_seen_at: dt.datetime
    client_address: str = Field(default="", max_length=64)


class LoginAttempt(SQLModel, table=True):
    """A failed login, kept for the rate limit per account and per client address."""

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_at", "attempted_at"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=255, index=True)
    client_address: str = Field(max_length=64, index=True)
    attempted_at: dt.datetime


class LoginRequest(SQLModel):
    username: str = Field(min_length=1, max_length=255)
    password: SecretStr = Field(min_length=1, max_length=1024)


class GrantPublic(SQLModel):
    role: Role
    action_plan_id: int | None
    country_code: str | None
    organisation_id: int | None


class Me(SQLModel):
    id: int
    username: str
    full_name: str
    organisation_id: int
    organisation_code: str
    organisation_name: str
    language: Language
    grants: list[GrantPublic]


class LanguageChoice(SQLModel):
    """The signed-in person's own choice of language."""

    language: Language
