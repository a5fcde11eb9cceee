"""The one settings object, read from EMPACT_* environment variables."""

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EMPACT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("./var"), description="Project-local folder for the database and files."
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means a SQLite file `empact.db` in the data folder.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=15_000, ge=0, description="How long a SQLite writer waits for the lock."
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Server key that seals the audit trail (and signs workbooks); by default "
        "a random key kept in <data dir>/secret.key. Set it for several processes.",
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="Addresses of trusted reverse proxies whose X-Forwarded-* headers count",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    # The orchestrator of the reporting cycles' flows.
    prefect_api_url: str = Field(
        default="",
        description="API of an external Prefect server, e.g. https://prefect.example/api; "
        "empty: `empact run` starts one on loopback at prefect_port.",
    )
    prefect_port: int = Field(
        default=4200, ge=1, le=65535, description="Port of the Prefect server `empact run` starts."
    )
    cycle_tick_cron: str = Field(
        default="0 6 * * *",
        description="When the daily tick opens, reminds, closes and consolidates cycles (UTC).",
    )
    max_page_size: int = Field(default=1000, ge=1, description="Largest list page served.")
    max_upload_mb: float = Field(
        default=10, gt=0, le=100, description="Largest workbook accepted, in megabytes."
    )

    session_idle_minutes: int = Field(default=30, ge=1, description="Signed out after this idle.")
    session_absolute_hours: int = Field(default=12, ge=1, description="Signed out after this.")
    cookie_secure: bool | None = Field(
        default=None,
        description="Secure cookies; by default on unless the site is served from loopback.",
    )
    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=20, ge=1)
    login_failure_window_minutes: int = Field(default=15, ge=1)
    # argon2id cost (the library's RFC 9106 low-memory profile by default).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    # Email. Without an SMTP host, messages are written as .eml files to <data dir>/outbox.
    smtp_host: str = Field(default="", description="SMTP server; empty writes to the outbox.")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "ssl"] = Field(
        default="none", description="'starttls' (usually port 587) or 'ssl' (usually 465)."
    )
    smtp_username: str = Field(default="", description="Signs in to the server when set.")
    smtp_password: SecretStr | None = None
    mail_from: str = Field(default="EMPACT <empact@localhost>", description="The From header.")
    smtp_timeout_seconds: float = Field(default=30, gt=0, le=600)

    @model_validator(mode="after")
    def _default_database(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'empact.db').as_posix()}"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()


@lru_cache
def server_key() -> bytes:
    """The configured secret key, or one made once and kept in the data folder."""
    settings = get_settings()
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode("utf-8")
    path = settings.data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by the owner only, and never overwritten.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")
